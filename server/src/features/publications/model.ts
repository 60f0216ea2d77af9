import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { LANGUAGES, TOPICS, VERDICTS } from '@refute/shared';
import { evidenceSubschema } from '../reviews/draftModel';
import { appendOnly } from '../audit/appendOnly';

/** An approved review. Never changed: a correction is a new version. */
const publicationSchema = new Schema({
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  version: { type: Number, required: true },
  slug: { type: String, required: true, unique: true },
  verdict: { type: String, enum: VERDICTS, required: true },
  headline: { type: String, required: true },
  summary: { type: String, required: true },
  rebuttalHtml: { type: String, required: true },
  evidence: { type: [evidenceSubschema], default: [] },
  topic: { type: String, enum: TOPICS, required: true },
  language: { type: String, enum: LANGUAGES, required: true },
  claimText: { type: String, required: true },
  authorIds: { type: [{ type: Schema.Types.ObjectId, ref: 'User' }], required: true },
  approvedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  /** Why this version corrects the one before it (the reason the case was reopened). */
  correctionReason: { type: String, default: null },
  publishedAt: { type: Date, required: true },
});
publicationSchema.index({ caseId: 1, version: 1 }, { unique: true });
publicationSchema.index({ publishedAt: -1, _id: -1 });
appendOnly(publicationSchema, 'publications');

export type PublicationRecord = InferSchemaType<typeof publicationSchema> & { _id: Types.ObjectId };
export const PublicationModel = model('Publication', publicationSchema, 'publications');
