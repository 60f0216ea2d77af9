import type { WebhookDeliveryView, WebhookEndpointView, WebhookEventType } from '@refute/shared';
import { attemptsOf } from './deliveryLog';
import type { WebhookAttemptRecord, WebhookDeliveryRecord, WebhookEndpointRecord } from './model';

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

export function presentDelivery(record: WebhookDeliveryRecord, leases: WebhookAttemptRecord[]): WebhookDeliveryView {
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
    log: attemptsOf(record, leases.filter((lease) => lease.deliveryId === record._id)),
  };
}
