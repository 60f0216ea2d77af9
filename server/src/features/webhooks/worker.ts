/**
 * Delivers the outbox. Every process runs a worker; of several that pick the same due delivery,
 * the one whose insert of attempt N wins makes it (the others skip), so each attempt is made
 * once. An attempt left unfinished by a process that died is given up after `staleAttemptMs`
 * and the next attempt number is scheduled at once: at-least-once, never lost.
 */
import { randomBytes } from 'node:crypto';
import { insertOnce } from '../../db/insertOnce';
import type { Scheduler } from '../../jobs/scheduler';
import { WebhookAttemptModel, WebhookDeliveryModel, WebhookEndpointModel, type WebhookDeliveryRecord, type WebhookEndpointRecord } from './model';
import { notifyOwnersOfDisabledEndpoint } from './ownerNotice';
import { activeSecrets } from './repository';
import { sendWebhook, type SendResult } from './send';
import { retryDelay, webhookSettings } from './settings';
import { webhookHeaders } from './signing';

const BATCH = 1_000;
/** Deliveries to different endpoints go out side by side; one endpoint's go one after another, oldest first. */
const ENDPOINTS_AT_ONCE = 10;
/** A slow endpoint (10 s a try) holds up a round for at most this many of its deliveries. */
const PER_ENDPOINT_PER_ROUND = 10;

export interface WebhookWorker {
  /** Looks for due deliveries now (also called on the poll interval). */
  tick(): Promise<void>;
  /** Stops polling and waits for the attempts under way. */
  stop(): Promise<void>;
}

export function startWebhookWorker(scheduler: Scheduler): WebhookWorker {
  const worker = `${process.pid}-${randomBytes(4).toString('hex')}`;
  let stopped = false;
  let running: Promise<void> | null = null;

  /**
   * Reads the due deliveries, then works through them in rounds of a few per endpoint; true
   * when it read a full batch (a backlog: the next read follows at once). One read serves many
   * rounds because on the local engine each read scans every pending delivery. A copy that
   * another process delivered meanwhile is skipped by the attempt's lease.
   */
  const round = async (): Promise<boolean> => {
    const due = await WebhookDeliveryModel.find({ status: 'pending', nextAttemptAt: { $lte: new Date() } })
      .sort({ nextAttemptAt: 1, createdAt: 1 })
      .limit(BATCH)
      .lean<WebhookDeliveryRecord[]>();
    const byEndpoint = new Map<string, WebhookDeliveryRecord[]>();
    for (const delivery of due) byEndpoint.set(String(delivery.endpointId), [...(byEndpoint.get(String(delivery.endpointId)) ?? []), delivery]);
    while (!stopped && byEndpoint.size > 0) {
      const queues = [...byEndpoint.entries()].map(([endpointId, queue]) => {
        if (queue.length <= PER_ENDPOINT_PER_ROUND) byEndpoint.delete(endpointId);
        else byEndpoint.set(endpointId, queue.slice(PER_ENDPOINT_PER_ROUND));
        return queue.slice(0, PER_ENDPOINT_PER_ROUND);
      });
      const lanes = Array.from({ length: Math.min(ENDPOINTS_AT_ONCE, queues.length) }, async () => {
        for (let queue = queues.shift(); queue && !stopped; queue = queues.shift()) {
          for (const delivery of queue) {
            if (stopped) return;
            await attemptDelivery(delivery, worker);
          }
        }
      });
      await Promise.all(lanes);
    }
    return due.length === BATCH;
  };

  // A backlog is worked off round after round, not one round per poll: the per-endpoint share
  // of a round keeps one slow endpoint from holding up the others, not the pace of a fast one.
  const tick = () => {
    if (stopped) return Promise.resolve();
    running ??= (async () => {
      while (!stopped && (await round()));
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const cancel = scheduler.every('webhooks.deliver', webhookSettings().pollMs, tick);
  return {
    tick,
    async stop() {
      stopped = true;
      cancel();
      await running;
    },
  };
}

/** Makes attempt `attempts + 1` of the delivery if this process wins its lease. */
export async function attemptDelivery(delivery: WebhookDeliveryRecord, worker: string): Promise<void> {
  const attempt = delivery.attempts + 1;
  const endpoint = await WebhookEndpointModel.findById(delivery.endpointId).lean<WebhookEndpointRecord>();
  if (!endpoint?.enabled) {
    await WebhookDeliveryModel.updateOne({ _id: delivery._id, attempts: delivery.attempts }, { $set: { status: 'cancelled', nextAttemptAt: null, lastError: endpoint ? 'endpoint disabled' : 'endpoint deleted' } });
    return;
  }
  const leased = await insertOnce(WebhookAttemptModel, { deliveryId: delivery._id, endpointId: delivery.endpointId, attempt, worker, startedAt: new Date() });
  if (!leased) {
    await giveUpIfAbandoned(delivery, endpoint, attempt);
    return;
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = webhookHeaders(activeSecrets(endpoint), delivery._id, timestamp, delivery.payload);
  const result = await sendWebhook(endpoint.url, headers, delivery.payload, webhookSettings().allowPrivate);
  await WebhookAttemptModel.updateOne(
    { deliveryId: delivery._id, attempt },
    { $set: { finishedAt: new Date(), responseCode: result.responseCode, latencyMs: result.latencyMs, error: result.error ?? errorOf(result) } },
  );
  await recordOutcome(delivery, endpoint, attempt, result);
}

const succeeded = (result: SendResult) => result.responseCode !== null && result.responseCode >= 200 && result.responseCode < 300;

/** Redirects are answers too, but not accepted ones: they are never followed. */
function errorOf(result: SendResult): string | null {
  if (result.responseCode === null || succeeded(result)) return null;
  if (result.responseCode >= 300 && result.responseCode < 400) return `redirect (${result.responseCode}) not followed`;
  return `answered ${result.responseCode}`;
}

const failingTooLong = (endpoint: WebhookEndpointRecord) =>
  endpoint.failingSince !== null && endpoint.failingSince !== undefined && Date.now() - endpoint.failingSince.getTime() >= webhookSettings().failingDisableMs;

async function recordOutcome(delivery: WebhookDeliveryRecord, endpoint: WebhookEndpointRecord, attempt: number, result: SendResult): Promise<void> {
  const last = { attempts: attempt, lastResponseCode: result.responseCode, lastLatencyMs: result.latencyMs, lastError: result.error ?? errorOf(result) };
  if (succeeded(result)) {
    await WebhookDeliveryModel.updateOne({ _id: delivery._id }, { $set: { ...last, status: 'delivered', nextAttemptAt: null } });
    if (endpoint.failingSince) await WebhookEndpointModel.updateOne({ _id: endpoint._id }, { $set: { failingSince: null } });
    return;
  }
  const gone = result.responseCode === 410;
  const disabledReason = gone ? 'The endpoint answered 410 Gone' : failingTooLong(endpoint) ? 'Every delivery to the endpoint failed for 5 days' : null;
  if (disabledReason) {
    // The receiver is gone for good, or has not taken anything for days: stop sending to it.
    await WebhookEndpointModel.updateOne({ _id: endpoint._id }, { $set: { enabled: false, disabledReason } });
    await WebhookDeliveryModel.updateOne({ _id: delivery._id }, { $set: { ...last, status: 'failed', nextAttemptAt: null } });
    const episode = gone ? `gone:${delivery._id}:${attempt}` : `failing:${endpoint.failingSince!.getTime()}`;
    await notifyOwnersOfDisabledEndpoint(endpoint, disabledReason, episode);
    return;
  }
  if (!endpoint.failingSince) await WebhookEndpointModel.updateOne({ _id: endpoint._id, failingSince: null }, { $set: { failingSince: new Date() } });
  const delay = retryDelay(attempt - delivery.scheduleStart, webhookSettings().retryDelaysMs);
  await WebhookDeliveryModel.updateOne(
    { _id: delivery._id },
    { $set: { ...last, status: delay === null ? 'failed' : 'pending', nextAttemptAt: delay === null ? null : new Date(Date.now() + delay) } },
  );
}

/**
 * Another process holds attempt N. If it never finished it (the process died mid-attempt), the
 * attempt counts as failed and N + 1 is due now. If it finished but died before recording the
 * outcome on the delivery, the outcome is recorded from the log. Either is done by whichever
 * process notices, with the same values, so two noticing at once agree.
 */
async function giveUpIfAbandoned(delivery: WebhookDeliveryRecord, endpoint: WebhookEndpointRecord, attempt: number): Promise<void> {
  const lease = await WebhookAttemptModel.findOne({ deliveryId: delivery._id, attempt }).lean();
  if (!lease) return;
  const settings = webhookSettings();
  if (lease.finishedAt) {
    if (Date.now() - lease.finishedAt.getTime() < settings.outcomeGraceMs) return;
    const current = await WebhookDeliveryModel.findById(delivery._id).lean<WebhookDeliveryRecord>();
    if (current && current.attempts < attempt) {
      await recordOutcome(current, endpoint, attempt, { responseCode: lease.responseCode ?? null, latencyMs: lease.latencyMs ?? 0, error: lease.error ?? null });
    }
    return;
  }
  if (Date.now() - lease.startedAt.getTime() < settings.staleAttemptMs) return;
  await WebhookAttemptModel.updateOne({ _id: lease._id, finishedAt: null }, { $set: { finishedAt: new Date(), error: 'interrupted: the delivering process stopped' } });
  await WebhookDeliveryModel.updateOne(
    { _id: delivery._id, attempts: delivery.attempts },
    { $set: { attempts: attempt, status: 'pending', nextAttemptAt: new Date(), lastResponseCode: null, lastLatencyMs: null, lastError: 'interrupted' } },
  );
}
