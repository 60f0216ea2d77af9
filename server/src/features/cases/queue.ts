import { COUNTRY_REGION, isQueueStatus, type CaseListQuery, type QueueCounts, type QueueSort } from '@refute/shared';
import { badRequest } from '../../http/errors';
import { isKnownRegion, isWithinRegion } from '../regions/regions';
import { engine } from '../../engine';
import { QUEUE_ROW_FIELDS, type QueueRow, type QueueScope } from '../../engine/caseReads';
import { CaseModel, type CaseRecord } from './model';
import { countQueue } from './queueCounts';
import { searchPattern } from '../../text/searchPattern';
import { casesMatching } from './queueSearch';

/** Queue cursors are offsets: the queue reorders as cases grow, so keysets would not hold. */
const encodeOffset = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

function decodeOffset(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^o:(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badRequest('invalid_cursor', 'The cursor is not one this queue issued');
  return Number(match[1]);
}

type OrderField = 'laneRank' | 'deadlineAt' | 'priority' | 'reach' | 'openedAt' | '_id';

/** Each order ends on _id so that pages never skip or repeat a case; model.ts indexes each. */
const QUEUE_ORDERS: Record<QueueSort, Partial<Record<OrderField, 1 | -1>>> = {
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

/** A value of an order's field as a number or string that compares like MongoDB's sort. */
function sortKey(row: QueueRow, field: OrderField): number | string {
  const value = row[field];
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  // ObjectIds order as their hex strings do.
  return String(value);
}

/** The rows in `order`: each row's keys are computed once, not at every comparison. */
function ordered(rows: readonly QueueRow[], order: Partial<Record<OrderField, 1 | -1>>): QueueRow[] {
  const fields = Object.entries(order) as Array<[OrderField, 1 | -1]>;
  const keyed = rows.map((row) => ({ row, keys: fields.map(([field]) => sortKey(row, field)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < fields.length; i += 1) {
      const x = a.keys[i]!;
      const y = b.keys[i]!;
      if (x !== y) return (x < y ? -1 : 1) * fields[i]![1];
    }
    return 0;
  });
  return keyed.map(({ row }) => row);
}

/** The filters that the counts share with the list: all but lane and status. */
function scopeOf(query: CaseListQuery, userId: string): QueueScope {
  const scope: QueueScope = {};
  if (query.topic) scope.topic = query.topic;
  if (query.assignee) scope.assigneeIds = query.assignee === 'me' ? userId : query.assignee;
  return scope;
}

const DAY_MS = 86_400_000;

/**
 * The region and opening-day filters (the insight dashboard's drill-down), applied to the rows
 * read by the equality filters: a region holds the regions within it, which no single equality
 * on a case's own region gives; null when neither is asked for.
 */
function narrowing(query: CaseListQuery): ((row: QueueRow) => boolean) | null {
  const { region, createdFrom, createdTo } = query;
  if (region && !isKnownRegion(region)) throw badRequest('unknown_region', 'No region has that code');
  const wholeCountry = !region || region === COUNTRY_REGION;
  if (wholeCountry && !createdFrom && !createdTo) return null;
  const fromMs = createdFrom ? Date.parse(`${createdFrom}T00:00:00Z`) : -Infinity;
  const toMs = createdTo ? Date.parse(`${createdTo}T00:00:00Z`) + DAY_MS : Infinity;
  return (row) => {
    const opened = row.openedAt.getTime();
    return opened >= fromMs && opened < toMs && (wholeCountry || isWithinRegion(row.region ?? '', region));
  };
}

/**
 * The queue: active work unless a status is asked for, filtered, searched and ordered. The
 * active cases in scope are read once, as rows (server/src/engine/ says how on each engine), and
 * give the list, the search, the total and the counts; only the page's cases are read whole.
 */
export async function listQueue(query: CaseListQuery, userId: string): Promise<QueuePage> {
  const offset = decodeOffset(query.cursor);
  const scope = scopeOf(query, userId);
  const narrow = narrowing(query);
  const cases = engine().cases;

  const activeInScope = await cases.activeRows(scope);
  const active = narrow ? activeInScope.filter(narrow) : activeInScope;
  // A status outside the active queue (published, merged) is listed from its own rows.
  const inActive = query.status === undefined || isQueueStatus(query.status);
  const otherRows = inActive ? [] : await CaseModel.find({ status: query.status, ...scope, ...(query.lane ? { lane: query.lane } : {}) }, QUEUE_ROW_FIELDS).lean<QueueRow[]>();
  const listedRows = inActive
    ? active.filter((row) => (!query.status || row.status === query.status) && (!query.lane || row.lane === query.lane))
    : narrow
      ? otherRows.filter(narrow)
      : otherRows;

  const matched = query.q ? await casesMatching(inActive ? active : [...active, ...listedRows], searchPattern(query.q)) : null;
  const isMatch = (row: QueueRow) => matched === null || matched.has(String(row._id));
  const shown = listedRows.filter(isMatch);
  const counts = countQueue(active.filter(isMatch), { lane: query.lane, status: query.status });
  const page = ordered(shown, QUEUE_ORDERS[query.sort]).slice(offset, offset + query.limit + 1);
  const items = await cases.byIds(page.slice(0, query.limit).map((row) => row._id));
  return { items, nextCursor: page.length > query.limit ? encodeOffset(offset + query.limit) : null, total: shown.length, counts };
}
