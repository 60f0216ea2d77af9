/**
 * Notifications: one per recipient for a mention, an assignment or a step of the review
 * (a draft submitted, returned or approved), listed newest first with an unread count; each
 * person chooses which kinds they get. Each new one is announced as a domain event, which the gateway sends to
 * the recipient's personal room.
 */
import { Types } from 'mongoose';
import type { NotificationKind, NotificationList, NotificationPreferences, NotificationView, PersonRef } from '@refute/shared';
import { recordAudit } from '../audit/service';
import { mutedNotificationsOf, peopleMuting, setMutedNotifications } from '../users/repository';
import { notFound } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import type { NotificationRecord } from './model';
import { insertNotifications, markNotificationReadAt, notificationOf, notificationsOf } from './repository';
import { presentNotification } from './presenter';

const LISTED = 50;

/** The actor of notifications Refute raises itself (hotspots, routing's offers and assignments). */
export const SYSTEM_NOTIFIER: PersonRef = { id: '000000000000000000000000', name: 'Refute' };
const EXCERPT_LENGTH = 140;

export interface NewNotifications {
  kind: NotificationKind;
  recipientIds: string[];
  case: { id: Types.ObjectId | string; title: string };
  actor: PersonRef;
  comment?: { id: Types.ObjectId; body: string };
  /** Shown with the notification: a lead's comment on a returned draft. */
  note?: string;
}

/** Stores one notification per recipient (never the actor) and announces each. */
export async function notify(input: NewNotifications): Promise<NotificationView[]> {
  const addressed = [...new Set(input.recipientIds)].filter((id) => id !== input.actor.id);
  if (addressed.length === 0) return [];
  const muting = await peopleMuting(addressed, input.kind);
  const recipients = addressed.filter((id) => !muting.has(id));
  if (recipients.length === 0) return [];
  const now = new Date();
  const records = recipients.map((userId) => ({
    _id: new Types.ObjectId(),
    userId: new Types.ObjectId(userId),
    kind: input.kind,
    caseId: new Types.ObjectId(String(input.case.id)),
    caseTitle: input.case.title,
    actorId: new Types.ObjectId(input.actor.id),
    actorName: input.actor.name,
    commentId: input.comment?.id ?? null,
    excerpt: input.comment ? excerptOf(input.comment.body) : input.note ? excerptOf(input.note) : null,
    createdAt: now,
    readAt: null,
  }));
  await insertNotifications(records);
  const views = records.map((record) => presentNotification(record as NotificationRecord));
  views.forEach((view, index) => domainEvents.emit('notification.created', recipients[index]!, view));
  return views;
}

function excerptOf(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_LENGTH ? flat : `${flat.slice(0, EXCERPT_LENGTH - 1)}…`;
}

export async function listNotifications(userId: string): Promise<NotificationList> {
  const { records, unreadCount } = await notificationsOf(userId, LISTED);
  return { items: records.map(presentNotification), unreadCount };
}

/** Marks one of the user's own notifications read; someone else's is reported as not found. */
export async function markNotificationRead(userId: string, notificationId: string): Promise<NotificationView> {
  const record = await notificationOf(userId, notificationId);
  if (!record) throw notFound('Notification');
  if (record.readAt) return presentNotification(record);
  const readAt = new Date();
  await markNotificationReadAt(record, readAt);
  return presentNotification({ ...record, readAt });
}

export async function notificationPreferences(userId: string): Promise<NotificationPreferences> {
  return { muted: await mutedNotificationsOf(userId) };
}

export async function changeNotificationPreferences(userId: string, preferences: NotificationPreferences): Promise<NotificationPreferences> {
  const before = await mutedNotificationsOf(userId);
  await setMutedNotifications(userId, preferences.muted);
  const after = await mutedNotificationsOf(userId);
  await recordAudit({
    action: 'user.notifications_changed',
    actor: { kind: 'user', id: userId },
    subject: { kind: 'user', id: new Types.ObjectId(userId) },
    data: { mutedBefore: before, mutedAfter: after },
  });
  return { muted: after };
}
