/**
 * Compaction: the documents every writer kept of a settled period (settled.ts), one per process
 * that counted something in it, plus any a rebuild or a late flush inserted, are merged into one
 * settled document per period, scope and topic, its counters packed, and then deleted. So a
 * dashboard reads one document per settled period whatever the number of processes and restarts,
 * and reads it fast.
 *
 * Safe with several processes and no transactions: a period is claimed by inserting its entry in
 * `insight_compactions` (one process works a period; another takes over after ten minutes), and
 * each settled document is claimed by its unique key (`settled-<generation>` as its writer), so of
 * two compactions of the same documents one insert wins. Its sources are no longer written (their
 * period is settled: writers insert documents of their own for it instead), and readers leave out
 * the documents it names as merged from the moment it is inserted, so no figure is counted twice
 * or lost between the insert and the deletion of its sources, nor after a crash between them (the
 * next compaction of the period deletes what is left).
 */
import type { Types } from 'mongoose';
import { bulkWriteInChunks } from '../../db/bulkWriteInChunks';
import { insertEachOnceWhich, insertOnce } from '../../db/insertOnce';
import type { Scheduler } from '../../jobs/scheduler';
import { OnceModel } from '../meta/onceModel';
import { dayOf, mondayOf } from './buckets';
import { InsightCompactionModel, InsightRollupModel, ROLLUP_LAYOUT_MARKER, type RollupRecord } from './model';
import { addCounters, countersOf, generationOf, isSettled, mergedIdsOf, settledWriter } from './settled';

const DAY_MS = 86_400_000;
/** How far back a pass looks for settled periods not compacted yet: past the longest range a dashboard reads. */
export const COMPACTION_HORIZON_DAYS = 400;
/** Periods compacted per pass at most: the first passes after an upgrade work through the past a few at a time. */
const PERIODS_PER_PASS = 12;
const TAKEOVER_MS = 10 * 60_000;
const INSERTS_PER_COMMAND = 500;
export const COMPACTION_EVERY_MS = 5 * 60_000;

export interface CompactionResult {
  periods: number;
  /** Documents read, settled documents written, documents deleted. */
  read: number;
  written: number;
  deleted: number;
}

/** The settled periods from `now` back to `since`, newest first: each day, and each week with its Sunday. */
export function settledPeriodsSince(since: string, now: Date): string[] {
  const periods: string[] = [];
  for (let at = Date.parse(`${dayOf(now)}T00:00:00Z`); at >= Date.parse(`${since}T00:00:00Z`); at -= DAY_MS) {
    const day = dayOf(new Date(at));
    if (isSettled(day, now.getTime())) periods.push(day);
    const week = `w${mondayOf(day)}`;
    if (new Date(at).getUTCDay() === 0 && isSettled(week, now.getTime())) periods.push(week);
  }
  return periods;
}

/**
 * Compacts settled periods not compacted yet: those given, or those of the last
 * `COMPACTION_HORIZON_DAYS`, newest first, `maxPeriods` at most.
 */
export async function compactSettled(options: { now?: Date; periods?: readonly string[]; maxPeriods?: number } = {}): Promise<CompactionResult> {
  const now = options.now ?? new Date();
  const result: CompactionResult = { periods: 0, read: 0, written: 0, deleted: 0 };
  const since = dayOf(new Date(now.getTime() - COMPACTION_HORIZON_DAYS * DAY_MS));
  const periods = (options.periods ?? settledPeriodsSince(since, now)).filter((period) => isSettled(period, now.getTime()));
  const markers = new Map((await InsightCompactionModel.find({}).lean<Array<{ _id: string; startedAt: Date; completedAt: Date | null }>>()).map((marker) => [marker._id, marker]));
  for (const period of periods) {
    if (result.periods >= (options.maxPeriods ?? PERIODS_PER_PASS)) break;
    const marker = markers.get(period);
    if (marker?.completedAt || !(await claim(period, marker))) continue;
    const done = await compactPeriod(period);
    // Left unfinished when another compaction wrote a settled document first: taken over later.
    if (done.complete) await InsightCompactionModel.updateOne({ _id: period }, { $set: { completedAt: new Date() } });
    result.periods += 1;
    result.read += done.read;
    result.written += done.written;
    result.deleted += done.deleted;
  }
  return result;
}

/**
 * Compacts now and then in the background of every process (a claimed period is worked by one);
 * not while the rollups are rebuilt at an upgrade (the rebuild deletes them all: a compaction
 * under way would put back what it read before).
 */
export function startRollupCompaction(scheduler: Scheduler): () => void {
  const pass = async () => {
    const layout = await OnceModel.findById(ROLLUP_LAYOUT_MARKER, { completedAt: 1 }).lean<{ completedAt?: Date | null }>();
    if (layout?.completedAt) await compactSettled();
  };
  scheduler.after('insights.compaction', 60_000, pass);
  return scheduler.every('insights.compaction', COMPACTION_EVERY_MS, pass);
}

async function claim(period: string, marker: { startedAt: Date } | undefined): Promise<boolean> {
  if (!marker) return insertOnce(InsightCompactionModel, { _id: period, startedAt: new Date(), completedAt: null });
  if (Date.now() - marker.startedAt.getTime() < TAKEOVER_MS) return false;
  // Of processes taking over at once, the one whose update matches the start read wins; were two
  // to compact the period at once, the settled documents' unique keys still let one win each.
  return (await InsightCompactionModel.updateOne({ _id: period, completedAt: null, startedAt: marker.startedAt }, { $set: { startedAt: new Date() } })).modifiedCount === 1;
}

/** Merges each scope and topic's documents of a settled period into one settled document, then deletes what was merged. */
export async function compactPeriod(period: string): Promise<Omit<CompactionResult, 'periods'> & { complete: boolean }> {
  const records = await InsightRollupModel.find({ period }).lean<Array<RollupRecord & { read: string }>>();
  const groups = new Map<string, Array<RollupRecord & { read: string }>>();
  for (const record of records) groups.set(record.read, [...(groups.get(record.read) ?? []), record]);
  const settled: Array<Record<string, unknown> & { merged: Types.ObjectId[] }> = [];
  const leftOver: Types.ObjectId[] = [];
  for (const [read, group] of groups) {
    const merged = mergedIdsOf(group);
    leftOver.push(...group.filter((record) => merged.has(String(record._id))).map((record) => record._id));
    const counted = group.filter((record) => !merged.has(String(record._id)));
    if (counted.length === 0 || (counted.length === 1 && typeof counted[0]!.packed === 'string')) continue;
    const generation = 1 + Math.max(...group.map((record) => generationOf(record.writer)));
    const counters = counted.reduce((sum, record) => addCounters(sum, countersOf(record)), {});
    const { scope, topic } = counted[0]!;
    settled.push({ period, read, scope, topic, writer: settledWriter(generation), packed: JSON.stringify(counters), merged: counted.map((record) => record._id), seqs: seqsOf(counted), compactedAt: new Date() });
  }
  const deletions = [...leftOver];
  let written = 0;
  let complete = true;
  for (let from = 0; from < settled.length; from += INSERTS_PER_COMMAND) {
    const chunk = settled.slice(from, from + INSERTS_PER_COMMAND);
    const inserted = await insertEachOnceWhich(InsightRollupModel, chunk);
    // A settled document refused as a duplicate was written by another compaction, which deletes
    // what it merged; what it did not merge is merged by the next one.
    chunk.forEach((doc, i) => {
      if (!inserted[i]) {
        complete = false;
        return;
      }
      written += 1;
      deletions.push(...doc.merged);
    });
  }
  await bulkWriteInChunks(InsightRollupModel.collection, deletions.map((_id) => ({ deleteOne: { filter: { _id } } })), { sideBySide: true });
  return { read: records.length, written, deleted: deletions.length, complete };
}

/**
 * Up to which flush each writer's documents that a settled document merges held its events (its
 * own `seq`, or those its sources' settled documents kept): what the recovery of a writer that
 * died reads where its documents are merged (recovery.ts).
 */
function seqsOf(sources: readonly RollupRecord[]): Array<{ writer: string; seq: number }> {
  const highest = new Map<string, number>();
  const keep = (writer: string, seq: number) => highest.set(writer, Math.max(highest.get(writer) ?? -1, seq));
  for (const source of sources) {
    if (typeof source.seq === 'number') keep(source.writer, source.seq);
    for (const entry of (source.seqs as Array<{ writer: string; seq: number }> | undefined) ?? []) keep(entry.writer, entry.seq);
  }
  return [...highest].map(([writer, seq]) => ({ writer, seq }));
}
