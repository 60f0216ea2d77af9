import { useCallback, useEffect, useState } from 'react';
import { CASE_STATUSES, LANES, TOPICS, type CaseSummary } from '@refute/shared';
import { api, type CaseFilters } from '../api';
import { CaseRow } from '../components/CaseRow';
import { ErrorBanner } from '../components/ErrorBanner';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { useUser } from '../session';

interface Filters {
  status: CaseFilters['status'];
  lane: CaseFilters['lane'];
  topic: CaseFilters['topic'];
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
        <label>
          <span>{t('filterStatus')}</span>
          <select
            className="input"
            data-testid="filter-status"
            value={filters.status}
            onChange={(event) => change({ status: pick(CASE_STATUSES, event.target.value) })}
          >
            <option value="">{t('filterAll')}</option>
            {CASE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {labels.status[status]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('filterLane')}</span>
          <select
            className="input"
            data-testid="filter-lane"
            value={filters.lane}
            onChange={(event) => change({ lane: pick(LANES, event.target.value) })}
          >
            <option value="">{t('filterAll')}</option>
            {LANES.map((lane) => (
              <option key={lane} value={lane}>
                {labels.lane[lane]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('filterTopic')}</span>
          <select
            className="input"
            data-testid="filter-topic"
            value={filters.topic}
            onChange={(event) => change({ topic: pick(TOPICS, event.target.value) })}
          >
            <option value="">{t('filterAll')}</option>
            {TOPICS.map((topic) => (
              <option key={topic} value={topic}>
                {labels.topic[topic]}
              </option>
            ))}
          </select>
        </label>
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
