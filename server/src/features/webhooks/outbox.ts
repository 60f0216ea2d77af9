/** Writing events to the outbox: one delivery per event and endpoint, inserted at most once. */
import type { Types } from 'mongoose';
import type { WebhookEventType } from '@refute/shared';
import { insertEachOnce } from '../../db/insertOnce';
import { WebhookDeliveryModel, type WebhookEndpointRecord } from './model';
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

/** Inserts the event's deliveries in one write; returns how many this call created. */
export function enqueue(event: OutboxEvent, endpoints: WebhookEndpointRecord[]): Promise<number> {
  return enqueueEvents([event], endpoints);
}

/** Inserts the deliveries of several events (of one step, such as a bulk import's chunk) in one write. */
export async function enqueueEvents(events: readonly OutboxEvent[], endpoints: WebhookEndpointRecord[]): Promise<number> {
  const now = new Date();
  const deliveries = events.flatMap((event) => deliveriesOf(event, endpoints, now));
  return insertEachOnce(WebhookDeliveryModel, deliveries);
}

function deliveriesOf(event: OutboxEvent, endpoints: WebhookEndpointRecord[], now: Date) {
  return endpoints
    .filter((endpoint) => endpoint.orgId.equals(event.orgId) && endpoint.events.includes(event.type) && endpoint.createdAt <= event.occurredAt)
    .map((endpoint) => ({
      _id: deliveryIdFor(String(endpoint._id), event.eventKey),
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
    }));
}
