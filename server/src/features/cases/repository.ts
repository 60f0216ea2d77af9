import { Types } from 'mongoose';
import { isQueueStatus } from '@refute/shared';
import { triageInputsOf } from '../claims/repository';
import { CaseModel, type CaseRecord } from './model';
import { isDuplicateKeyError } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { matchIndex, publishToIndex } from '../matching/liveIndex';

// Opening a case lives in its own module: the matching index repairs cases at load with it.
export { ensureCase, ensureCases, type SeedReport } from './openCase';
import { CaseTransitionModel, type CaseTransitionRecord, type WorkflowState } from './transitionModel';
import { triageSettings } from '../triage/settings';
import { triage, type TriageInput } from './triage';
import { currentCountedBy } from '../insights/countedBy';

/** What the case document should say: its latest transition and a recount of its reports. */
async function caseTruth(caseId: Types.ObjectId, openedAt: Date): Promise<Record<string, unknown>> {
  const [{ inputs, region }, latest] = await Promise.all([
    triageInputsOf(caseId),
    CaseTransitionModel.findOne({ caseId }).sort({ seq: -1 }).lean<CaseTransitionRecord>(),
  ]);
  const state = latest?.state;
  // Counters, lane and priority, recounted from the reports; a lead's lane is a floor.
  // And where it circulates: the first region one of its reports named.
  // After an escalation the deadline is counted from it: the new lead unit gets the lane's time.
  const periodStart = state?.escalatedAt ?? openedAt;
  const stats: Record<string, unknown> = { ...triage(inputs, periodStart, new Date(), triageSettings(), state?.leadLane ?? null), region };
  const truth: Record<string, unknown> =
    latest && state ? { ...stats, ...state, stateSeq: latest.seq, queueActive: isQueueStatus(state.status) } : stats;
  for (const [key, value] of Object.entries(truth)) if (value === undefined) delete truth[key];
  return truth;
}

const comparable = (value: unknown) => JSON.stringify(value ?? null);

function agrees(stored: Record<string, unknown> | null, truth: Record<string, unknown>): boolean {
  return stored !== null && Object.entries(truth).every(([key, value]) => comparable(stored[key]) === comparable(value));
}

/**
 * Brings the case document in line with the truth and returns it. The transitions and the
 * reports are the truth; the document is a copy for the queue's queries. Every write to it goes
 * through here and repeats until a read-back agrees with a fresh look at the truth: on engines
 * where an update rewrites the whole document (FerretDB v1), concurrent writers can undo each
 * other, and this way the writer that lands last leaves it right.
 */
export async function reconcileCase(caseId: Types.ObjectId, known?: Pick<CaseRecord, 'openedAt'>): Promise<CaseRecord | null> {
  // The opening time never changes: read once (or taken from a copy the caller read), not on every look at the truth.
  const openedAt = known?.openedAt ?? (await CaseModel.findById(caseId, { openedAt: 1 }).lean<CaseRecord>())?.openedAt;
  if (!openedAt) return null;
  let stored: CaseRecord | null = null;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const truth = await caseTruth(caseId, openedAt);
    await CaseModel.updateOne({ _id: caseId }, { $set: truth });
    const [again, readBack] = await Promise.all([caseTruth(caseId, openedAt), CaseModel.findById(caseId).lean<CaseRecord>()]);
    stored = readBack;
    if (!readBack) break;
    if (agrees(readBack, truth) && agrees(again, truth)) break;
  }
  if (stored) await announceState(stored);
  domainEvents.emit('case.updated', String(caseId), stored ? { record: stored, countersOnly: false } : undefined);
  return stored;
}

/** Tells every process's matching index a new workflow status, which intake answers with. */
async function announceState(record: CaseRecord): Promise<void> {
  const publicationId = record.publicationId ? String(record.publicationId) : null;
  const known = matchIndex().caseState(String(record._id));
  if (known.status === record.status && known.publicationId === publicationId) return;
  await publishToIndex([{ kind: 'case', caseId: String(record._id), status: record.status, ...(publicationId ? { publicationId } : {}) }]);
}

/**
 * Intake's update of a case's counters, lane and priority from the reports the caller knows of
 * (its in-memory index): one read and one write by _id, because a recount over the claims reads
 * the whole collection on the local engine. The caller repeats it once reports from other
 * processes have reached it, so the last write counts them all; a workflow change this write
 * overtakes is repaired on the next read (`findCase`).
 */
export async function writeCaseStats(caseId: Types.ObjectId, reports: readonly TriageInput[]): Promise<CaseRecord | null> {
  const stored = await CaseModel.findById(caseId).lean<CaseRecord>();
  if (!stored || reports.length === 0) return stored;
  const stats = { ...triage(reports, stored.escalatedAt ?? stored.openedAt, new Date(), triageSettings(), stored.leadLane ?? null) } as Record<string, unknown>;
  if (agrees(stored, stats)) return stored;
  await CaseModel.updateOne({ _id: caseId }, { $set: stats });
  const written = { ...stored, ...stats } as CaseRecord;
  domainEvents.emit('case.updated', String(caseId), { record: written, countersOnly: true });
  return written;
}

/** The case with its latest workflow state, repaired first when its copy fell behind. */
export async function findCase(caseId: Types.ObjectId | string): Promise<CaseRecord | null> {
  const record = await CaseModel.findById(caseId).lean<CaseRecord>();
  if (!record) return null;
  const latest = await CaseTransitionModel.findOne({ caseId: record._id }, { seq: 1 }).sort({ seq: -1 }).lean();
  if (!latest || latest.seq <= record.stateSeq) return record;
  return reconcileCase(record._id, record);
}

/** The case that now holds a case's reports: itself, or the case it was merged into. */
export async function liveCaseId(caseId: Types.ObjectId): Promise<Types.ObjectId> {
  let current = caseId;
  for (let hop = 0; hop < 10; hop += 1) {
    const record = await findCase(current);
    if (!record?.mergedInto) return current;
    current = record.mergedInto;
  }
  return current;
}

export function workflowStateOf(record: CaseRecord): WorkflowState {
  return {
    status: record.status,
    assigneeIds: record.assigneeIds ?? [],
    submittedDraftVersion: record.submittedDraftVersion ?? null,
    returnComment: record.returnComment ?? null,
    reopenReason: record.reopenReason ?? null,
    retractionReason: record.retractionReason ?? null,
    publicationId: record.publicationId ?? null,
    publishedVersion: record.publishedVersion ?? 0,
    mergedInto: record.mergedInto ?? null,
    topic: record.topic,
    topicConfidence: record.topicConfidence ?? null,
    topicCorrectedBy: record.topicCorrectedBy ?? null,
    leadLane: record.leadLane ?? null,
    leadUnitId: record.leadUnitId ?? null,
    cooperatingUnitIds: record.cooperatingUnitIds ?? [],
    escalatedAt: record.escalatedAt ?? null,
    escalations: record.escalations ?? [],
  };
}

/**
 * Moves the case from its current state to the next. Exactly one of several concurrent
 * transitions from the same state is recorded; the others get `lost()`.
 */
export async function transitionCase(
  record: CaseRecord,
  action: string,
  actorId: string,
  change: Partial<WorkflowState>,
  lost: () => Error,
): Promise<CaseRecord> {
  const state = { ...workflowStateOf(record), ...change } as WorkflowState;
  const seq = record.stateSeq + 1;
  const countedBy = currentCountedBy();
  try {
    await CaseTransitionModel.create({ caseId: record._id, seq, action, actorId, at: new Date(), state, countedBy: countedBy ?? undefined });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw lost();
    throw error;
  }
  domainEvents.emit('case.transitioned', String(record._id), seq, countedBy);
  return (await reconcileCase(record._id, record)) ?? ({ ...record, ...state, stateSeq: seq } as CaseRecord);
}

export const toObjectId = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);

/** Cases merged into others (their reports belong to the case they were merged into). */
export async function findMergedCases(): Promise<Array<Pick<CaseRecord, '_id' | 'mergedInto'>>> {
  return CaseModel.find({ status: 'merged' }, { mergedInto: 1 }).lean<Array<Pick<CaseRecord, '_id' | 'mergedInto'>>>();
}
