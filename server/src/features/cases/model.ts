import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { CASE_STATUSES, LANES, LANGUAGES, TOPICS, isQueueStatus, type CaseStatus } from '@refute/shared';

/** One rumor as reviewers see it, with every report of it. */
const caseSchema = new Schema(
  {
    title: { type: String, required: true },
    language: { type: String, enum: LANGUAGES, required: true },
    topic: { type: String, enum: TOPICS, required: true },
    /** The classifier's confidence; null once a reviewer set the topic. */
    topicConfidence: { type: Number, default: null },
    topicCorrectedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    lane: { type: String, enum: LANES, required: true },
    /** emergency 0, hot 1, normal 2: the queue sorts on it first. */
    laneRank: { type: Number, required: true },
    status: { type: String, enum: CASE_STATUSES, required: true },
    /**
     * True while the status is work still to do. The queue filters on this one equality, which
     * the local engine pushes down, rather than on a list of statuses, which it scans for.
     * Written with the status (`reconcileCase`); the default covers every insert.
     */
    queueActive: {
      type: Boolean,
      default(this: { status?: CaseStatus }) {
        return this.status !== undefined && isQueueStatus(this.status);
      },
    },
    priority: { type: Number, required: true, default: 0 },
    reportCount: { type: Number, required: true, default: 0 },
    reach: { type: Number, required: true, default: 0 },
    /** Reports received in the hour before the last report. */
    velocity: { type: Number, default: 0 },
    assigneeIds: { type: [{ type: Schema.Types.ObjectId, ref: 'User' }], default: [] },
    openedAt: { type: Date, required: true },
    deadlineAt: { type: Date, required: true },
    submittedDraftVersion: { type: Number, default: null },
    returnComment: { type: String, default: null },
    reopenReason: { type: String, default: null },
    retractionReason: { type: String, default: null },
    publicationId: { type: Schema.Types.ObjectId, ref: 'Publication', default: null },
    publishedVersion: { type: Number, default: 0 },
    mergedInto: { type: Schema.Types.ObjectId, ref: 'Case', default: null },
    /** Similar cases found when this one opened (middle band), for reviewers to confirm or reject. */
    suggestions: {
      type: [{ _id: false, caseId: { type: Schema.Types.ObjectId, ref: 'Case' }, similarity: Number }],
      default: [],
    },
    /** Where the rumor circulates: the first region a report of it named (GB/T 2260), if any. */
    region: { type: String, default: null },
    /** The rollup writer that counts its opening (insights/countedBy.ts). */
    countedBy: { type: String },
    /** The lane a lead set (copied from the transitions): recounts keep the case at least this urgent. */
    leadLane: { type: String, enum: [...LANES, null], default: null },
    /** Copied from the transitions: the lead unit, cooperating units and escalations (see transitionModel). */
    leadUnitId: { type: Schema.Types.ObjectId, ref: 'Organisation', default: null },
    cooperatingUnitIds: { type: [{ type: Schema.Types.ObjectId, ref: 'Organisation' }], default: [] },
    escalatedAt: { type: Date, default: null },
    escalations: {
      type: [{ _id: false, at: Date, fromOrgId: { type: Schema.Types.ObjectId, default: null }, toOrgId: Schema.Types.ObjectId, toLevel: { type: String, default: null } }],
      default: [],
    },
    /** The seq of the last case transition copied into this document. */
    stateSeq: { type: Number, default: 0 },
  },
  { timestamps: true },
);
caseSchema.index({ status: 1, laneRank: 1, deadlineAt: 1, priority: -1 });
// The active queue in each of its orders (`queue.ts`, QUEUE_ORDERS).
caseSchema.index({ queueActive: 1, laneRank: 1, deadlineAt: 1, priority: -1, _id: 1 });
caseSchema.index({ queueActive: 1, deadlineAt: 1, _id: 1 });
caseSchema.index({ queueActive: 1, priority: -1, deadlineAt: 1, _id: 1 });
caseSchema.index({ queueActive: 1, reach: -1, _id: 1 });
caseSchema.index({ queueActive: 1, openedAt: -1, _id: -1 });
caseSchema.index({ assigneeIds: 1 });

export type CaseRecord = InferSchemaType<typeof caseSchema> & { _id: Types.ObjectId };
export const CaseModel = model('Case', caseSchema, 'cases');
