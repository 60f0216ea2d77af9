import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

export const PAIR_DECISION_KINDS = ['marked', 'suggestion', 'moved_out', 'merged'] as const;
export type PairDecisionKind = (typeof PAIR_DECISION_KINDS)[number];

/**
 * A reviewer's decision that a text states, or does not state, a case's claim: "not the same
 * claim" on a report or a suggested case, a report moved out (`same: false`), a merge (`same:
 * true`). The matcher never joins a text to a case it was separated from (`separations.ts`),
 * and `npm run matching:decisions` exports every decision as a labelled pair. One decision per
 * text and case: the unique `(key, caseId)` makes a repeat change nothing.
 */
const pairDecisionSchema = new Schema({
  /** The exact-text key (normalize.ts `exactMatchKey`) of the report `claimId` names: the text ruled in or out. */
  key: { type: String, required: true },
  /** The case whose claim `textA` is (not) the same as. */
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  same: { type: Boolean, required: true },
  kind: { type: String, enum: PAIR_DECISION_KINDS, required: true },
  /** The report decided on: a case's report, or the first report of the case suggested or merged away. */
  claimId: { type: Schema.Types.ObjectId, ref: 'Claim', default: null },
  /** The case the reviewer decided on: it holds the report, shows the suggestion, or was merged away. */
  fromCaseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  /**
   * The report's text; for a suggestion or a merge, what the case decided on is about: its claim
   * as reviewed when its team wrote one, else its first report's text.
   */
  textA: { type: String, required: true },
  /** What the case is about when the decision was made: its claim as reviewed, else its first report's text. */
  textB: { type: String, required: true },
  decidedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  decidedAt: { type: Date, required: true },
});
pairDecisionSchema.index({ key: 1, caseId: 1 }, { unique: true });
// The matcher loads the separations (`same: false`); a case page reads what was decided on it.
pairDecisionSchema.index({ same: 1 });
pairDecisionSchema.index({ fromCaseId: 1 });

export type PairDecisionRecord = InferSchemaType<typeof pairDecisionSchema> & { _id: Types.ObjectId };
export const PairDecisionModel = model('PairDecision', pairDecisionSchema, 'pair_decisions');
