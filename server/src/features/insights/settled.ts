/**
 * Settled periods and their compacted documents (pure). A period (a UTC day, or a week from
 * Monday) is settled an hour after it ended: facts are filed under the time they happen and
 * flushed within seconds, so no writer increments its documents any more. Compaction then merges
 * the documents every writer kept of one period, scope and topic into one **settled** document
 * (compaction.ts), whose counters are one JSON string (`packed`): the local engine turns each
 * key of a stored document into its own value on every read (a week document of the country
 * holds about 2,400), while a string is handed over whole, so a settled document reads about
 * twenty times faster. A settled document names the documents it adds up (`merged`, by `_id`); a
 * reader leaves those out wherever it still finds them, so the insert of the settled document
 * is the one step that moves the figures from its sources to it.
 */
import type { Types } from 'mongoose';
import { isWeekPeriod } from './facts';
import type { RollupRecord } from './model';

const DAY_MS = 86_400_000;

/** A period is final this long after it ended: its rollups are kept, and compacted. */
export const SETTLED_AFTER_MS = 60 * 60_000;
/**
 * Past this long after a period ended, a writer no longer increments its documents of it: what
 * it still has of the period (a flush that kept failing, the rebuild) is inserted as documents of
 * their own, which compaction merges later. Half an hour before compaction may start on it, so
 * the clocks of several processes may differ by minutes.
 */
export const WRITES_CLOSE_AFTER_MS = SETTLED_AFTER_MS / 2;

/** When a period (`YYYY-MM-DD`, or `w` and a Monday) ends, in ms since the epoch. */
export function periodEndMs(period: string): number {
  return isWeekPeriod(period) ? Date.parse(`${period.slice(1)}T00:00:00Z`) + 7 * DAY_MS : Date.parse(`${period}T00:00:00Z`) + DAY_MS;
}

export const isSettled = (period: string, nowMs: number): boolean => periodEndMs(period) + SETTLED_AFTER_MS <= nowMs;
export const writesClosed = (period: string, nowMs: number): boolean => periodEndMs(period) + WRITES_CLOSE_AFTER_MS <= nowMs;

/** The writer of a settled document: one per generation, so of two compactions of the same documents one insert wins (unique key). */
const SETTLED_WRITER = /^settled-(\d+)$/;
export const settledWriter = (generation: number): string => `settled-${generation}`;
export const generationOf = (writer: string): number => Number(SETTLED_WRITER.exec(writer)?.[1] ?? 0);

/** The fields of a rollup document that are not counters. */
const KEY_FIELDS = new Set(['_id', 'period', 'read', 'scope', 'topic', 'writer', 'packed', 'merged', 'compactedAt', 'seq', 'seqs']);

export type Counters = { [field: string]: number | Counters };

/** A document's counters: everything but its key, unpacked if it is a settled one. */
export function countersOf(record: RollupRecord): Counters {
  if (typeof record.packed === 'string') return JSON.parse(record.packed) as Counters;
  const counters: Counters = {};
  for (const [field, value] of Object.entries(record)) if (!KEY_FIELDS.has(field)) counters[field] = value as Counters;
  return counters;
}

/** Adds nested counters into `into`. */
export function addCounters(into: Counters, from: Counters): Counters {
  for (const [field, value] of Object.entries(from)) {
    if (typeof value === 'number') into[field] = ((into[field] as number | undefined) ?? 0) + value;
    else if (value && typeof value === 'object') addCounters((into[field] ??= {}) as Counters, value);
  }
  return into;
}

/** The ids of the documents that settled documents among `records` name as merged (a settled document merged into a later generation is named by it too). */
export function mergedIdsOf(records: readonly RollupRecord[]): Set<string> {
  const merged = new Set<string>();
  for (const record of records) for (const id of (record.merged as Types.ObjectId[] | undefined) ?? []) merged.add(String(id));
  return merged;
}

/** The documents whose figures count, as the aggregation reads them: those no settled document read with them names as merged, settled ones unpacked. */
export function countedRecords(records: readonly RollupRecord[]): RollupRecord[] {
  const merged = mergedIdsOf(records);
  return records
    .filter((record) => !merged.has(String(record._id)))
    .map((record) => (typeof record.packed === 'string' ? { _id: record._id, period: record.period, scope: record.scope, topic: record.topic, writer: record.writer, ...countersOf(record) } : record));
}
