/**
 * What the rollups count, as facts, and how each fact is filed (`incrementsOf`): pure, so that
 * live updates and the rebuild from the records file every fact in the same documents.
 */
import type { Lane, Language, Topic, Verdict } from '@refute/shared';
import { dayOf, durationBucket, hourOf, scopesOf } from './buckets';

/** A report stored, with its case's topic and lane at that moment. */
export interface ReportFact {
  kind: 'report';
  at: Date;
  topic: Topic;
  lane: Lane;
  region: string | null;
  platformId: string;
  language: Language;
}

/** A case opened. */
export interface OpenedFact {
  kind: 'opened';
  at: Date;
  topic: Topic;
  lane: Lane;
  region: string | null;
  language: Language;
}

/** A case's first publication (corrections are not counted again). */
export interface PublishedFact {
  kind: 'published';
  at: Date;
  topic: Topic;
  lane: Lane;
  region: string | null;
  language: Language;
  verdict: Verdict;
}

export const MILESTONES = ['firstExpert', 'submitted', 'published'] as const;
export type Milestone = (typeof MILESTONES)[number];

/** The first time a case reached a step of the response, counted from its opening. */
export interface MilestoneFact {
  kind: 'milestone';
  at: Date;
  milestone: Milestone;
  seconds: number;
  lane: Lane;
  region: string | null;
  /** For the first publication: whether it was out by the deadline, and who approved it. */
  deadline?: { met: boolean; orgId: string | null };
}

export type InsightFact = ReportFact | OpenedFact | PublishedFact | MilestoneFact;

export type CountMetric = 'reports' | 'opened' | 'published';

/** All topics together: the document an unfiltered dashboard reads, with a count per topic inside. */
export const ALL_TOPICS = '*';

export interface CountKey {
  day: string;
  month: string;
  /**
   * `month|scope|topic`: what the dashboard reads, as one equality. A lookup by `month` and
   * `scope` apart would have the local engine intersect the month's every document.
   */
  read: string;
  scope: string;
  metric: CountMetric;
  topic: Topic | typeof ALL_TOPICS;
}

export interface ResponseKey {
  day: string;
  month: string;
  /** `month|scope`, as `CountKey.read`. */
  read: string;
  scope: string;
  lane: Lane;
}

export type Increment = { collection: 'counts'; key: CountKey; inc: Record<string, number> } | { collection: 'responses'; key: ResponseKey; inc: Record<string, number> };

/** Field names inside rollup documents: prefixed, so no key is numeric or an id alone. */
export const regionField = (code: string | null) => `r${code ?? 'none'}`;

/** The increments of one fact, one per scope it is counted in. */
export function incrementsOf(fact: InsightFact, chainOf: (code: string) => string[]): Increment[] {
  const day = dayOf(fact.at);
  const month = day.slice(0, 7);
  const scopes = scopesOf(fact.region, chainOf);
  const chain = fact.region ? chainOf(fact.region) : [];
  if (fact.kind === 'milestone') {
    const inc: Record<string, number> = { [`${fact.milestone}.b${durationBucket(fact.seconds)}`]: 1 };
    if (fact.deadline) {
      const outcome = fact.deadline.met ? 'met' : 'missed';
      inc[outcome] = 1;
      if (fact.deadline.orgId) inc[`org.o${fact.deadline.orgId}.${outcome}`] = 1;
    }
    return scopes.map((scope) => ({ collection: 'responses', key: { day, month, read: `${month}|${scope}`, scope, lane: fact.lane }, inc }));
  }
  const common: Record<string, number> = { n: 1, [`lane.${fact.lane}`]: 1, [`lang.${fact.language}`]: 1 };
  if (fact.kind === 'report') {
    common[`h.h${hourOf(fact.at)}`] = 1;
    common[`platform.p${fact.platformId}`] = 1;
  }
  if (fact.kind === 'published') common[`verdict.${fact.verdict}`] = 1;
  const metric: CountMetric = fact.kind === 'report' ? 'reports' : fact.kind;
  return scopes.flatMap((scope, depth): Increment[] => {
    // A scope counts the regions one and two levels below it (the country: provinces and
    // cities), which its region table ranks; deeper ones are counted in their own scopes.
    const inc = { ...common };
    const regions = chain.slice(depth, depth + 2);
    if (regions.length > 0) for (const code of regions) inc[`region.${regionField(code)}`] = 1;
    else if (depth === 0) inc[`region.${regionField(null)}`] = 1;
    // The document of all topics also counts per topic (and verdicts per topic).
    const all = { ...inc, [`topics.${fact.topic}`]: 1, ...(fact.kind === 'published' ? { [`tv.${fact.topic}.${fact.verdict}`]: 1 } : {}) };
    return [
      { collection: 'counts', key: { day, month, read: `${month}|${scope}|${fact.topic}`, scope, metric, topic: fact.topic }, inc },
      { collection: 'counts', key: { day, month, read: `${month}|${scope}|${ALL_TOPICS}`, scope, metric, topic: ALL_TOPICS }, inc: all },
    ];
  });
}
