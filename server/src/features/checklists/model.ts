import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A ticked item of a case's review checklist: one document per `<caseId>:<itemId>`, apart from
 * the draft revisions and the co-edited rebuttal, so ticking never clashes with the editor. A
 * tick is an insert (two people ticking at once: one tick stands), an untick a delete.
 */
const checklistTickSchema = new Schema({
  _id: { type: String, required: true },
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  itemId: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  at: { type: Date, required: true },
});
checklistTickSchema.index({ caseId: 1 });

export type ChecklistTickRecord = InferSchemaType<typeof checklistTickSchema>;
export const ChecklistTickModel = model('ChecklistTick', checklistTickSchema, 'checklist_ticks');
