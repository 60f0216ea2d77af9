import type { Types } from 'mongoose';
import type { Topic } from '@refute/shared';
import { CaseModel, type CaseRecord } from '../features/cases/model';

/** What the queue needs of each active case to filter, count, search and order it. */
export const QUEUE_ROW_FIELDS = {
  lane: 1,
  status: 1,
  title: 1,
  topic: 1,
  assigneeIds: 1,
  laneRank: 1,
  deadlineAt: 1,
  priority: 1,
  reach: 1,
  openedAt: 1,
  /** Routing re-ranks an unassigned case whose region changed. */
  region: 1,
} as const;

export type QueueRow = Pick<CaseRecord, '_id' | keyof typeof QUEUE_ROW_FIELDS>;

/** The equality filters the queue narrows active cases by. */
export interface QueueScope {
  topic?: Topic;
  assigneeIds?: string;
}

export interface CaseReads {
  /** Every active case (open, in review, submitted, returned) in the scope, as queue rows. */
  activeRows(scope: QueueScope): Promise<QueueRow[]>;
  /** The cases with these ids, in this order (ids not found are left out). */
  byIds(ids: readonly Types.ObjectId[]): Promise<CaseRecord[]>;
  /** Reads ahead what the first page would wait for (at start, in the background). */
  prepare(): Promise<void>;
}

function inOrder(ids: readonly Types.ObjectId[], records: readonly CaseRecord[]): CaseRecord[] {
  const byId = new Map(records.map((record) => [String(record._id), record]));
  return ids.flatMap((id) => byId.get(String(id)) ?? []);
}

/** MongoDB serves both from its indexes: `(queueActive, …)` and `_id`. */
export const mongodbCases: CaseReads = {
  activeRows: (scope) => CaseModel.find({ queueActive: true, ...scope }, QUEUE_ROW_FIELDS).lean<QueueRow[]>(),
  byIds: async (ids) => inOrder(ids, await CaseModel.find({ _id: { $in: ids } }).lean<CaseRecord[]>()),
  prepare: () => Promise.resolve(),
};

/** One lookup by _id each: the local engine does not push `$in` down, but serves `_id` from an index. */
export async function casesByIdOneByOne(ids: readonly Types.ObjectId[]): Promise<CaseRecord[]> {
  const records = await Promise.all(ids.map((id) => CaseModel.findById(id).lean<CaseRecord>()));
  return records.filter((record): record is CaseRecord => record !== null);
}
