import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { ORG_KINDS, ORG_LEVELS } from '@refute/shared';

const organisationSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    name: {
      zh: { type: String, required: true },
      en: { type: String, required: true },
    },
    /** Review organisations only (platforms written before the hierarchy carry `national`). */
    level: { type: String, enum: ORG_LEVELS },
    kind: { type: String, enum: ORG_KINDS, required: true },
    /** A GB/T 2260 code, or `CN` for the whole country. */
    region: { type: String, required: true },
    /**
     * A platform lets the public pages name the public URLs of its reports as where a claim
     * appeared (ClaimReview `appearance`); off unless the platform agreed.
     */
    publicReportLinks: { type: Boolean, default: false },
    /** The organisation above in the review hierarchy; null for national ones and platforms. */
    parentId: { type: Schema.Types.ObjectId, ref: 'Organisation', default: null },
  },
  { timestamps: true },
);
organisationSchema.index({ parentId: 1 });

export type OrganisationRecord = InferSchemaType<typeof organisationSchema> & { _id: Types.ObjectId };
export const OrganisationModel = model('Organisation', organisationSchema, 'organisations');
