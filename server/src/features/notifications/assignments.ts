import type { Logger } from 'pino';
import { domainEvents, type CaseChangeNotice } from '../../realtime/domainEvents';
import { findCase } from '../cases/repository';
import { findUserById } from '../users/repository';
import { notify, SYSTEM_NOTIFIER } from './service';

let listening = false;

/**
 * Turns each assignment into a notification for the assigned expert, each change of a case's
 * reports by someone else into one for its assignees, a submitted draft into one for the
 * leads of the expert's organisation, and a returned or approved draft into one for its
 * authors. Registered once per
 * process: the domain event fires only in the process that handled the assignment, so each
 * assignment is notified exactly once.
 */
export function notifyAssignments(log: Logger): void {
  if (listening) return;
  listening = true;
  domainEvents.on('case.assigned', (assignment) => {
    void notifyAssignment(assignment).catch((error: unknown) => log.error({ err: error, assignment }, 'assignment notification failed'));
  });
  const notifyChange = (kind: 'reports_changed' | 'reopened' | 'submitted' | 'approved') => ({ caseId, title, actor, recipientIds }: CaseChangeNotice) => {
    void notify({ kind, recipientIds, case: { id: caseId, title }, actor }).catch((error: unknown) => log.error({ err: error, caseId, kind }, 'notification failed'));
  };
  domainEvents.on('case.regrouped', notifyChange('reports_changed'));
  domainEvents.on('case.reopened', notifyChange('reopened'));
  domainEvents.on('case.submitted', notifyChange('submitted'));
  domainEvents.on('case.approved', notifyChange('approved'));
  domainEvents.on('case.returned', ({ caseId, title, actor, recipientIds, comment }) => {
    void notify({ kind: 'returned', recipientIds, case: { id: caseId, title }, actor, note: comment }).catch((error: unknown) =>
      log.error({ err: error, caseId, kind: 'returned' }, 'notification failed'),
    );
  });
}

async function notifyAssignment({ caseId, assigneeId, assignedBy }: { caseId: string; assigneeId: string; assignedBy: string }) {
  if (assigneeId === assignedBy) return;
  // Routing assigns emergencies in Refute's own name.
  const bySystem = assignedBy === SYSTEM_NOTIFIER.id;
  const [record, lead] = await Promise.all([findCase(caseId), bySystem ? null : findUserById(assignedBy)]);
  if (!record || (!lead && !bySystem)) return;
  const actor = lead ? { id: assignedBy, name: lead.name } : SYSTEM_NOTIFIER;
  await notify({ kind: 'assigned', recipientIds: [assigneeId], case: { id: record._id, title: record.title }, actor });
}
