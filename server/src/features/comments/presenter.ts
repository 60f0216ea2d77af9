import type { CommentView } from '@refute/shared';
import type { CommentRecord } from './model';

export function presentComment(record: CommentRecord): CommentView {
  return {
    id: String(record._id),
    caseId: String(record.caseId),
    author: { id: String(record.authorId), name: record.authorName },
    body: record.body,
    mentions: record.mentions.map((mention) => ({ id: String(mention.userId), name: mention.name })),
    createdAt: record.createdAt.toISOString(),
  };
}
