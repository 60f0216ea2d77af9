import { isQueueStatus, type CaseListQuery, type QueueCounts, type QueueSort } from '@refute/shared';
import { badRequest } from '../../http/errors';
import { CaseModel, type CaseRecord } from './model';
import { countQueue, type Facets } from './queueCounts';
import { searchPattern } from '../../text/searchPattern';
import { casesMatching, type Searchable } from './queueSearch';

/** Queue cursors are offsets: the queue reorders as cases grow, so keysets would not hold. */
const encodeOffset = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

function decodeOffset(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^o:(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badRequest('invalid_cursor', 'The cursor is not one this queue issued');
  return Number(match[1]);
}

/** Each order ends on _id so that pages never skip or repeat a case; model.ts indexes each. */
const QUEUE_ORDERS: Record<QueueSort, Record<string, 1 | -1>> = {
  urgent: { laneRank: 1, deadlineAt: 1, priority: -1, _id: 1 },
  deadline: { deadlineAt: 1, _id: 1 },
  priority: { priority: -1, deadlineAt: 1, _id: 1 },
  reach: { reach: -1, _id: 1 },
  newest: { openedAt: -1, _id: -1 },
};

export interface QueuePage {
  items: CaseRecord[];
  nextCursor: string | null;
  total: number;
  counts: QueueCounts;
}

type Row = Searchable & Facets;

/** The filters that the counts share with the list: all but lane and status. */
function scopeOf(query: CaseListQuery, userId: string): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  if (query.topic) scope.topic = query.topic;
  if (query.assignee) scope.assigneeIds = query.assignee === 'me' ? userId : query.assignee;
  return scope;
}

/**
 * The queue: active work unless a status is asked for, filtered, searched and ordered. Every
 * filter is a top-level equality (the local engine pushes those down); the active cases'
 * lanes, statuses and titles are read once and give the search, the total and the counts.
 */
export async function listQueue(query: CaseListQuery, userId: string): Promise<QueuePage> {
  const offset = decodeOffset(query.cursor);
  const scope = scopeOf(query, userId);
  const base = query.status ? { status: query.status } : { queueActive: true };
  const listed = { ...base, ...scope, ...(query.lane ? { lane: query.lane } : {}) };

  const active = await CaseModel.find({ queueActive: true, ...scope }, { lane: 1, status: 1, title: 1 }).lean<Row[]>();
  // A status outside the active queue (published, merged) is listed from its own rows.
  const inActive = query.status === undefined || isQueueStatus(query.status);
  const listedRows = inActive
    ? active.filter((row) => (!query.status || row.status === query.status) && (!query.lane || row.lane === query.lane))
    : await CaseModel.find(listed, { lane: 1, status: 1, title: 1 }).lean<Row[]>();

  const matched = query.q ? await casesMatching(inActive ? active : [...active, ...listedRows], searchPattern(query.q)) : null;
  const isMatch = (row: Row) => matched === null || matched.has(String(row._id));
  const total = listedRows.filter(isMatch).length;
  const counts = countQueue(active.filter(isMatch), { lane: query.lane, status: query.status });
  if (total === 0) return { items: [], nextCursor: null, total, counts };

  const filter = matched === null ? listed : { ...listed, _id: { $in: [...matched] } };
  const rows = await CaseModel.find(filter)
    .sort(QUEUE_ORDERS[query.sort])
    .skip(offset)
    .limit(query.limit + 1)
    .lean<CaseRecord[]>();
  const items = rows.slice(0, query.limit);
  return { items, nextCursor: rows.length > query.limit ? encodeOffset(offset + query.limit) : null, total, counts };
}
