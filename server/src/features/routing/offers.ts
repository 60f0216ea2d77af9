/**
 * An expert's answer to an offer. Accepting is a case transition from the open, unassigned
 * state: of two experts accepting at once the unique `(caseId, seq)` lets exactly one through,
 * and the other is told the case is taken. Declining lets routing offer the next candidates once
 * nobody of the round is left to answer.
 */
import { Types } from 'mongoose';
import type { OfferView, SessionUser } from '@refute/shared';
import { conflict, notFound } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { recordAudit } from '../audit/service';
import { findCase, transitionCase } from '../cases/repository';
import { requireCaseUnitMember } from '../escalation/units';
import { addResponseMinutes } from '../experts/repository';
import { freeSeat, takeSeat } from '../experts/seats';
import { actorOf, loadCase } from '../reviews/caseSteps';
import { scheduler } from '../../jobs/scheduler';
import { CaseOfferModel, type CaseOfferRecord } from './model';
import { awaitsExpert, expiryOf, joiningUnit, routeCase } from './router';
import type { CaseRecord } from '../cases/model';

const offerTaken = () => conflict('offer_taken', 'Another expert took this case first');

async function openOfferOf(userId: string, caseId: Types.ObjectId): Promise<CaseOfferRecord> {
  const offer = await CaseOfferModel.findOne({ caseId, expertId: new Types.ObjectId(userId) }).lean<CaseOfferRecord>();
  if (!offer) throw notFound('Offer');
  if (offer.status !== 'offered') throw conflict('offer_closed', `This offer was ${offer.status}`, { status: offer.status });
  return offer;
}

/** Records the answer on the offer: only an offer still open changes, so a late write never reopens one. */
async function closeOffer(offer: CaseOfferRecord, status: 'accepted' | 'declined' | 'withdrawn', at: Date): Promise<void> {
  await CaseOfferModel.updateOne({ _id: offer._id, status: 'offered' }, { $set: { status, answeredAt: at } });
}

/** The organisation the acceptance brings in (a support offer to an expert of it), or null when the expert works on the case's units already. */
async function joinedUnitOf(record: CaseRecord, offer: CaseOfferRecord, user: SessionUser): Promise<string | null> {
  try {
    await requireCaseUnitMember(record, user);
    return null;
  } catch (error) {
    if (offer.joinsUnitId && String(offer.joinsUnitId) === user.orgId) return user.orgId;
    throw error;
  }
}

export async function acceptOffer(user: SessionUser, caseId: string, now = new Date()): Promise<void> {
  const record = await loadCase(caseId);
  const offer = await openOfferOf(user.id, record._id);
  // The case may have moved to units the expert is not in since the offer was made. An expert
  // asked for support from above the lead unit brings their organisation in as a cooperating unit.
  const joins = await joinedUnitOf(record, offer, user);
  if (!awaitsExpert(record)) {
    await closeOffer(offer, 'withdrawn', now);
    throw offerTaken();
  }
  // Room is checked now, not taken from when the offer was made: the offer stays open for later.
  const seat = await takeSeat(user.id, record._id, now);
  if (!seat) throw conflict('at_capacity', 'You are working on as many cases as your capacity allows');
  try {
    await transitionCase(record, 'case.offer_accepted', user.id, { status: 'in_review', assigneeIds: [new Types.ObjectId(user.id)], ...joiningUnit(record, joins) }, offerTaken);
  } catch (error) {
    await freeSeat(seat);
    const after = await findCase(record._id);
    if (after && !awaitsExpert(after)) await closeOffer(offer, 'withdrawn', now);
    throw error;
  }
  await closeOffer(offer, 'accepted', now);
  // The others of the round are withdrawn: the case has its expert.
  await CaseOfferModel.updateMany({ caseId: record._id, status: 'offered' }, { $set: { status: 'withdrawn', answeredAt: now } });
  const minutes = Math.round((now.getTime() - offer.offeredAt.getTime()) / 6_000) / 10;
  await addResponseMinutes(user.id, minutes);
  await recordAudit({ action: 'case.offer_accepted', actor: actorOf(user), subject: { kind: 'case', id: record._id }, data: { round: offer.round, responseMinutes: minutes, joinedUnitId: joins } });
  domainEvents.emit('case.assigned', { caseId: String(record._id), assigneeId: user.id, assignedBy: user.id });
}

export async function declineOffer(user: SessionUser, caseId: string, now = new Date()): Promise<void> {
  const record = await loadCase(caseId);
  const offer = await openOfferOf(user.id, record._id);
  await closeOffer(offer, 'declined', now);
  await recordAudit({ action: 'case.offer_declined', actor: actorOf(user), subject: { kind: 'case', id: record._id }, data: { round: offer.round } });
  // The next candidates are asked in the background once the whole round has declined (or the rest of it lapsed).
  scheduler.after('routing.after-decline', 0, async () => void (await routeCase(record._id, now)));
}

/** The signed-in expert's offers still open, newest first (leaving out cases someone took meanwhile). */
export async function openOffersOf(userId: string): Promise<OfferView[]> {
  const offers = await CaseOfferModel.find({ expertId: new Types.ObjectId(userId), status: 'offered' }).lean<CaseOfferRecord[]>();
  const views = await Promise.all(
    offers.map(async (offer): Promise<OfferView | null> => {
      const record = await findCase(offer.caseId);
      if (!record || !awaitsExpert(record)) return null;
      return {
        caseId: String(record._id),
        caseTitle: record.title,
        lane: record.lane,
        topic: record.topic,
        offeredAt: offer.offeredAt.toISOString(),
        expiresAt: expiryOf(offer, record.lane).toISOString(),
      };
    }),
  );
  return views.filter((view): view is OfferView => view !== null).sort((a, b) => b.offeredAt.localeCompare(a.offeredAt));
}
