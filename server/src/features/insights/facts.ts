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

export type CountMetric = 'reports' | 'opened' | 'published';

/** All topics together: the document an unfiltered dashboard reads, with a count per topic inside. */
export const ALL_TOPICS = '*';

/**
 * A rollup document counts one period: a UTC day (`day` is `YYYY-MM-DD`) or a week from Monday
 * (`day` is `w` and its Monday). A week document holds the week's totals and, under
 * `days.d<day>`, what the charts draw per day and hour, so a range reads its whole weeks from
 * week documents and only the days at its edges from day documents.
 */
export interface CountKey {
  day: string;
  /**
   * `period|scope|topic`: what the dashboard reads, as one equality (the local engine would
   * intersect every document of the period for `day` and `scope` apart).
   */
  read: string;
  scope: string;
  metric: CountMetric;
  topic: Topic | typeof ALL_TOPICS;
}

export interface ResponseKey {
  day: string;
  /** `period|scope`, as `CountKey.read`. */
  read: string;
  scope: string;
  lane: Lane;
}

export type Increment = { collection: 'counts'; key: CountKey; inc: Record<string, number> } | { collection: 'responses'; key: ResponseKey; inc: Record<string, number> };

/** Field names inside rollup documents: prefixed, so no key is numeric or an id alone. */
export const regionField = (code: string | null) => `r${code ?? 'none'}`;

/** The increments of one fact, in each scope it is counted in: its day's documents and its week's. */
export function incrementsOf(fact: InsightFact, chainOf: (code: string) => string[]): Increment[] {
  const day = dayOf(fact.at);
  const daily = dayIncrementsOf(fact, day, chainOf);
  return [...daily, ...daily.map((increment) => weekIncrementOf(increment, day))];
}

function dayIncrementsOf(fact: InsightFact, day: string, chainOf: (code: string) => string[]): Increment[] {
  const scopes = scopesOf(fact.region, chainOf);
  const chain = fact.region ? chainOf(fact.region) : [];
  if (fact.kind === 'milestone') {
    const inc: Record<string, number> = { [`${fact.milestone}.b${durationBucket(fact.seconds)}`]: 1 };
    if (fact.deadline) {
      const outcome = fact.deadline.met ? 'met' : 'missed';
      inc[outcome] = 1;
      if (fact.deadline.orgId) inc[`org.o${fact.deadline.orgId}.${outcome}`] = 1;
    }
    return scopes.map((scope) => ({ collection: 'responses', key: { day, read: `${day}|${scope}`, scope, lane: fact.lane }, inc }));
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
      { collection: 'counts', key: { day, read: `${day}|${scope}|${fact.topic}`, scope, metric, topic: fact.topic }, inc },
      { collection: 'counts', key: { day, read: `${day}|${scope}|${ALL_TOPICS}`, scope, metric, topic: ALL_TOPICS }, inc: all },
    ];
  });
}

/** The period key of the week (from Monday, UTC) a day is in. */
export const weekPeriodOf = (day: string): string => `w${mondayOf(day)}`;

/** Whether a rollup document's period is a week. */
export const isWeekPeriod = (period: string): boolean => period.startsWith('w');

/** What the charts draw per day (and, for reports, per hour): kept per day inside a week document. */
const isDailySeries = (collection: Increment['collection'], field: string) =>
  collection === 'responses' ? field === 'met' || field === 'missed' : field === 'n' || field.startsWith('lane.') || field.startsWith('topics.') || field.startsWith('h.');

/** The same counts filed in the day's week document: its totals, and the day's series under `days.d<day>`. */
function weekIncrementOf(increment: Increment, day: string): Increment {
  const period = weekPeriodOf(day);
  const inc: Record<string, number> = {};
  for (const [field, by] of Object.entries(increment.inc)) {
    // Hours are drawn per day only; the week's totals need no hour of the day.
    if (!field.startsWith('h.')) inc[field] = by;
    if (isDailySeries(increment.collection, field)) inc[`days.d${day}.${field}`] = by;
  }
  const read = `${period}${increment.key.read.slice(day.length)}`;
  return increment.collection === 'counts'
    ? { collection: 'counts', key: { ...increment.key, day: period, read }, inc }
    : { collection: 'responses', key: { ...increment.key, day: period, read }, inc };
}
