/**
 * Adds up rollup documents (every writer's, every day's) into the dashboard's figures. Pure:
 * documents in, figures out.
 */
import { LANES, type DurationSummary, type InsightsDay, type InsightsSummary, type Lane } from '@refute/shared';
import { quantileOf } from './buckets';
import { ALL_TOPICS, MILESTONES, type Milestone } from './facts';
import type { RollupRecord } from './model';

type Counts = Record<string, number>;
type Figures = Pick<InsightsSummary, 'reports' | 'cases' | 'response' | 'deadlinesMet' | 'deadlinesByOrg' | 'days'>;

const counters = (record: RollupRecord, field: string): Counts => (record[field] as Counts | undefined) ?? {};

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

export function aggregate(days: readonly string[], counts: readonly RollupRecord[], responses: readonly RollupRecord[]): Figures {
  const byDay = new Map(days.map((day) => [day, emptyDay(day)]));
  const reports: Figures['reports'] = { total: 0, byTopic: {}, byLane: {}, byRegion: {}, byPlatform: {}, byLanguage: {}, byHour: {} };
  const cases: Figures['cases'] = { opened: 0, published: 0, byVerdict: {}, openedByTopic: {}, openedByLane: {}, openedByRegion: {}, publishedByTopic: {} };
  for (const record of counts) {
    const day = byDay.get(record.day);
    if (!day) continue;
    const n = (record.n as number | undefined) ?? 0;
    // A document of all topics counts per topic inside; a topic's own document is that topic.
    const perTopic: Counts = record.topic === ALL_TOPICS ? counters(record, 'topics') : { [record.topic as string]: n };
    if (record.metric === 'reports') {
      reports.total += n;
      addInto(reports.byTopic, perTopic, false);
      addInto(reports.byLane, counters(record, 'lane'), false);
      addInto(reports.byRegion, counters(record, 'region'));
      addInto(reports.byPlatform, counters(record, 'platform'));
      addInto(reports.byLanguage, counters(record, 'lang'), false);
      for (const [hour, count] of Object.entries(counters(record, 'h'))) reports.byHour[`${record.day}T${hour.slice(1)}`] = (reports.byHour[`${record.day}T${hour.slice(1)}`] ?? 0) + count;
      day.reports += n;
      addInto(day.reportsByTopic, perTopic, false);
      addInto(day.reportsByLane, counters(record, 'lane'), false);
    } else if (record.metric === 'opened') {
      cases.opened += n;
      addInto(cases.openedByTopic, perTopic, false);
      addInto(cases.openedByLane, counters(record, 'lane'), false);
      addInto(cases.openedByRegion, counters(record, 'region'));
      day.opened += n;
    } else if (record.metric === 'published') {
      cases.published += n;
      addInto(cases.byVerdict, counters(record, 'verdict'), false);
      const verdictsPerTopic = record.topic === ALL_TOPICS ? ((record.tv as Record<string, Counts> | undefined) ?? {}) : { [record.topic as string]: counters(record, 'verdict') };
      for (const [topic, verdicts] of Object.entries(verdictsPerTopic)) addInto((cases.publishedByTopic[topic] ??= {}), verdicts, false);
      day.published += n;
    }
  }

  const histograms = new Map<string, Map<number, number>>();
  const deadlines = Object.fromEntries(LANES.map((lane) => [lane, { met: 0, missed: 0 }])) as Record<Lane, { met: number; missed: number }>;
  const byOrg = new Map<string, { met: number; missed: number }>();
  for (const record of responses) {
    const day = byDay.get(record.day);
    if (!day) continue;
    const lane = record.lane as Lane;
    for (const milestone of MILESTONES) {
      const histogram = histograms.get(`${lane}:${milestone}`) ?? new Map<number, number>();
      for (const [bucket, count] of Object.entries(counters(record, milestone))) histogram.set(Number(bucket.slice(1)), (histogram.get(Number(bucket.slice(1))) ?? 0) + count);
      histograms.set(`${lane}:${milestone}`, histogram);
    }
    const met = (record.met as number | undefined) ?? 0;
    const missed = (record.missed as number | undefined) ?? 0;
    deadlines[lane].met += met;
    deadlines[lane].missed += missed;
    day.deadlines[lane].met += met;
    day.deadlines[lane].missed += missed;
    for (const [org, outcome] of Object.entries((record.org as Record<string, { met?: number; missed?: number }> | undefined) ?? {})) {
      const held = byOrg.get(org.slice(1)) ?? { met: 0, missed: 0 };
      held.met += outcome.met ?? 0;
      held.missed += outcome.missed ?? 0;
      byOrg.set(org.slice(1), held);
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
