/**
 * Every read and write of reports (the `claims` collection): services ask here and never touch
 * the model. Filters are top-level equalities on `_id`, `caseId` or `(orgId, externalId)`,
 * which every engine serves from an index.
 */
import { Types } from 'mongoose';
import type { TriageInput } from '../cases/triage';
import { insertEachOnceWhich } from '../../db/insertOnce';
import { ClaimModel, type ClaimRecord } from './model';

const objectId = (id: Types.ObjectId | string) => (typeof id === 'string' ? new Types.ObjectId(id) : id);

/** The platform organisations that reported into a case. */
export async function platformsReportingCase(caseId: Types.ObjectId | string): Promise<string[]> {
  const orgIds = await ClaimModel.distinct('orgId', { caseId: objectId(caseId) });
  return orgIds.map(String);
}

/** Stores a new report; a duplicate (orgId, externalId) throws the engine's duplicate-key error. */
export async function insertClaim(doc: Omit<ClaimRecord, 'createdAt' | 'updatedAt'> | Record<string, unknown>): Promise<ClaimRecord> {
  return (await ClaimModel.create(doc)).toObject();
}

/** A platform's report by the id the platform gave it. */
export function findClaimByExternalId(orgId: Types.ObjectId | string, externalId: string): Promise<ClaimRecord | null> {
  return ClaimModel.findOne({ orgId: objectId(orgId), externalId }).lean<ClaimRecord>();
}

/** Stores new reports in one unordered write; entry i is false when (orgId, externalId) of report i was stored already. */
export async function insertClaims(docs: ReadonlyArray<Record<string, unknown>>): Promise<boolean[]> {
  return insertEachOnceWhich(ClaimModel, docs.map((doc) => new ClaimModel(doc).toObject()));
}

/** A report, if it is this platform's (another's is as absent as a missing one). */
export function findClaimOfPlatform(claimId: string, orgId: Types.ObjectId | string): Promise<ClaimRecord | null> {
  return ClaimModel.findOne({ _id: claimId, orgId: objectId(orgId) }).lean<ClaimRecord>();
}

/** A report if it is still in this case. */
export function findClaimInCase(claimId: string, caseId: Types.ObjectId): Promise<ClaimRecord | null> {
  return ClaimModel.findOne({ _id: claimId, caseId }).lean<ClaimRecord>();
}

/** What reopening a report's case needs: its text, language and time. */
export function findClaimSeed(claimId: string): Promise<Pick<ClaimRecord, 'text' | 'language' | 'receivedAt'> | null> {
  return ClaimModel.findById(claimId, { text: 1, language: 1, receivedAt: 1 }).lean();
}

export async function claimExists(claimId: string): Promise<boolean> {
  return (await ClaimModel.exists({ _id: claimId })) !== null;
}

/** Files the report under a case (with how it was matched, when that changed). */
export async function setClaimCase(claimId: Types.ObjectId, change: Pick<ClaimRecord, 'caseId'> & Partial<Pick<ClaimRecord, 'match' | 'indexed'>>): Promise<void> {
  await ClaimModel.updateOne({ _id: claimId }, { $set: change });
}

/** Moves every report of one case to another; returns how many moved. */
export async function moveCaseReports(from: Types.ObjectId, to: Types.ObjectId): Promise<number> {
  return (await ClaimModel.updateMany({ caseId: from }, { $set: { caseId: to } })).modifiedCount;
}

/** Moves one report, if it is still in `from`, into a case of its own; false when it was not there. */
export async function moveClaimOut(claimId: Types.ObjectId, from: Types.ObjectId, to: Types.ObjectId): Promise<boolean> {
  const moved = await ClaimModel.updateOne({ _id: claimId, caseId: from }, { $set: { caseId: to, indexed: true, movedOut: true } });
  return moved.modifiedCount > 0;
}

export function countCaseReports(caseId: Types.ObjectId): Promise<number> {
  return ClaimModel.countDocuments({ caseId });
}

/** A case's reports, newest first, at most `limit`. */
export function latestCaseReports(caseId: Types.ObjectId, limit: number): Promise<ClaimRecord[]> {
  return ClaimModel.find({ caseId }).sort({ reportedAt: -1 }).limit(limit).lean<ClaimRecord[]>();
}

/** The report a case was opened with (its first received). */
export function firstCaseReport(caseId: Types.ObjectId): Promise<ClaimRecord | null> {
  return ClaimModel.findOne({ caseId }).sort({ receivedAt: 1 }).lean<ClaimRecord>();
}

/** What triage counts of a case's reports, and the region its first report naming one gave. */
export async function triageInputsOf(caseId: Types.ObjectId): Promise<{ inputs: TriageInput[]; region: string | null }> {
  const reports = await ClaimModel.find({ caseId }, { reachScore: 1, emergency: 1, receivedAt: 1, region: 1 }).lean();
  const located = reports.filter((report) => report.region).sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  return {
    inputs: reports.map((report) => ({ reachScore: report.reachScore ?? 0, emergency: report.emergency ?? false, receivedAt: report.receivedAt })),
    region: located[0]?.region ?? null,
  };
}

/** The cases among `caseIds` with a report whose text matches `pattern`. */
export async function casesWithReportMatching(caseIds: readonly Types.ObjectId[], pattern: RegExp): Promise<string[]> {
  const reports = await ClaimModel.find({ caseId: { $in: caseIds }, text: pattern }, { caseId: 1 }).lean();
  return reports.map((report) => String(report.caseId));
}

/** Every report filed under a case, with what the matching index holds of it, one batch at a time. */
export function indexedReportsCursor() {
  const projection = { caseId: 1, reachScore: 1, emergency: 1, receivedAt: 1, matchTokens: 1, indexed: 1, 'match.outcome': 1, movedOut: 1 };
  return ClaimModel.find({ caseId: { $ne: null } }, projection)
    .lean<Array<Pick<ClaimRecord, '_id' | 'caseId' | 'reachScore' | 'emergency' | 'receivedAt' | 'matchTokens' | 'indexed' | 'match' | 'movedOut'>>>()
    .cursor({ batchSize: 5000 });
}

/** The given fields of a case's reports. */
export function caseClaims<F extends keyof ClaimRecord>(caseId: Types.ObjectId | string, fields: Record<F, 1>): Promise<Array<Pick<ClaimRecord, '_id' | F>>> {
  return ClaimModel.find({ caseId: objectId(caseId) }, fields).lean<Array<Pick<ClaimRecord, '_id' | F>>>();
}

/** The given fields of the reports of these cases, oldest first. */
export function claimsOfCases<F extends keyof ClaimRecord>(caseIds: readonly Types.ObjectId[], fields: Record<F, 1>): Promise<Array<Pick<ClaimRecord, '_id' | F>>> {
  return ClaimModel.find({ caseId: { $in: caseIds } }, fields)
    .sort({ receivedAt: 1, _id: 1 })
    .lean<Array<Pick<ClaimRecord, '_id' | F>>>();
}

/** The given fields of the reports received since `since`. */
export function claimsReceivedSince<F extends keyof ClaimRecord>(since: Date, fields: Record<F, 1>): Promise<Array<Pick<ClaimRecord, '_id' | F>>> {
  return ClaimModel.find({ receivedAt: { $gte: since } }, fields).lean<Array<Pick<ClaimRecord, '_id' | F>>>();
}
