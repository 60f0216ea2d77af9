/**
 * Ranking experts for a case: a pure function of the case and the pool, so the server's routing
 * and a simulation of it rank alike. Each reason carries its points; the score is their sum.
 */
import type { CandidateReason, Lane, Language, Topic } from '@refute/shared';
import { median } from '../experts/availability';

export interface CaseFacts {
  topic: Topic;
  lane: Lane;
  language: Language;
  /** The case's title and report text, for keyword fit (lowercased by the caller or not). */
  text: string;
  /** Where the rumor circulates: its GB/T 2260 code and province; null when unknown. */
  region: { code: string; province: string | null } | null;
}

export interface ExpertFacts {
  userId: string;
  name: string;
  domains: readonly Topic[];
  keywords: readonly string[];
  region: { code: string; province: string | null };
  languages: readonly Language[];
  capacity: number;
  openCases: number;
  /** The last day of the leave the expert is on now; null when available. */
  onLeaveUntil: string | null;
  onCall: boolean;
  /** Hot and normal cases are assigned to them at once rather than offered. */
  directAssignment?: boolean;
  /** Minutes from offer to acceptance of recent offers. */
  responseMinutes: readonly number[];
}

export interface RankedCandidate {
  userId: string;
  name: string;
  score: number;
  /** Routing offers (or assigns) only eligible experts: domain fits, available, below capacity. */
  eligible: boolean;
  reasons: CandidateReason[];
}

export const POINTS = {
  domain: 40,
  keyword: 5,
  keywordsMax: 10,
  sameRegion: 20,
  sameProvince: 10,
  /** Full when the expert has nothing on; none at capacity. More than the same region: a free expert nearby beats a busy one in place. */
  load: 30,
  /** On leave: far down the list, below anyone available. */
  onLeave: -60,
  /** On call counts only for emergencies. */
  onCall: 15,
  language: 5,
  /** Full for an answer within minutes, none at RESPONSE_SLOW_MINUTES; half for someone never offered. */
  response: 10,
} as const;

const RESPONSE_SLOW_MINUTES = 240;

function reasonsFor(facts: CaseFacts, expert: ExpertFacts): CandidateReason[] {
  const domainFits = expert.domains.includes(facts.topic);
  const text = facts.text.toLowerCase();
  const matched = expert.keywords.filter((keyword) => keyword.trim() !== '' && text.includes(keyword.toLowerCase()));
  const regionFit = !facts.region
    ? 'unknown'
    : expert.region.code === facts.region.code
      ? 'same'
      : facts.region.province !== null && expert.region.province === facts.region.province
        ? 'province'
        : 'none';
  const loadShare = expert.capacity > 0 ? Math.min(1, expert.openCases / expert.capacity) : 1;
  const medianMinutes = median(expert.responseMinutes);
  const languageFits = expert.languages.includes(facts.language);
  return [
    { kind: 'domain', fits: domainFits, points: domainFits ? POINTS.domain : 0 },
    { kind: 'keywords', matched, points: Math.min(POINTS.keywordsMax, matched.length * POINTS.keyword) },
    { kind: 'region', fit: regionFit, points: regionFit === 'same' ? POINTS.sameRegion : regionFit === 'province' ? POINTS.sameProvince : 0 },
    { kind: 'load', open: expert.openCases, capacity: expert.capacity, points: round(POINTS.load * (1 - loadShare)) },
    { kind: 'availability', available: expert.onLeaveUntil === null, until: expert.onLeaveUntil, points: expert.onLeaveUntil === null ? 0 : POINTS.onLeave },
    { kind: 'on_call', onCall: expert.onCall, points: facts.lane === 'emergency' && expert.onCall ? POINTS.onCall : 0 },
    { kind: 'language', fits: languageFits, points: languageFits ? POINTS.language : 0 },
    {
      kind: 'response',
      medianMinutes: medianMinutes === null ? null : round(medianMinutes),
      points: medianMinutes === null ? POINTS.response / 2 : round(POINTS.response * Math.max(0, 1 - medianMinutes / RESPONSE_SLOW_MINUTES)),
    },
  ];
}

const round = (value: number) => Math.round(value * 10) / 10;

/** The pool ranked for the case, best first; ties go to the less loaded expert, then by id. */
export function rankCandidates(facts: CaseFacts, pool: readonly ExpertFacts[]): RankedCandidate[] {
  const ranked = pool.map((expert) => {
    const reasons = reasonsFor(facts, expert);
    return {
      userId: expert.userId,
      name: expert.name,
      score: round(reasons.reduce((sum, reason) => sum + reason.points, 0)),
      eligible: expert.domains.includes(facts.topic) && expert.onLeaveUntil === null && expert.openCases < expert.capacity,
      reasons,
      share: expert.capacity > 0 ? expert.openCases / expert.capacity : 1,
    };
  });
  ranked.sort((a, b) => b.score - a.score || a.share - b.share || a.userId.localeCompare(b.userId));
  return ranked.map(({ share: _share, ...candidate }) => candidate);
}

/** Whom an emergency may go to at once, best first: the eligible experts on call. */
export function onCallInOrder(ranked: readonly RankedCandidate[], pool: readonly ExpertFacts[]): RankedCandidate[] {
  const onCall = new Set(pool.filter((expert) => expert.onCall).map((expert) => expert.userId));
  return ranked.filter((candidate) => candidate.eligible && onCall.has(candidate.userId));
}

/** The expert an emergency goes to at once: the best eligible one on call, if any. */
export function bestOnCall(ranked: readonly RankedCandidate[], pool: readonly ExpertFacts[]): RankedCandidate | null {
  return onCallInOrder(ranked, pool)[0] ?? null;
}

/**
 * Load is compared in quarters of capacity when routing orders candidates: an expert with one case
 * of six and one with none are equally free, and their score (fit) decides between them.
 */
export const LOAD_STEPS = 4;

/** How full the candidate is, in quarters of their capacity (0 free … 4 full), from their load reason. */
export function loadSteps(candidate: Pick<RankedCandidate, 'reasons'>): number {
  const load = candidate.reasons.find((reason) => reason.kind === 'load');
  if (!load || load.capacity <= 0) return LOAD_STEPS;
  return Math.min(LOAD_STEPS, Math.floor((load.open / load.capacity) * LOAD_STEPS));
}

/**
 * Where routing puts a candidate: their load in quarters of capacity, plus one quarter for each
 * organisation their own stands above the case's units (`tier`: 0 for the units, 1 for the
 * lead unit's parent, …): among the equally free, the nearer organisation first.
 */
export const balanceKey = (candidate: Pick<RankedCandidate, 'reasons'>, tier: number) => loadSteps(candidate) + tier;

/**
 * The eligible candidates of each tier (the case's units, then each organisation above, nearest
 * first; each ranked by `rankCandidates`) by `balanceKey`, then by score, then by id. Spreading
 * cases by load against capacity keeps a few well-placed experts from taking most of the work
 * while others of the same fit wait idle. Which tiers a round may ask is the router's rule
 * (`tierToAsk`).
 */
export function routingOrder(tiers: ReadonlyArray<readonly RankedCandidate[]>): Array<RankedCandidate & { key: number; tier: number }> {
  const keyed = tiers.flatMap((ranked, tier) => ranked.filter((candidate) => candidate.eligible).map((candidate) => ({ ...candidate, tier, key: balanceKey(candidate, tier) })));
  return keyed.sort((a, b) => a.key - b.key || b.score - a.score || a.userId.localeCompare(b.userId));
}

/**
 * The candidates a round may ask, in routing's order: those of the nearest tier that still has an
 * eligible expert not yet asked about the case at its level (`asked`), so that the case's units
 * do its work while they can, and support comes from the organisation above only when nobody of
 * the units is left to ask, then from the next one up (四级联动, nearest first). Once every tier
 * has been asked, all of them (those whose offer lapsed or was withdrawn may be asked again).
 */
export function tierToAsk<Candidate extends { userId: string; tier: number }>(ordered: readonly Candidate[], asked: ReadonlySet<string>): Candidate[] {
  const fresh = ordered.filter((candidate) => !asked.has(candidate.userId));
  if (fresh.length === 0) return [...ordered];
  const nearest = Math.min(...fresh.map((candidate) => candidate.tier));
  return ordered.filter((candidate) => candidate.tier === nearest);
}
