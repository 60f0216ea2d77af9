import { Schema, model, type Types } from 'mongoose';

/**
 * Who has contributed to a case's review: everyone who co-edited its rebuttal or saved its
 * draft, across every published version. Four-eyes reads it: a lead listed here cannot approve
 * the case. One document per person and case (`<caseId>:<userId>`), written once; the Yjs
 * updates themselves lose their authors when they are compacted, this list does not.
 */
const caseContributorSchema = new Schema({
  _id: { type: String, required: true },
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  /** How they first contributed. */
  via: { type: String, enum: ['coediting', 'draft'], required: true },
  at: { type: Date, required: true },
});
caseContributorSchema.index({ caseId: 1 });

export interface CaseContributorRecord {
  _id: string;
  caseId: Types.ObjectId;
  userId: Types.ObjectId;
  via: 'coediting' | 'draft';
  at: Date;
}

export const CaseContributorModel = model('CaseContributor', caseContributorSchema, 'case_contributors');
