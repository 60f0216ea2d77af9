import type { WebhookAttemptView, WebhookDeliveryView, WebhookEndpointView, WebhookEventType } from '@refute/shared';
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

function presentAttempt(record: WebhookAttemptRecord): WebhookAttemptView {
  return {
    attempt: record.attempt,
    at: record.startedAt.toISOString(),
    responseCode: record.responseCode ?? null,
    latencyMs: record.latencyMs ?? null,
    error: record.error ?? (record.finishedAt ? null : 'in progress'),
  };
}

export function presentDelivery(record: WebhookDeliveryRecord, attempts: WebhookAttemptRecord[]): WebhookDeliveryView {
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
    log: attempts.filter((attempt) => attempt.deliveryId === record._id).sort((a, b) => a.attempt - b.attempt).map(presentAttempt),
  };
}
