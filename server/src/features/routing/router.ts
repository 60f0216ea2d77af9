/**
 * Routing: when a case opens, or its topic, region or lane changes while nobody works on it, the
 * pool is ranked for it. An emergency goes at once to the best eligible on-call expert; other
 * cases (and emergencies nobody on call can take) are offered to the top candidates, and to the
 * next ones when all of those declined. Each decision is a round inserted under the unique
 * `<caseId>:<round>`, so with several processes exactly one makes it; the assignment itself is a
 * case transition, decided by the unique `(caseId, seq)` like every other step of the workflow.
 */
import { Types } from 'mongoose';
import { recordAudit, SYSTEM_ACTOR } from '../audit/service';
import type { CaseRecord } from '../cases/model';
import { findCase, transitionCase } from '../cases/repository';
import { isDuplicateKeyError } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { notify, SYSTEM_NOTIFIER } from '../notifications/service';
import { offersOfCase, rankFor } from './candidates';
import { CaseOfferModel, RoutingRoundModel, type RoutingReason, type RoutingRoundRecord } from './model';
import { bestOnCall } from './ranking';

/** How many experts a case is offered to at once. */
export const OFFERS_PER_ROUND = 3;

export type RoutingResult = { outcome: 'assigned'; expertId: string } | { outcome: 'offered'; expertIds: string[] } | { outcome: 'none' } | { outcome: 'skipped' };

async function latestRound(caseId: Types.ObjectId): Promise<RoutingRoundRecord | null> {
  return RoutingRoundModel.findOne({ caseId }).sort({ round: -1 }).lean<RoutingRoundRecord>();
}

/** Whether the case waits for routing: open, and nobody on it. */
export const awaitsExpert = (record: Pick<CaseRecord, 'status' | 'assigneeIds'>) => record.status === 'open' && (record.assigneeIds ?? []).length === 0;

/** Why the case needs a new round now, or null when the current one stands. */
function reasonForRound(record: CaseRecord, latest: RoutingRoundRecord | null, pendingOffers: number): RoutingReason | null {
  if (!latest) return 'opened';
  if (latest.topic !== record.topic) return 'topic_changed';
  if ((latest.region ?? null) !== (record.region ?? null)) return 'region_changed';
  if (record.lane === 'emergency' && latest.lane !== 'emergency') return 'lane_changed';
  if (latest.outcome === 'offered' && pendingOffers === 0) return 'declined';
  return null;
}

/** What routing last decided for the case, as a signature: a case whose signature is unchanged needs no look. */
export const signatureOf = (record: Pick<CaseRecord, 'topic' | 'region' | 'lane'>) => `${record.topic}|${record.region ?? ''}|${record.lane === 'emergency' ? 'e' : ''}`;

/** Routes the case if it needs it now; safe to call any number of times from any process. */
export async function routeCase(caseId: Types.ObjectId | string, now = new Date()): Promise<RoutingResult> {
  const record = await findCase(caseId);
  if (!record || !awaitsExpert(record)) return { outcome: 'skipped' };
  const [latest, offers] = await Promise.all([latestRound(record._id), offersOfCase(record._id)]);
  const pending = offers.filter((offer) => offer.status === 'offered');
  const reason = reasonForRound(record, latest, pending.length);
  if (!reason) return { outcome: 'skipped' };

  const { pool, ranked } = await rankFor(record, now);
  const alreadyAsked = new Set(offers.map((offer) => String(offer.expertId)));
  const declined = new Set(offers.filter((offer) => offer.status === 'declined').map((offer) => String(offer.expertId)));
  const onCall = record.lane === 'emergency' ? bestOnCall(ranked.filter((candidate) => !declined.has(candidate.userId)), pool) : null;
  const chosen = onCall ? [onCall] : ranked.filter((candidate) => candidate.eligible && !alreadyAsked.has(candidate.userId)).slice(0, OFFERS_PER_ROUND);
  const outcome = onCall ? 'assigned' : chosen.length > 0 ? 'offered' : 'none';
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
      outcome,
      expertIds: chosen.map((candidate) => new Types.ObjectId(candidate.userId)),
      at: now,
    });
  } catch (error) {
    if (isDuplicateKeyError(error)) return { outcome: 'skipped' };
    throw error;
  }
  // A new round replaces what the last one offered: those offers no longer stand.
  if (pending.length > 0) await CaseOfferModel.updateMany({ caseId: record._id, status: 'offered' }, { $set: { status: 'withdrawn', answeredAt: now } });

  if (onCall) return assignOnCall(record, onCall.userId, onCall.score, round);
  // Nobody to ask: the round says so; the case waits for a lead, a claim, or a change that ranks it again.
  if (chosen.length === 0) return { outcome: 'none' };
  await CaseOfferModel.insertMany(
    chosen.map((candidate) => ({ caseId: record._id, expertId: new Types.ObjectId(candidate.userId), round, status: 'offered', score: candidate.score, offeredAt: now })),
    { ordered: false },
  ).catch((error: unknown) => {
    // An offer a process that lost track made already: the unique (case, expert) keeps one.
    if (!isDuplicateKeyError(error)) throw error;
  });
  await recordAudit({
    action: 'case.offered',
    actor: SYSTEM_ACTOR,
    subject: { kind: 'case', id: record._id },
    data: { round, reason, expertIds: chosen.map((candidate) => candidate.userId), scores: chosen.map((candidate) => candidate.score) },
  });
  await notify({ kind: 'offered', recipientIds: chosen.map((candidate) => candidate.userId), case: { id: record._id, title: record.title }, actor: SYSTEM_NOTIFIER });
  return { outcome: 'offered', expertIds: chosen.map((candidate) => candidate.userId) };
}

async function assignOnCall(record: CaseRecord, expertId: string, score: number, round: number): Promise<RoutingResult> {
  try {
    // The transition names the expert as its actor (transitions name a person); the audit says Refute did it.
    await transitionCase(record, 'case.auto_assigned', expertId, { status: 'in_review', assigneeIds: [new Types.ObjectId(expertId)] }, () => new Error('overtaken'));
  } catch (error) {
    // Someone claimed or was assigned the case meanwhile: it has its expert.
    if (error instanceof Error && error.message === 'overtaken') return { outcome: 'skipped' };
    throw error;
  }
  await recordAudit({ action: 'case.auto_assigned', actor: SYSTEM_ACTOR, subject: { kind: 'case', id: record._id }, data: { assigneeId: expertId, score, round, lane: record.lane } });
  domainEvents.emit('case.assigned', { caseId: String(record._id), assigneeId: expertId, assignedBy: SYSTEM_NOTIFIER.id });
  return { outcome: 'assigned', expertId };
}
