import { z } from 'zod';
import { objectIdSchema } from './common';

export const COMMENT_MAX_LENGTH = 4000;
export const MENTIONS_MAX = 20;

/** A comment on a case: plain text, and the people it calls on by id. */
export const commentCreateSchema = z.strictObject({
  body: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(COMMENT_MAX_LENGTH, `must be at most ${COMMENT_MAX_LENGTH} characters`),
  mentions: z
    .array(objectIdSchema)
    .max(MENTIONS_MAX, `at most ${MENTIONS_MAX} people can be mentioned`)
    .default([])
    // The same person mentioned twice is notified once.
    .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
});
export type CommentCreate = z.input<typeof commentCreateSchema>;

export const mentionableQuerySchema = z.strictObject({
  q: z.string().trim().max(100).default(''),
});

export interface PersonRef {
  id: string;
  name: string;
}

export interface CommentView {
  id: string;
  caseId: string;
  author: PersonRef;
  body: string;
  mentions: PersonRef[];
  createdAt: string;
}

export const NOTIFICATION_KINDS = ['mention', 'assigned', 'reports_changed', 'reopened', 'submitted', 'returned', 'approved', 'hotspot', 'offered', 'webhook_disabled', 'at_risk_unassigned', 'at_risk_no_draft', 'escalated', 'deadline_missed', 'page_unacknowledged'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Which kinds of notification a person does not want (every kind is on by default). */
export const notificationPreferencesSchema = z.strictObject({
  muted: z.array(z.enum(NOTIFICATION_KINDS)).max(NOTIFICATION_KINDS.length),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  /** The case it is about; null for a notification about something else (`webhook_disabled`: an endpoint). */
  caseId: string | null;
  /** The title of what it is about: the case's, or the endpoint's URL. */
  caseTitle: string;
  /** Who mentioned or assigned the user (Refute itself, with the id of zeros, for hotspots and disabled endpoints). */
  actor: PersonRef;
  /** The start of the comment, for mentions; the lead's comment, for a returned draft. */
  excerpt: string | null;
  createdAt: string;
  read: boolean;
}

export interface NotificationList {
  items: NotificationView[];
  unreadCount: number;
}
