/**
 * The dashboard's figures for a range: the rollups of the range in the viewer's scope (its whole
 * weeks from week documents, its edge days from day documents: one equality read per week, all at
 * once), added up; the ranking from the matching index and the
 * present workload (both kept a few seconds per scope); hotspots.
 */
import { COUNTRY_REGION, INSIGHTS_DEFAULT_DAYS, type InsightsQuery, type InsightsSummary, type SessionUser } from '@refute/shared';
import { onPublicationsChanged } from '../publications/changes';
import { hotspotsSince } from '../hotspots/record';
import { matchIndex } from '../matching/liveIndex';
import type { MemoryIndex } from '../matching/memoryIndex';
import { organisationNames } from '../organisations/repository';
import { regionChain } from '../regions/regions';
import { CaseModel } from '../cases/model';
import { aggregate } from './aggregate';
import { dayOf, daysBetween, periodsBetween } from './buckets';
import { ALL_TOPICS, isWeekPeriod, readKeyOf, weekPeriodOf } from './facts';
import { InsightRollupModel, type RollupRecord } from './model';
import { keptBriefly } from './keptBriefly';
import { countedRecords, isSettled, SETTLED_AFTER_MS } from './settled';
import { rankPublishedCases, type RankingEntry } from './ranking';
import { insightScope, type InsightScope } from './scope';
import { workloadOf } from './workload';

const DAY_MS = 86_400_000;
/** How long the ranking and the workload of a scope are kept: a dashboard's quick changes share them. */
export const KEPT_FIGURES_MS = 2_000;
const rankings = keptBriefly<RankingEntry[]>({ ttlMs: KEPT_FIGURES_MS, max: 500 });
const workloads = keptBriefly<InsightsSummary['workload']>({ ttlMs: KEPT_FIGURES_MS, max: 500 });
/**
 * A week's or a day's rollups are final an hour after it ended (`SETTLED_AFTER_MS`, settled.ts):
 * facts are filed under the time they happen and flushed within seconds (a verdict waited for at
 * most half a minute, a failed flush retried with the next ones). Those of settled periods are
 * kept ten minutes per read (all of a 30-day range but today is settled), so a rebuild's figures
 * show within ten minutes.
 */
export { SETTLED_AFTER_MS };
export const SETTLED_KEPT_MS = 10 * 60_000;
const settledRollups = keptBriefly<RollupRecord[]>({ ttlMs: SETTLED_KEPT_MS, max: 256 });
// A new publication may enter a ranking at once: its case page links from it.
onPublicationsChanged(() => rankings.clear());

/** Forgets the kept rankings, workloads and settled rollups (the benchmark times the dashboard without them). */
export function forgetKeptFigures(): void {
  rankings.clear();
  workloads.clear();
  settledRollups.clear();
}

export interface SummaryOptions {
  baseUrl: string;
  /** The index the ranking counts in (the live one unless a benchmark brings its own). */
  index?: MemoryIndex;
  now?: Date;
}

export async function insightsSummary(viewer: SessionUser, query: InsightsQuery, options: SummaryOptions): Promise<InsightsSummary> {
  return summaryForScope(await insightScope(viewer, query.org), query, options);
}

export async function summaryForScope(scope: InsightScope, query: InsightsQuery, options: SummaryOptions): Promise<InsightsSummary> {
  const now = options.now ?? new Date();
  const to = query.to ?? dayOf(now);
  const from = query.from ?? dayOf(new Date(Date.parse(`${to}T00:00:00Z`) - (INSIGHTS_DEFAULT_DAYS - 1) * DAY_MS));
  const fromMs = Date.parse(`${from}T00:00:00Z`);
  const toMs = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
  const index = options.index ?? matchIndex();
  const [rollups, ranking, hotspots, workload] = await Promise.all([
    readRollups(scope.region, query.topic ?? ALL_TOPICS, from, to, now),
    rankings.get(`${scope.region}|${query.topic ?? ''}|${fromMs}|${toMs}|${options.baseUrl}`, () => rankPublishedCases(index, { fromMs, toMs, region: scope.region, topic: query.topic, baseUrl: options.baseUrl })),
    hotspotsIn(scope, fromMs, toMs),
    workloads.get(`${scope.orgId}|${scope.region}`, () => workloadOf(scope)),
  ]);
  const figures = aggregate(daysBetween(from, to), rollups.counts, rollups.responses);
  const mentioned = [...Object.keys(figures.reports.byPlatform), ...figures.deadlinesByOrg.map((row) => row.orgId), ...workload.organisations.map((row) => row.orgId), scope.orgId];
  return {
    scope: { orgId: scope.orgId, region: scope.region, from, to, topic: query.topic ?? null },
    ...figures,
    ranking,
    hotspots,
    workload,
    names: await organisationNames([...new Set(mentioned)]),
  };
}

/**
 * The rollup documents of a range in a scope: one read per week the range touches (the week's
 * own document when the range holds it whole, else the days of it in the range; of the present
 * week, its settled days and today apart), all at once, those of settled periods kept a while; with a topic chosen, the documents of all topics too, for
 * the response times.
 */
export async function readRollups(region: string, topic: string, from: string, to: string, now = new Date()): Promise<{ counts: RollupRecord[]; responses: RollupRecord[] }> {
  const weeks = new Map<string, string[]>();
  for (const period of periodsBetween(from, to)) {
    const week = isWeekPeriod(period) ? period : weekPeriodOf(period);
    weeks.set(week, [...(weeks.get(week) ?? []), period]);
  }
  // A period (a week, or a day) is settled an hour after it ended: of the present week, its days
  // before today are read (and kept) apart from today's.
  const settled = (period: string) => isSettled(period, now.getTime());
  const reads: Array<{ week: string; periods: string[]; kept: boolean }> = [];
  for (const [week, periods] of weeks) {
    for (const kept of [true, false]) {
      const some = periods.filter((period) => settled(period) === kept);
      if (some.length > 0) reads.push({ week, periods: some, kept });
    }
  }
  const read = (readTopic: string, fields?: Record<string, 1>) =>
    Promise.all(
      reads.map(({ week, periods, kept }) => {
        const key = readKeyOf(week, region, readTopic);
        // Settled periods are mostly one settled document each; a writer's documents that one
        // names as merged (not deleted yet) are left out.
        const find = () =>
          InsightRollupModel.find({ read: key, period: periods.length === 1 ? periods[0]! : { $in: periods } }, fields)
            .lean<RollupRecord[]>()
            .exec()
            .then(countedRecords);
        return kept ? settledRollups.get(`${key}|${periods.join(',')}|${fields ? 'resp' : 'all'}`, find) : find();
      }),
    ).then((found) => found.flat());
  // Of all topics' documents, a topic's dashboard wants only the response times (and their days).
  const [counts, responses] = await Promise.all([read(topic), topic === ALL_TOPICS ? null : read(ALL_TOPICS, { period: 1, topic: 1, writer: 1, resp: 1, days: 1, packed: 1, merged: 1 })]);
  return { counts, responses: responses ?? counts };
}

/** Hotspots detected in the range: all for the country; elsewhere those of cases in the region. */
async function hotspotsIn(scope: InsightScope, fromMs: number, toMs: number): Promise<InsightsSummary['hotspots']> {
  const records = (await hotspotsSince(new Date(fromMs))).filter((record) => record.detectedAt.getTime() < toMs);
  const regional = scope.region === COUNTRY_REGION ? records : await inRegion(records, scope.region);
  return regional.map((record) => ({
    id: String(record._id),
    subjectKind: record.subjectKind,
    caseId: record.caseId ? String(record.caseId) : null,
    topic: record.topic ?? null,
    count: record.count,
    detectedAt: record.detectedAt.toISOString(),
  }));
}

async function inRegion<T extends { caseId?: unknown }>(records: T[], region: string): Promise<T[]> {
  const regions = await Promise.all(records.map((record) => (record.caseId ? CaseModel.findById(record.caseId, { region: 1 }).lean<{ region?: string | null }>().exec() : Promise.resolve(null))));
  return records.filter((_, i) => regionChain(regions[i]?.region ?? '').includes(region));
}
