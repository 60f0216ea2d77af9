/**
 * A live rollup writer's lease: its document in `insight_writers`, written at start and renewed
 * every `BEAT_MS` with `since` (see model.ts). Another process takes a writer for dead once its
 * heartbeat is `STALE_MS` old, or at once when it ran on the same host (and pid namespace) under
 * a pid that no longer runs, and recovers it (recovery.ts). A writer that could not renew its
 * lease for `FENCE_MS` writes nothing more under its id (its recovery may be under way), and one
 * whose document is gone (recovered) neither: the process then counts on under a new id
 * (live.ts). So no document of a writer is written after its recovery read it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { insertOnce } from '../../db/insertOnce';
import { InsightWriterModel } from './model';

export const BEAT_MS = 10_000;
export const FENCE_MS = 60_000;
export const STALE_MS = 2 * 60_000;

export interface WriterState {
  _id: string;
  host: string;
  pid: number;
  startedAt: Date;
  beatAt: Date;
  since: Date;
}

export const newWriterId = (): string => `${process.pid}-${randomBytes(6).toString('hex')}`;

/**
 * Where pids mean the same process: the host name and, on Linux, the pid namespace (containers
 * may share a host name, each with its own pids).
 */
const pidSpace = ((): string => {
  try {
    return `${os.hostname()}/${fs.readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    return os.hostname();
  }
})();

/** Thrown by a write under a lease that lapsed or is gone: nothing more is written under that writer. */
export class LeaseLost extends Error {
  constructor(writer: string) {
    super(`rollup writer ${writer} lost its lease: it writes no more`);
  }
}

export class WriterLease {
  private renewedAt: number | null = null;
  private gone = false;
  /** When records began to be marked for this writer: its first `since`. */
  readonly createdAt: number;

  constructor(
    readonly writer: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.createdAt = clock();
  }

  /** Writes the writer's document unless written; until then nothing is written under it. */
  async ensureRegistered(): Promise<void> {
    if (this.renewedAt !== null) return;
    const now = new Date(this.clock());
    // Refused as a duplicate: this writer's own insert, whose answer was lost.
    await insertOnce(InsightWriterModel, { _id: this.writer, host: pidSpace, pid: process.pid, startedAt: now, beatAt: now, since: new Date(this.createdAt) });
    this.renewedAt = now.getTime();
  }

  /** Renews the lease and says how far back the records are written (`since`). */
  async renew(since: Date): Promise<void> {
    if (this.renewedAt === null || this.lost) return;
    const at = this.clock();
    const { matchedCount } = await InsightWriterModel.updateOne({ _id: this.writer }, { $set: { beatAt: new Date(at), since } });
    if (matchedCount === 0) this.gone = true;
    else this.renewedAt = at;
  }

  /** Whether the lease lapsed or its document is gone: the writer is done for good. */
  get lost(): boolean {
    return this.gone || (this.renewedAt !== null && this.clock() - this.renewedAt > FENCE_MS);
  }

  /** Before any write under the writer: refused before registration (retried later) and after the lease is lost (never again). */
  assertMayWrite(): void {
    if (this.lost) throw new LeaseLost(this.writer);
    if (this.renewedAt === null) throw new Error(`rollup writer ${this.writer} is not registered yet`);
  }

  /** Gives the lease up at a clean shutdown, once everything is written: there is nothing to recover. */
  async release(): Promise<void> {
    if (this.renewedAt === null || this.lost) return;
    await InsightWriterModel.deleteOne({ _id: this.writer });
    this.gone = true;
  }
}

/** Whether a writer is dead: its heartbeat is old, or it ran among this process's pids under one that is not running (or is this process's, whose writer it is not). */
export function isDead(state: WriterState, nowMs: number): boolean {
  if (nowMs - state.beatAt.getTime() > STALE_MS) return true;
  if (state.host !== pidSpace) return false;
  if (state.pid === process.pid) return true;
  try {
    process.kill(state.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the pid runs under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
