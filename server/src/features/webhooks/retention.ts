/**
 * Retention: finished deliveries (delivered, failed, cancelled) are deleted once they have been
 * finished for `retentionMs` (30 days by default), with their attempts. The outbox then holds
 * the pending deliveries and a bounded history, so the worker's due read does not grow with all
 * the deliveries ever made: on the local engine it reads every row of the collection in
 * PostgreSQL to find the pending ones.
 *
 * One process sweeps per interval: the one whose insert of the interval's marker wins. A sweep
 * cut short (the process stopped) loses nothing pending: each deletion names the finished states
 * and the age, so a pending or replayed delivery is never matched, and the next interval's sweep
 * takes up what is left.
 */
import { bulkWriteInChunks } from '../../db/bulkWriteInChunks';
import { insertOnce } from '../../db/insertOnce';
import type { Scheduler } from '../../jobs/scheduler';
import { OnceModel } from '../meta/onceModel';
import { WebhookAttemptModel, WebhookDeliveryModel } from './model';
import { webhookSettings } from './settings';

export const RETENTION_SWEEP_EVERY_MS = 3_600_000;
const FINISHED = ['delivered', 'failed', 'cancelled'] as const;
const BY_ID_BATCH = 20_000;
const tooManyAtOnce = (error: unknown) => error instanceof Error && error.message.includes('65535 parameters');

export interface SweepResult {
  deleted: number;
  attemptsDeleted: number;
}

/**
 * Deletes the deliveries finished before `now - retentionMs` (those written before `finishedAt`
 * existed count from when they were created), and the attempts started before then. One
 * deleteMany per status, not batches by id: on the local engine each statement reads the whole
 * collection whatever its size, so a batch of 1,000 ids cost as much as the whole deletion
 * (measured: 6.9 s to delete 1,000 of 20,000 by `_id: { $in }`, 4.1 s to delete all 20,000).
 * After the first sweep each one deletes about an interval's worth. The filter names the state:
 * a delivery replayed (pending again) is kept. An attempt is a lease only while its delivery is
 * pending, which lasts about a day and a half on the standard schedule, far less than retention.
 */
export async function sweepFinishedDeliveries(now = new Date()): Promise<SweepResult> {
  const cutoff = new Date(now.getTime() - webhookSettings().retentionMs);
  let deleted = 0;
  for (const status of FINISHED) {
    // Status first, a top-level equality: the local engine hands it to PostgreSQL.
    const old = { status, $or: [{ finishedAt: { $lt: cutoff } }, { finishedAt: null, createdAt: { $lt: cutoff } }] };
    try {
      deleted += (await WebhookDeliveryModel.deleteMany(old)).deletedCount;
    } catch (error) {
      if (!tooManyAtOnce(error)) throw error;
      // FerretDB v1 deletes what a filter matched in one PostgreSQL statement of at most 65,535
      // ids: a larger history (the first sweep after an upgrade) is taken a batch per sweep, by _id.
      const ids = (await WebhookDeliveryModel.find(old, { _id: 1 }).limit(BY_ID_BATCH).lean<Array<{ _id: string }>>()).map((delivery) => delivery._id);
      await bulkWriteInChunks(WebhookDeliveryModel, ids.map((_id) => ({ deleteOne: { filter: { _id, status } } })), { sideBySide: true });
      deleted += ids.length;
    }
  }
  const { deletedCount: attemptsDeleted } = await WebhookAttemptModel.deleteMany({ startedAt: { $lt: cutoff } });
  return { deleted, attemptsDeleted };
}

/** The marker of the sweep interval holding `at`: of all processes, the one that inserts it sweeps. */
export const sweepMarkerId = (at: number) => `webhooks.retention:${Math.floor(at / RETENTION_SWEEP_EVERY_MS)}`;

/** Sweeps unless another process already took this interval; null when it did. */
export async function sweepIfClaimed(now = new Date()): Promise<SweepResult | null> {
  const marker = sweepMarkerId(now.getTime());
  if (!(await insertOnce(OnceModel, { _id: marker, startedAt: now }))) return null;
  // The marker of two intervals back is no longer contended: the markers do not pile up.
  await OnceModel.deleteOne({ _id: sweepMarkerId(now.getTime() - 2 * RETENTION_SWEEP_EVERY_MS) });
  const result = await sweepFinishedDeliveries(now);
  await OnceModel.updateOne({ _id: marker }, { $set: { completedAt: new Date() } });
  return result;
}

export function startRetentionSweep(scheduler: Scheduler, onSwept?: (result: SweepResult) => void): () => void {
  return scheduler.every('webhooks.retention', RETENTION_SWEEP_EVERY_MS, async () => {
    const result = await sweepIfClaimed();
    if (result && result.deleted > 0) onSwept?.(result);
  });
}
