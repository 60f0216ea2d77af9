import { Schema, model, type Types } from 'mongoose';
import { LANES, TOPICS } from '@refute/shared';

/**
 * Rollups: counters per period (a UTC day, or a week from Monday with its days' series inside;
 * see facts.ts), scope (a region an organisation answers for, `CN` for all)
 * and writer. `writer` is the server process that increments the document (or `rebuild`): each
 * document has one writer, which applies its increments one flush at a time, so an `$inc` is
 * never lost to a concurrent one (FerretDB v1 runs an update as a read, then a write). A reader
 * adds up the writers' documents. The counters are nested maps written with `$inc` on their
 * paths (`h.h13`, `lane.hot`, `region.r440300`, …): the dashboard reads a period of a scope with
 * one equality lookup on `read` (`period|scope|topic`, the topic one topic or `*` for the
 * documents that count all topics with a count per topic inside).
 */
const countSchema = new Schema(
  {
    /** The period: a day `YYYY-MM-DD`, or a week `w` and its Monday. */
    day: { type: String, required: true },
    /** `period|scope|topic`: the dashboard's one equality lookup. */
    read: { type: String, required: true },
    scope: { type: String, required: true },
    /** reports, opened (cases) or published (first publications). */
    metric: { type: String, required: true },
    /** One topic, or `*` for all of them (with a count per topic inside). */
    topic: { type: String, enum: [...TOPICS, '*'], required: true },
    writer: { type: String, required: true },
  },
  { strict: false, versionKey: false },
);
countSchema.index({ day: 1, scope: 1, metric: 1, topic: 1, writer: 1 }, { unique: true });
// The dashboard's read: a period of one scope and topic (or `*`).
countSchema.index({ read: 1 });

/** Response times (log-bucket histograms per milestone) and deadlines met, per period, scope and lane. */
const responseSchema = new Schema(
  {
    /** As in counts: a day, or `w` and a Monday. */
    day: { type: String, required: true },
    /** `period|scope`. */
    read: { type: String, required: true },
    scope: { type: String, required: true },
    lane: { type: String, enum: LANES, required: true },
    writer: { type: String, required: true },
  },
  { strict: false, versionKey: false },
);
responseSchema.index({ day: 1, scope: 1, lane: 1, writer: 1 }, { unique: true });
responseSchema.index({ read: 1 });

/** A rollup document as read: its key and its nested counters. */
export interface RollupRecord {
  _id: Types.ObjectId;
  day: string;
  scope: string;
  writer: string;
  [counter: string]: unknown;
}

export const InsightCountModel = model('InsightCount', countSchema, 'insight_counts');
export const InsightResponseModel = model('InsightResponse', responseSchema, 'insight_responses');
