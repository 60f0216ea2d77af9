import type { Logger } from 'pino';
import { domainEvents } from '../../realtime/domainEvents';
import { findCase } from '../cases/repository';
import { UserModel } from '../users/model';
import { notify } from './service';

let listening = false;

/**
 * Turns each assignment into a notification for the assigned expert, and each change of a
 * case's reports by someone else into one for its assignees. Registered once per
 * process: the domain event fires only in the process that handled the assignment, so each
 * assignment is notified exactly once.
 */
export function notifyAssignments(log: Logger): void {
  if (listening) return;
  listening = true;
  domainEvents.on('case.assigned', (assignment) => {
    void notifyAssignment(assignment).catch((error: unknown) => log.error({ err: error, assignment }, 'assignment notification failed'));
  });
  domainEvents.on('case.regrouped', (regroup) => {
    const { caseId, title, actor, recipientIds } = regroup;
    void notify({ kind: 'reports_changed', recipientIds, case: { id: caseId, title }, actor }).catch((error: unknown) =>
      log.error({ err: error, caseId }, 'notification of changed reports failed'),
    );
  });
}

async function notifyAssignment({ caseId, assigneeId, assignedBy }: { caseId: string; assigneeId: string; assignedBy: string }) {
  if (assigneeId === assignedBy) return;
  const [record, lead] = await Promise.all([findCase(caseId), UserModel.findById(assignedBy, { name: 1 }).lean()]);
  if (!record || !lead) return;
  await notify({ kind: 'assigned', recipientIds: [assigneeId], case: { id: record._id, title: record.title }, actor: { id: assignedBy, name: lead.name } });
}
