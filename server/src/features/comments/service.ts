/**
 * A case's discussion: comments in plain text that may call on reviewers and leads by id.
 * Every mention is checked before anything is stored; each mentioned person is notified.
 */
import { Types } from 'mongoose';
import { hasRole, type CommentView, type PersonRef, type SessionUser } from '@refute/shared';
import { conflict, notFound, unprocessable } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { recordAudit } from '../audit/service';
import { findCase } from '../cases/repository';
import type { CaseRecord } from '../cases/model';
import { notify } from '../notifications/service';
import type { UserRecord } from '../users/model';
import { findUsersByIds } from '../users/repository';
import type { CommentRecord } from './model';
import { insertComment, latestComments } from './repository';
import { presentComment } from './presenter';

/** The discussion shown with a case: its latest comments, oldest first. */
const COMMENTS_SHOWN = 200;

async function loadCase(caseId: string): Promise<CaseRecord> {
  const record = await findCase(caseId);
  if (!record) throw notFound('Case');
  return record;
}

export async function listComments(caseId: string): Promise<CommentView[]> {
  const record = await loadCase(caseId);
  return (await latestComments(record._id, COMMENTS_SHOWN)).map(presentComment);
}

export async function addComment(author: SessionUser, caseId: string, input: { body: string; mentions: string[] }): Promise<CommentView> {
  const record = await loadCase(caseId);
  if (record.status === 'merged') throw conflict('invalid_state', 'The case was merged; comment on the case it was merged into', { status: record.status });
  const mentioned = await mentionablePeople(input.mentions);

  const comment = {
    _id: new Types.ObjectId(),
    caseId: record._id,
    authorId: new Types.ObjectId(author.id),
    authorName: author.name,
    body: input.body,
    mentions: mentioned.map((person) => ({ userId: new Types.ObjectId(person.id), name: person.name })),
    createdAt: new Date(),
  };
  await insertComment(comment as CommentRecord);
  await recordAudit({
    action: 'comment.created',
    actor: { kind: 'user', id: author.id, orgId: author.orgId },
    subject: { kind: 'case', id: record._id },
    data: { commentId: String(comment._id), mentions: mentioned.map((person) => person.id) },
  });
  const view = presentComment(comment as CommentRecord);
  domainEvents.emit('comment.created', view);
  await notify({
    kind: 'mention',
    recipientIds: mentioned.map((person) => person.id),
    case: { id: record._id, title: record.title },
    actor: { id: author.id, name: author.name },
    comment: { id: comment._id, body: comment.body },
  });
  return view;
}

/** The mentioned people, in the order given; any id that is not an active reviewer or lead is refused. */
async function mentionablePeople(ids: string[]): Promise<PersonRef[]> {
  if (ids.length === 0) return [];
  const users = await findUsersByIds(ids, { name: 1, roles: 1, disabled: 1 });
  const byId = new Map(users.filter(isMentionable).map((user) => [String(user._id), user]));
  const refused = ids.filter((id) => !byId.has(id));
  if (refused.length > 0) {
    throw unprocessable('invalid_mention', 'Only active reviewers and leads can be mentioned', { userIds: refused });
  }
  return ids.map((id) => ({ id, name: byId.get(id)!.name }));
}

export function isMentionable(user: Pick<UserRecord, 'roles' | 'disabled'>): boolean {
  return !user.disabled && hasRole(user.roles, 'reviewer', 'lead');
}
