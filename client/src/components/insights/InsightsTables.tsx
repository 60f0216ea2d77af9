/**
 * The dashboard's tables: response times, deadlines per organisation, workload, regions, the
 * ranking (辟谣榜) and hotspots. Each table can be downloaded as CSV.
 */
import { useMemo, useState } from 'react';
import { LANES, type InsightsSummary } from '@refute/shared';
import { durationText, percent } from '../../format';
import { useT } from '../../i18n';
import { regionRows } from '../../insights/series';
import { queueUrl } from '../../queueFilters';
import { useRegions } from '../../regions';
import { VerdictBadge } from '../Badges';
import { Link } from '../Link';
import { CsvButton } from './CsvButton';
import { EChart, type ChartOption } from './EChart';
import { LANE_COLORS } from './InsightsCharts';
import { Section } from './Section';

const MILESTONES = ['firstExpert', 'submitted', 'published'] as const;

export function ResponseSection({ summary }: { summary: InsightsSummary }) {
  const { t, labels, lang } = useT();
  const stepName = { firstExpert: t('insightsFirstExpert'), submitted: t('insightsSubmitted'), published: t('insightsPublishedStep') };
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value: unknown) => (typeof value === 'number' ? durationText(value * 3600, lang) : '–') },
      legend: { top: 0 },
      grid: { left: 56, right: 24, top: 40, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: MILESTONES.map((step) => stepName[step]) },
      yAxis: { type: 'value', name: lang === 'zh' ? '小时（中位数）' : 'hours (median)' },
      series: LANES.map((lane) => ({ name: labels.lane[lane], type: 'bar', data: MILESTONES.map((step) => (summary.response[step][lane].median ?? 0) / 3600), itemStyle: { color: LANE_COLORS[lane] } })),
    }),
    // stepName is derived from t.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [summary, labels, lang, t],
  );
  const rows = LANES.flatMap((lane) => MILESTONES.map((step) => ({ lane, step, ...summary.response[step][lane] })));
  const show = (seconds: number | null) => (seconds === null ? '–' : durationText(seconds, lang));
  return (
    <Section
      title={t('insightsResponse')}
      hint={t('insightsResponseHint')}
      testId="insights-response"
      actions={<CsvButton name="response-times" header={[t('insightsLane'), t('insightsCases'), t('insightsMedian'), t('insightsP90')]} rows={rows.map((row) => [`${labels.lane[row.lane]} · ${stepName[row.step]}`, row.count, row.median, row.p90])} />}
    >
      <EChart option={option} label={t('insightsResponse')} testId="chart-response" />
      <table className="admin-table insight-table" data-testid="response-table">
        <thead>
          <tr>
            <th>{t('insightsLane')}</th>
            {MILESTONES.map((step) => (
              <th key={step}>{stepName[step]}</th>
            ))}
            <th>{t('insightsDeadlinesMet')}</th>
          </tr>
        </thead>
        <tbody>
          {LANES.map((lane) => (
            <tr key={lane}>
              <td>{labels.lane[lane]}</td>
              {MILESTONES.map((step) => (
                <td key={step}>
                  {show(summary.response[step][lane].median)} / {show(summary.response[step][lane].p90)}
                  <span className="muted"> ({summary.response[step][lane].count})</span>
                </td>
              ))}
              <td>{summary.deadlinesMet[lane] === null ? '–' : percent(summary.deadlinesMet[lane], lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        {t('insightsMedian')} / {t('insightsP90')} ({t('insightsCases')})
      </p>
    </Section>
  );
}

export function DeadlinesByOrg({ summary }: { summary: InsightsSummary }) {
  const { t, lang } = useT();
  const name = (id: string) => summary.names[id]?.[lang] ?? id;
  const rows = summary.deadlinesByOrg.map((row) => [name(row.orgId), row.met, row.missed, row.met + row.missed ? Math.round((row.met / (row.met + row.missed)) * 100) / 100 : null] as const);
  return (
    <Section title={t('insightsDeadlinesByOrg')} testId="insights-deadlines-by-org" actions={<CsvButton name="deadlines-by-organisation" header={[t('insightsOrg'), t('insightsMet'), t('insightsMissed'), t('insightsShare')]} rows={rows} />}>
      {rows.length === 0 ? (
        <p className="empty">{t('insightsNone')}</p>
      ) : (
        <table className="admin-table insight-table">
          <thead>
            <tr>
              <th>{t('insightsOrg')}</th>
              <th>{t('insightsMet')}</th>
              <th>{t('insightsMissed')}</th>
              <th>{t('insightsShare')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([org, met, missed, share]) => (
              <tr key={org}>
                <td>{org}</td>
                <td>{met}</td>
                <td>{missed}</td>
                <td>{share === null ? '–' : percent(share, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function WorkloadSection({ summary }: { summary: InsightsSummary }) {
  const { t, lang } = useT();
  const { workload } = summary;
  const orgName = (id: string) => summary.names[id]?.[lang] ?? id;
  return (
    <Section
      title={t('insightsWorkload')}
      hint={t('insightsWorkloadHint', { count: workload.unassigned })}
      testId="insights-workload"
      actions={<CsvButton name="workload" header={[t('insightsExpert'), t('insightsOrg'), t('insightsWorking'), t('insightsWaiting'), t('insightsCapacity')]} rows={workload.experts.map((row) => [row.name, orgName(row.orgId), row.working, row.submitted, row.capacity])} />}
    >
      <div className="insight-grid">
        <table className="admin-table insight-table" data-testid="workload-orgs">
          <thead>
            <tr>
              <th>{t('insightsOrg')}</th>
              <th>{t('insightsExperts')}</th>
              <th>{t('insightsWorking')}</th>
              <th>{t('insightsWaiting')}</th>
              <th>{t('insightsCapacity')}</th>
            </tr>
          </thead>
          <tbody>
            {workload.organisations.map((row) => (
              <tr key={row.orgId}>
                <td>{orgName(row.orgId)}</td>
                <td>{row.experts}</td>
                <td>{row.working}</td>
                <td>{row.submitted}</td>
                <td className={row.capacity !== null && row.working + row.submitted > row.capacity ? 'over-capacity' : undefined}>{row.capacity ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="admin-table insight-table" data-testid="workload-experts">
          <thead>
            <tr>
              <th>{t('insightsExpert')}</th>
              <th>{t('insightsWorking')}</th>
              <th>{t('insightsWaiting')}</th>
              <th>{t('insightsCapacity')}</th>
            </tr>
          </thead>
          <tbody>
            {workload.experts.slice(0, 30).map((row) => (
              <tr key={row.userId}>
                <td>{row.name}</td>
                <td>{row.working}</td>
                <td>{row.submitted}</td>
                <td className={row.capacity !== null && row.working + row.submitted > row.capacity ? 'over-capacity' : undefined}>{row.capacity ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

export function RegionTable({ summary }: { summary: InsightsSummary }) {
  const { t, lang } = useT();
  const regions = useRegions();
  const [level, setLevel] = useState<'province' | 'prefecture'>('province');
  const rows = useMemo(() => regionRows(summary, level).slice(0, 50), [summary, level]);
  const name = (code: string) => regions?.byCode.get(code)?.name[lang] ?? code;
  return (
    <Section
      title={t('insightsRegions')}
      hint={t('insightsRegionsHint')}
      testId="insights-regions"
      actions={
        <div className="insight-actions">
          <label className="no-print">
            <span className="visually-hidden">{t('insightsRegionLevel')}</span>
            <select className="input input-small" value={level} onChange={(event) => setLevel(event.target.value as 'province' | 'prefecture')} data-testid="region-level">
              <option value="province">{t('insightsProvinces')}</option>
              <option value="prefecture">{t('insightsCities')}</option>
            </select>
          </label>
          <CsvButton name={`regions-${level}`} header={[t('insightsRegion'), t('insightsReports'), t('insightsOpened'), t('insightsOpenNow')]} rows={rows.map((row) => [name(row.code), row.reports, row.opened, row.openCases])} />
        </div>
      }
    >
      {rows.length === 0 ? (
        <p className="empty">{t('insightsNone')}</p>
      ) : (
        <table className="admin-table insight-table" data-testid="region-table">
          <thead>
            <tr>
              <th>{t('insightsRank')}</th>
              <th>{t('insightsRegion')}</th>
              <th>{t('insightsReports')}</th>
              <th>{t('insightsOpened')}</th>
              <th>{t('insightsOpenNow')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.code} data-testid="region-row" data-region={row.code}>
                <td>{i + 1}</td>
                <td>
                  <Link to={queueUrl({ region: row.code, createdFrom: summary.scope.from, createdTo: summary.scope.to, topic: summary.scope.topic ?? '' })} data-testid="region-cases">
                    {name(row.code)}
                  </Link>
                </td>
                <td>{row.reports}</td>
                <td>{row.opened}</td>
                <td>
                  {/* Open now is a state: the region's active cases, whenever they were opened. */}
                  <Link to={queueUrl({ region: row.code, topic: summary.scope.topic ?? '' })} aria-label={`${row.openCases} · ${t('insightsOpenNow')} · ${name(row.code)}`}>
                    {row.openCases}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {summary.reports.byRegion.none ? (
        <p className="hint">
          {t('insightsNoRegion')}: {summary.reports.byRegion.none}
        </p>
      ) : null}
    </Section>
  );
}

export function RankingTable({ summary }: { summary: InsightsSummary }) {
  const { t, labels } = useT();
  return (
    <Section
      title={t('insightsRanking')}
      testId="insights-ranking"
      actions={
        <div className="insight-actions">
          <Link to={`/insights/ranking?month=${summary.scope.to.slice(0, 7)}`} className="no-print">
            {t('rankingOpen')}
          </Link>
          <CsvButton name="ranking" header={[t('insightsRank'), t('insightsHeadline'), t('insightsReports'), 'verdict', 'url']} rows={summary.ranking.map((row, i) => [i + 1, row.headline, row.reports, labels.verdict[row.verdict], row.url])} />
        </div>
      }
    >
      {summary.ranking.length === 0 ? (
        <p className="empty">{t('insightsNone')}</p>
      ) : (
        <ol className="insight-ranking" data-testid="ranking">
          {summary.ranking.map((row) => (
            <li key={row.caseId}>
              <VerdictBadge verdict={row.verdict} /> <Link to={`/cases/${encodeURIComponent(row.caseId)}`}>{row.headline}</Link>{' '}
              <span className="muted">
                {labels.topic[row.topic]} · {t('insightsReports')} {row.reports}
              </span>{' '}
              <a href={row.url} target="_blank" rel="noopener noreferrer" className="no-print">
                {t('insightsPublicPage')} ↗
              </a>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

export function HotspotList({ summary }: { summary: InsightsSummary }) {
  const { t, labels } = useT();
  if (summary.hotspots.length === 0) return null;
  return (
    <Section title={t('insightsHotspots')} testId="insights-hotspots">
      <ul className="insight-hotspots">
        {summary.hotspots.slice(0, 20).map((hotspot) => (
          <li key={hotspot.id}>
            <span className="muted">{hotspot.detectedAt.slice(0, 16).replace('T', ' ')}</span>{' '}
            {hotspot.caseId ? (
              <Link to={`/cases/${encodeURIComponent(hotspot.caseId)}`}>
                {hotspot.subjectKind === 'topic' && hotspot.topic ? t('insightsHotspotTopic', { topic: labels.topic[hotspot.topic], count: hotspot.count }) : t('insightsHotspotCase', { count: hotspot.count })}
              </Link>
            ) : (
              hotspot.topic && t('insightsHotspotTopic', { topic: labels.topic[hotspot.topic], count: hotspot.count })
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}
