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
 * Deliveries that are done (delivered, failed for good, cancelled): one document per event and
 * endpoint, under the `webhook-id` derived from both, holding the last state and the log of its
 * attempts. A delivery still to be made lives in `webhook_outbox` instead, and is written here
 * with the rest of its batch, in one insert, when it finishes. Documents of the previous layout
 * may still say `pending`: they are moved to the outbox at start (`legacy.ts`).
 */
const deliveryFields = {
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
};

const deliverySchema = new Schema({ _id: { type: String, required: true }, ...deliveryFields });
deliverySchema.index({ endpointId: 1, eventKey: 1 }, { unique: true });
deliverySchema.index({ status: 1, nextAttemptAt: 1 });
// An event produced again is looked up by equality on one field, which the local engine serves from an index.
deliverySchema.index({ eventKey: 1 });

export type DeliveryLogEntry = InferSchemaType<typeof logEntrySchema>;
/** `log` may be missing on deliveries written before it existed. */
export type WebhookDeliveryRecord = Omit<InferSchemaType<typeof deliverySchema>, 'log'> & { log?: DeliveryLogEntry[] };
export const WebhookDeliveryModel = model('WebhookDelivery', deliverySchema, 'webhook_deliveries');

/**
 * The outbox: the deliveries still to be made. It holds only pending work, so the worker's due
 * read does not grow with the history. A document here is never updated: the process that made
 * a batch's attempts inserts what follows each (a retry in a new batch, or the finished delivery
 * into `webhook_deliveries`) and then deletes the batch in one statement, so a batch costs a few
 * commits on the local engine, not one per delivery. `_id` is `<deliveryId>:<insertion>` (`0`
 * when the event is enqueued, then the new batch), so writing the same step twice inserts once.
 */
const outboxSchema = new Schema({
  _id: { type: String, required: true },
  /** The delivery's `webhook-id`: its document in `webhook_deliveries` once finished. */
  deliveryId: { type: String, required: true },
  /** Deliveries inserted together: one process leases, sends and clears them together. */
  batch: { type: String, required: true },
  ...deliveryFields,
});
outboxSchema.index({ batch: 1 });
outboxSchema.index({ deliveryId: 1 });
outboxSchema.index({ endpointId: 1 });
outboxSchema.index({ eventKey: 1 });

export type WebhookOutboxRecord = Omit<InferSchemaType<typeof outboxSchema>, 'log'> & { log?: DeliveryLogEntry[] };
export const WebhookOutboxModel = model('WebhookOutbox', outboxSchema, 'webhook_outbox');

/**
 * A batch's lease is a document of the batch in the outbox, `<batch>:lease:<generation>` (no
 * `nextAttemptAt`, `endpointId` or `eventKey`, so no read of deliveries finds it): inserting it
 * is the lease, so of several processes exactly one sends a batch, and the statement that
 * deletes the batch deletes its leases with it. A lease still there at `staleAt` belongs to a
 * process presumed gone: generation + 1 takes the batch over.
 */
export interface WebhookLeaseRecord {
  _id: string;
  batch: string;
  leaseGeneration: number;
  worker: string;
  startedAt: Date;
  staleAt: Date;
}
export const leaseIdFor = (batch: string, generation: number) => `${batch}:lease:${generation}`;
export const isLease = (doc: object): doc is WebhookLeaseRecord => 'leaseGeneration' in doc;

/** An attempt's `_id` in the previous layout. */
export const attemptIdFor = (deliveryId: string, attempt: number) => `${deliveryId}:${attempt}`;

/**
 * Per-attempt leases of the previous layout. Nothing writes them any more: at start they tell
 * what became of the attempt in progress of a pending delivery moved to the outbox, and the
 * retention sweep deletes them.
 */
const attemptSchema = new Schema({
  _id: { type: Schema.Types.Mixed },
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

export type WebhookAttemptRecord = Omit<InferSchemaType<typeof attemptSchema>, '_id'> & { _id: unknown };
export const WebhookAttemptModel = model('WebhookAttempt', attemptSchema, 'webhook_attempts');
