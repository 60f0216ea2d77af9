import { useEffect, useRef, useState } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { CASE_STATUSES, LANES, QUEUE_SEARCH_MAX, QUEUE_SORTS, TOPICS, hasRole } from '@refute/shared';
import { api } from '../api';
import { CaseRow } from '../components/CaseRow';
import { ErrorBanner } from '../components/ErrorBanner';
import { TopicHotspots } from '../components/TopicHotspots';
import { QueueFacets } from '../components/QueueFacets';
import { RegionPicker } from '../components/RegionPicker';
import { ListSkeleton } from '../components/Skeleton';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { queryKeys } from '../queries';
import { apiFilters, pick, queueSearchString, readQueueFilters, type QueueFilters } from '../queueFilters';
import { useWatchQueue } from '../realtime';
import { useUser } from '../session';
import { useRowKeys } from '../useRowKeys';
import '../queue.css';

const PAGE_SIZE = 50;
/** Typing pauses this long before the search is sent: one request per word, not per key. */
const SEARCH_DELAY_MS = 300;

export function QueuePage() {
  const { t, labels } = useT();
  const user = useUser();
  const [filters, setFilters] = useState<QueueFilters>(() => readQueueFilters(location.search));
  const [searchText, setSearchText] = useState(filters.q);
  const listRef = useRef<HTMLUListElement>(null);
  useWatchQueue();
  useRowKeys(listRef, '[data-testid="case-row"]');

  const request = apiFilters(filters);
  // Each filter set is a query of its own: a change of filter cancels the older request, so the
  // newest wins; the previous list stays shown (marked busy) until the new one arrives.
  const queue = useInfiniteQuery({
    queryKey: queryKeys.queue(request),
    queryFn: ({ pageParam, signal }) => api.listCases({ ...request, cursor: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  const firstPage = queue.data?.pages[0];
  const loading = queue.isFetching;
  const [dismissedError, setDismissedError] = useState<unknown>(null);
  const error = queue.error && queue.error !== dismissedError ? queue.error : null;

  // Filters live in the query string so that going back from a case restores them.
  useEffect(() => history.replaceState(history.state, '', `/queue${queueSearchString(filters)}`), [filters]);
  const change = (patch: Partial<QueueFilters>) => setFilters((previous) => ({ ...previous, ...patch }));
  const search = (q: string) => setFilters((previous) => (previous.q === q ? previous : { ...previous, q }));
  useEffect(() => {
    const timer = setTimeout(() => setFilters((previous) => (previous.q === searchText ? previous : { ...previous, q: searchText })), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [searchText]);
  const load = () => void queue.refetch();
  const loadMore = () => void queue.fetchNextPage();

  return (
    <main className="page">
      <div className="page-header">
        <h1>{t('queueTitle')}</h1>
        <button type="button" className="btn btn-ghost btn-small" onClick={load} disabled={loading}>
          {t('refresh')}
        </button>
      </div>

      {hasRole(user.roles, 'lead', 'admin') && <TopicHotspots />}

      <div className="filters">
        <label className="queue-search">
          <span>{t('queueSearch')}</span>
          <input
            type="search"
            className="input"
            data-testid="queue-search"
            value={searchText}
            maxLength={QUEUE_SEARCH_MAX}
            placeholder={t('queueSearchPlaceholder')}
            onChange={(event) => setSearchText(event.target.value)}
            onKeyDown={(event) => event.key === 'Enter' && search(searchText)}
          />
        </label>
        <FilterSelect
          label={t('queueSort')}
          testId="queue-sort"
          value={filters.sort}
          options={QUEUE_SORTS}
          optionLabel={(sort) => t(`queueSort_${sort}`)}
          onChange={(sort) => change({ sort: sort || 'urgent' })}
          withAll={false}
        />
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
        <div className="queue-region" role="group" aria-labelledby="queue-region-label">
          <span id="queue-region-label">{t('filterRegion')}</span>
          <RegionPicker id="queue-region" testId="filter-region" depth="county" value={filters.region} onChange={(region) => change({ region })} />
        </div>
        <FilterDate
          label={t('filterCreatedFrom')}
          testId="filter-created-from"
          value={filters.createdFrom}
          max={filters.createdTo}
          onChange={(createdFrom) => change({ createdFrom })}
        />
        <FilterDate label={t('filterCreatedTo')} testId="filter-created-to" value={filters.createdTo} min={filters.createdFrom} onChange={(createdTo) => change({ createdTo })} />
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

      <QueueFacets
        total={firstPage?.total ?? null}
        counts={firstPage?.counts ?? null}
        lane={filters.lane}
        status={filters.status}
        onLane={(lane) => change({ lane })}
        onStatus={(status) => change({ status })}
      />
      <p className="queue-keys muted" id="queue-keys">
        {t('queueKeysHint')}
      </p>

      <ErrorBanner message={error ? errorMessage(error, t) : null} onDismiss={() => setDismissedError(queue.error)} onRetry={load} />

      <ul className="case-list" data-testid="queue-list" aria-busy={loading} aria-describedby="queue-keys" ref={listRef}>
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

/** A queue filter by day (YYYY-MM-DD, empty for none), kept within the other end of the range. */
function FilterDate(props: { label: string; testId: string; value: string; min?: string; max?: string; onChange: (value: string) => void }) {
  return (
    <label>
      <span>{props.label}</span>
      <input
        type="date"
        className="input"
        data-testid={props.testId}
        value={props.value}
        min={props.min || undefined}
        max={props.max || undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </label>
  );
}

/** A queue filter: one of `options`, or all of them (the empty value) unless `withAll` is false. */
function FilterSelect<T extends string>(props: {
  label: string;
  testId: string;
  value: T | '';
  options: readonly T[];
  optionLabel: (option: T) => string;
  onChange: (value: T | '') => void;
  withAll?: boolean;
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
        {props.withAll !== false && <option value="">{t('filterAll')}</option>}
        {props.options.map((option) => (
          <option key={option} value={option}>
            {props.optionLabel(option)}
          </option>
        ))}
      </select>
    </label>
  );
}
