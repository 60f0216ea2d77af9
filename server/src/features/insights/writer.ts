/**
 * Applies rollup increments as one writer, one flush at a time, so a document's writes never
 * overlap (see model.ts). Each document of an open period has this writer alone, so the writer
 * holds its counters whole in memory and writes them **packed**: one JSON string (`packed`), as
 * compaction packs a settled period's (settled.ts). The local engine turns every stored key of a
 * document into its own value on each read and each update, so a document of today that a
 * dashboard reads afresh on every change of its controls costs what its keys cost; packed it is
 * a handful of keys, read and rewritten whole. A document this writer has not written yet is
 * inserted, all such of a flush in one unordered insert; one it wrote before is set to its
 * counters now (`$set`, in commands of a few statements: `bulkWriteInChunks`). Setting the whole
 * counters is idempotent: a flush that failed, or whose answer was lost, is written again with
 * the next one without counting anything twice.
 *
 * A period that ended long enough ago (settled.ts) may be compacted: its documents merged into
 * one and deleted. So once a period's writes are closed its documents are forgotten here, and
 * increments of it that arrive later or were never written (a flush that kept failing, the
 * rebuild) are inserted as documents of their own, under this writer's name and the flush's
 * number, and the period is marked for compaction again.
 *
 * A live process's writer holds a lease (writerLease.ts) and journals each flush: the events
 * counted since the last journal are recorded under the flush's number before any document is
 * written, and every document written carries the number of the flush that wrote it (`seq`). A
 * document holds all its writer's increments of the events journalled up to its `seq` (its
 * counters are whole), so after a crash, even in the middle of a flush, recovery.ts counts again
 * exactly the increments that no document holds.
 */
import type { mongo } from 'mongoose';
import { STATEMENTS_PER_COMMAND } from '../../db/bulkWriteInChunks';
import { InsightCompactionModel, InsightFlushModel, InsightRollupModel, type RollupRecord } from './model';
import { addCounters, countersOf, writesClosed, type Counters } from './settled';
import type { Increment, RollupKey } from './facts';
import type { WriterLease } from './writerLease';

/** Flushes in a row that may fail before their increments of closed periods are given up. */
const MAX_FAILURES = 5;

/** A document as an insert writes it: its key, its writer and its counters nested as `$inc` would nest them. */
export function rollupDocumentOf(increment: Increment, writer: string): Record<string, unknown> {
  return { ...increment.key, writer, ...countersOfIncrement(increment.inc) };
}

/** A document with its counters packed into one JSON string, as writers and compaction store them. */
export function packedDocumentOf(key: RollupKey, writer: string, counters: Counters): Record<string, unknown> {
  return { ...key, writer, packed: JSON.stringify(counters) };
}

/** `$inc`-style dotted increments as nested counters. */
export function countersOfIncrement(inc: Readonly<Record<string, number>>): Counters {
  const counters: Counters = {};
  addIncrement(counters, inc);
  return counters;
}

const idOf = (key: RollupKey) => `${key.period}|${key.scope}|${key.topic}`;

/** Adds dotted increments (`reports.lane.hot`) into nested counters. */
function addIncrement(into: Counters, inc: Readonly<Record<string, number>>): void {
  for (const [field, value] of Object.entries(inc)) {
    const parts = field.split('.');
    let at = into;
    for (let i = 0; i < parts.length - 1; i += 1) at = (at[parts[i]!] ??= {}) as Counters;
    const last = parts[parts.length - 1]!;
    at[last] = ((at[last] as number | undefined) ?? 0) + value;
  }
}

/** Adds dotted increments into flat ones. */
function addFlat(into: Record<string, number>, inc: Readonly<Record<string, number>>): void {
  for (const [field, value] of Object.entries(inc)) into[field] = (into[field] ?? 0) + value;
}

/** A document of an open period as this writer holds it. */
interface Held {
  key: RollupKey;
  /** Everything this writer counted in it, nested as stored. */
  counters: Counters;
  /** What was counted since it was last written, dotted: what a document deleted under its writer (a rebuild) starts again from, and what goes late when its period closes unwritten. */
  unwritten: Record<string, number>;
  /** Inserted (or found written by an earlier run of this writer): later flushes set it. */
  written: boolean;
  /** An insert of it was sent, answered or not. */
  tried: boolean;
}

export class RollupWriter {
  private readonly held = new Map<string, Held>();
  /** Held documents counted in since they were last written. */
  private readonly dirty = new Set<string>();
  /** Increments of periods whose writes are closed, waiting for their own insert. */
  private late = new Map<string, Increment>();
  private flushing: Promise<void> = Promise.resolve();
  private failures = 0;
  /** Flushes that inserted increments of closed periods: each such insert's writer is new. */
  private lateFlushes = 0;
  /** The number of the last flush begun: documents carry it as `seq`, the journal its events. */
  private seq = 0;
  /** Events counted (their increments added) and not journalled yet. */
  private readonly unjournaled = new Set<string>();
  /** Increments added while a flush writes, counted once it is done (a document holds no more than its `seq` says). */
  private deferred: Array<{ increments: readonly Increment[]; event: string | undefined }> = [];
  private writing = false;

  /** With a lease, each flush is journalled and writes only while the lease holds. */
  constructor(
    readonly writer: string,
    private readonly clock: () => number = Date.now,
    private readonly lease?: WriterLease,
  ) {}

  /** Counts the increments of one event (named, for the journal: `c<claim>`, `o<case>`, `t<case>:<seq>`). */
  add(increments: readonly Increment[], event?: string): void {
    if (this.writing) {
      this.deferred.push({ increments, event });
      return;
    }
    if (event !== undefined && this.lease) this.unjournaled.add(event);
    for (const increment of increments) {
      const id = idOf(increment.key);
      let held = this.held.get(id);
      if (!held) this.held.set(id, (held = { key: increment.key, counters: {}, unwritten: {}, written: false, tried: false }));
      addIncrement(held.counters, increment.inc);
      addFlat(held.unwritten, increment.inc);
      this.dirty.add(id);
    }
  }

  /** Documents with counts not written yet. */
  get pendingDocuments(): number {
    return this.dirty.size + this.late.size;
  }

  /** Whether everything counted is written and journalled. */
  get idle(): boolean {
    return this.pendingDocuments === 0 && this.unjournaled.size === 0 && this.deferred.length === 0;
  }

  /** Writes what is pending, after any flush under way. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    this.writing = true;
    try {
      await this.writeNow();
    } finally {
      this.writing = false;
      const deferred = this.deferred;
      this.deferred = [];
      for (const { increments, event } of deferred) this.add(increments, event);
    }
  }

  private async writeNow(): Promise<void> {
    const nowMs = this.clock();
    // Documents of periods whose writes closed are forgotten; what they hold unwritten goes late.
    for (const [id, held] of this.held) {
      if (!writesClosed(held.key.period, nowMs)) continue;
      if (this.dirty.has(id)) {
        const late = this.late.get(id);
        if (late) addFlat(late.inc, held.unwritten);
        else this.late.set(id, { key: held.key, inc: held.unwritten });
      }
      this.held.delete(id);
      this.dirty.delete(id);
    }
    if (this.dirty.size === 0 && this.late.size === 0) return;
    try {
      const seq = (this.seq += 1);
      await this.journal(seq);
      await this.writeLate(seq);
      await this.writeHeld(seq);
      this.failures = 0;
    } catch (error) {
      // Held documents stay marked and are written whole with the next flush; late increments
      // the database keeps refusing are given up after a few flushes (the rebuild restores them).
      this.failures += 1;
      if (this.failures >= MAX_FAILURES) {
        this.failures = 0;
        this.late = new Map();
      }
      throw error;
    }
  }

  /** Records the events counted since the last journal under this flush's number, before any document is written. */
  private async journal(seq: number): Promise<void> {
    if (!this.lease) return;
    this.lease.assertMayWrite();
    if (this.unjournaled.size === 0) return;
    const events = [...this.unjournaled];
    await InsightFlushModel.collection.insertOne({ _id: `${this.writer}#${seq}` as never, writer: this.writer, seq, at: new Date(this.clock()), events });
    for (const event of events) this.unjournaled.delete(event);
  }

  /** Late increments inserted as documents of their own (a new writer per flush), their periods then compacted again. */
  private async writeLate(seq: number): Promise<void> {
    if (this.late.size === 0) return;
    const late = [...this.late];
    const lateWriter = `${this.writer}~${(this.lateFlushes += 1)}`;
    const refused = await this.insert(late.map(([, increment]) => ({ ...packedDocumentOf(increment.key, lateWriter, countersOfIncrement(increment.inc)), seq })));
    late.forEach(([id], i) => {
      if (!refused.has(i)) this.late.delete(id);
    });
    await InsightCompactionModel.deleteMany({ _id: { $in: [...new Set(late.map(([, increment]) => increment.key.period))] } });
  }

  private async writeHeld(seq: number): Promise<void> {
    const ids = [...this.dirty];
    const fresh = ids.filter((id) => !this.held.get(id)!.written);
    const triedBefore = new Set(fresh.filter((id) => this.held.get(id)!.tried));
    const refused = await this.insert(
      fresh.map((id) => {
        const held = this.held.get(id)!;
        held.tried = true;
        return { ...packedDocumentOf(held.key, this.writer, held.counters), seq };
      }),
    );
    for (const [i, id] of fresh.entries()) {
      if (!refused.has(i)) {
        this.markWritten(id);
        continue;
      }
      // Refused as a duplicate: this writer's own earlier insert, its answer lost, is set below
      // to the counters now; a document of an earlier run of the same writer has its counts added in.
      const held = this.held.get(id)!;
      held.written = true;
      if (triedBefore.has(id)) continue;
      const earlier = await InsightRollupModel.findOne({ period: held.key.period, scope: held.key.scope, topic: held.key.topic, writer: this.writer }).lean<RollupRecord>();
      if (earlier) addCounters(held.counters, countersOf(earlier));
    }
    const updates = ids.filter((id) => this.dirty.has(id));
    for (let from = 0; from < updates.length; from += STATEMENTS_PER_COMMAND) {
      const chunk = updates.slice(from, from + STATEMENTS_PER_COMMAND);
      this.lease?.assertMayWrite();
      const result = await InsightRollupModel.collection.bulkWrite(
        chunk.map((id) => this.setWhole(this.held.get(id)!, seq)),
        { ordered: false },
      );
      if (result.matchedCount < chunk.length) await this.insertDeleted(chunk, seq);
      for (const id of chunk) this.markWritten(id);
    }
  }

  private markWritten(id: string): void {
    const held = this.held.get(id)!;
    held.written = true;
    held.unwritten = {};
    this.dirty.delete(id);
  }

  /**
   * Some documents of a chunk were not found: deleted under this writer (the rollups cleared for
   * a rebuild, which counted what was written of them). They are inserted again with what was
   * counted since they were last written.
   */
  private async insertDeleted(chunk: readonly string[], seq: number): Promise<void> {
    const reads = [...new Set(chunk.map((id) => this.held.get(id)!.key.read))];
    const found = await InsightRollupModel.find({ writer: this.writer, read: { $in: reads } }, { period: 1, scope: 1, topic: 1 }).lean<RollupRecord[]>();
    const present = new Set(found.map((doc) => `${doc.period}|${doc.scope}|${doc.topic}`));
    const missing = chunk.filter((id) => !present.has(id));
    for (const id of missing) {
      const held = this.held.get(id)!;
      held.counters = countersOfIncrement(held.unwritten);
    }
    const refused = await this.insert(missing.map((id) => ({ ...packedDocumentOf(this.held.get(id)!.key, this.writer, this.held.get(id)!.counters), seq })));
    if (refused.size > 0) throw new Error(`${refused.size} rollup documents deleted under their writer could not be written again`);
  }

  /**
   * Inserts documents in one unordered command; answers the positions of those refused (a
   * duplicate). A failure that names no document is thrown with nothing known written.
   */
  private async insert(docs: ReadonlyArray<Record<string, unknown>>): Promise<Set<number>> {
    if (docs.length === 0) return new Set();
    this.lease?.assertMayWrite();
    try {
      await InsightRollupModel.collection.insertMany(docs.map((doc) => ({ ...doc })), { ordered: false });
      return new Set();
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ index: number; code?: number }> | { index: number; code?: number } }).writeErrors;
      const failed = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
      if (failed.length === 0) throw error;
      return new Set(failed.map((one) => one.index));
    }
  }

  private setWhole(held: Held, seq: number): mongo.AnyBulkWriteOperation {
    const { period, scope, topic } = held.key;
    return { updateOne: { filter: { period, scope, topic, writer: this.writer }, update: { $set: { packed: JSON.stringify(held.counters), seq } } } };
  }
}
