import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { NOTIFICATION_KINDS, ROLES, TOPICS } from '@refute/shared';

const userSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true, index: true },
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, required: true },
    passwordHash: { type: String, required: true },
    roles: { type: [{ type: String, enum: ROLES }], required: true },
    /** Expert domains, used to route cases. */
    domains: { type: [{ type: String, enum: TOPICS }], default: [] },
    disabled: { type: Boolean, default: false },
    /** Kinds of notification this person chose not to get. */
    mutedNotifications: { type: [{ type: String, enum: NOTIFICATION_KINDS }], default: [] },
  },
  { timestamps: true },
);

export type UserRecord = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export const UserModel = model('User', userSchema, 'users');
