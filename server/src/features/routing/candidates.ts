/** The pool ranked for one case, as routing uses it and as a lead sees it on the case page. */
import { Types } from 'mongoose';
import type { CandidateList } from '@refute/shared';
import type { CaseRecord } from '../cases/model';
import { loadCase } from '../reviews/caseSteps';
import { factsOf, poolMembers } from '../experts/pool';
import { cachedRoster } from '../experts/poolRoster';
import { supportUnitsOf, workingUnitsOf } from '../escalation/units';
import { provinceOf } from '../regions/regions';
import { CaseOfferModel, type CaseOfferRecord } from './model';
import { rankCandidates, routingOrder, type CaseFacts, type ExpertFacts, type RankedCandidate } from './ranking';

export function caseFactsOf(record: Pick<CaseRecord, 'topic' | 'lane' | 'language' | 'title' | 'region'>): CaseFacts {
  return {
    topic: record.topic,
    lane: record.lane,
    language: record.language,
    text: record.title,
    region: record.region ? { code: record.region, province: provinceOf(record.region) } : null,
  };
}

/**
 * The pool's facts now and the case's candidates, best first: experts of the units that work on
 * it, if it has a lead unit. Profiles and accounts come from this process's copy of the roster;
 * loads are read now.
 */
export async function rankFor(record: CaseRecord, now = new Date()): Promise<{ pool: ExpertFacts[]; ranked: RankedCandidate[] }> {
  const units = await workingUnitsOf(record);
  const members = (await poolMembers(cachedRoster)).filter((member) => !units || units.includes(String(member.user.orgId)));
  const pool = members.map((member) => factsOf(member, now));
  return { pool, ranked: rankCandidates(caseFactsOf(record), pool) };
}

/**
 * What routing asks, in order (`routingOrder`): the eligible experts of the units on the case and
 * of each organisation above the lead unit (support, 支援: an expert of such an organisation who
 * takes the case brings it in as a cooperating unit), by load against capacity, a quarter more
 * for each level above the units, then by score. `joins` names the organisation each support
 * candidate would bring in.
 */
export async function rankForRouting(
  record: CaseRecord,
  now = new Date(),
): Promise<{ pool: ExpertFacts[]; ordered: Array<RankedCandidate & { key: number; tier: number }>; joins: Map<string, string> }> {
  const [units, support, members] = await Promise.all([workingUnitsOf(record), supportUnitsOf(record), poolMembers(cachedRoster)]);
  const facts = caseFactsOf(record);
  const tiers = [units, ...support.map((orgId) => [orgId])];
  const pool: ExpertFacts[] = [];
  const ranked: RankedCandidate[][] = [];
  const joins = new Map<string, string>();
  for (const [tier, orgIds] of tiers.entries()) {
    const ofTier = members.filter((member) => !orgIds || orgIds.includes(String(member.user.orgId))).map((member) => factsOf(member, now));
    pool.push(...ofTier);
    ranked.push(rankCandidates(facts, ofTier));
    if (tier > 0) for (const expert of ofTier) joins.set(expert.userId, orgIds![0]!);
  }
  return { pool, ordered: routingOrder(ranked), joins };
}

export async function offersOfCase(caseId: Types.ObjectId): Promise<CaseOfferRecord[]> {
  return CaseOfferModel.find({ caseId }).lean<CaseOfferRecord[]>();
}

const LISTED = 20;

/** `GET /cases/:id/candidates`: the best twenty, with the reasons and any offer already made. */
export async function caseCandidates(caseId: string): Promise<CandidateList> {
  const record = await loadCase(caseId);
  const [{ ranked }, offers] = await Promise.all([rankFor(record), offersOfCase(record._id)]);
  const offerOf = new Map(offers.map((offer) => [String(offer.expertId), offer.status]));
  return {
    lane: record.lane,
    items: ranked.slice(0, LISTED).map((candidate) => ({ ...candidate, offer: offerOf.get(candidate.userId) ?? null })),
  };
}
