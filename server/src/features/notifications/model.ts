import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { NOTIFICATION_KINDS } from '@refute/shared';

/** Something a user should look at: a mention in a comment, an assignment to a case, an endpoint Refute disabled. */
const notificationSchema = new Schema({
  userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  kind: { type: String, enum: NOTIFICATION_KINDS, required: true },
  /** Null for a notification about something other than a case (a webhook endpoint). */
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', default: null },
  caseTitle: { type: String, required: true },
  actorId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  actorName: { type: String, required: true },
  commentId: { type: Schema.Types.ObjectId, ref: 'Comment', default: null },
  excerpt: { type: String, default: null },
  createdAt: { type: Date, required: true },
  readAt: { type: Date, default: null },
});
notificationSchema.index({ userId: 1, createdAt: -1, _id: -1 });
notificationSchema.index({ userId: 1, readAt: 1 });

export type NotificationRecord = InferSchemaType<typeof notificationSchema> & { _id: Types.ObjectId };
export const NotificationModel = model('Notification', notificationSchema, 'notifications');
