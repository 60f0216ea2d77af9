import { useCallback, useEffect, useRef, useState } from 'react';
import { CASE_STATUSES, LANES, TOPICS, type CaseStatus, type CaseSummary, type Lane, type Topic } from '@refute/shared';
import { api } from '../api';
import { CaseRow } from '../components/CaseRow';
import { ErrorBanner } from '../components/ErrorBanner';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { useCaseUpdates, useResyncAfterReconnect } from '../realtime';
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
  const [items, setItems] = useState<CaseSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const fetchPage = useCallback(
    (cursor: string | null) =>
      api.listCases({
        status: filters.status,
        lane: filters.lane,
        topic: filters.topic,
        assignee: filters.mine ? 'me' : '',
        cursor,
        limit: PAGE_SIZE,
      }),
    [filters],
  );

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const page = await fetchPage(null);
      setItems(page.items);
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  }, [fetchPage]);

  // New reports, cases, claims and status changes arrive live; a burst of them is one reload.
  const reloadTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useCaseUpdates(() => {
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(() => void load(), 300);
  }, true);
  // Back from a drop: whatever changed meanwhile is read again.
  useResyncAfterReconnect(() => void load());

  useEffect(() => {
    writeFilters(filters);
    void load();
  }, [filters, load]);

  const loadMore = async () => {
    if (!nextCursor) return;
    setLoading(true);
    try {
      const page = await fetchPage(nextCursor);
      setItems((previous) => [...previous, ...page.items]);
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  };

  const change = (patch: Partial<Filters>) => setFilters((previous) => ({ ...previous, ...patch }));

  return (
    <main className="page">
      <div className="page-header">
        <h1>{t('queueTitle')}</h1>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void load()} disabled={loading}>
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

      <ErrorBanner message={error ? errorMessage(error, t) : null} onDismiss={() => setError(null)} />

      <ul className="case-list" data-testid="queue-list" aria-busy={loading}>
        {items.map((item) => (
          <CaseRow key={item.id} item={item} mine={item.assignees.includes(user.id)} />
        ))}
      </ul>
      {!loading && !error && items.length === 0 && <p className="empty">{t('queueEmpty')}</p>}
      {loading && items.length === 0 && <p className="empty">{t('loading')}</p>}
      {nextCursor && (
        <div className="load-more">
          <button type="button" className="btn btn-ghost" onClick={() => void loadMore()} disabled={loading}>
            {loading ? t('loading') : t('loadMore')}
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
