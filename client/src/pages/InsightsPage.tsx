/**
 * The insight dashboard (/insights, leads and admins): what is reported where, how fast the
 * response is against the lane deadlines, who carries the work. The range, topic and time
 * granularity live in the query string, so a link or the back button shows the same view.
 */
import { useQuery } from '@tanstack/react-query';
import { INSIGHTS_DEFAULT_DAYS, TOPICS, type InsightsQuery, type Topic } from '@refute/shared';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { CaseExportButton } from '../components/insights/CaseExportButton';
import { BreakdownCharts, DeadlineTrendChart, TimeChart, VerdictChart } from '../components/insights/InsightsCharts';
import { DeadlinesByOrg, HotspotList, RankingTable, RegionTable, ResponseSection, WorkloadSection } from '../components/insights/InsightsTables';
import { PageSkeleton } from '../components/Skeleton';
import { errorMessage } from '../errors';
import { percent } from '../format';
import { useT } from '../i18n';
import { GRANULARITIES, periodDays, type Granularity } from '../insights/series';
import { queryKeys } from '../queries';
import { pick, queueUrl } from '../queueFilters';
import { navigate, useSearch } from '../router';
import { useSession } from '../session';

const DAY_MS = 86_400_000;
const PRESETS = [7, 30, 90] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const daysBack = (count: number) => ({ from: dayOf(Date.now() - (count - 1) * DAY_MS), to: dayOf(Date.now()) });

interface View {
  from: string;
  to: string;
  topic: Topic | '';
  granularity: Granularity;
}

function readView(search: string): View {
  const params = new URLSearchParams(search);
  const fallback = daysBack(INSIGHTS_DEFAULT_DAYS);
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    from: DAY.test(from) ? from : fallback.from,
    to: DAY.test(to) ? to : fallback.to,
    topic: pick(TOPICS, params.get('topic')),
    granularity: pick(GRANULARITIES, params.get('by')) || 'day',
  };
}

function viewSearch(view: View): string {
  const params = new URLSearchParams({ from: view.from, to: view.to });
  if (view.topic) params.set('topic', view.topic);
  if (view.granularity !== 'day') params.set('by', view.granularity);
  return `?${params.toString()}`;
}

export function InsightsPage() {
  const { t, labels, lang } = useT();
  const { user } = useSession();
  const view = readView(useSearch());
  const change = (patch: Partial<View>) => navigate(`/insights${viewSearch({ ...view, ...patch })}`);
  const filters: InsightsQuery = { from: view.from, to: view.to, ...(view.topic ? { topic: view.topic } : {}) };
  const { data, error, isPending } = useQuery({ queryKey: queryKeys.insights(filters), queryFn: ({ signal }) => api.insightsSummary(filters, signal) });

  /** A click on a period of the time chart opens the cases opened in it. */
  const openPeriod = (label: string) => {
    const days = periodDays(label, view.granularity, view);
    navigate(queueUrl({ createdFrom: days.from, createdTo: days.to, topic: view.topic }));
  };

  const published = data?.cases.published ?? 0;
  const deadlines = (data?.days ?? []).flatMap((day) => Object.values(day.deadlines));
  const met = deadlines.reduce((sum, lane) => sum + lane.met, 0);
  const due = deadlines.reduce((sum, lane) => sum + lane.met + lane.missed, 0);
  return (
    <main className="page insights-page" data-testid="insights-page">
      <div className="page-header">
        <h1>{t('insightsTitle')}</h1>
        <div className="insight-actions no-print">
          <CaseExportButton filters={filters} />
          <button type="button" className="btn btn-ghost btn-small" onClick={() => window.print()}>
            {t('insightsPrint')}
          </button>
        </div>
      </div>
      <div className="filters insight-filters no-print">
        <div className="insight-presets" role="group" aria-label={t('insightsFrom')}>
          {PRESETS.map((count) => (
            <button key={count} type="button" className="btn btn-ghost btn-small" data-testid={`range-${count}`} onClick={() => change(daysBack(count))}>
              {t('insightsLastDays', { count })}
            </button>
          ))}
        </div>
        <label>
          <span>{t('insightsFrom')}</span>
          <input type="date" className="input" data-testid="range-from" value={view.from} max={view.to} onChange={(event) => DAY.test(event.target.value) && change({ from: event.target.value })} />
        </label>
        <label>
          <span>{t('insightsTo')}</span>
          <input type="date" className="input" data-testid="range-to" value={view.to} min={view.from} onChange={(event) => DAY.test(event.target.value) && change({ to: event.target.value })} />
        </label>
        <label>
          <span>{t('filterTopic')}</span>
          <select className="input" data-testid="insights-topic" value={view.topic} onChange={(event) => change({ topic: pick(TOPICS, event.target.value) })}>
            <option value="">{t('insightsAllTopics')}</option>
            {TOPICS.map((topic) => (
              <option key={topic} value={topic}>
                {labels.topic[topic]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('insightsGranularity')}</span>
          <select className="input" data-testid="insights-granularity" value={view.granularity} onChange={(event) => change({ granularity: pick(GRANULARITIES, event.target.value) || 'day' })}>
            {GRANULARITIES.map((granularity) => (
              <option key={granularity} value={granularity}>
                {t(`insightsGranularity_${granularity}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <ErrorBanner message={errorMessage(error, t)} />}
      {isPending && !error && <PageSkeleton />}
      {data && user && (
        <>
          <p className="muted" data-testid="insights-scope">
            {t('insightsScope', { org: data.names[data.scope.orgId]?.[lang] ?? '', from: data.scope.from, to: data.scope.to })}
            {data.scope.topic ? ` · ${labels.topic[data.scope.topic]}` : ''}
          </p>
          <dl className="insight-kpis">
            <div>
              <dt>{t('insightsReports')}</dt>
              <dd data-testid="kpi-reports">{data.reports.total}</dd>
            </div>
            <div>
              <dt>{t('insightsOpened')}</dt>
              <dd data-testid="kpi-opened">{data.cases.opened}</dd>
            </div>
            <div>
              <dt>{t('insightsPublished')}</dt>
              <dd data-testid="kpi-published">{published}</dd>
            </div>
            <div>
              <dt>{t('insightsDeadlinesMet')}</dt>
              <dd>{due === 0 ? '–' : percent(met / due, lang)}</dd>
            </div>
          </dl>
          <TimeChart summary={data} granularity={view.granularity} onPeriod={openPeriod} />
          <BreakdownCharts summary={data} />
          <VerdictChart summary={data} />
          <RankingTable summary={data} />
          <HotspotList summary={data} />
          <ResponseSection summary={data} />
          <div className="insight-grid">
            <DeadlineTrendChart summary={data} granularity={view.granularity} />
            <DeadlinesByOrg summary={data} />
          </div>
          <RegionTable summary={data} />
          <WorkloadSection summary={data} />
        </>
      )}
    </main>
  );
}

