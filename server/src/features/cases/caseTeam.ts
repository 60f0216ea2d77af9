import { isOnCaseTeam, type SessionUser } from '@refute/shared';
import { forbidden } from '../../http/errors';
import type { CaseRecord } from './model';

/** Who changes which reports a case holds, and what the matcher may join to it: its assignees and leads. */
export function requireOnCaseTeam(user: SessionUser, record: CaseRecord): void {
  if (!isOnCaseTeam(user, record.assigneeIds.map(String))) {
    throw forbidden('not_on_case', "Only the case's assignees and lead reviewers can change which reports it holds");
  }
}
