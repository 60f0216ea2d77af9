/**
 * The monthly ranking (辟谣榜, /insights/ranking?month=): the most reported published rumors of
 * a month in the viewer's region, overall and per topic, each with its verdict and public page;
 * printable and downloadable as CSV.
 */
import { useQuery } from '@tanstack/react-query';
import { COUNTRY_REGION, TOPICS, type InsightsRanking } from '@refute/shared';
import { api } from '../api';
import { VerdictBadge } from '../components/Badges';
import { ErrorBanner } from '../components/ErrorBanner';
import { CsvButton } from '../components/insights/CsvButton';
import { Link } from '../components/Link';
import { PageSkeleton } from '../components/Skeleton';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { queryKeys } from '../queries';
import { navigate, useSearch } from '../router';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The public feed of the scope's rankings (the country's when the scope is national), in the page's language. */
function rankingFeedUrl(format: 'atom' | 'json', region: string, lang: string): string {
  const params = new URLSearchParams({ ...(region === COUNTRY_REGION ? {} : { region }), lang });
  return `/ranking.${format}?${params.toString()}`;
}

function Entries({ entries }: { entries: InsightsRanking['overall'] }) {
  const { t, labels } = useT();
  return (
    <ol className="insight-ranking">
      {entries.map((entry) => (
        <li key={entry.caseId} data-testid="ranking-entry">
          <VerdictBadge verdict={entry.verdict} /> <Link to={`/cases/${encodeURIComponent(entry.caseId)}`}>{entry.headline}</Link>{' '}
          <span className="muted">
            {labels.topic[entry.topic]} · {t('insightsReports')} {entry.reports}
          </span>{' '}
          <a href={entry.url} target="_blank" rel="noopener noreferrer">
            {t('insightsPublicPage')} ↗
          </a>
        </li>
      ))}
    </ol>
  );
}

export function RankingPage() {
  const { t, labels, lang } = useT();
  const requested = new URLSearchParams(useSearch()).get('month') ?? '';
  const month = MONTH.test(requested) ? requested : new Date().toISOString().slice(0, 7);
  const { data, error, isPending } = useQuery({ queryKey: queryKeys.insightsRanking(month), queryFn: ({ signal }) => api.insightsRanking(month, signal) });
  const rows = data ? [...data.overall.map((entry, i) => [t('rankingOverall'), i + 1, entry.headline, labels.verdict[entry.verdict], entry.reports, entry.url] as const), ...TOPICS.flatMap((topic) => (data.byTopic[topic] ?? []).map((entry, i) => [labels.topic[topic], i + 1, entry.headline, labels.verdict[entry.verdict], entry.reports, entry.url] as const))] : [];
  return (
    <main className="page insights-page" data-testid="ranking-page">
      <div className="page-header">
        <h1>{t('rankingTitle')}</h1>
        <div className="insight-actions no-print">
          <label>
            <span className="visually-hidden">{t('rankingMonth')}</span>
            <input type="month" className="input input-small" data-testid="ranking-month" value={month} onChange={(event) => MONTH.test(event.target.value) && navigate(`/insights/ranking?month=${event.target.value}`)} />
          </label>
          <CsvButton name={`ranking-${month}`} header={[t('filterTopic'), t('insightsRank'), t('insightsHeadline'), 'verdict', t('insightsReports'), 'url']} rows={rows} />
          <a className="btn btn-ghost btn-small" data-testid="report-open" href={`/api/v1/insights/report?month=${month}&lang=${lang}`} target="_blank" rel="noopener">
            {t('reportOpen')}
          </a>
          <a className="btn btn-ghost btn-small" data-testid="report-pdf" href={`/api/v1/insights/report.pdf?month=${month}&lang=${lang}`} download>
            {t('reportPdf')}
          </a>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => window.print()}>
            {t('insightsPrint')}
          </button>
        </div>
      </div>
      {error && <ErrorBanner message={errorMessage(error, t)} />}
      {isPending && !error && <PageSkeleton />}
      {data && (
        <>
          <p className="muted">{t('rankingScope', { org: data.names[data.scope.orgId]?.[lang] ?? '', month: data.month })}</p>
          <p className="muted no-print">
            {t('rankingFeeds')}: <a href={rankingFeedUrl('atom', data.scope.region, lang)}>Atom</a> · <a href={rankingFeedUrl('json', data.scope.region, lang)}>JSON Feed</a>
          </p>
          <section className="panel insight-section" data-testid="ranking-overall">
            <h2>{t('rankingOverall')}</h2>
            {data.overall.length === 0 ? <p className="empty">{t('insightsNone')}</p> : <Entries entries={data.overall} />}
          </section>
          <div className="insight-grid">
            {TOPICS.filter((topic) => data.byTopic[topic]?.length).map((topic) => (
              <section key={topic} className="panel insight-section">
                <h2>{labels.topic[topic]}</h2>
                <Entries entries={data.byTopic[topic]!} />
              </section>
            ))}
          </div>
        </>
      )}
    </main>
  );
}
