import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { CASE_STATUSES, LANES, TOPICS } from '@refute/shared';
import { appendOnly } from '../audit/appendOnly';

/**
 * The workflow state of a case after each change, numbered. A change from state N inserts
 * state N+1; the unique (caseId, seq) index lets exactly one concurrent change win. This is
 * what makes claiming and the other steps atomic on any MongoDB-compatible engine, including
 * ones whose conditional updates are not (FerretDB v1 queries, then writes).
 */
const caseTransitionSchema = new Schema({
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  seq: { type: Number, required: true },
  action: { type: String, required: true },
  actorId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  at: { type: Date, required: true },
  /** The rollup writer that counts what this step gives the insights (insights/countedBy.ts). */
  countedBy: { type: String },
  state: {
    status: { type: String, enum: CASE_STATUSES, required: true },
    assigneeIds: { type: [{ type: Schema.Types.ObjectId, ref: 'User' }], default: [] },
    submittedDraftVersion: { type: Number, default: null },
    returnComment: { type: String, default: null },
    reopenReason: { type: String, default: null },
    /** Why a lead retracted the published verdict (kept so a retried retraction publishes it). */
    retractionReason: { type: String, default: null },
    publicationId: { type: Schema.Types.ObjectId, default: null },
    publishedVersion: { type: Number, default: 0 },
    mergedInto: { type: Schema.Types.ObjectId, ref: 'Case', default: null },
    topic: { type: String, enum: TOPICS },
    topicConfidence: { type: Number, default: null },
    topicCorrectedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    /** The lane a lead set; the recount keeps the case at least this urgent. */
    leadLane: { type: String, enum: [...LANES, null], default: null },
    /** The organisation answering for the case (责任单位); null: the region's, if any (`escalation/units.ts`). */
    leadUnitId: { type: Schema.Types.ObjectId, ref: 'Organisation', default: null },
    /** Organisations whose experts may be assigned and co-author (配合单位). */
    cooperatingUnitIds: { type: [{ type: Schema.Types.ObjectId, ref: 'Organisation' }], default: [] },
    /** When the case last moved up a level: its deadline is counted from here (`triage`). */
    escalatedAt: { type: Date, default: null },
    escalations: {
      type: [{ _id: false, at: Date, fromOrgId: { type: Schema.Types.ObjectId, default: null }, toOrgId: Schema.Types.ObjectId, toLevel: { type: String, default: null } }],
      default: [],
    },
  },
});
caseTransitionSchema.index({ caseId: 1, seq: -1 }, { unique: true });
appendOnly(caseTransitionSchema, 'case transitions');

export type CaseTransitionRecord = InferSchemaType<typeof caseTransitionSchema> & { _id: Types.ObjectId };
export type WorkflowState = CaseTransitionRecord['state'];
export const CaseTransitionModel = model('CaseTransition', caseTransitionSchema, 'case_transitions');
