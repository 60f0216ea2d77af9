import type { WebhookDeliveryView, WebhookEndpointView, WebhookEventType } from '@refute/shared';
import { attemptsOf, type AttemptInProgress } from './deliveryLog';
import type { WebhookDeliveryRecord, WebhookEndpointRecord } from './model';

/** Never the secrets: they leave the server only in the answers to create and rotate. */
export function presentEndpoint(record: WebhookEndpointRecord): WebhookEndpointView {
  return {
    id: String(record._id),
    url: record.url,
    events: [...record.events] as WebhookEventType[],
    enabled: record.enabled,
    disabledReason: record.disabledReason ?? null,
    createdAt: record.createdAt.toISOString(),
  };
}

/** A delivery finished (from the history) or pending (from the outbox, with its `deliveryId` as `_id`). */
export function presentDelivery(record: WebhookDeliveryRecord, inProgress: AttemptInProgress | null = null): WebhookDeliveryView {
  return {
    id: record._id,
    type: record.type,
    status: record.status,
    attempts: record.attempts,
    nextAttemptAt: record.nextAttemptAt?.toISOString() ?? null,
    lastResponseCode: record.lastResponseCode ?? null,
    lastLatencyMs: record.lastLatencyMs ?? null,
    lastError: record.lastError ?? null,
    createdAt: record.createdAt.toISOString(),
    log: attemptsOf(record, inProgress),
  };
}
