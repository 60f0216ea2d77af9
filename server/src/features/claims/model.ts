import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { LANGUAGES, MEDIA_KINDS } from '@refute/shared';

/** A report of a claim by a platform. (orgId, externalId) makes intake idempotent. */
const claimSchema = new Schema({
  orgId: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true },
  externalId: { type: String, required: true },
  /** Hash of the submitted payload: a repeat with other content is a conflict, not a retry. */
  payloadHash: { type: String, required: true },
  text: { type: String, required: true },
  /** May be empty: a report of only links, emoji or tags has no words left to match on. */
  normalizedText: { type: String, default: '' },
  language: { type: String, enum: LANGUAGES, required: true },
  url: { type: String },
  region: { type: String },
  reach: {
    views: { type: Number, default: 0 },
    shares: { type: Number, default: 0 },
    comments: { type: Number, default: 0 },
  },
  /** The reach folded into one number (see cases/triage), summed per case. */
  reachScore: { type: Number, required: true, default: 0 },
  /** The text carries a disaster, epidemic or safety signal (see cases/triage). */
  emergency: { type: Boolean, default: false },
  media: { type: [{ _id: false, url: String, kind: { type: String, enum: MEDIA_KINDS } }], default: [] },
  reportedAt: { type: Date, required: true },
  receivedAt: { type: Date, required: true },
  /** The rollup writer that counts it (insights/countedBy.ts): after a crash, its recovery finds it by this. */
  countedBy: { type: String },
  /** Matching features of the normalised text (see matching/tokens). */
  matchTokens: { type: [String], default: [] },
  /** The `TOKENIZER_VERSION` the tokens were made by; none before it was kept (see claims/retokenize). */
  tokenizerVersion: { type: Number },
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', default: null, index: true },
  /** Indexed for matching as a variant of its case's text (near-identical repeats are not). */
  indexed: { type: Boolean },
  /** Set when a reviewer moved the report out of its case: intake never moves it back. */
  movedOut: { type: Boolean },
  /** How the report found its case, with the thresholds in force, so reviewers see why. */
  match: {
    outcome: { type: String, enum: ['joined', 'suggested', 'new'] },
    method: { type: String },
    similarity: { type: Number },
    candidateCaseId: { type: Schema.Types.ObjectId, ref: 'Case' },
    joinThreshold: { type: Number },
    answerThreshold: { type: Number },
    suggestThreshold: { type: Number },
    /** Probability of the same claim as the case, under the answer model. */
    probability: { type: Number },
    /** The case's published verdict may be given as this report's own answer. */
    answerable: { type: Boolean },
    /** The heaviest words shared with the case's nearest report. */
    sharedTerms: { type: [String], default: undefined },
  },
});
claimSchema.index({ orgId: 1, externalId: 1 }, { unique: true });

export type ClaimRecord = InferSchemaType<typeof claimSchema> & { _id: Types.ObjectId };
export const ClaimModel = model('Claim', claimSchema, 'claims');
