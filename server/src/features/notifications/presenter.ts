import type { NotificationView } from '@refute/shared';
import type { NotificationRecord } from './model';

export function presentNotification(record: NotificationRecord): NotificationView {
  return {
    id: String(record._id),
    kind: record.kind,
    caseId: record.caseId ? String(record.caseId) : null,
    caseTitle: record.caseTitle,
    actor: { id: String(record.actorId), name: record.actorName },
    excerpt: record.excerpt ?? null,
    createdAt: record.createdAt.toISOString(),
    read: record.readAt !== null && record.readAt !== undefined,
  };
}
