/**
 * What follows a batch's attempts, written without updating a delivery: each finished delivery
 * goes to the history (`webhook_deliveries`) and each one still to be made back into the outbox
 * in a new batch, both as inserts of many documents (one commit each on the local engine),
 * before the worker deletes the batch. Endpoints change state rarely (a failing streak begins
 * or ends, 410, five failing days), one update each.
 */
import { insertEachOnce, insertEachOnceWhich } from '../../db/insertOnce';
import { appendToLog } from './deliveryLog';
import { WebhookDeliveryModel, WebhookEndpointModel, WebhookOutboxModel, type DeliveryLogEntry, type WebhookDeliveryRecord, type WebhookEndpointRecord, type WebhookOutboxRecord } from './model';
import { BATCH_LIMIT, newBatchId } from './outbox';
import { notifyOwnersOfDisabledEndpoint } from './ownerNotice';
import type { SendResult } from './send';
import { retryDelay, webhookSettings } from './settings';

export interface Sent {
  delivery: WebhookOutboxRecord;
  /** Updated here as outcomes are worked out in order, so later ones of the same round see its new state. */
  endpoint: WebhookEndpointRecord;
  attempt: number;
  /** When the attempt was leased: its time in the log. */
  startedAt: Date;
  result: SendResult;
}

export interface Settlement {
  sent: Sent[];
  /** Not sent because the endpoint is disabled or deleted: finished as cancelled. */
  cancelled: Array<{ delivery: WebhookOutboxRecord; reason: string }>;
  /** Leased but not sent (the worker stops, or a slow endpoint ahead took the time): due again at once. */
  released: WebhookOutboxRecord[];
}

export const succeeded = (result: SendResult) => result.responseCode !== null && result.responseCode >= 200 && result.responseCode < 300;

/** Redirects are answers too, but not accepted ones: they are never followed. */
function errorOf(result: SendResult): string | null {
  if (result.responseCode === null || succeeded(result)) return null;
  if (result.responseCode >= 300 && result.responseCode < 400) return `redirect (${result.responseCode}) not followed`;
  return `answered ${result.responseCode}`;
}

const failingTooLong = (endpoint: WebhookEndpointRecord) =>
  endpoint.failingSince !== null && endpoint.failingSince !== undefined && Date.now() - endpoint.failingSince.getTime() >= webhookSettings().failingDisableMs;

/** The delivery as it stands after an interrupted attempt (its process died while making it). */
export function interrupted(delivery: WebhookOutboxRecord, at: Date): WebhookOutboxRecord {
  const attempt = delivery.attempts + 1;
  const entry: DeliveryLogEntry = { attempt, at, responseCode: null, latencyMs: null, error: 'interrupted: the delivering process stopped' };
  return { ...delivery, attempts: attempt, lastResponseCode: null, lastLatencyMs: null, lastError: 'interrupted', log: appendToLog(delivery.log, entry) };
}

/** The finished delivery as the history keeps it. */
function finishedDoc(delivery: WebhookOutboxRecord, set: Partial<WebhookDeliveryRecord>): WebhookDeliveryRecord {
  const { deliveryId, batch: _batch, _id: _outboxId, ...fields } = delivery;
  return { ...fields, ...set, _id: deliveryId };
}

/** A pending delivery waiting for its next attempt, before it has a batch. */
type Waiting = Omit<WebhookOutboxRecord, '_id' | 'batch' | 'nextAttemptAt'>;

export async function settle({ sent, cancelled, released }: Settlement): Promise<void> {
  const finished: WebhookDeliveryRecord[] = [];
  /** Keyed by the position in the retry schedule (-1: due at once): one batch, and one jittered time, per key. */
  const waiting = new Map<number, Waiting[]>();
  const wait = (key: number, delivery: Waiting) => waiting.set(key, [...(waiting.get(key) ?? []), delivery]);
  const endpointWrites: Array<{ filter: Record<string, unknown>; set: Record<string, unknown> }> = [];
  const notices: Array<{ endpoint: WebhookEndpointRecord; reason: string; episode: string }> = [];
  const now = new Date();

  for (const { delivery, reason } of cancelled) {
    finished.push(finishedDoc(delivery, { status: 'cancelled', nextAttemptAt: null, finishedAt: now, lastError: reason }));
  }
  for (const delivery of released) wait(-1, delivery);
  for (const { delivery, endpoint, attempt, startedAt, result } of sent) {
    const error = result.error ?? errorOf(result);
    const after = {
      ...delivery,
      attempts: attempt,
      lastResponseCode: result.responseCode,
      lastLatencyMs: result.latencyMs,
      lastError: error,
      log: appendToLog(delivery.log, { attempt, at: startedAt, responseCode: result.responseCode, latencyMs: result.latencyMs, error }),
    };
    if (succeeded(result)) {
      finished.push(finishedDoc(after, { status: 'delivered', nextAttemptAt: null, finishedAt: now }));
      if (endpoint.failingSince) {
        endpointWrites.push({ filter: { _id: endpoint._id }, set: { failingSince: null } });
        endpoint.failingSince = null;
      }
      continue;
    }
    const gone = result.responseCode === 410;
    const disabledReason = gone ? 'The endpoint answered 410 Gone' : failingTooLong(endpoint) ? 'Every delivery to the endpoint failed for 5 days' : null;
    if (disabledReason) {
      // The receiver is gone for good, or has not taken anything for days: stop sending to it.
      if (endpoint.enabled) {
        endpointWrites.push({ filter: { _id: endpoint._id }, set: { enabled: false, disabledReason } });
        notices.push({ endpoint, reason: disabledReason, episode: gone ? `gone:${delivery.deliveryId}:${attempt}` : `failing:${endpoint.failingSince!.getTime()}` });
        endpoint.enabled = false;
      }
      finished.push(finishedDoc(after, { status: 'failed', nextAttemptAt: null, finishedAt: now }));
      continue;
    }
    if (!endpoint.failingSince) {
      const since = new Date();
      endpointWrites.push({ filter: { _id: endpoint._id, failingSince: null }, set: { failingSince: since } });
      endpoint.failingSince = since;
    }
    const inSchedule = attempt - delivery.scheduleStart;
    if (retryDelay(inSchedule, webhookSettings().retryDelaysMs) === null) finished.push(finishedDoc(after, { status: 'failed', nextAttemptAt: null, finishedAt: now }));
    else wait(inSchedule, after);
  }

  for (const write of endpointWrites) await WebhookEndpointModel.updateOne(write.filter, { $set: write.set });
  await recordFinished(finished);
  await insertEachOnce(WebhookOutboxModel, batchesOf(waiting, now));
  for (const notice of notices) await notifyOwnersOfDisabledEndpoint(notice.endpoint, notice.reason, notice.episode);
}

/** New batches of at most `BATCH_LIMIT`, each with one due time: the retry delay of its place in the schedule, jittered per batch. */
function batchesOf(waiting: Map<number, Waiting[]>, now: Date): Array<Record<string, unknown>> {
  const docs: Array<Record<string, unknown>> = [];
  for (const [inSchedule, deliveries] of waiting) {
    for (let from = 0; from < deliveries.length; from += BATCH_LIMIT) {
      const batch = newBatchId();
      const delay = inSchedule < 0 ? 0 : retryDelay(inSchedule, webhookSettings().retryDelaysMs)!;
      const nextAttemptAt = new Date(now.getTime() + delay);
      for (const delivery of deliveries.slice(from, from + BATCH_LIMIT)) {
        docs.push({ ...delivery, _id: `${delivery.deliveryId}:${batch}`, batch, nextAttemptAt, finishedAt: null });
      }
    }
  }
  return docs;
}

/**
 * Inserts finished deliveries in one write. One whose id the history holds already (a replay
 * whose earlier record a crash left, a document of the previous layout, or the same outcome
 * recorded twice by a batch taken over) is replaced when this outcome is later than the one kept.
 */
async function recordFinished(finished: WebhookDeliveryRecord[]): Promise<void> {
  const inserted = await insertEachOnceWhich(WebhookDeliveryModel, finished);
  for (const [index, delivery] of finished.entries()) {
    if (inserted[index]) continue;
    await WebhookDeliveryModel.replaceOne({ _id: delivery._id, $or: [{ attempts: { $lt: delivery.attempts } }, { status: 'pending' }] }, delivery);
  }
}
