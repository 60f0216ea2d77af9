import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { EVIDENCE_KINDS, VERDICTS } from '@refute/shared';
import { appendOnly } from '../audit/appendOnly';

export const evidenceSubschema = new Schema(
  {
    title: { type: String, required: true },
    url: { type: String, required: true },
    kind: { type: String, enum: EVIDENCE_KINDS, required: true },
  },
  { _id: false },
);

/**
 * One saved version of a case's review draft. Saving inserts version N+1; the unique
 * (caseId, version) index lets exactly one save from version N succeed, so a stale save is
 * refused instead of overwriting. Revisions are never changed: the latest is the draft.
 */
const draftRevisionSchema = new Schema({
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  version: { type: Number, required: true },
  verdict: { type: String, enum: [...VERDICTS, null], default: null },
  headline: { type: String, default: '' },
  summary: { type: String, default: '' },
  rebuttalHtml: { type: String, default: '' },
  evidence: { type: [evidenceSubschema], default: [] },
  /** Everyone who wrote any revision up to this one (four-eyes checks it). */
  authorIds: { type: [{ type: Schema.Types.ObjectId, ref: 'User' }], default: [] },
  savedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  savedAt: { type: Date, required: true },
  /** The version the saver's editor started from; differs from version - 1 when the save was merged. */
  basedOn: { type: Number, default: null },
});
draftRevisionSchema.index({ caseId: 1, version: -1 }, { unique: true });
appendOnly(draftRevisionSchema, 'draft revisions');

export type DraftRevisionRecord = InferSchemaType<typeof draftRevisionSchema> & { _id: Types.ObjectId };
export const DraftRevisionModel = model('DraftRevision', draftRevisionSchema, 'draft_revisions');
