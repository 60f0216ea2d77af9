/** What every workflow step needs: the case, who is on it, whether its status allows the step. */
import { canTransition, type CaseAction, type SessionUser } from '@refute/shared';
import { conflict, notFound } from '../../http/errors';
import type { Actor } from '../audit/service';
import type { CaseRecord } from '../cases/model';
import { findCase } from '../cases/repository';

export const actorOf = (user: SessionUser): Actor => ({ kind: 'user', id: user.id, orgId: user.orgId });

export async function loadCase(caseId: string): Promise<CaseRecord> {
  const found = await findCase(caseId);
  if (!found) throw notFound('Case');
  return found;
}

export const isAssignee = (record: CaseRecord, userId: string) => record.assigneeIds.some((id) => String(id) === userId);

const ACTION_PAST: Record<CaseAction, string> = {
  claim: 'claimed',
  assign: 'assigned',
  unassign: 'given back',
  edit: 'edited',
  submit: 'submitted',
  approve: 'approved',
  return: 'returned',
  reopen: 'reopened',
  retract: 'retracted',
};

export function requireStatusFor(action: CaseAction, record: CaseRecord): void {
  if (!canTransition(action, record.status)) {
    throw conflict('invalid_state', `The case is ${record.status}; it cannot be ${ACTION_PAST[action]} now`, { status: record.status });
  }
}

export const changedMeanwhile = () => conflict('concurrent_change', 'The case changed meanwhile; reload and try again');
