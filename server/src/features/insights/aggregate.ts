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

/** Whether a document's period (a day, or `w` and a Monday) lies wholly within the range's days. */
function withinRange(period: string, byDay: ReadonlyMap<string, InsightsDay>): boolean {
  if (!isWeekPeriod(period)) return byDay.has(period);
  const monday = period.slice(1);
  return byDay.has(monday) && byDay.has(new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10));
}

/** The per-day series of a document: a day document is its own; a week's are under `days.d<day>`. */
function seriesOf(record: RollupRecord): Array<[string, RollupRecord]> {
  if (!isWeekPeriod(record.day)) return [[record.day, record]];
  return Object.entries((record.days as Record<string, RollupRecord> | undefined) ?? {}).map(([key, part]) => [key.slice(1), part]);
}

export function aggregate(days: readonly string[], counts: readonly RollupRecord[], responses: readonly RollupRecord[]): Figures {
  const byDay = new Map(days.map((day) => [day, emptyDay(day)]));
  const reports: Figures['reports'] = { total: 0, byTopic: {}, byLane: {}, byRegion: {}, byPlatform: {}, byLanguage: {}, byHour: {} };
  const cases: Figures['cases'] = { opened: 0, published: 0, byVerdict: {}, openedByTopic: {}, openedByLane: {}, openedByRegion: {}, publishedByTopic: {} };
  // A document of all topics counts per topic inside; a topic's own document is that topic.
  const perTopicOf = (record: RollupRecord, part: RollupRecord): Counts => (record.topic === ALL_TOPICS ? counters(part, 'topics') : { [record.topic as string]: (part.n as number | undefined) ?? 0 });
  for (const record of counts) {
    if (!withinRange(record.day, byDay)) continue;
    const n = (record.n as number | undefined) ?? 0;
    if (record.metric === 'reports') {
      reports.total += n;
      addInto(reports.byTopic, perTopicOf(record, record), false);
      addInto(reports.byLane, counters(record, 'lane'), false);
      addInto(reports.byRegion, counters(record, 'region'));
      addInto(reports.byPlatform, counters(record, 'platform'));
      addInto(reports.byLanguage, counters(record, 'lang'), false);
    } else if (record.metric === 'opened') {
      cases.opened += n;
      addInto(cases.openedByTopic, perTopicOf(record, record), false);
      addInto(cases.openedByLane, counters(record, 'lane'), false);
      addInto(cases.openedByRegion, counters(record, 'region'));
    } else if (record.metric === 'published') {
      cases.published += n;
      addInto(cases.byVerdict, counters(record, 'verdict'), false);
      const verdictsPerTopic = record.topic === ALL_TOPICS ? ((record.tv as Record<string, Counts> | undefined) ?? {}) : { [record.topic as string]: counters(record, 'verdict') };
      for (const [topic, verdicts] of Object.entries(verdictsPerTopic)) addInto((cases.publishedByTopic[topic] ??= {}), verdicts, false);
    }
    for (const [dayKey, part] of seriesOf(record)) {
      const day = byDay.get(dayKey);
      if (!day) continue;
      const dayN = (part.n as number | undefined) ?? 0;
      if (record.metric === 'reports') {
        day.reports += dayN;
        addInto(day.reportsByTopic, perTopicOf(record, part), false);
        addInto(day.reportsByLane, counters(part, 'lane'), false);
        for (const [hour, count] of Object.entries(counters(part, 'h'))) reports.byHour[`${dayKey}T${hour.slice(1)}`] = (reports.byHour[`${dayKey}T${hour.slice(1)}`] ?? 0) + count;
      } else if (record.metric === 'opened') day.opened += dayN;
      else if (record.metric === 'published') day.published += dayN;
    }
  }

  const histograms = new Map<string, Map<number, number>>();
  const deadlines = Object.fromEntries(LANES.map((lane) => [lane, { met: 0, missed: 0 }])) as Record<Lane, { met: number; missed: number }>;
  const byOrg = new Map<string, { met: number; missed: number }>();
  for (const record of responses) {
    if (!withinRange(record.day, byDay)) continue;
    const lane = record.lane as Lane;
    for (const milestone of MILESTONES) {
      const histogram = histograms.get(`${lane}:${milestone}`) ?? new Map<number, number>();
      for (const [bucket, count] of Object.entries(counters(record, milestone))) histogram.set(Number(bucket.slice(1)), (histogram.get(Number(bucket.slice(1))) ?? 0) + count);
      histograms.set(`${lane}:${milestone}`, histogram);
    }
    deadlines[lane].met += (record.met as number | undefined) ?? 0;
    deadlines[lane].missed += (record.missed as number | undefined) ?? 0;
    for (const [dayKey, part] of seriesOf(record)) {
      const day = byDay.get(dayKey);
      if (!day) continue;
      day.deadlines[lane].met += (part.met as number | undefined) ?? 0;
      day.deadlines[lane].missed += (part.missed as number | undefined) ?? 0;
    }
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
