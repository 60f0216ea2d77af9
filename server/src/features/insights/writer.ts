/**
 * Applies rollup increments as one writer: increments are added up in memory per document and
 * written as `$inc` upserts, in commands of a few statements
 * (`bulkWriteInChunks`: the local engine stops answering an update command of about 45), one
 * flush at a time, so a document's `$inc`s never overlap (see model.ts). A failed flush keeps
 * its increments for the next one.
 */
import type { mongo } from 'mongoose';
import { bulkWriteInChunks } from '../../db/bulkWriteInChunks';
import { InsightRollupModel } from './model';
import type { Increment } from './facts';

/** Flushes in a row that may fail before their increments are given up. */
const MAX_FAILURES = 5;

export class RollupWriter {
  private pending = new Map<string, Increment>();
  private flushing: Promise<void> = Promise.resolve();
  private failures = 0;

  constructor(readonly writer: string) {}

  add(increments: readonly Increment[]): void {
    for (const increment of increments) {
      const id = `${increment.key.period}|${increment.key.scope}|${increment.key.topic}`;
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
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      await bulkWriteInChunks(
        InsightRollupModel.collection,
        batch.map((increment) => this.upsert(increment)),
      );
      this.failures = 0;
    } catch (error) {
      // Written again with the next flush (a part that was written is then counted twice, which
      // the rebuild corrects: an $inc cannot be made idempotent without a ledger per event);
      // a batch the database keeps refusing is given up, the rebuild restores it.
      this.failures += 1;
      if (this.failures < MAX_FAILURES) this.add(batch);
      else this.failures = 0;
      throw error;
    }
  }

  private upsert(increment: Increment): mongo.AnyBulkWriteOperation {
    return { updateOne: { filter: { ...increment.key, writer: this.writer }, update: { $inc: increment.inc }, upsert: true } };
  }
}
