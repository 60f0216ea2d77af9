import type { CaseListQuery } from '@refute/shared';
import { badRequest } from '../../http/errors';
import { CaseModel, type CaseRecord } from './model';

const OPEN_WORK = ['open', 'in_review', 'submitted', 'returned'];

/** Queue cursors are offsets: the queue reorders as cases grow, so keysets would not hold. */
const encodeOffset = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

function decodeOffset(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^o:(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badRequest('invalid_cursor', 'The cursor is not one this queue issued');
  return Number(match[1]);
}

/** The queue, most urgent first: lane, then deadline, then priority. */
export async function listQueue(query: CaseListQuery, userId: string): Promise<{ items: CaseRecord[]; nextCursor: string | null }> {
  const filter: Record<string, unknown> = { status: query.status ?? { $in: OPEN_WORK } };
  if (query.lane) filter.lane = query.lane;
  if (query.topic) filter.topic = query.topic;
  if (query.assignee) filter.assigneeIds = query.assignee === 'me' ? userId : query.assignee;
  const offset = decodeOffset(query.cursor);
  const rows = await CaseModel.find(filter)
    .sort({ laneRank: 1, deadlineAt: 1, priority: -1, _id: 1 })
    .skip(offset)
    .limit(query.limit + 1)
    .lean<CaseRecord[]>();
  const items = rows.slice(0, query.limit);
  return { items, nextCursor: rows.length > query.limit ? encodeOffset(offset + query.limit) : null };
}
