/**
 * The dashboard's figures for a range: the rollups of each month of the range in the viewer's
 * scope (two equality reads per month: counts and response times), added up; the ranking from the matching
 * index; hotspots and the present workload.
 */
import { COUNTRY_REGION, INSIGHTS_DEFAULT_DAYS, type InsightsQuery, type InsightsSummary, type SessionUser } from '@refute/shared';
import { hotspotsSince } from '../hotspots/record';
import { matchIndex } from '../matching/liveIndex';
import type { MemoryIndex } from '../matching/memoryIndex';
import { organisationNames } from '../organisations/repository';
import { regionChain } from '../regions/regions';
import { CaseModel } from '../cases/model';
import { aggregate } from './aggregate';
import { dayOf, daysBetween } from './buckets';
import { ALL_TOPICS } from './facts';
import { InsightCountModel, InsightResponseModel, type RollupRecord } from './model';
import { rankPublishedCases } from './ranking';
import { insightScope, type InsightScope } from './scope';
import { workloadOf } from './workload';

const DAY_MS = 86_400_000;

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
  const days = daysBetween(from, to);
  const months = [...new Set(days.map((day) => day.slice(0, 7)))];
  const topic = query.topic ?? ALL_TOPICS;
  const [counts, responses] = await Promise.all([
    Promise.all(months.map((month) => InsightCountModel.find({ read: `${month}|${scope.region}|${topic}` }).lean<RollupRecord[]>())),
    Promise.all(months.map((month) => InsightResponseModel.find({ read: `${month}|${scope.region}` }).lean<RollupRecord[]>())),
  ]);
  const figures = aggregate(days, counts.flat(), responses.flat());
  const fromMs = Date.parse(`${from}T00:00:00Z`);
  const toMs = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
  const [ranking, hotspots, workload] = await Promise.all([
    rankPublishedCases(options.index ?? matchIndex(), { fromMs, toMs, region: scope.region, topic: query.topic, baseUrl: options.baseUrl }),
    hotspotsIn(scope, fromMs, toMs),
    workloadOf(scope),
  ]);
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
