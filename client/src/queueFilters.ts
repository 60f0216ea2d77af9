/**
 * The queue's filters, search and order, kept in the query string so that going back from a
 * case (or sharing the link) shows the same queue.
 */
import { CASE_STATUSES, LANES, QUEUE_SEARCH_MAX, QUEUE_SORTS, TOPICS, type CaseStatus, type Lane, type QueueSort, type Topic } from '@refute/shared';
import type { CaseFilters } from './api';

export interface QueueFilters {
  status: CaseStatus | '';
  lane: Lane | '';
  topic: Topic | '';
  /** A GB/T 2260 code (its regions within it included), or '' for all. */
  region: string;
  /** UTC days the cases were opened from and to (both included), or ''. */
  createdFrom: string;
  createdTo: string;
  mine: boolean;
  q: string;
  sort: QueueSort;
}

export const DEFAULT_SORT: QueueSort = 'urgent';
const NO_FILTERS: QueueFilters = { status: '', lane: '', topic: '', region: '', createdFrom: '', createdTo: '', mine: false, q: '', sort: DEFAULT_SORT };
const REGION = /^(CN|\d{6})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const matching = (pattern: RegExp, value: string | null) => (value !== null && pattern.test(value) ? value : '');

export function pick<T extends string>(allowed: readonly T[], value: string | null): T | '' {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : '';
}

/** Reads the filters from a query string; anything unknown falls back to "all". */
export function readQueueFilters(search: string): QueueFilters {
  const params = new URLSearchParams(search);
  return {
    status: pick(CASE_STATUSES, params.get('status')),
    lane: pick(LANES, params.get('lane')),
    topic: pick(TOPICS, params.get('topic')),
    region: matching(REGION, params.get('region')),
    createdFrom: matching(DAY, params.get('createdFrom')),
    createdTo: matching(DAY, params.get('createdTo')),
    mine: params.get('assignee') === 'me',
    q: (params.get('q') ?? '').slice(0, QUEUE_SEARCH_MAX),
    sort: pick(QUEUE_SORTS, params.get('sort')) || DEFAULT_SORT,
  };
}

/** The query string for the filters, leaving out what is at its default. */
export function queueSearchString(filters: QueueFilters): string {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (filters.status) params.set('status', filters.status);
  if (filters.lane) params.set('lane', filters.lane);
  if (filters.topic) params.set('topic', filters.topic);
  if (filters.region) params.set('region', filters.region);
  if (filters.createdFrom) params.set('createdFrom', filters.createdFrom);
  if (filters.createdTo) params.set('createdTo', filters.createdTo);
  if (filters.mine) params.set('assignee', 'me');
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The request's filters: one query (and cache entry) per distinct set. */
export function apiFilters(filters: QueueFilters): CaseFilters {
  return {
    status: filters.status,
    lane: filters.lane,
    topic: filters.topic,
    region: filters.region,
    createdFrom: filters.createdFrom,
    createdTo: filters.createdTo,
    assignee: filters.mine ? 'me' : '',
    q: filters.q.trim(),
    sort: filters.sort,
  };
}

/** The queue's address with these filters (the rest at their defaults): the dashboard's drill-downs. */
export function queueUrl(filters: Partial<QueueFilters>): string {
  return `/queue${queueSearchString({ ...NO_FILTERS, ...filters })}`;
}
