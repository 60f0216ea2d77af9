import { Types } from 'mongoose';
import { insertOnce } from '../../db/insertOnce';
import { NotificationModel, type NotificationRecord } from './model';

export async function insertNotifications(records: NotificationRecord[]): Promise<NotificationRecord[]> {
  await NotificationModel.insertMany(records);
  return records;
}

/**
 * Inserts notifications of derived ids and returns those inserted now: one whose id is taken
 * (the same notification sent by another process) is left out.
 */
export async function insertNotificationsOnce(records: NotificationRecord[]): Promise<NotificationRecord[]> {
  const inserted: NotificationRecord[] = [];
  for (const record of records) {
    if (await insertOnce(NotificationModel, record)) inserted.push(record);
  }
  return inserted;
}

/** A user's latest notifications, newest first, and how many of all theirs are unread. */
export async function notificationsOf(userId: string, limit: number): Promise<{ records: NotificationRecord[]; unreadCount: number }> {
  const owner = new Types.ObjectId(userId);
  const [records, unreadCount] = await Promise.all([
    NotificationModel.find({ userId: owner }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<NotificationRecord[]>(),
    NotificationModel.countDocuments({ userId: owner, readAt: null }),
  ]);
  return { records, unreadCount };
}

/** One of the user's own notifications; someone else's is as absent as a missing one. */
export async function notificationOf(userId: string, notificationId: string): Promise<NotificationRecord | null> {
  return NotificationModel.findOne({ _id: notificationId, userId: new Types.ObjectId(userId) }).lean<NotificationRecord>();
}

export async function markNotificationReadAt(record: NotificationRecord, readAt: Date): Promise<void> {
  // Setting the same field twice is harmless, so no atomicity is needed here.
  await NotificationModel.updateOne({ _id: record._id, userId: record.userId }, { $set: { readAt } });
}
