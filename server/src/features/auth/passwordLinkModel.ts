import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A one-time link to set a password (an invitation). Only the SHA-256 of its token is stored,
 * as `_id`; using the link deletes it.
 */
const passwordLinkSchema = new Schema({
  _id: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
});

export type PasswordLinkRecord = InferSchemaType<typeof passwordLinkSchema> & { _id: string };
export const PasswordLinkModel = model('PasswordLink', passwordLinkSchema, 'password_links');
