import { CASE_STATUSES, isQueueStatus } from '@refute/shared';
import { OnceModel } from '../meta/onceModel';
import { domainEvents } from '../../realtime/domainEvents';
import { CaseModel } from './model';

const MARKER = 'cases.queueActive.v1';

/**
 * Gives cases stored before `queueActive` existed the field, so the queue (which filters on it
 * alone) still shows them. Once per database: later writes set it with the status. Safe to
 * repeat, so a start interrupted half way simply does it again.
 */
export async function backfillQueueActive(): Promise<number> {
  if (await OnceModel.exists({ _id: MARKER, completedAt: { $ne: null } })) return 0;
  await OnceModel.updateOne({ _id: MARKER }, { $setOnInsert: { startedAt: new Date() } }, { upsert: true });
  let updated = 0;
  // One equality per status, which the local engine pushes down, rather than one `$in`.
  for (const status of CASE_STATUSES) {
    const result = await CaseModel.updateMany({ status, queueActive: { $exists: false } }, { $set: { queueActive: isQueueStatus(status) } });
    updated += result.modifiedCount;
  }
  await OnceModel.updateOne({ _id: MARKER }, { $set: { completedAt: new Date() } });
  if (updated > 0) domainEvents.emit('cases.rewritten');
  return updated;
}
