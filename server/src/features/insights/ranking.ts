/**
 * The most reported published rumors of a range (辟谣榜): reports per case counted in the
 * matching index (every process holds every report with its case and time), then the leaders'
 * publications read by `_id` until enough fall in the viewer's region and topic.
 */
import type { Types } from 'mongoose';
import { COUNTRY_REGION, TOPICS, type InsightsSummary, type Topic, type Verdict } from '@refute/shared';
import type { MemoryIndex } from '../matching/memoryIndex';
import { PublicationModel } from '../publications/model';
import { publicationUrl } from '../publications/presenter';
import { regionChain } from '../regions/regions';

const RANKED = 10;
/** Publications read at most to fill the ranking of a small region or one topic. */
const LOOKUPS_MAX = 200;
const LOOKUP_BATCH = 50;
/** Publications never change: what was read of them is kept (the most reported come back). */
const CACHED_MAX = 20_000;
const cache = new Map<string, RankedPublication>();

async function publicationOf(id: string): Promise<RankedPublication | null> {
  const cached = cache.get(id);
  if (cached) return cached;
  const publication = await PublicationModel.findById(id, { caseId: 1, headline: 1, verdict: 1, topic: 1, slug: 1, region: 1 }).lean<RankedPublication>().exec();
  if (cache.size >= CACHED_MAX) cache.clear();
  // A publication not written yet (an approval under way) is looked for again next time.
  if (publication) cache.set(id, publication);
  return publication;
}

interface RankedPublication {
  _id: Types.ObjectId;
  caseId: Types.ObjectId;
  headline: string;
  verdict: Verdict;
  topic: Topic;
  slug: string;
  region?: string | null;
}

export type RankingEntry = InsightsSummary['ranking'][number];

export interface RankingRange {
  fromMs: number;
  toMs: number;
  region: string;
  topic: Topic | undefined;
  baseUrl: string;
}

/** The ten most reported published cases of the range in the region (and topic). */
export async function rankPublishedCases(index: MemoryIndex, range: RankingRange): Promise<RankingEntry[]> {
  return (await rankings(index, range, { overall: RANKED, perTopic: 0 })).overall;
}

/**
 * The most reported published cases overall and per topic, walking the cases by their reports
 * in the range (most first) and reading their publications until every list is full.
 */
export async function rankings(index: MemoryIndex, range: RankingRange, sizes: { overall: number; perTopic: number }): Promise<{ overall: RankingEntry[]; byTopic: Partial<Record<Topic, RankingEntry[]>> }> {
  const lookups = sizes.perTopic > 0 ? LOOKUPS_MAX * 2 : LOOKUPS_MAX;
  const counts = mostReported(index.publishedCaseReportsBetween(range.fromMs, range.toMs, lookups), lookups);
  const overall: RankingEntry[] = [];
  const byTopic: Partial<Record<Topic, RankingEntry[]>> = {};
  const fits = (publication: RankedPublication) =>
    (!range.topic || publication.topic === range.topic) && (range.region === COUNTRY_REGION || regionChain(publication.region ?? '').includes(range.region));
  const full = () => overall.length >= sizes.overall && (sizes.perTopic === 0 || Object.keys(byTopic).length === TOPICS.length && Object.values(byTopic).every((list) => list.length >= sizes.perTopic));
  for (let start = 0; start < Math.min(counts.length, lookups) && !full(); start += LOOKUP_BATCH) {
    const batch = counts.slice(start, start + LOOKUP_BATCH);
    const publications = await Promise.all(
      batch.map(([caseId]) => {
        const publicationId = index.caseState(caseId).publicationId;
        return publicationId ? publicationOf(publicationId) : Promise.resolve(null);
      }),
    );
    publications.forEach((publication, i) => {
      if (!publication || !fits(publication)) return;
      const entry = { caseId: String(publication.caseId), headline: publication.headline, reports: batch[i]![1], verdict: publication.verdict, topic: publication.topic, url: publicationUrl(range.baseUrl, publication.slug) };
      if (overall.length < sizes.overall) overall.push(entry);
      const list = (byTopic[publication.topic] ??= []);
      if (list.length < sizes.perTopic) list.push(entry);
    });
  }
  if (sizes.perTopic === 0) for (const topic of Object.keys(byTopic) as Topic[]) delete byTopic[topic];
  return { overall, byTopic };
}

/**
 * The `limit` cases with most reports, most first (ties by id): only the cases at or above the
 * limit's count are sorted, not the thousands reported a few times in a month.
 */
export function mostReported(counts: ReadonlyMap<string, number>, limit: number): Array<[string, number]> {
  let entries = [...counts];
  if (entries.length > limit) {
    const descending = Float64Array.from(entries, (entry) => -entry[1]).sort();
    const least = -descending[limit - 1]!;
    entries = entries.filter((entry) => entry[1] >= least);
  }
  return entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
}
