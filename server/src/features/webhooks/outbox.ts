/** Writing events to the outbox: one pending delivery per event and endpoint, inserted at most once. */
import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { WebhookEventType } from '@refute/shared';
import { insertEachOnce } from '../../db/insertOnce';
import { WebhookDeliveryModel, WebhookOutboxModel, type WebhookEndpointRecord } from './model';
import { deliveryIdFor } from './signing';

export interface OutboxEvent {
  /** Names the event for one organisation, the same however often it is produced. */
  eventKey: string;
  type: WebhookEventType;
  orgId: Types.ObjectId;
  /** The serialised body `{ type, timestamp, data }`, identical on every production of the event. */
  payload: string;
  /** When the event happened: endpoints created after it do not receive it. */
  occurredAt: Date;
}

export interface EnqueueOptions {
  /**
   * The events are produced for the first time (a report just created, a version just
   * published): nothing can have been delivered yet, so the outbox and the history are not
   * read first.
   */
  fresh?: boolean;
}

/** At most this many deliveries in a batch: a batch is sent by one process, whole. */
export const BATCH_LIMIT = 100;

/** A new batch's id, unique across processes. */
export const newBatchId = () => `b${Date.now().toString(36)}${randomBytes(6).toString('hex')}`;

/** Inserts the event's deliveries in one write; returns how many this call created. */
export function enqueue(event: OutboxEvent, endpoints: WebhookEndpointRecord[], options: EnqueueOptions = {}): Promise<number> {
  return enqueueEvents([event], endpoints, options);
}

/**
 * Inserts the deliveries of several events (of one step, such as a bulk import's chunk) in one
 * write, in batches of at most `BATCH_LIMIT`. An event produced again (a retried request, the
 * scan at start) finds its deliveries by event key in the outbox, then in the history, and adds
 * none: read in that order, a delivery that finishes meanwhile is seen in one or the other.
 */
export async function enqueueEvents(events: readonly OutboxEvent[], endpoints: WebhookEndpointRecord[], options: EnqueueOptions = {}): Promise<number> {
  const now = new Date();
  let deliveries = events.flatMap((event) => deliveriesOf(event, endpoints, now));
  if (deliveries.length === 0) return 0;
  if (!options.fresh) {
    const known = await knownDeliveryIds([...new Set(deliveries.map((delivery) => delivery.eventKey))]);
    deliveries = deliveries.filter((delivery) => !known.has(delivery.deliveryId));
  }
  const docs = [];
  for (let from = 0; from < deliveries.length; from += BATCH_LIMIT) {
    const chunk = deliveries.slice(from, from + BATCH_LIMIT);
    const batch = newBatchId();
    docs.push(...chunk.map((delivery) => ({ ...delivery, batch })));
  }
  return insertEachOnce(WebhookOutboxModel, docs);
}

/** One lookup by equality per event key (index-served on the local engine) for a few keys; one read of each collection for many. */
async function knownDeliveryIds(eventKeys: string[]): Promise<Set<string>> {
  const read = async <T>(find: (filter: Record<string, unknown>) => Promise<T[]>): Promise<T[]> =>
    eventKeys.length <= 20 ? (await Promise.all(eventKeys.map((eventKey) => find({ eventKey })))).flat() : find({ eventKey: { $in: eventKeys } });
  const pending = await read((filter) => WebhookOutboxModel.find(filter, { deliveryId: 1 }).lean<Array<{ deliveryId: string }>>());
  const finished = await read((filter) => WebhookDeliveryModel.find(filter, { _id: 1 }).lean<Array<{ _id: string }>>());
  return new Set([...pending.map((delivery) => delivery.deliveryId), ...finished.map((delivery) => delivery._id)]);
}

function deliveriesOf(event: OutboxEvent, endpoints: WebhookEndpointRecord[], now: Date) {
  return endpoints
    .filter((endpoint) => endpoint.orgId.equals(event.orgId) && endpoint.events.includes(event.type) && endpoint.createdAt <= event.occurredAt)
    .map((endpoint) => {
      const deliveryId = deliveryIdFor(String(endpoint._id), event.eventKey);
      return {
        _id: `${deliveryId}:0`,
        deliveryId,
        orgId: event.orgId,
        endpointId: endpoint._id,
        eventKey: event.eventKey,
        type: event.type,
        payload: event.payload,
        status: 'pending',
        attempts: 0,
        scheduleStart: 0,
        nextAttemptAt: now,
        createdAt: now,
      };
    });
}
