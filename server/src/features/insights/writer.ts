/**
 * Applies rollup increments as one writer: increments are added up in memory per document and
 * written one flush at a time, so a document's writes never overlap (see model.ts). Each
 * document has this writer alone, so the writer knows which of its documents exist: a document
 * it has not written yet is inserted whole, all such of a flush in one unordered insert, and
 * only those it wrote before are updated with `$inc`, in commands of a few statements
 * (`bulkWriteInChunks`: the local engine stops answering an update command of about 45). An
 * upsert costs the local engine a lookup and a write per document, a round trip per ten; most
 * documents of a flush are new ones (a new day, a new region, a new process), which one insert
 * writes at once. A failed flush keeps what it did not write for the next one.
 *
 * A period that ended long enough ago (settled.ts) may be compacted: its documents merged into
 * one and deleted. Its increments (a flush that kept failing, the rebuild) are therefore never
 * added to a document: they are inserted as documents of their own, under this writer's name and
 * the flush's number, and the period is marked for compaction again.
 */
import type { mongo } from 'mongoose';
import { STATEMENTS_PER_COMMAND } from '../../db/bulkWriteInChunks';
import { InsightCompactionModel, InsightRollupModel } from './model';
import { writesClosed } from './settled';
import type { Increment } from './facts';

/** Flushes in a row that may fail before their increments are given up. */
const MAX_FAILURES = 5;
/** Documents remembered as written; past it the memory starts again (an insert refused as a duplicate becomes an update). */
const REMEMBERED_MAX = 200_000;

/** A document as an insert writes it: its key, its writer and its counters nested as `$inc` would nest them. */
export function rollupDocumentOf(increment: Increment, writer: string): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...increment.key, writer };
  for (const [field, value] of Object.entries(increment.inc)) {
    const parts = field.split('.');
    let at = doc;
    for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    const last = parts[parts.length - 1]!;
    at[last] = ((at[last] as number | undefined) ?? 0) + value;
  }
  return doc;
}

const idOf = (increment: Increment) => `${increment.key.period}|${increment.key.scope}|${increment.key.topic}`;

export class RollupWriter {
  private pending = new Map<string, Increment>();
  private flushing: Promise<void> = Promise.resolve();
  private failures = 0;
  /** The documents this writer has written (ids as in `pending`). */
  private readonly written = new Set<string>();
  /** Flushes that inserted increments of closed periods: each such insert's writer is new. */
  private lateFlushes = 0;

  constructor(
    readonly writer: string,
    private readonly clock: () => number = Date.now,
  ) {}

  add(increments: readonly Increment[]): void {
    for (const increment of increments) {
      const id = idOf(increment);
      const held = this.pending.get(id);
      if (!held) {
        this.pending.set(id, { ...increment, inc: { ...increment.inc } });
        continue;
      }
      for (const [field, by] of Object.entries(increment.inc)) held.inc[field] = (held.inc[field] ?? 0) + by;
    }
  }

  get pendingDocuments(): number {
    return this.pending.size;
  }

  /** Writes what is pending, after any flush under way. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const unwritten = new Map(this.pending);
    this.pending = new Map();
    try {
      if (this.written.size > REMEMBERED_MAX) this.written.clear();
      const nowMs = this.clock();
      const late = [...unwritten].filter(([, increment]) => writesClosed(increment.key.period, nowMs));
      const lateWriter = late.length > 0 ? `${this.writer}~${(this.lateFlushes += 1)}` : this.writer;
      const fresh = [...unwritten].filter(([id, increment]) => !this.written.has(id) && !writesClosed(increment.key.period, nowMs));
      const inserts = [...fresh.map(([id, increment]) => ({ id, increment, writer: this.writer })), ...late.map(([id, increment]) => ({ id, increment, writer: lateWriter }))];
      const refused = await this.insert(inserts);
      inserts.forEach(({ id, writer }, i) => {
        if (refused.has(i)) return;
        if (writer === this.writer) this.written.add(id);
        unwritten.delete(id);
      });
      if (late.length > 0) await InsightCompactionModel.deleteMany({ _id: { $in: [...new Set(late.map(([, increment]) => increment.key.period))] } });
      const updates = [...unwritten];
      const writerOf = new Map(inserts.map(({ id, writer }) => [id, writer]));
      for (let from = 0; from < updates.length; from += STATEMENTS_PER_COMMAND) {
        const chunk = updates.slice(from, from + STATEMENTS_PER_COMMAND);
        await InsightRollupModel.collection.bulkWrite(
          chunk.map(([id, increment]) => this.upsert(increment, writerOf.get(id) ?? this.writer)),
          { ordered: false },
        );
        for (const [id] of chunk) {
          if ((writerOf.get(id) ?? this.writer) === this.writer) this.written.add(id);
          unwritten.delete(id);
        }
      }
      this.failures = 0;
    } catch (error) {
      // What was not confirmed is written again with the next flush (a part of an unconfirmed
      // command that was written is then counted twice, which the rebuild corrects: an $inc
      // cannot be made idempotent without a ledger per event); a batch the database keeps
      // refusing is given up, the rebuild restores it.
      this.failures += 1;
      if (this.failures < MAX_FAILURES) this.add([...unwritten.values()]);
      else this.failures = 0;
      throw error;
    }
  }

  /**
   * Inserts documents this writer has not written, in one unordered command; answers the
   * positions of those refused (a duplicate: written before, its answer lost), which the flush
   * upserts instead. A failure that names no document is thrown with nothing known written.
   */
  private async insert(inserts: ReadonlyArray<{ increment: Increment; writer: string }>): Promise<Set<number>> {
    if (inserts.length === 0) return new Set();
    try {
      await InsightRollupModel.collection.insertMany(
        inserts.map(({ increment, writer }) => rollupDocumentOf(increment, writer)),
        { ordered: false },
      );
      return new Set();
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ index: number; code?: number }> | { index: number; code?: number } }).writeErrors;
      const failed = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
      if (failed.length === 0) throw error;
      return new Set(failed.map((one) => one.index));
    }
  }

  private upsert(increment: Increment, writer: string): mongo.AnyBulkWriteOperation {
    return { updateOne: { filter: { ...increment.key, writer }, update: { $inc: increment.inc }, upsert: true } };
  }
}
