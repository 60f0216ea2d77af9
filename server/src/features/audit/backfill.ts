/** Audit events written before `subjectId` existed get their subject's id at the top level. */
import { fieldMigration } from '../../jobs/fieldMigration';
import { AuditEventModel } from './model';

const migration = fieldMigration({
  marker: 'audit-events-subject-id',
  collection: () => AuditEventModel.collection,
  field: 'subjectId',
  reads: { 'subject.id': 1 },
  valueOf: (event) => (event.subject as { id?: unknown } | undefined)?.id,
});

export const auditSubjectsBackfilled = () => migration.complete();
export const backfillAuditSubjects = () => migration.step();
export const startAuditBackfill = () => migration.start();
export const recheckAuditBackfill = () => migration.recheck();
