import type { Types } from 'mongoose';
import type { OrgKind, OrgLevel } from '@refute/shared';
import { OrganisationModel, type OrganisationRecord } from './model';

export interface OrganisationInput {
  key: string;
  name: { zh: string; en: string };
  /** Review organisations only. */
  level?: OrgLevel;
  kind: OrgKind;
  region: string;
  publicReportLinks?: boolean;
  parentId?: Types.ObjectId | null;
}

/** Creates the organisation unless one with its key exists, and returns it either way. */
export async function ensureOrganisation(input: OrganisationInput): Promise<OrganisationRecord> {
  const record = await OrganisationModel.findOneAndUpdate(
    { key: input.key },
    { $setOnInsert: { ...input, parentId: input.parentId ?? null } },
    { upsert: true, returnDocument: 'after' },
  ).lean<OrganisationRecord>();
  return record;
}

/** The names of these organisations, by id (those that exist). */
export async function organisationNames(ids: readonly string[]): Promise<Record<string, { zh: string; en: string }>> {
  if (ids.length === 0) return {};
  const records = await OrganisationModel.find({ _id: { $in: ids } }, { name: 1 }).lean<OrganisationRecord[]>();
  return Object.fromEntries(records.map((record) => [String(record._id), { zh: record.name?.zh ?? '', en: record.name?.en ?? '' }]));
}

/** Of these organisations, the ids of those that let their reports' URLs be shown publicly. */
export async function organisationsSharingReportLinks(ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const records = await OrganisationModel.find({ _id: { $in: ids } }, { publicReportLinks: 1 }).lean<OrganisationRecord[]>();
  return new Set(records.filter((record) => record.publicReportLinks === true).map((record) => String(record._id)));
}
