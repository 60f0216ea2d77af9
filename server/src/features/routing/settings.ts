/** How long an offer waits for an answer, per lane: an admin setting (`settings/service.ts`). */
import { DEFAULT_OFFER_MINUTES, type Lane, type OfferMinutes } from '@refute/shared';

let current: OfferMinutes = DEFAULT_OFFER_MINUTES;

export function offerMinutes(): OfferMinutes {
  return current;
}

export function configureOfferMinutes(minutes: OfferMinutes): void {
  current = { ...minutes };
}

/** When an offer made at `offeredAt` in a case of `lane` lapses. */
export const offerExpiry = (lane: Lane, offeredAt: Date) => new Date(offeredAt.getTime() + current[lane] * 60_000);
