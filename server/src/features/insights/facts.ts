/**
 * What the rollups count, as facts, and how each fact is filed (`incrementsOf`): pure, so that
 * live updates and the rebuild from the records file every fact in the same documents.
 */
import type { Lane, Language, Topic, Verdict } from '@refute/shared';
import { dayOf, durationBucket, hourOf, mondayOf, scopesOf } from './buckets';

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

export const COUNT_METRICS = ['reports', 'opened', 'published'] as const;
export type CountMetric = (typeof COUNT_METRICS)[number];

/** All topics together: the document an unfiltered dashboard reads, with a count per topic inside. */
export const ALL_TOPICS = '*';

/**
 * A rollup document counts everything of one period in one scope and topic (or all topics): the
 * three metrics under `reports`, `opened` and `published`, and, in the documents of all topics,
 * the response times and deadlines per lane under `resp.<lane>`. The period is a UTC day
 * (`YYYY-MM-DD`) or a week from Monday (`w` and its Monday); a week document holds the week's
 * totals and, under `days.d<day>`, what the charts draw per day and hour, so a range reads its
 * whole weeks from week documents and only the days at its edges from day documents.
 */
export interface RollupKey {
  period: string;
  /**
   * `week|scope|topic`, the same for a week's document and its days' documents: what the
   * dashboard reads, one equality per week of the range (with the periods it wants among them),
   * which the local engine answers from one index.
   */
  read: string;
  scope: string;
  topic: Topic | typeof ALL_TOPICS;
}

export interface Increment {
  key: RollupKey;
  inc: Record<string, number>;
}

/** Field names inside rollup documents: prefixed, so no key is numeric or an id alone. */
export const regionField = (code: string | null) => `r${code ?? 'none'}`;

/** The period key of the week (from Monday, UTC) a day is in. */
export const weekPeriodOf = (day: string): string => `w${mondayOf(day)}`;

/** Whether a rollup document's period is a week. */
export const isWeekPeriod = (period: string): boolean => period.startsWith('w');

/** The key the documents of a week (its own and its days') of a scope and topic are read by. */
export const readKeyOf = (week: string, scope: string, topic: string): string => `${week}|${scope}|${topic}`;

/** The increments of one fact, in each scope it is counted in: its day's documents and its week's. */
export function incrementsOf(fact: InsightFact, chainOf: (code: string) => string[]): Increment[] {
  const day = dayOf(fact.at);
  const daily = dayIncrementsOf(fact, day, chainOf);
  return [...daily, ...daily.map((increment) => weekIncrementOf(increment, day))];
}

function dayIncrementsOf(fact: InsightFact, day: string, chainOf: (code: string) => string[]): Increment[] {
  const scopes = scopesOf(fact.region, chainOf);
  const chain = fact.region ? chainOf(fact.region) : [];
  const week = weekPeriodOf(day);
  const keyOf = (scope: string, topic: Topic | typeof ALL_TOPICS): RollupKey => ({ period: day, read: readKeyOf(week, scope, topic), scope, topic });
  if (fact.kind === 'milestone') {
    // Response times are counted per scope and lane, in the documents of all topics.
    const lane = `resp.${fact.lane}`;
    const inc: Record<string, number> = { [`${lane}.${fact.milestone}.b${durationBucket(fact.seconds)}`]: 1 };
    if (fact.deadline) {
      const outcome = fact.deadline.met ? 'met' : 'missed';
      inc[`${lane}.${outcome}`] = 1;
      if (fact.deadline.orgId) inc[`${lane}.org.o${fact.deadline.orgId}.${outcome}`] = 1;
    }
    return scopes.map((scope) => ({ key: keyOf(scope, ALL_TOPICS), inc }));
  }
  const metric: CountMetric = fact.kind === 'report' ? 'reports' : fact.kind;
  const common: Record<string, number> = { [`${metric}.n`]: 1, [`${metric}.lane.${fact.lane}`]: 1, [`${metric}.lang.${fact.language}`]: 1 };
  if (fact.kind === 'report') {
    common[`${metric}.h.h${hourOf(fact.at)}`] = 1;
    common[`${metric}.platform.p${fact.platformId}`] = 1;
  }
  if (fact.kind === 'published') common[`${metric}.verdict.${fact.verdict}`] = 1;
  return scopes.flatMap((scope, depth): Increment[] => {
    // A scope counts the regions one and two levels below it (the country: provinces and
    // cities), which its region table ranks; deeper ones are counted in their own scopes.
    const inc = { ...common };
    const regions = chain.slice(depth, depth + 2);
    if (regions.length > 0) for (const code of regions) inc[`${metric}.region.${regionField(code)}`] = 1;
    else if (depth === 0) inc[`${metric}.region.${regionField(null)}`] = 1;
    // The document of all topics also counts per topic (and verdicts per topic).
    const all = { ...inc, [`${metric}.topics.${fact.topic}`]: 1, ...(fact.kind === 'published' ? { [`${metric}.tv.${fact.topic}.${fact.verdict}`]: 1 } : {}) };
    return [
      { key: keyOf(scope, fact.topic), inc },
      { key: keyOf(scope, ALL_TOPICS), inc: all },
    ];
  });
}

/** What the charts draw per day (and, for reports, per hour): kept per day inside a week document. */
const DAILY_SERIES = /^(?:(?:reports|opened|published)\.(?:n$|lane\.|topics\.|h\.)|resp\.[a-z]+\.(?:met|missed)$)/;

/** The same counts filed in the day's week document: its totals, and the day's series under `days.d<day>`. */
function weekIncrementOf(increment: Increment, day: string): Increment {
  const inc: Record<string, number> = {};
  for (const [field, by] of Object.entries(increment.inc)) {
    // Hours are drawn per day only; the week's totals need no hour of the day.
    if (!field.startsWith('reports.h.')) inc[field] = by;
    if (DAILY_SERIES.test(field)) inc[`days.d${day}.${field}`] = by;
  }
  return { key: { ...increment.key, period: weekPeriodOf(day) }, inc };
}
