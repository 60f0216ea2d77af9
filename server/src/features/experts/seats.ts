/**
 * An expert's capacity, checked at the moment a case is given to them (an emergency or a direct
 * assignment by routing, an offer accepted, a claim, a lead's assignment), not trusted from what a
 * ranking read. Each such assignment holds a seat, `expert_seats` with `_id` `<expertId>:<n>`, inserted under the unique `_id` before the
 * case's transition: of routers giving two cases to one expert at once (in one process or
 * several), both see the same seats and try the same free number, and exactly one inserts it; the
 * other tries the next, and finds none left when the expert is full. A lead may assign past
 * capacity: that seat is numbered past it, and still counts. The seats count together with the
 * expert's active cases that hold none (given before seats were kept), read now. A seat whose
 * case no longer works with the expert is freed by the next router that looks, once it is older
 * than SEAT_GRACE_MS (a seat younger than that may be one whose transition is still under way, or
 * not yet seen by a process whose view of the cases lags).
 */
import { Schema, Types, model } from 'mongoose';
import { isDuplicateKeyError } from '../../http/errors';
import { openCaseIdsOf } from './load';
import { profileOf } from './repository';

const expertSeatSchema = new Schema({
  _id: { type: String, required: true },
  expertId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  at: { type: Date, required: true },
});
// A router reads the seats of one expert: an equality on the expert.
expertSeatSchema.index({ expertId: 1 });

export const ExpertSeatModel = model('ExpertSeat', expertSeatSchema, 'expert_seats');

export const SEAT_GRACE_MS = 2 * 60_000;

export interface Seat {
  _id: string;
  caseId: Types.ObjectId;
}

/**
 * Takes a seat of the expert for the case, or returns null when the expert has no room now
 * (capacity from their profile as stored now) or no profile. The caller frees it with `freeSeat`
 * if the case does not go to the expert after all.
 */
export async function takeSeat(expertId: string, caseId: Types.ObjectId, now: Date): Promise<Seat | null> {
  const held = await holdSeat(expertId, caseId, now, { pastCapacity: false });
  return held.kind === 'seat' ? held.seat : null;
}

export type SeatHold =
  | { kind: 'seat'; seat: Seat; /** Taken past the expert's capacity (a lead's choice). */ overCapacity: boolean }
  | { kind: 'full' }
  /** Not in the pool: no capacity to count against. */
  | { kind: 'no_profile' };

/**
 * Takes a seat of the expert for the case. Without `pastCapacity` an expert at capacity gets
 * none (`full`); with it (a lead's assignment) the seat is taken past capacity and says so.
 */
export async function holdSeat(expertId: string, caseId: Types.ObjectId, now: Date, { pastCapacity }: { pastCapacity: boolean }): Promise<SeatHold> {
  const [profile, openCases, seats] = await Promise.all([
    profileOf(expertId),
    openCaseIdsOf(expertId),
    ExpertSeatModel.find({ expertId: new Types.ObjectId(expertId) }).lean<Array<Seat & { at: Date }>>(),
  ]);
  if (!profile) return { kind: 'no_profile' };
  const live = seats.filter((seat) => openCases.has(String(seat.caseId)) || now.getTime() - seat.at.getTime() < SEAT_GRACE_MS);
  const stale = seats.filter((seat) => !live.includes(seat));
  await Promise.all(stale.map((seat) => ExpertSeatModel.deleteOne({ _id: seat._id, caseId: seat.caseId })));
  const seated = new Set(live.map((seat) => String(seat.caseId)));
  let taken = live.length + [...openCases].filter((id) => !seated.has(id)).length;
  const held = new Set(live.map((seat) => seat._id));
  // Past capacity the loop ends only with a seat: each lost insert means another router took that number.
  for (let n = 0; taken < profile.capacity || pastCapacity; n += 1) {
    const id = `${expertId}:${n}`;
    if (held.has(id)) continue;
    try {
      await ExpertSeatModel.create({ _id: id, expertId: new Types.ObjectId(expertId), caseId, at: now });
      return { kind: 'seat', seat: { _id: id, caseId }, overCapacity: taken >= profile.capacity };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Another router took this seat a moment ago: one place fewer.
      taken += 1;
    }
  }
  return { kind: 'full' };
}

/** Gives the seat back: its case did not go to the expert. */
export async function freeSeat(seat: Seat): Promise<void> {
  await ExpertSeatModel.deleteOne({ _id: seat._id, caseId: seat.caseId });
}

/** The expert no longer works on the case (taken off it, or gave it back): its seat is free at once. */
export async function releaseSeatsOf(expertId: string, caseId: Types.ObjectId): Promise<void> {
  await ExpertSeatModel.deleteMany({ expertId: new Types.ObjectId(expertId), caseId });
}
