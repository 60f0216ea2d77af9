/**
 * The dashboard's charts. Clicking a topic or a lane opens the queue's cases of it opened in the
 * dashboard's range (and topic); clicking a period of the time chart opens those opened in it.
 */
import { useMemo } from 'react';
import { LANES, TOPICS, VERDICTS, type InsightsSummary, type Lane, type Topic } from '@refute/shared';
import { useT } from '../../i18n';
import { queueUrl } from '../../queueFilters';
import { navigate } from '../../router';
import { deadlineTrend, ranked, timeSeries, type Granularity } from '../../insights/series';
import { EChart, type ChartOption } from './EChart';
import { Section } from './Section';

export const LANE_COLORS: Record<Lane, string> = { normal: '#64748b', hot: '#f59e0b', emergency: '#dc2626' };
/** The colour of the topic bars (the browser test clicks a bar by it). */
export const TOPIC_BAR_COLOR = '#2f6fde';
const grid = { left: 56, right: 24, top: 40, bottom: 48, containLabel: true };

/** The queue's cases behind a part of a chart: opened in the dashboard's range, of its topic unless the part names one. */
const drillDown = (summary: InsightsSummary, part: { topic?: Topic; lane?: Lane }) =>
  navigate(queueUrl({ createdFrom: summary.scope.from, createdTo: summary.scope.to, topic: summary.scope.topic ?? '', ...part }));

export function TimeChart({ summary, granularity, onPeriod }: { summary: InsightsSummary; granularity: Granularity; onPeriod: (label: string) => void }) {
  const { t, labels } = useT();
  const option = useMemo<ChartOption>(() => {
    const series = timeSeries(summary, granularity);
    const bars =
      granularity === 'hour'
        ? [{ name: t('insightsReports'), type: 'bar', data: series.reports, itemStyle: { color: TOPIC_BAR_COLOR } }]
        : LANES.map((lane) => ({ name: `${t('insightsReports')} · ${labels.lane[lane]}`, type: 'bar', stack: 'reports', data: series.byLane[lane] ?? [], itemStyle: { color: LANE_COLORS[lane] } }));
    const lines =
      granularity === 'hour'
        ? []
        : [
            { name: t('insightsOpened'), type: 'line', data: series.opened, itemStyle: { color: '#7c3aed' } },
            { name: t('insightsPublished'), type: 'line', data: series.published, itemStyle: { color: '#059669' } },
          ];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: series.labels },
      yAxis: { type: 'value', minInterval: 1 },
      ...(series.labels.length > 60 ? { dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 4 }] } : {}),
      series: [...bars, ...lines],
    };
  }, [summary, granularity, t, labels]);
  return (
    <Section title={t('insightsOverTime')} hint={t('insightsOverTimeHint')} testId="insights-over-time">
      <EChart option={option} label={t('insightsOverTime')} testId="chart-over-time" height={320} onClick={(click) => onPeriod(click.name)} />
    </Section>
  );
}

export function BreakdownCharts({ summary }: { summary: InsightsSummary }) {
  const { t, labels, lang } = useT();
  const topics = useMemo(() => ranked(summary.reports.byTopic).reverse() as Array<[Topic, number]>, [summary]);
  const topicOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { ...grid, top: 8 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: topics.map(([topic]) => labels.topic[topic]) },
      series: [{ name: t('insightsReports'), type: 'bar', data: topics.map(([, count]) => count), itemStyle: { color: TOPIC_BAR_COLOR } }],
    }),
    [topics, labels, t],
  );
  const laneOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          name: t('insightsByLane'),
          type: 'pie',
          radius: ['40%', '70%'],
          data: LANES.filter((lane) => summary.reports.byLane[lane]).map((lane) => ({ name: labels.lane[lane], value: summary.reports.byLane[lane], itemStyle: { color: LANE_COLORS[lane] } })),
        },
      ],
    }),
    [summary, labels, t],
  );
  const lanesShown = LANES.filter((lane) => summary.reports.byLane[lane]);
  const platforms = ranked(summary.reports.byPlatform).slice(0, 12).reverse();
  const platformOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { ...grid, top: 8 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: platforms.map(([id]) => summary.names[id]?.[lang] ?? id.slice(-6)) },
      series: [{ name: t('insightsReports'), type: 'bar', data: platforms.map(([, count]) => count), itemStyle: { color: '#0891b2' } }],
    }),
    [platforms, summary, lang, t],
  );
  const languageOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [{ name: t('insightsByLanguage'), type: 'pie', radius: ['40%', '70%'], data: ranked(summary.reports.byLanguage).map(([language, value]) => ({ name: language === 'zh' ? '中文' : 'English', value })) }],
    }),
    [summary, t],
  );
  return (
    <div className="insight-grid">
      <Section title={t('insightsByTopic')} hint={t('insightsDrillHint')} testId="insights-by-topic">
        <EChart option={topicOption} label={t('insightsByTopic')} testId="chart-by-topic" height={Math.max(160, topics.length * 28 + 40)} onClick={(click) => drillDown(summary, { topic: topics[click.dataIndex]![0] })} />
      </Section>
      <Section title={t('insightsByLane')} hint={t('insightsDrillHint')} testId="insights-by-lane">
        <EChart option={laneOption} label={t('insightsByLane')} testId="chart-by-lane" onClick={(click) => drillDown(summary, { lane: lanesShown[click.dataIndex]! })} />
      </Section>
      <Section title={t('insightsByPlatform')} testId="insights-by-platform">
        <EChart option={platformOption} label={t('insightsByPlatform')} testId="chart-by-platform" height={Math.max(160, platforms.length * 28 + 40)} />
      </Section>
      <Section title={t('insightsByLanguage')} testId="insights-by-language">
        <EChart option={languageOption} label={t('insightsByLanguage')} testId="chart-by-language" />
      </Section>
    </div>
  );
}

export function VerdictChart({ summary }: { summary: InsightsSummary }) {
  const { t, labels } = useT();
  const topics = TOPICS.filter((topic) => summary.cases.publishedByTopic[topic]);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: topics.map((topic) => labels.topic[topic]), axisLabel: { interval: 0, rotate: topics.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: VERDICTS.map((verdict) => ({ name: labels.verdict[verdict], type: 'bar', stack: 'verdicts', data: topics.map((topic) => summary.cases.publishedByTopic[topic]?.[verdict] ?? 0) })),
    }),
    [summary, topics, labels],
  );
  return (
    <Section title={t('insightsVerdicts')} hint={t('insightsDrillHint')} testId="insights-verdicts">
      {topics.length === 0 ? <p className="empty">{t('insightsNone')}</p> : <EChart option={option} label={t('insightsVerdicts')} testId="chart-verdicts" onClick={(click) => drillDown(summary, { topic: topics[click.dataIndex]! })} />}
    </Section>
  );
}

export function DeadlineTrendChart({ summary, granularity }: { summary: InsightsSummary; granularity: Granularity }) {
  const { t, labels } = useT();
  const option = useMemo<ChartOption>(() => {
    const trend = deadlineTrend(summary, granularity === 'week' ? 'week' : 'day');
    return {
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => (typeof value === 'number' ? `${Math.round(value * 100)}%` : '–') },
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: trend.labels },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (value: number) => `${Math.round(value * 100)}%` } },
      series: LANES.map((lane) => ({ name: labels.lane[lane], type: 'line', connectNulls: true, data: trend.byLane[lane], itemStyle: { color: LANE_COLORS[lane] } })),
    };
  }, [summary, granularity, labels]);
  return (
    <Section title={t('insightsDeadlineTrend')} testId="insights-deadline-trend">
      <EChart option={option} label={t('insightsDeadlineTrend')} testId="chart-deadline-trend" />
    </Section>
  );
}
