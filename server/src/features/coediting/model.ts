import { Schema, model, type mongo, type Types } from 'mongoose';

/**
 * The co-edited rebuttal of a case, as Yjs updates: one document per change an editor sent,
 * plus compacted ones that merge many. Yjs updates commute and are idempotent, so the order of
 * the documents does not matter and an update stored twice (during compaction) does no harm.
 */
const rebuttalUpdateSchema = new Schema({
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  update: { type: Buffer, required: true },
  /** Who sent it; null for a compacted update. */
  userId: { type: Schema.Types.ObjectId, ref: 'User', default: null },
  /** How many stored updates this one stands for (1 unless compacted). */
  merges: { type: Number, default: 1 },
  at: { type: Date, required: true },
});
rebuttalUpdateSchema.index({ caseId: 1 });

export interface RebuttalUpdateRecord {
  _id: Types.ObjectId;
  caseId: Types.ObjectId;
  update: Buffer | mongo.Binary;
  userId: Types.ObjectId | null;
  merges: number;
  at: Date;
}

export const RebuttalUpdateModel = model('RebuttalUpdate', rebuttalUpdateSchema, 'rebuttal_updates');
