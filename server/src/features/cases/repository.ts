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
export async function ensureCase(
  caseId: Types.ObjectId,
  seed: SeedReport,
  suggestions: Array<{ caseId: Types.ObjectId; similarity: number }> = [],
): Promise<boolean> {
  return insertOnce(CaseModel, {
    suggestions,
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

type CaseStats = {
  reportCount: number;
  reach: number;
  priority: number;
};

async function countStats(caseId: Types.ObjectId): Promise<CaseStats> {
  const reports = await ClaimModel.find({ caseId }, { reachScore: 1 }).lean();
  const reach = reports.reduce((sum, report) => sum + (report.reachScore ?? 0), 0);
  return { reportCount: reports.length, reach, priority: priorityFor({ reach, reportCount: reports.length }) };
}

/** What the case document should say: its latest transition and a recount of its reports. */
async function caseTruth(caseId: Types.ObjectId): Promise<Record<string, unknown>> {
  const [stats, latest] = await Promise.all([
    countStats(caseId),
    CaseTransitionModel.findOne({ caseId }).sort({ seq: -1 }).lean<CaseTransitionRecord>(),
  ]);
  return latest ? { ...stats, ...(latest.state as WorkflowState), stateSeq: latest.seq } : stats;
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
export async function reconcileCase(caseId: Types.ObjectId): Promise<CaseRecord | null> {
  let stored: CaseRecord | null = null;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const truth = await caseTruth(caseId);
    await CaseModel.updateOne({ _id: caseId }, { $set: truth });
    const [again, readBack] = await Promise.all([caseTruth(caseId), CaseModel.findById(caseId).lean<CaseRecord>()]);
    stored = readBack;
    if (agrees(readBack as Record<string, unknown> | null, truth) && agrees(again, truth)) return stored;
  }
  return stored;
}

/** The case with its latest workflow state, repaired first when its copy fell behind. */
export async function findCase(caseId: Types.ObjectId | string): Promise<CaseRecord | null> {
  const record = await CaseModel.findById(caseId).lean<CaseRecord>();
  if (!record) return null;
  const latest = await CaseTransitionModel.findOne({ caseId: record._id }, { seq: 1 }).sort({ seq: -1 }).lean();
  if (!latest || latest.seq <= record.stateSeq) return record;
  return reconcileCase(record._id);
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
  return (await reconcileCase(record._id)) ?? { ...record, ...state, stateSeq: seq };
}

export const toObjectId = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
