import type { Types } from 'mongoose';
import type { FeedQuery } from '@refute/shared';
import { badRequest } from '../../http/errors';
import { PublicationModel, type PublicationRecord } from './model';

export async function findPublication(id: Types.ObjectId | string): Promise<PublicationRecord | null> {
  return PublicationModel.findById(id).lean<PublicationRecord>();
}

export async function findPublicationBySlug(slug: string): Promise<PublicationRecord | null> {
  return PublicationModel.findOne({ slug }).lean<PublicationRecord>();
}

/** Feed cursors point at the last item seen: (publishedAt, _id), newest first. */
interface FeedCursor {
  publishedAt: Date;
  id: string;
}

export function encodeFeedCursor(record: Pick<PublicationRecord, 'publishedAt' | '_id'>): string {
  return Buffer.from(`${record.publishedAt.getTime()}:${String(record._id)}`).toString('base64url');
}

export function decodeFeedCursor(cursor: string): FeedCursor {
  const match = /^(\d{1,15}):([0-9a-f]{24})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badRequest('invalid_cursor', 'The cursor is not one this feed issued');
  return { publishedAt: new Date(Number(match[1])), id: match[2]! };
}

/**
 * One page of the feed. Keyset pagination on (publishedAt, _id) keeps the order stable: items
 * published while a client pages appear before its cursor, so none is skipped or repeated.
 */
export async function feedPage(query: FeedQuery): Promise<{ items: PublicationRecord[]; nextCursor: string | null }> {
  const filter: Record<string, unknown> = {};
  if (query.topic) filter.topic = query.topic;
  if (query.verdict) filter.verdict = query.verdict;
  if (query.lang) filter.language = query.lang;
  const conditions: Record<string, unknown>[] = [];
  if (query.since) conditions.push({ publishedAt: { $gte: new Date(query.since) } });
  if (query.cursor) {
    const cursor = decodeFeedCursor(query.cursor);
    conditions.push({
      $or: [
        { publishedAt: { $lt: cursor.publishedAt } },
        { publishedAt: cursor.publishedAt, _id: { $lt: cursor.id } },
      ],
    });
  }
  if (conditions.length > 0) filter.$and = conditions;
  const rows = await PublicationModel.find(filter)
    .sort({ publishedAt: -1, _id: -1 })
    .limit(query.limit + 1)
    .lean<PublicationRecord[]>();
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeFeedCursor(last) : null };
}
