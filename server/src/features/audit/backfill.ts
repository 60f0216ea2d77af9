/**
 * Gives audit events written before `subjectId` existed their subject's id at the top level.
 * The log is append-only for the application; this one-time migration writes through the
 * driver, setting only the new field, in batches in the background after the server started.
 */
import { insertOnce } from '../../db/insertOnce';
import { scheduler } from '../../jobs/scheduler';
import { OnceModel } from '../meta/onceModel';
import { AuditEventModel } from './model';

const MARKER = 'audit-events-subject-id';
const BATCH = 500;
let backfilled = false;

export async function auditSubjectsBackfilled(): Promise<boolean> {
  if (backfilled) return true;
  backfilled = Boolean((await OnceModel.findById(MARKER).lean())?.completedAt);
  return backfilled;
}

/** Moves one batch; true when nothing is left (and the migration is marked complete). */
export async function backfillAuditSubjects(): Promise<boolean> {
  if (await auditSubjectsBackfilled()) return true;
  await insertOnce(OnceModel, { _id: MARKER, startedAt: new Date() });
  const pending = await AuditEventModel.collection.find({ subjectId: { $exists: false } }, { projection: { 'subject.id': 1 } }).limit(BATCH).toArray();
  for (const event of pending) {
    await AuditEventModel.collection.updateOne({ _id: event._id }, { $set: { subjectId: (event.subject as { id?: unknown } | undefined)?.id ?? null } });
  }
  if (pending.length === BATCH) return false;
  await OnceModel.updateOne({ _id: MARKER }, { $set: { completedAt: new Date() } });
  backfilled = true;
  return true;
}

/** Runs the migration on the scheduler, a batch a second, until it is complete. */
export function startAuditBackfill(): void {
  const stop = scheduler.every('audit.backfill-subject-ids', 1_000, async () => {
    if (await backfillAuditSubjects()) stop();
  });
}
