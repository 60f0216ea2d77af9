import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { LANGUAGES, TOPICS } from '@refute/shared';

/**
 * An expert's profile in the pool (专家库): what routing ranks them by. One per person with the
 * reviewer role (unique `userId`); their name, email and organisation stay on the account.
 */
const expertProfileSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    domains: { type: [{ type: String, enum: TOPICS }], required: true },
    keywords: { type: [String], default: [] },
    title: { type: String, default: '' },
    credentials: { type: String, default: '' },
    /** GB/T 2260 code, or CN for the whole country. */
    region: { type: String, required: true },
    languages: { type: [{ type: String, enum: LANGUAGES }], required: true },
    capacity: { type: Number, required: true },
    /** Leave periods as calendar days (`YYYY-MM-DD`, both included, China time). */
    leave: { type: [{ _id: false, from: String, to: String, note: String }], default: [] },
    onCall: { type: Boolean, default: false },
    /** Hot and normal cases are assigned to them at once instead of offered (`routing/router.ts`). */
    directAssignment: { type: Boolean, default: false },
    /** Minutes from offer to acceptance of the latest accepted offers, newest last (a bounded list). */
    responseMinutes: { type: [Number], default: [] },
  },
  { timestamps: true },
);
expertProfileSchema.index({ userId: 1 }, { unique: true });

export interface StoredLeave {
  from: string;
  to: string;
  note?: string | null;
}
/** Read with `.lean()`: the leave periods are plain objects. */
export type ExpertProfileRecord = Omit<InferSchemaType<typeof expertProfileSchema>, 'leave'> & { _id: Types.ObjectId; leave: StoredLeave[] };
export const ExpertProfileModel = model('ExpertProfile', expertProfileSchema, 'expert_profiles');
