/**
 * Routing: when a case opens, or its topic, region or lane changes while nobody works on it, the
 * pool is ranked for it. An emergency goes at once to the best eligible on-call expert, who is
 * paged and must acknowledge it in time or a backup is assigned too (pages.ts); other
 * cases (and emergencies nobody on call can take) are offered to the top candidates, and to the
 * next ones when all of those declined. Each decision is a round inserted under the unique
 * `<caseId>:<round>`, so with several processes exactly one makes it; the assignment itself is a
 * case transition, decided by the unique `(caseId, seq)` like every other step of the workflow.
 */
import { Types } from 'mongoose';
import type { Lane } from '@refute/shared';
import { recordAudit, SYSTEM_ACTOR } from '../audit/service';
import type { CaseRecord } from '../cases/model';
import { findCase, transitionCase } from '../cases/repository';
import { isDuplicateKeyError } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { notify, REFUTE_ACTOR } from '../notifications/service';
import { offersOfCase, rankForRouting } from './candidates';
import { CaseOfferModel, RoutingRoundModel, type CaseOfferRecord, type RoutingReason, type RoutingRoundRecord } from './model';
import { freeSeat, takeSeat, type Seat } from '../experts/seats';
import { roundOf } from '../escalation/plan';
import { onCallInOrder, tierToAsk, type RankedCandidate } from './ranking';
import { pageOnCall } from './pages';
import { offerExpiry, offerMinutes } from './settings';

/**
 * How many experts a case is offered to at once, per lane: the first to accept takes it, so a
 * larger round answers sooner; hot cases and emergencies nobody on call could take ask more.
 */
export const OFFERS_PER_ROUND: Record<Lane, number> = { emergency: 5, hot: 5, normal: 3 };

/**
 * How far down routing's order an expert who opted in to direct assignment is given the case at
 * once: among the first this many times a round, and no fuller than the first (`balanceKey`, in
 * quarters of capacity; DIRECT_SLACK quarters more would be allowed): one who takes cases without
 * being asked beats waiting for answers, but is not piled on while others as fit are freer (a
 * quarter's slack gave a Gini of 0.405 against 0.404 for first come, first served in sim:routing).
 */
const DIRECT_REACH = 2;
const DIRECT_SLACK = 0;

/** Offers no longer open that were never answered: the expert may be asked again. */
const UNANSWERED: ReadonlySet<string> = new Set(['offered', 'expired', 'withdrawn']);

/** The case's level: how many times it escalated (0 at its first lead unit). */
const levelOf = (record: Pick<CaseRecord, 'escalations'>) => roundOf(record);

/** The offers made at the case's level now: answers given at an earlier level (before an escalation) no longer hold. */
const ofLevel = (offers: readonly CaseOfferRecord[], level: number) => offers.filter((offer) => (offer.level ?? 0) === level);

/**
 * Whom a round offers the case to: the best eligible experts never asked about it at this level;
 * when fewer are left than a round asks, the best of those whose offer lapsed or was withdrawn
 * unanswered. Nobody who declined at this level is asked again; after an escalation, those who
 * declined before rank with everyone else.
 */
function offerees<Candidate extends RankedCandidate>(ranked: readonly Candidate[], offers: readonly CaseOfferRecord[], count: number): Candidate[] {
  const statusOf = new Map(offers.map((offer) => [String(offer.expertId), offer.status]));
  const eligible = ranked.filter((candidate) => candidate.eligible);
  const fresh = eligible.filter((candidate) => !statusOf.has(candidate.userId));
  const again = eligible.filter((candidate) => UNANSWERED.has(statusOf.get(candidate.userId) ?? ''));
  return [...fresh, ...again].slice(0, count);
}

export type RoutingResult = { outcome: 'assigned'; expertId: string } | { outcome: 'offered'; expertIds: string[] } | { outcome: 'none' } | { outcome: 'skipped' };

async function latestRound(caseId: Types.ObjectId): Promise<RoutingRoundRecord | null> {
  return RoutingRoundModel.findOne({ caseId }).sort({ round: -1 }).lean<RoutingRoundRecord>();
}

/** Whether the case waits for routing: open, and nobody on it. */
export const awaitsExpert = (record: Pick<CaseRecord, 'status' | 'assigneeIds'>) => record.status === 'open' && (record.assigneeIds ?? []).length === 0;

/** When an open offer lapses; an offer made before offers lapsed counts from its time with the lane's setting now. */
export const expiryOf = (offer: Pick<CaseOfferRecord, 'offeredAt' | 'expiresAt'>, lane: CaseRecord['lane']) => offer.expiresAt ?? offerExpiry(lane, offer.offeredAt);

/**
 * Why the case needs a new round now, or null when the current one stands. A round counts as
 * declined only once every offer it made exists and is answered: a router that reads between
 * another's round and its offers must not take the missing offers for answers. It has expired
 * when every offer it made exists and none is still open within its time.
 */
function reasonForRound(record: CaseRecord, latest: RoutingRoundRecord | null, offers: readonly CaseOfferRecord[], now: Date): RoutingReason | null {
  if (!latest) return 'opened';
  // The case moved up a level: the new lead unit's candidates are ranked, and earlier declines no longer hold.
  if ((latest.level ?? 0) !== levelOf(record)) return 'escalated';
  if (latest.topic !== record.topic) return 'topic_changed';
  if ((latest.region ?? null) !== (record.region ?? null)) return 'region_changed';
  if (record.lane === 'emergency' && latest.lane !== 'emergency') return 'lane_changed';
  // Nobody could be asked last time: after the lane's offer time the pool may have room again.
  if (latest.outcome === 'none') return offerExpiry(record.lane, latest.at) <= now ? 'retry' : null;
  if (latest.outcome !== 'offered') return null;
  const offerOf = new Map(offers.map((offer) => [String(offer.expertId), offer]));
  const ofRound = latest.expertIds.map((id) => offerOf.get(String(id)));
  if (ofRound.some((offer) => offer === undefined)) return null;
  const open = ofRound.filter((offer) => offer!.status === 'offered');
  if (open.length === 0) return 'declined';
  if (open.every((offer) => expiryOf(offer!, record.lane) <= now)) return 'expired';
  return null;
}

/** The change that brings a support expert's organisation in as a cooperating unit (none when it is one already, or for no organisation). */
export function joiningUnit(record: Pick<CaseRecord, 'cooperatingUnitIds'>, unitId: string | Types.ObjectId | null | undefined): { cooperatingUnitIds?: Types.ObjectId[] } {
  const cooperating = record.cooperatingUnitIds ?? [];
  if (!unitId || cooperating.some((id) => String(id) === String(unitId))) return {};
  return { cooperatingUnitIds: [...cooperating, new Types.ObjectId(String(unitId))] };
}

/** What routing last decided for the case, as a signature: a case whose signature is unchanged needs no look. */
export const signatureOf = (record: Pick<CaseRecord, 'topic' | 'region' | 'lane'>) => `${record.topic}|${record.region ?? ''}|${record.lane === 'emergency' ? 'e' : ''}`;

/** Routes the case if it needs it now; safe to call any number of times from any process. */
export async function routeCase(caseId: Types.ObjectId | string, now = new Date()): Promise<RoutingResult> {
  const record = await findCase(caseId);
  if (!record || !awaitsExpert(record)) return { outcome: 'skipped' };
  const [latest, offers] = await Promise.all([latestRound(record._id), offersOfCase(record._id)]);
  const pending = offers.filter((offer) => offer.status === 'offered');
  const reason = reasonForRound(record, latest, offers, now);
  if (!reason) return { outcome: 'skipped' };

  const { pool, ordered: all, joins } = await rankForRouting(record, now);
  const level = levelOf(record);
  const atLevel = ofLevel(offers, level);
  const ordered = tierToAsk(all, new Set(atLevel.map((offer) => String(offer.expertId))));
  const declined = new Set(atLevel.filter((offer) => offer.status === 'declined').map((offer) => String(offer.expertId)));
  const directIds = new Set(pool.filter((expert) => expert.directAssignment).map((expert) => expert.userId));
  const toOffer = offerees(ordered, atLevel, OFFERS_PER_ROUND[record.lane]);
  // An emergency goes at once to the first eligible on-call expert in routing's order, of any
  // tier, who did not decline it; any case goes to the first of those the round may ask, within
  // its reach, who take cases without being asked, unless fuller than the first by more than the slack.
  const withinReach = offerees(ordered, atLevel, OFFERS_PER_ROUND[record.lane] * DIRECT_REACH);
  const firstKey = withinReach[0]?.key ?? 0;
  const given =
    (record.lane === 'emergency'
      ? await seatFirst(record, onCallInOrder(all, pool).filter((candidate) => !declined.has(candidate.userId)), 'on_call', now)
      : null) ?? (await seatFirst(record, withinReach.filter((candidate) => directIds.has(candidate.userId) && candidate.key <= firstKey + DIRECT_SLACK), 'direct', now));
  const chosen = given ? [given.candidate] : toOffer;
  const outcome = given ? 'assigned' : chosen.length > 0 ? 'offered' : 'none';
  const round = (latest?.round ?? 0) + 1;
  try {
    await RoutingRoundModel.create({
      _id: `${String(record._id)}:${round}`,
      caseId: record._id,
      round,
      reason,
      topic: record.topic,
      region: record.region ?? null,
      lane: record.lane,
      level,
      outcome,
      expertIds: chosen.map((candidate) => new Types.ObjectId(candidate.userId)),
      at: now,
    });
  } catch (error) {
    if (given) await freeSeat(given.seat);
    if (isDuplicateKeyError(error)) return { outcome: 'skipped' };
    throw error;
  }
  // A new round replaces what the last one offered: those offers no longer stand.
  if (pending.length > 0) await closePending(record, pending, reason === 'expired' ? 'expired' : 'withdrawn', round, now);

  if (given) return assignAtOnce(record, given, round, joins.get(given.candidate.userId) ?? null, now);
  // Nobody to ask: the round says so; the case waits for a lead, a claim, a change that ranks it
  // again, or the lane's offer time, after which it is ranked again ('retry').
  if (chosen.length === 0) return { outcome: 'none' };
  const askedBefore = new Map(offers.map((offer) => [String(offer.expertId), offer]));
  const joinsUnitId = (candidate: RankedCandidate) => (joins.has(candidate.userId) ? new Types.ObjectId(joins.get(candidate.userId)) : null);
  // Asked again after an offer that lapsed or was withdrawn, or declined at an earlier level: the same document, open once more.
  for (const candidate of chosen.filter((one) => askedBefore.has(one.userId))) {
    await CaseOfferModel.updateOne(
      { _id: askedBefore.get(candidate.userId)!._id },
      { $set: { status: 'offered', round, score: candidate.score, offeredAt: now, expiresAt: offerExpiry(record.lane, now), answeredAt: null, joinsUnitId: joinsUnitId(candidate), level } },
    );
  }
  await CaseOfferModel.insertMany(
    chosen.filter((candidate) => !askedBefore.has(candidate.userId)).map((candidate) => ({
      caseId: record._id,
      expertId: new Types.ObjectId(candidate.userId),
      round,
      status: 'offered',
      score: candidate.score,
      offeredAt: now,
      expiresAt: offerExpiry(record.lane, now),
      joinsUnitId: joinsUnitId(candidate),
      level,
    })),
    { ordered: false },
  ).catch((error: unknown) => {
    // An offer a process that lost track made already: the unique (case, expert) keeps one.
    if (!isDuplicateKeyError(error)) throw error;
  });
  await recordAudit({
    action: 'case.offered',
    actor: SYSTEM_ACTOR,
    subject: { kind: 'case', id: record._id },
    data: {
      round,
      reason,
      expertIds: chosen.map((candidate) => candidate.userId),
      scores: chosen.map((candidate) => candidate.score),
      // Experts asked for support from above the lead unit, with the organisation each would bring in.
      support: Object.fromEntries(chosen.filter((candidate) => joins.has(candidate.userId)).map((candidate) => [candidate.userId, joins.get(candidate.userId)])),
    },
  });
  await notify({ kind: 'offered', recipientIds: chosen.map((candidate) => candidate.userId), case: { id: record._id, title: record.title }, actor: REFUTE_ACTOR });
  return { outcome: 'offered', expertIds: chosen.map((candidate) => candidate.userId) };
}

/** The open offers of the last round no longer stand: a round replaced them, or their time ran out (audited: the experts' offers changed). */
async function closePending(record: CaseRecord, pending: readonly CaseOfferRecord[], status: 'withdrawn' | 'expired', round: number, now: Date): Promise<void> {
  await CaseOfferModel.updateMany({ caseId: record._id, status: 'offered' }, { $set: { status, answeredAt: now } });
  if (status !== 'expired') return;
  await recordAudit({
    action: 'case.offers_expired',
    actor: SYSTEM_ACTOR,
    subject: { kind: 'case', id: record._id },
    data: { round: round - 1, expertIds: pending.map((offer) => String(offer.expertId)), lane: record.lane },
  });
}

/**
 * Routes again each case whose open offers are all past their time (the sweep, with the time
 * given: tests and the simulation pass a virtual one). The offers read are the open ones only, by
 * the top-level equality on their status.
 */
export async function expireDueOffers(now: Date): Promise<Array<{ caseId: string; result: RoutingResult }>> {
  const open = await CaseOfferModel.find({ status: 'offered' }, { caseId: 1, offeredAt: 1, expiresAt: 1 }).lean<CaseOfferRecord[]>();
  // Offers made before they lapsed are checked against the longest time of any lane here; routeCase decides with the case's own.
  const longest = Math.max(...Object.values(offerMinutes()));
  const due = new Set(open.filter((offer) => (offer.expiresAt ?? new Date(offer.offeredAt.getTime() + longest * 60_000)) <= now).map((offer) => String(offer.caseId)));
  const results: Array<{ caseId: string; result: RoutingResult }> = [];
  // One case at a time: each decision reads the load the previous one left.
  for (const caseId of due) results.push({ caseId, result: await routeCase(caseId, now) });
  return results;
}

/** Why routing gave a case at once instead of offering it: an emergency's on-call expert, or an expert who takes cases without being asked. */
type GivenBecause = 'on_call' | 'direct';

/**
 * The first of the candidates (best first) who still has room now: each in turn takes a seat
 * (`seats.ts`), so two cases routed at once never both fill the last place of one expert.
 */
async function seatFirst(record: CaseRecord, candidates: readonly RankedCandidate[], because: GivenBecause, now: Date): Promise<{ candidate: RankedCandidate; seat: Seat; because: GivenBecause } | null> {
  const taken = await firstWithSeat(record, candidates, now);
  return taken && { ...taken, because };
}

/** The first of the candidates (best first) who still has room now, holding a seat for the case. */
export async function firstWithSeat<Candidate extends RankedCandidate>(record: Pick<CaseRecord, '_id'>, candidates: readonly Candidate[], now: Date): Promise<{ candidate: Candidate; seat: Seat } | null> {
  for (const candidate of candidates) {
    const seat = await takeSeat(candidate.userId, record._id, now);
    if (seat) return { candidate, seat };
  }
  return null;
}

async function assignAtOnce(
  record: CaseRecord,
  { candidate, seat, because }: { candidate: RankedCandidate; seat: Seat; because: GivenBecause },
  round: number,
  joinsUnitId: string | null,
  now: Date,
): Promise<RoutingResult> {
  const expertId = candidate.userId;
  const change = { status: 'in_review' as const, assigneeIds: [new Types.ObjectId(expertId)], ...joiningUnit(record, joinsUnitId) };
  // An emergency given without asking (on call, or to an expert who opted in) pages its expert:
  // unacknowledged in time, a backup on call is assigned too (pages.ts).
  if (record.lane === 'emergency') await pageOnCall(record, expertId, round, now);
  try {
    // The transition names the expert as its actor (transitions name a person); the audit says Refute did it.
    await transitionCase(record, 'case.auto_assigned', expertId, change, () => new Error('overtaken'));
  } catch (error) {
    await freeSeat(seat);
    // Someone claimed or was assigned the case meanwhile: it has its expert.
    if (error instanceof Error && error.message === 'overtaken') return { outcome: 'skipped' };
    throw error;
  }
  await recordAudit({ action: 'case.auto_assigned', actor: SYSTEM_ACTOR, subject: { kind: 'case', id: record._id }, data: { assigneeId: expertId, score: candidate.score, round, lane: record.lane, because, joinedUnitId: joinsUnitId } });
  domainEvents.emit('case.assigned', { caseId: String(record._id), assigneeId: expertId, assignedBy: REFUTE_ACTOR.id });
  return { outcome: 'assigned', expertId };
}
