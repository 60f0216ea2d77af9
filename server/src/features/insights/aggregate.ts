/**
 * Adds up rollup documents (every writer's, every period's: the range's whole weeks and its edge
 * days) into the dashboard's figures. Pure: documents in, figures out.
 */
import { LANES, type DurationSummary, type InsightsDay, type InsightsSummary, type Lane } from '@refute/shared';
import { quantileOf } from './buckets';
import { ALL_TOPICS, isWeekPeriod, MILESTONES, type Milestone } from './facts';
import type { RollupRecord } from './model';

type Counts = Record<string, number>;
type Figures = Pick<InsightsSummary, 'reports' | 'cases' | 'response' | 'deadlinesMet' | 'deadlinesByOrg' | 'days'>;

const counters = (record: Record<string, unknown> | undefined, field: string): Counts => (record?.[field] as Counts | undefined) ?? {};
const part = (record: Record<string, unknown> | undefined, field: string): Part | undefined => record?.[field] as Part | undefined;
const numberOf = (record: Record<string, unknown> | undefined, field: string): number => (record?.[field] as number | undefined) ?? 0;
type Part = Record<string, unknown>;

/** Adds a nested map's counters into `into`, its keys without their one-letter prefix. */
function addInto(into: Counts, from: Counts, strip = true): void {
  for (const [key, count] of Object.entries(from)) {
    const name = strip ? key.slice(1) : key;
    into[name] = (into[name] ?? 0) + count;
  }
}

const emptyDay = (day: string): InsightsDay => ({
  day,
  reports: 0,
  opened: 0,
  published: 0,
  reportsByLane: {},
  reportsByTopic: {},
  deadlines: { normal: { met: 0, missed: 0 }, hot: { met: 0, missed: 0 }, emergency: { met: 0, missed: 0 } },
});

/** Whether a document's period (a day, or `w` and a Monday) lies wholly within the range's days. */
function withinRange(period: string, byDay: ReadonlyMap<string, InsightsDay>): boolean {
  if (!isWeekPeriod(period)) return byDay.has(period);
  const monday = period.slice(1);
  return byDay.has(monday) && byDay.has(new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10));
}

/** The per-day series of a document: a day document is its own; a week's are under `days.d<day>`. */
function seriesOf(record: RollupRecord): Array<[string, Part]> {
  if (!isWeekPeriod(record.period)) return [[record.period, record]];
  return Object.entries((record.days as Record<string, Part> | undefined) ?? {}).map(([key, day]) => [key.slice(1), day]);
}

/**
 * `counts` are the documents of the topic read (`*` or one), `responses` those of all topics
 * (response times are a scope's, whatever the topic): the same documents when no topic is chosen.
 */
export function aggregate(days: readonly string[], counts: readonly RollupRecord[], responses: readonly RollupRecord[]): Figures {
  const byDay = new Map(days.map((day) => [day, emptyDay(day)]));
  const reports: Figures['reports'] = { total: 0, byTopic: {}, byLane: {}, byRegion: {}, byPlatform: {}, byLanguage: {}, byHour: {} };
  const cases: Figures['cases'] = { opened: 0, published: 0, byVerdict: {}, openedByTopic: {}, openedByLane: {}, openedByRegion: {}, publishedByTopic: {} };
  for (const record of counts) {
    if (!withinRange(record.period, byDay)) continue;
    // A document of all topics counts per topic inside; a topic's own document is that topic.
    const perTopicOf = (metric: Part | undefined): Counts => (record.topic === ALL_TOPICS ? counters(metric, 'topics') : { [record.topic]: numberOf(metric, 'n') });
    const reported = part(record, 'reports');
    if (reported) {
      reports.total += numberOf(reported, 'n');
      addInto(reports.byTopic, perTopicOf(reported), false);
      addInto(reports.byLane, counters(reported, 'lane'), false);
      addInto(reports.byRegion, counters(reported, 'region'));
      addInto(reports.byPlatform, counters(reported, 'platform'));
      addInto(reports.byLanguage, counters(reported, 'lang'), false);
    }
    const opened = part(record, 'opened');
    if (opened) {
      cases.opened += numberOf(opened, 'n');
      addInto(cases.openedByTopic, perTopicOf(opened), false);
      addInto(cases.openedByLane, counters(opened, 'lane'), false);
      addInto(cases.openedByRegion, counters(opened, 'region'));
    }
    const published = part(record, 'published');
    if (published) {
      cases.published += numberOf(published, 'n');
      addInto(cases.byVerdict, counters(published, 'verdict'), false);
      const verdictsPerTopic = record.topic === ALL_TOPICS ? ((published.tv as Record<string, Counts> | undefined) ?? {}) : { [record.topic]: counters(published, 'verdict') };
      for (const [topic, verdicts] of Object.entries(verdictsPerTopic)) addInto((cases.publishedByTopic[topic] ??= {}), verdicts, false);
    }
    for (const [dayKey, series] of seriesOf(record)) {
      const day = byDay.get(dayKey);
      if (!day) continue;
      const dayReports = part(series, 'reports');
      day.reports += numberOf(dayReports, 'n');
      addInto(day.reportsByTopic, perTopicOf(dayReports), false);
      addInto(day.reportsByLane, counters(dayReports, 'lane'), false);
      for (const [hour, count] of Object.entries(counters(dayReports, 'h'))) reports.byHour[`${dayKey}T${hour.slice(1)}`] = (reports.byHour[`${dayKey}T${hour.slice(1)}`] ?? 0) + count;
      day.opened += numberOf(part(series, 'opened'), 'n');
      day.published += numberOf(part(series, 'published'), 'n');
    }
  }

  const histograms = new Map<string, Map<number, number>>();
  const deadlines = Object.fromEntries(LANES.map((lane) => [lane, { met: 0, missed: 0 }])) as Record<Lane, { met: number; missed: number }>;
  const byOrg = new Map<string, { met: number; missed: number }>();
  for (const record of responses) {
    if (!withinRange(record.period, byDay)) continue;
    const resp = part(record, 'resp');
    for (const lane of LANES) {
      const times = part(resp, lane);
      if (!times) continue;
      for (const milestone of MILESTONES) {
        const histogram = histograms.get(`${lane}:${milestone}`) ?? new Map<number, number>();
        for (const [bucket, count] of Object.entries(counters(times, milestone))) histogram.set(Number(bucket.slice(1)), (histogram.get(Number(bucket.slice(1))) ?? 0) + count);
        histograms.set(`${lane}:${milestone}`, histogram);
      }
      deadlines[lane].met += numberOf(times, 'met');
      deadlines[lane].missed += numberOf(times, 'missed');
      for (const [org, outcome] of Object.entries((times.org as Record<string, { met?: number; missed?: number }> | undefined) ?? {})) {
        const held = byOrg.get(org.slice(1)) ?? { met: 0, missed: 0 };
        held.met += outcome.met ?? 0;
        held.missed += outcome.missed ?? 0;
        byOrg.set(org.slice(1), held);
      }
    }
    for (const [dayKey, series] of seriesOf(record)) {
      const day = byDay.get(dayKey);
      if (!day) continue;
      for (const lane of LANES) {
        const times = part(part(series, 'resp'), lane);
        day.deadlines[lane].met += numberOf(times, 'met');
        day.deadlines[lane].missed += numberOf(times, 'missed');
      }
    }
  }
  const summaryOf = (lane: Lane, milestone: Milestone): DurationSummary => {
    const histogram = histograms.get(`${lane}:${milestone}`) ?? new Map<number, number>();
    return { count: [...histogram.values()].reduce((sum, count) => sum + count, 0), median: quantileOf(histogram, 0.5), p90: quantileOf(histogram, 0.9) };
  };
  const perLane = (milestone: Milestone) => ({ normal: summaryOf('normal', milestone), hot: summaryOf('hot', milestone), emergency: summaryOf('emergency', milestone) });
  const share = (lane: Lane) => (deadlines[lane].met + deadlines[lane].missed === 0 ? null : deadlines[lane].met / (deadlines[lane].met + deadlines[lane].missed));
  return {
    reports,
    cases,
    response: { firstExpert: perLane('firstExpert'), submitted: perLane('submitted'), published: perLane('published') },
    deadlinesMet: { normal: share('normal'), hot: share('hot'), emergency: share('emergency') },
    deadlinesByOrg: [...byOrg].map(([orgId, outcome]) => ({ orgId, ...outcome })).sort((a, b) => b.met + b.missed - (a.met + a.missed)),
    days: [...byDay.values()],
  };
}
