import { Types } from 'mongoose';
import type { Language } from '@refute/shared';
import { ClaimModel } from '../claims/model';
import { CaseModel, type CaseRecord } from './model';
import { insertOnce } from '../../db/insertOnce';
import { isDuplicateKeyError } from '../../http/errors';
import { CaseTransitionModel, type CaseTransitionRecord, type WorkflowState } from './transitionModel';
import { initialTriage, priorityFor } from './triage';

const TITLE_MAX = 140;

export interface SeedReport {
  text: string;
  language: Language;
  receivedAt: Date;
}

/** Creates the case with this id from its first report unless it exists; true when it was created. */
export async function ensureCase(caseId: Types.ObjectId, seed: SeedReport): Promise<boolean> {
  return insertOnce(CaseModel, {
    _id: caseId,
    title: seed.text.length > TITLE_MAX ? `${seed.text.slice(0, TITLE_MAX - 1)}…` : seed.text,
    language: seed.language,
    status: 'open',
    openedAt: seed.receivedAt,
    priority: 0,
    reportCount: 0,
    reach: 0,
    assigneeIds: [],
    ...initialTriage(seed.text, seed.receivedAt),
  });
}

interface CaseStats {
  reportCount: number;
  reach: number;
  priority: number;
}

async function countStats(caseId: Types.ObjectId): Promise<CaseStats> {
  const reports = await ClaimModel.find({ caseId }, { reachScore: 1 }).lean();
  const reach = reports.reduce((sum, report) => sum + (report.reachScore ?? 0), 0);
  return { reportCount: reports.length, reach, priority: priorityFor({ reach, reportCount: reports.length }) };
}

const sameStats = (a: CaseStats | null, b: CaseStats) =>
  a !== null && a.reportCount === b.reportCount && a.reach === b.reach && a.priority === b.priority;

/**
 * Recounts the case's report count, reach and priority from its reports and stores them.
 * Counters are recounted rather than incremented because increments are not atomic on every
 * engine; a refresh repeats until what it stored still matches a recount, so the refresh that
 * writes last leaves the true totals behind.
 */
export async function refreshCaseStats(caseId: Types.ObjectId): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const stats = await countStats(caseId);
    await CaseModel.updateOne({ _id: caseId }, { $set: stats });
    const [recount, stored] = await Promise.all([
      countStats(caseId),
      CaseModel.findById(caseId, { reportCount: 1, reach: 1, priority: 1 }).lean<CaseStats>(),
    ]);
    if (sameStats(stored, stats) && sameStats(recount, stats)) return;
  }
}

/**
 * The case with its latest workflow state. The transitions are the truth; the case document
 * is a copy for queries, brought up to date here when a write of it was lost or overtaken.
 */
export async function findCase(caseId: Types.ObjectId | string): Promise<CaseRecord | null> {
  const record = await CaseModel.findById(caseId).lean<CaseRecord>();
  if (!record) return null;
  const latest = await CaseTransitionModel.findOne({ caseId: record._id }).sort({ seq: -1 }).lean<CaseTransitionRecord>();
  if (!latest || latest.seq <= record.stateSeq) return record;
  return copyState(record, latest.seq, latest.state as WorkflowState);
}

export function workflowStateOf(record: CaseRecord): WorkflowState {
  return {
    status: record.status,
    assigneeIds: record.assigneeIds ?? [],
    submittedDraftVersion: record.submittedDraftVersion ?? null,
    returnComment: record.returnComment ?? null,
    publicationId: record.publicationId ?? null,
    publishedVersion: record.publishedVersion ?? 0,
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
  try {
    await CaseTransitionModel.create({ caseId: record._id, seq, action, actorId, at: new Date(), state });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw lost();
    throw error;
  }
  return copyState(record, seq, state);
}

async function copyState(record: CaseRecord, seq: number, state: WorkflowState): Promise<CaseRecord> {
  await CaseModel.updateOne({ _id: record._id }, { $set: { ...state, stateSeq: seq } });
  return { ...record, ...state, stateSeq: seq };
}

export const toObjectId = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
