import { Schema, model, type InferSchemaType } from 'mongoose';
import { ESCALATION_STEP_KINDS } from '@refute/shared';

/**
 * A point on a case's deadline, due at a time: `<caseId>:<round>:<kind>`, round being how many
 * times the case escalated; an on-call page is `<caseId>:<round>:unacknowledged:<routing round>`. Due steps are read by the top-level equality `state: 'pending'`,
 * which the local engine pushes down; the few pending steps are then compared with the clock.
 */
const escalationStepSchema = new Schema({
  _id: { type: String, required: true },
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  round: { type: Number, required: true },
  kind: { type: String, enum: ESCALATION_STEP_KINDS, required: true },
  dueAt: { type: Date, required: true },
  state: { type: String, enum: ['pending', 'done', 'skipped'], required: true },
  /** What firing did: notified, escalated, top_level; or why it was skipped. */
  outcome: { type: String, default: null },
  doneAt: { type: Date, default: null },
  /** An on-call page (`unacknowledged`): the expert who must acknowledge it. */
  expertId: { type: Schema.Types.ObjectId, ref: 'User', default: null },
});
escalationStepSchema.index({ state: 1, dueAt: 1 });
escalationStepSchema.index({ caseId: 1 });

export type EscalationStepRecord = InferSchemaType<typeof escalationStepSchema>;
export const EscalationStepModel = model('EscalationStep', escalationStepSchema, 'escalation_steps');

/**
 * Who fires a step: attempt N of step S is taken by the one process whose insert of `S#N`
 * succeeds (unique `_id`). An attempt left unfinished past its lease (its process died) lets the
 * next attempt be taken.
 */
const escalationClaimSchema = new Schema({
  _id: { type: String, required: true },
  stepId: { type: String, required: true },
  attempt: { type: Number, required: true },
  claimedAt: { type: Date, required: true },
  owner: { type: String, required: true },
});
escalationClaimSchema.index({ stepId: 1 });

export const EscalationClaimModel = model('EscalationClaim', escalationClaimSchema, 'escalation_claims');
