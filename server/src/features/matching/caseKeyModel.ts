import { Schema, model } from 'mongoose';

/**
 * Maps a normalised-text key to its case. The unique _id makes "open a case or join the
 * existing one" a single atomic upsert, so concurrent reports of one text share one case.
 */
const caseKeySchema = new Schema({
  _id: { type: String, required: true },
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true, index: true },
});

export const CaseKeyModel = model('CaseKey', caseKeySchema, 'case_keys');
