/** A delivery's log: the outcomes kept in the delivery, and the attempt in progress after them. */
import type { WebhookAttemptView } from '@refute/shared';
import { DELIVERY_LOG_LIMIT, type DeliveryLogEntry, type WebhookDeliveryRecord } from './model';

/** The log with one more attempt, the oldest dropped beyond `DELIVERY_LOG_LIMIT`. */
export function appendToLog(log: readonly DeliveryLogEntry[] | undefined, entry: DeliveryLogEntry): DeliveryLogEntry[] {
  return [...(log ?? []).filter((kept) => kept.attempt !== entry.attempt), entry].slice(-DELIVERY_LOG_LIMIT);
}

/** An attempt being made now: its batch is leased by a live process. */
export interface AttemptInProgress {
  attempt: number;
  at: Date;
}

/** The attempts as people see them, oldest first: the delivery's own log, and the one in progress beyond it. */
export function attemptsOf(delivery: Pick<WebhookDeliveryRecord, 'attempts' | 'log'>, inProgress: AttemptInProgress | null = null): WebhookAttemptView[] {
  const views = (delivery.log ?? []).map((entry) => ({ attempt: entry.attempt, at: entry.at.toISOString(), responseCode: entry.responseCode ?? null, latencyMs: entry.latencyMs ?? null, error: entry.error ?? null }));
  if (inProgress && inProgress.attempt > delivery.attempts) views.push({ attempt: inProgress.attempt, at: inProgress.at.toISOString(), responseCode: null, latencyMs: null, error: 'in progress' });
  return views.sort((a, b) => a.attempt - b.attempt);
}
