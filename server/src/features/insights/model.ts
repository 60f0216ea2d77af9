import { Schema, model, type Types } from 'mongoose';
import { TOPICS } from '@refute/shared';

/**
 * Rollups: one document per period (a UTC day, or a week from Monday with its days' series
 * inside; see facts.ts), scope (a region an organisation answers for, `CN` for all), topic (or
 * `*` for all of them) and writer, holding every figure of them: the reports, cases opened and
 * published with their breakdowns, and (in the documents of all topics) the response times and
 * deadlines per lane. `writer` is the server process that counts into the document (or
 * `rebuild`, or `settled-<n>` for a settled period's compacted one): each document has one
 * writer, which holds its counters and writes them one flush at a time, so no write is lost to a
 * concurrent one (FerretDB v1 has no transactions and runs an update as a read, then a write). A
 * reader adds up the writers' documents. The counters are nested maps (`reports.h.h13`,
 * `opened.lane.hot`, `resp.hot.met`, …), stored packed as one JSON string (`packed`) by writers
 * and compaction, key by key in documents of the layout before: the dashboard reads a week of a
 * scope, or the days of it at a range's edge, with one equality on `read`.
 */
const rollupSchema = new Schema(
  {
    /** The period: a day `YYYY-MM-DD`, or a week `w` and its Monday. */
    period: { type: String, required: true },
    /** `week|scope|topic`, shared by a week's document and its days': the dashboard's one equality. */
    read: { type: String, required: true },
    scope: { type: String, required: true },
    /** One topic, or `*` for all of them (with a count per topic inside). */
    topic: { type: String, enum: [...TOPICS, '*'], required: true },
    writer: { type: String, required: true },
  },
  { strict: false, versionKey: false },
);
rollupSchema.index({ period: 1, scope: 1, topic: 1, writer: 1 }, { unique: true });
// The dashboard's read: a week of one scope and topic (or `*`), and the periods wanted of it.
rollupSchema.index({ read: 1, period: 1 });

/** A rollup document as read: its key and its nested counters. */
export interface RollupRecord {
  _id: Types.ObjectId;
  period: string;
  scope: string;
  topic: string;
  writer: string;
  [counter: string]: unknown;
}

/** The `once_markers` entry of the rollup layout's upgrade (layoutUpgrade.ts): compaction waits for it. */
export const ROLLUP_LAYOUT_MARKER = 'insight-rollups-one-document-per-period';

export const InsightRollupModel = model('InsightRollup', rollupSchema, 'insight_rollups');

/**
 * Which settled periods are compacted (compaction.ts), by period: a process claims a period by
 * inserting its entry (unique `_id`), marks it complete when done, and takes over one left
 * unfinished for ten minutes. A writer that adds documents to a settled period deletes its entry,
 * so the period is compacted again.
 */
const compactionSchema = new Schema(
  {
    _id: { type: String, required: true },
    startedAt: { type: Date, required: true },
    completedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
export const InsightCompactionModel = model('InsightCompaction', compactionSchema, 'insight_compactions');

/** The collections of the layout before (counts and response times apart), dropped once rebuilt. */
export const LEGACY_ROLLUP_COLLECTIONS = ['insight_counts', 'insight_responses'] as const;

/**
 * The rollup writers of live processes (writerLease.ts), one document each: where it runs (host
 * and pid namespace, and pid, so a process beside it sees at once that it is gone), its last heartbeat, and
 * `since`: every record it was to count (`countedBy`) created before that is written in its
 * documents. A writer whose heartbeat is old is recovered (recovery.ts) and its document deleted.
 */
const writerSchema = new Schema(
  {
    _id: { type: String, required: true },
    host: { type: String, required: true },
    pid: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    beatAt: { type: Date, required: true },
    since: { type: Date, required: true },
  },
  { versionKey: false },
);
export const InsightWriterModel = model('InsightWriter', writerSchema, 'insight_writers');

/**
 * A writer's flush journal: before a flush writes any document, it records which events (reports,
 * openings, transitions, by record id) it counts for the first time under the flush's number
 * (`seq`); every document it writes carries that number. So a document with `seq` n holds every
 * event of its writer journalled in flushes up to n, and a recovery can tell, document by
 * document, which events of a dead writer were written and which were not. Entries older than the
 * writer's `since` are deleted.
 */
const flushSchema = new Schema(
  {
    _id: { type: String, required: true },
    writer: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    events: { type: [String], default: [] },
  },
  { versionKey: false },
);
flushSchema.index({ writer: 1 });
export const InsightFlushModel = model('InsightFlush', flushSchema, 'insight_flushes');
