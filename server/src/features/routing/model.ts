import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { LANES, OFFER_STATUSES, TOPICS } from '@refute/shared';

/**
 * A case offered to one expert, who accepts or declines it. At most one offer per case and
 * expert (unique index): asked again, the same document is opened once more. A decline holds for
 * the level it was made at (`level`, the case's escalations then): an expert who declined is not
 * asked again until the case escalates, and then only if still among the best.
 */
const caseOfferSchema = new Schema({
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  expertId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  round: { type: Number, required: true },
  status: { type: String, enum: OFFER_STATUSES, required: true },
  score: { type: Number, required: true },
  offeredAt: { type: Date, required: true },
  /** When it lapses unanswered (the lane's offer time when it was made); null on offers made before offers lapsed. */
  expiresAt: { type: Date, default: null },
  answeredAt: { type: Date, default: null },
  /** The case's escalations when it was last offered (0: its first lead unit); a decline holds for this level only. */
  level: { type: Number, default: 0 },
  /** Support from above the lead unit: the expert's organisation, which joins the case as a cooperating unit when they accept. */
  joinsUnitId: { type: Schema.Types.ObjectId, ref: 'Organisation', default: null },
});
caseOfferSchema.index({ caseId: 1, expertId: 1 }, { unique: true });
// An expert's open offers: an equality on the expert, then on the status.
caseOfferSchema.index({ expertId: 1, status: 1 });
// The sweep's read of every open offer, to find those past their time: an equality on the status.
caseOfferSchema.index({ status: 1 });

export type CaseOfferRecord = InferSchemaType<typeof caseOfferSchema> & { _id: Types.ObjectId };
export const CaseOfferModel = model('CaseOffer', caseOfferSchema, 'case_offers');

/**
 * One routing decision for a case: what it was ranked for (topic, region, lane) and whom it went
 * to. `_id` is `<caseId>:<round>`, so of processes deciding the same round only one inserts it
 * and makes its offers.
 */
const routingRoundSchema = new Schema({
  _id: { type: String, required: true },
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  round: { type: Number, required: true },
  reason: { type: String, enum: ['opened', 'declined', 'expired', 'retry', 'topic_changed', 'region_changed', 'lane_changed', 'escalated'], required: true },
  topic: { type: String, enum: TOPICS, required: true },
  region: { type: String, default: null },
  lane: { type: String, enum: LANES, required: true },
  /** The case's escalations when the round was decided: a round of an earlier level is replaced. */
  level: { type: Number, default: 0 },
  /** `assigned`: an emergency went to an on-call expert; `offered`; `none`: nobody eligible. */
  outcome: { type: String, enum: ['assigned', 'offered', 'none'], required: true },
  expertIds: { type: [{ type: Schema.Types.ObjectId, ref: 'User' }], default: [] },
  at: { type: Date, required: true },
});
routingRoundSchema.index({ caseId: 1, round: -1 });

export type RoutingRoundRecord = InferSchemaType<typeof routingRoundSchema>;
export type RoutingReason = RoutingRoundRecord['reason'];
export const RoutingRoundModel = model('RoutingRound', routingRoundSchema, 'routing_rounds');
