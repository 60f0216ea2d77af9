/** Creating and editing organisations and their place in the review hierarchy (admins). */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { OrganisationCreate, OrganisationUpdate, OrganisationView, SessionUser } from '@refute/shared';
import { notFound, unprocessable } from '../../http/errors';
import { recordAudit } from '../audit/service';
import { findRegion } from '../regions/regions';
import { UserModel } from '../users/model';
import { hierarchyProblem, type Placement } from './hierarchy';
import { OrganisationModel, type OrganisationRecord } from './model';

const HIERARCHY_MESSAGES: Record<string, string> = {
  org_unknown_region: 'The region is not a known GB/T 2260 code',
  org_level_required: 'A review organisation needs a level',
  org_platform_in_hierarchy: 'Platforms have neither a level nor a parent',
  org_parent_not_allowed: 'A national organisation has no parent',
  org_parent_required: 'This level needs a parent organisation',
  org_parent_level: 'The parent must be the level above (national → provincial → municipal → county)',
  org_region_level: 'The region must match the level (province, prefecture-level city, county)',
  org_region_outside_parent: "The region must lie within the parent's region",
  org_children_misplaced: 'The change would leave organisations below this one out of place',
};

const placementOf = (org: OrganisationRecord): Placement => ({
  kind: org.kind,
  level: org.kind === 'platform' ? null : (org.level ?? null),
  region: org.region,
});

function present(org: OrganisationRecord, members: number): OrganisationView {
  const { level } = placementOf(org);
  return {
    id: String(org._id),
    name: { zh: org.name?.zh ?? '', en: org.name?.en ?? '' },
    kind: org.kind,
    level,
    parentId: org.parentId ? String(org.parentId) : null,
    region: org.region,
    memberCount: members,
  };
}

/** Every organisation with its member count: a handful of documents, read whole. */
export async function listOrganisations(): Promise<OrganisationView[]> {
  const [orgs, users] = await Promise.all([OrganisationModel.find({}).lean<OrganisationRecord[]>(), UserModel.find({}, { orgId: 1 }).lean()]);
  const members = new Map<string, number>();
  for (const user of users) members.set(String(user.orgId), (members.get(String(user.orgId)) ?? 0) + 1);
  return orgs.map((org) => present(org, members.get(String(org._id)) ?? 0)).sort((a, b) => a.name.zh.localeCompare(b.name.zh, 'zh'));
}

async function checkPlacement(placement: Placement, parentId: string | null, self?: Types.ObjectId): Promise<void> {
  const parent = parentId ? await OrganisationModel.findById(parentId).lean<OrganisationRecord>() : null;
  if (parentId && !parent) throw notFound('Parent organisation');
  if (self && parent && String(parent._id) === String(self)) throw unprocessable('org_parent_level', HIERARCHY_MESSAGES.org_parent_level!);
  const problem = hierarchyProblem(placement, parent ? placementOf(parent) : null, findRegion);
  if (problem) throw unprocessable(problem, HIERARCHY_MESSAGES[problem]!);
  if (!self) return;
  // The organisations below must still fit under the changed one.
  const children = await OrganisationModel.find({ parentId: self }).lean<OrganisationRecord[]>();
  if (children.some((child) => hierarchyProblem(placementOf(child), placement, findRegion))) {
    throw unprocessable('org_children_misplaced', HIERARCHY_MESSAGES.org_children_misplaced!);
  }
}

export async function createOrganisation(admin: SessionUser, input: OrganisationCreate): Promise<OrganisationView> {
  const placement: Placement = { kind: input.kind, level: input.level ?? null, region: input.region };
  await checkPlacement(placement, input.parentId ?? null);
  const created = await OrganisationModel.create({
    key: `org-${randomBytes(6).toString('hex')}`,
    name: input.name,
    kind: input.kind,
    ...(input.level ? { level: input.level } : {}),
    region: input.region,
    parentId: input.parentId ? new Types.ObjectId(input.parentId) : null,
  });
  const view = present(created.toObject(), 0);
  await recordAudit({
    action: 'organisation.created',
    actor: { kind: 'user', id: admin.id, orgId: admin.orgId },
    subject: { kind: 'organisation', id: created._id },
    data: { name: view.name, kind: view.kind, level: view.level, parentId: view.parentId, region: view.region },
  });
  return view;
}

export async function updateOrganisation(admin: SessionUser, id: string, patch: OrganisationUpdate): Promise<OrganisationView> {
  const org = await OrganisationModel.findById(id).lean<OrganisationRecord>();
  if (!org) throw notFound('Organisation');
  const before = present(org, 0);
  const placement: Placement = { kind: org.kind, level: patch.level ?? before.level, region: patch.region ?? org.region };
  const parentId = patch.parentId === undefined ? before.parentId : patch.parentId;
  await checkPlacement(placement, parentId, org._id);
  const after = { name: patch.name ?? before.name, level: placement.level, parentId, region: placement.region };
  const changed = (Object.keys(after) as Array<keyof typeof after>).filter((field) => JSON.stringify(after[field]) !== JSON.stringify(before[field]));
  if (changed.length > 0) {
    await OrganisationModel.updateOne(
      { _id: org._id },
      { $set: { name: after.name, region: after.region, parentId: parentId ? new Types.ObjectId(parentId) : null, ...(after.level ? { level: after.level } : {}) } },
    );
    await recordAudit({
      action: 'organisation.updated',
      actor: { kind: 'user', id: admin.id, orgId: admin.orgId },
      subject: { kind: 'organisation', id: org._id },
      data: { old: Object.fromEntries(changed.map((field) => [field, before[field]])), new: Object.fromEntries(changed.map((field) => [field, after[field]])) },
    });
  }
  const members = await UserModel.countDocuments({ orgId: org._id });
  return { ...before, ...after, memberCount: members };
}
