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

/** The most recent attempts a delivery keeps in its own log (three full retry schedules). */
export const DELIVERY_LOG_LIMIT = 24;

/** One attempt's outcome, kept in its delivery's log. */
const logEntrySchema = new Schema(
  {
    attempt: { type: Number, required: true },
    at: { type: Date, required: true },
    responseCode: { type: Number, default: null },
    latencyMs: { type: Number, default: null },
    error: { type: String, default: null },
  },
  { _id: false },
);

/**
 * The outbox: one document per event and endpoint. Its `_id` (the `webhook-id` header) is
 * derived from both, so enqueuing the same event again inserts nothing new. The payload is
 * stored as sent: every attempt and replay carries the same body. Each attempt's outcome is
 * written into the delivery itself (its state and a `log` entry in one statement), so an
 * attempt costs one update besides its lease.
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
  /** When it was delivered, failed for good or cancelled (null while pending): retention counts from here. */
  finishedAt: { type: Date, default: null },
  lastResponseCode: { type: Number, default: null },
  lastLatencyMs: { type: Number, default: null },
  lastError: { type: String, default: null },
  /** The last `DELIVERY_LOG_LIMIT` attempts, oldest first. */
  log: { type: [logEntrySchema], default: [] },
  createdAt: { type: Date, required: true },
});
deliverySchema.index({ endpointId: 1, eventKey: 1 }, { unique: true });
deliverySchema.index({ status: 1, nextAttemptAt: 1 });

export type DeliveryLogEntry = InferSchemaType<typeof logEntrySchema>;
/** `log` may be missing on deliveries written before it existed. */
export type WebhookDeliveryRecord = Omit<InferSchemaType<typeof deliverySchema>, 'log'> & { log?: DeliveryLogEntry[] };
export const WebhookDeliveryModel = model('WebhookDelivery', deliverySchema, 'webhook_deliveries');

/** An attempt's `_id`: its outcome is written by `_id`, the one lookup every engine serves from an index. */
export const attemptIdFor = (deliveryId: string, attempt: number) => `${deliveryId}:${attempt}`;

/**
 * One attempt of a delivery. Inserting it is the lease: the unique `(deliveryId, attempt)` lets
 * exactly one process make attempt N, which conditional updates cannot promise on FerretDB v1.
 * The outcome goes to the delivery's `log`; a lease whose attempt is not there yet is in
 * progress. (Attempts of older versions carry their outcome here, and some an ObjectId `_id`;
 * the unique index still guards them.)
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
