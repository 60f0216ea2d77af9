import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { appendOnly } from '../audit/appendOnly';

/**
 * The claim as reviewed, one version per edit: a reviewer's short neutral sentence of what the
 * case's rumor asserts (`text`; null when it was taken away). The latest version is the
 * statement. Kept apart from the case document, which concurrent recounts rewrite whole on the
 * local engine: an edit inserts version N+1 under the unique (caseId, version), so no write
 * can undo another, and the versions are the statement's history.
 */
const claimStatementSchema = new Schema({
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  version: { type: Number, required: true },
  text: { type: String, default: null },
  writtenBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  writtenAt: { type: Date, required: true },
});
claimStatementSchema.index({ caseId: 1, version: -1 }, { unique: true });
appendOnly(claimStatementSchema, 'claim statements');

export type ClaimStatementRecord = InferSchemaType<typeof claimStatementSchema> & { _id: Types.ObjectId };
export const ClaimStatementModel = model('ClaimStatement', claimStatementSchema, 'claim_statements');
