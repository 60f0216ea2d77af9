import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from '@refute/shared';

/**
 * A platform's webhook endpoint. Signing needs the secret itself, so it is stored as issued
 * (never returned after create or rotate); a rotated-out secret is kept until `expiresAt` so
 * both signatures go out during the grace period.
 */
const endpointSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true, index: true },
    url: { type: String, required: true },
    events: { type: [{ type: String, enum: WEBHOOK_EVENT_TYPES }], required: true },
    enabled: { type: Boolean, required: true, default: true },
    disabledReason: { type: String, default: null },
    /** Since when every attempt has failed (null after a success): five days of it disable the endpoint. */
    failingSince: { type: Date, default: null },
    secrets: {
      type: [{ _id: false, secret: { type: String, required: true }, expiresAt: { type: Date, default: null } }],
      required: true,
    },
  },
  { timestamps: true },
);

export type WebhookEndpointRecord = InferSchemaType<typeof endpointSchema> & { _id: Types.ObjectId };
export const WebhookEndpointModel = model('WebhookEndpoint', endpointSchema, 'webhook_endpoints');

/**
 * The outbox: one document per event and endpoint. Its `_id` (the `webhook-id` header) is
 * derived from both, so enqueuing the same event again inserts nothing new. The payload is
 * stored as sent: every attempt and replay carries the same body.
 */
const deliverySchema = new Schema({
  _id: { type: String, required: true },
  orgId: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true },
  endpointId: { type: Schema.Types.ObjectId, ref: 'WebhookEndpoint', required: true },
  eventKey: { type: String, required: true },
  type: { type: String, enum: WEBHOOK_EVENT_TYPES, required: true },
  payload: { type: String, required: true },
  status: { type: String, enum: DELIVERY_STATUSES, required: true },
  /** Attempts made so far; the next one is number `attempts + 1`. */
  attempts: { type: Number, required: true, default: 0 },
  /** `attempts` when the current retry schedule began (0, or where a replay started it again). */
  scheduleStart: { type: Number, required: true, default: 0 },
  nextAttemptAt: { type: Date, default: null },
  lastResponseCode: { type: Number, default: null },
  lastLatencyMs: { type: Number, default: null },
  lastError: { type: String, default: null },
  createdAt: { type: Date, required: true },
});
deliverySchema.index({ endpointId: 1, eventKey: 1 }, { unique: true });
deliverySchema.index({ status: 1, nextAttemptAt: 1 });

export type WebhookDeliveryRecord = InferSchemaType<typeof deliverySchema>;
export const WebhookDeliveryModel = model('WebhookDelivery', deliverySchema, 'webhook_deliveries');

/** An attempt's `_id`: its outcome is written by `_id`, the one lookup every engine serves from an index. */
export const attemptIdFor = (deliveryId: string, attempt: number) => `${deliveryId}:${attempt}`;

/**
 * One attempt of a delivery. Inserting it is the lease: the unique `(deliveryId, attempt)` lets
 * exactly one process make attempt N, which conditional updates cannot promise on FerretDB v1.
 * Filled in with the outcome afterwards, it is the delivery log. (Attempts written before the
 * derived `_id` keep an ObjectId; the unique index still guards them.)
 */
const attemptSchema = new Schema({
  _id: {
    type: Schema.Types.Mixed,
    default(this: { deliveryId: string; attempt: number }) {
      return attemptIdFor(this.deliveryId, this.attempt);
    },
  },
  deliveryId: { type: String, required: true },
  endpointId: { type: Schema.Types.ObjectId, ref: 'WebhookEndpoint', required: true },
  attempt: { type: Number, required: true },
  worker: { type: String, required: true },
  startedAt: { type: Date, required: true },
  finishedAt: { type: Date, default: null },
  responseCode: { type: Number, default: null },
  latencyMs: { type: Number, default: null },
  error: { type: String, default: null },
});
attemptSchema.index({ deliveryId: 1, attempt: 1 }, { unique: true });

export type WebhookAttemptRecord = Omit<InferSchemaType<typeof attemptSchema>, '_id'> & { _id: string | Types.ObjectId };
export const WebhookAttemptModel = model('WebhookAttempt', attemptSchema, 'webhook_attempts');
