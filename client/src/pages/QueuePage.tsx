import { useEffect, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { CASE_STATUSES, LANES, TOPICS, type CaseStatus, type Lane, type Topic } from '@refute/shared';
import { api } from '../api';
import { CaseRow } from '../components/CaseRow';
import { ErrorBanner } from '../components/ErrorBanner';
import { ListSkeleton } from '../components/Skeleton';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { queryKeys } from '../queries';
import { useWatchQueue } from '../realtime';
import { useUser } from '../session';

interface Filters {
  status: CaseStatus | '';
  lane: Lane | '';
  topic: Topic | '';
  mine: boolean;
}

const PAGE_SIZE = 50;

function pick<T extends string>(allowed: readonly T[], value: string | null): T | '' {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : '';
}

// Filters live in the query string so that going back from a case restores them.
function readFilters(): Filters {
  const params = new URLSearchParams(location.search);
  return {
    status: pick(CASE_STATUSES, params.get('status')),
    lane: pick(LANES, params.get('lane')),
    topic: pick(TOPICS, params.get('topic')),
    mine: params.get('assignee') === 'me',
  };
}

function writeFilters(filters: Filters): void {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.lane) params.set('lane', filters.lane);
  if (filters.topic) params.set('topic', filters.topic);
  if (filters.mine) params.set('assignee', 'me');
  const search = params.toString();
  history.replaceState(null, '', search ? `/queue?${search}` : '/queue');
}

export function QueuePage() {
  const { t, labels } = useT();
  const user = useUser();
  const [filters, setFilters] = useState<Filters>(readFilters);
  useWatchQueue();

  const apiFilters = { status: filters.status, lane: filters.lane, topic: filters.topic, assignee: filters.mine ? ('me' as const) : ('' as const) };
  // Each filter set is a query of its own: a change of filter cancels the older request, so the newest wins.
  const queue = useInfiniteQuery({
    queryKey: queryKeys.queue(apiFilters),
    queryFn: ({ pageParam, signal }) => api.listCases({ ...apiFilters, cursor: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  const loading = queue.isFetching;
  const [dismissedError, setDismissedError] = useState<unknown>(null);
  const error = queue.error && queue.error !== dismissedError ? queue.error : null;

  useEffect(() => writeFilters(filters), [filters]);
  const load = () => void queue.refetch();
  const loadMore = () => void queue.fetchNextPage();

  const change = (patch: Partial<Filters>) => setFilters((previous) => ({ ...previous, ...patch }));

  return (
    <main className="page">
      <div className="page-header">
        <h1>{t('queueTitle')}</h1>
        <button type="button" className="btn btn-ghost btn-small" onClick={load} disabled={loading}>
          {t('refresh')}
        </button>
      </div>

      <div className="filters">
        <FilterSelect
          label={t('filterStatus')}
          testId="filter-status"
          value={filters.status}
          options={CASE_STATUSES}
          optionLabel={(status) => labels.status[status]}
          onChange={(status) => change({ status })}
        />
        <FilterSelect
          label={t('filterLane')}
          testId="filter-lane"
          value={filters.lane}
          options={LANES}
          optionLabel={(lane) => labels.lane[lane]}
          onChange={(lane) => change({ lane })}
        />
        <FilterSelect
          label={t('filterTopic')}
          testId="filter-topic"
          value={filters.topic}
          options={TOPICS}
          optionLabel={(topic) => labels.topic[topic]}
          onChange={(topic) => change({ topic })}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="filter-mine"
            checked={filters.mine}
            onChange={(event) => change({ mine: event.target.checked })}
          />
          <span>{t('filterMine')}</span>
        </label>
      </div>

      <ErrorBanner message={error ? errorMessage(error, t) : null} onDismiss={() => setDismissedError(queue.error)} onRetry={load} />

      <ul className="case-list" data-testid="queue-list" aria-busy={loading}>
        {items.map((item) => (
          <CaseRow key={item.id} item={item} mine={item.assignees.includes(user.id)} />
        ))}
      </ul>
      {!loading && !error && items.length === 0 && <p className="empty">{t('queueEmpty')}</p>}
      {queue.isPending && <ListSkeleton testId="queue-loading" />}
      {queue.hasNextPage && (
        <div className="load-more">
          <button type="button" className="btn btn-ghost" onClick={loadMore} disabled={loading}>
            {queue.isFetchingNextPage ? t('loading') : t('loadMore')}
          </button>
        </div>
      )}
    </main>
  );
}

/** A queue filter: one of `options`, or all of them (the empty value). */
function FilterSelect<T extends string>(props: {
  label: string;
  testId: string;
  value: T | '';
  options: readonly T[];
  optionLabel: (option: T) => string;
  onChange: (value: T | '') => void;
}) {
  const { t } = useT();
  return (
    <label>
      <span>{props.label}</span>
      <select
        className="input"
        data-testid={props.testId}
        value={props.value}
        onChange={(event) => props.onChange(pick(props.options, event.target.value))}
      >
        <option value="">{t('filterAll')}</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {props.optionLabel(option)}
          </option>
        ))}
      </select>
    </label>
  );
}
