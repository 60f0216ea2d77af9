/** A delivery's log: the outcomes kept in the delivery, and the attempts in progress beside them. */
import type { WebhookAttemptView } from '@refute/shared';
import { DELIVERY_LOG_LIMIT, type DeliveryLogEntry, type WebhookAttemptRecord, type WebhookDeliveryRecord } from './model';

/** The log with one more attempt, the oldest dropped beyond `DELIVERY_LOG_LIMIT`. */
export function appendToLog(log: readonly DeliveryLogEntry[] | undefined, entry: DeliveryLogEntry): DeliveryLogEntry[] {
  return [...(log ?? []).filter((kept) => kept.attempt !== entry.attempt), entry].slice(-DELIVERY_LOG_LIMIT);
}

/**
 * The attempts as people see them, oldest first: the delivery's own log, and its leases beyond
 * the attempts it has recorded, in progress. Leases written by an older version hold their
 * outcome themselves; a lease of an attempt recorded but dropped from the log is left out.
 */
export function attemptsOf(delivery: Pick<WebhookDeliveryRecord, 'attempts' | 'log'>, leases: readonly WebhookAttemptRecord[]): WebhookAttemptView[] {
  const logged = new Map((delivery.log ?? []).map((entry) => [entry.attempt, entry]));
  const views = new Map<number, WebhookAttemptView>();
  for (const lease of leases) {
    if (logged.has(lease.attempt) || (!lease.finishedAt && lease.attempt <= delivery.attempts)) continue;
    views.set(lease.attempt, {
      attempt: lease.attempt,
      at: lease.startedAt.toISOString(),
      responseCode: lease.responseCode ?? null,
      latencyMs: lease.latencyMs ?? null,
      error: lease.error ?? (lease.finishedAt ? null : 'in progress'),
    });
  }
  for (const entry of logged.values()) {
    views.set(entry.attempt, { attempt: entry.attempt, at: entry.at.toISOString(), responseCode: entry.responseCode ?? null, latencyMs: entry.latencyMs ?? null, error: entry.error ?? null });
  }
  return [...views.values()].sort((a, b) => a.attempt - b.attempt);
}
