import { useState } from 'react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { CLAIM_STATUSES, type ClaimStatus } from '@refute/shared';
import { api } from '../../api';
import { errorMessage } from '../../errors';
import { useT } from '../../i18n';
import { regionLabel, useRegions } from '../../regions';
import { usePlatformReportChanges } from '../../realtime';
import { VerdictBadge } from '../Badges';
import { ErrorBanner } from '../ErrorBanner';
import { RelativeTime } from '../RelativeTime';
import { ListSkeleton } from '../Skeleton';

/** A safety net under the live updates: the list is read again this often while shown. */
const REFRESH_MS = 60_000;

/** Every report of the moderator's platform, with what became of it. */
export function OurReports({ orgId }: { orgId: string }) {
  const { t, lang } = useT();
  const regions = useRegions();
  const [status, setStatus] = useState<ClaimStatus | ''>('');
  const [search, setSearch] = useState('');
  const q = search.trim();
  const client = useQueryClient();
  // A reviewer's work on a case holding these reports shows up at once.
  usePlatformReportChanges(() => client.invalidateQueries({ queryKey: ['platform', 'reports'] }));
  const reports = useInfiniteQuery({
    queryKey: ['platform', 'reports', orgId, status, q],
    queryFn: ({ pageParam, signal }) => api.platformReports({ status, q, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval: REFRESH_MS,
  });
  const items = reports.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="panel our-reports" aria-labelledby="our-reports-title">
      <h2 id="our-reports-title">{t('ourReportsTitle')}</h2>
      <div className="filters">
        <label>
          <span>{t('filterStatus')}</span>
          <select className="input" data-testid="our-reports-status" value={status} onChange={(event) => setStatus(event.target.value as ClaimStatus | '')}>
            <option value="">{t('filterAll')}</option>
            {CLAIM_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`claimStatus_${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('queueSearch')}</span>
          <input className="input" type="search" maxLength={100} data-testid="our-reports-search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
      </div>
      <ErrorBanner message={reports.error ? errorMessage(reports.error, t) : null} onRetry={() => void reports.refetch()} />
      {reports.isPending && <ListSkeleton />}
      <ul className="report-list" data-testid="our-reports">
        {items.map((item) => (
          <li key={item.id} className="report-row" data-testid="our-report" data-status={item.status}>
            <p className="report-text">{item.text}</p>
            <p className="muted">
              <span className={`badge status claim-${item.status}`}>{t(`claimStatus_${item.status}`)}</span>{' '}
              {item.verdict && <VerdictBadge verdict={item.verdict} />} <RelativeTime iso={item.reportedAt} />{' '}
              {item.region && <span title={t('region')}>{regionLabel(regions, item.region, lang)} </span>}
              {item.publication && (
                <a href={item.publication.url} target="_blank" rel="noopener noreferrer">
                  {item.publication.headline}
                </a>
              )}
            </p>
          </li>
        ))}
      </ul>
      {!reports.isPending && items.length === 0 && <p className="empty">{t('ourReportsEmpty')}</p>}
      {reports.hasNextPage && (
        <button type="button" className="btn btn-ghost" onClick={() => void reports.fetchNextPage()} disabled={reports.isFetching}>
          {t('loadMore')}
        </button>
      )}
    </section>
  );
}
