import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { ORG_KINDS, ORG_LEVELS } from '@refute/shared';

const organisationSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    name: {
      zh: { type: String, required: true },
      en: { type: String, required: true },
    },
    level: { type: String, enum: ORG_LEVELS, required: true },
    kind: { type: String, enum: ORG_KINDS, required: true },
    region: { type: String, required: true },
    /**
     * A platform lets the public pages name the public URLs of its reports as where a claim
     * appeared (ClaimReview `appearance`); off unless the platform agreed.
     */
    publicReportLinks: { type: Boolean, default: false },
  },
  { timestamps: true },
);

export type OrganisationRecord = InferSchemaType<typeof organisationSchema> & { _id: Types.ObjectId };
export const OrganisationModel = model('Organisation', organisationSchema, 'organisations');
