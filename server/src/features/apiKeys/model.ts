import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { API_KEY_SCOPES } from '@refute/shared';

/** A platform's API key: the public prefix finds it, the secret is kept only as a hash. */
const apiKeySchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true, index: true },
    prefix: { type: String, required: true, unique: true },
    secretHash: { type: String, required: true },
    scopes: { type: [{ type: String, enum: API_KEY_SCOPES }], required: true },
    label: { type: String, required: true },
    /** Requests per minute (absent on keys issued before limits: the default applies). */
    perMinute: { type: Number },
    revokedAt: { type: Date, default: null },
    /** Set when the key was rotated: it keeps working until then, beside its successor. */
    expiresAt: { type: Date, default: null },
    /** Written at most once a minute per key, so heavy use does not mean a write per request. */
    lastUsedAt: { type: Date, default: null },
  },
  { timestamps: true },
);

export type ApiKeyRecord = InferSchemaType<typeof apiKeySchema> & { _id: Types.ObjectId };
export const ApiKeyModel = model('ApiKey', apiKeySchema, 'api_keys');
