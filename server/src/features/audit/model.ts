import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { appendOnly } from './appendOnly';

/** Who did what to what, and when. Written once, never changed. */
const auditEventSchema = new Schema({
  at: { type: Date, required: true },
  action: { type: String, required: true },
  actor: {
    kind: { type: String, enum: ['user', 'api_key', 'system'], required: true },
    id: { type: Schema.Types.ObjectId, default: null },
  },
  orgId: { type: Schema.Types.ObjectId, default: null },
  subject: {
    kind: { type: String, required: true },
    id: { type: Schema.Types.ObjectId, required: true },
  },
  /**
   * The subject's id again, at the top level: a trail is read by equality on it, which the local
   * engine can serve from an index (a nested field or `$in` it would scan for). Events written
   * before it existed get it from `backfillAuditSubjects`.
   */
  subjectId: { type: Schema.Types.ObjectId, default: null },
  data: { type: Schema.Types.Mixed, default: undefined },
});
auditEventSchema.index({ subjectId: 1, at: 1 });
appendOnly(auditEventSchema, 'audit events');

export type AuditEventRecord = InferSchemaType<typeof auditEventSchema> & { _id: Types.ObjectId };
export const AuditEventModel = model('AuditEvent', auditEventSchema, 'audit_events');
