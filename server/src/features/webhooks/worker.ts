/**
 * Delivers the outbox. Every process runs a worker; of several that pick the same due delivery,
 * the one whose insert of attempt N wins makes it (the others skip), so each attempt is made
 * once. An attempt left unfinished by a process that died is given up after `staleAttemptMs`
 * and the next attempt number is scheduled at once: at-least-once, never lost.
 *
 * The database work is done in waves, not per delivery: a wave leases its attempts in one
 * insert, sends them, and writes each outcome into its delivery (state and log entry in one
 * statement), ten statements in flight as five commands side by side (`bulkWriteInChunks`; one
 * endpoint read per round besides). Each statement costs the engine about as much as one of
 * intake's own, so the statements per delivery are what slows intake down while deliveries go
 * out.
 */
import { randomBytes } from 'node:crypto';
import type { AnyBulkWriteOperation } from 'mongoose';
import { bulkWriteInChunks } from '../../db/bulkWriteInChunks';
import { insertEachOnceWhich } from '../../db/insertOnce';
import type { Scheduler } from '../../jobs/scheduler';
import { appendToLog } from './deliveryLog';
import { attemptIdFor, WebhookAttemptModel, WebhookDeliveryModel, WebhookEndpointModel, type WebhookDeliveryRecord, type WebhookEndpointRecord } from './model';
import { notifyOwnersOfDisabledEndpoint } from './ownerNotice';
import { activeSecrets } from './repository';
import { sendWebhook, type SendResult } from './send';
import { retryDelay, webhookSettings } from './settings';
import { webhookHeaders } from './signing';

const BATCH = 1_000;
/** Deliveries to different endpoints go out side by side; one endpoint's go one after another, oldest first. */
const ENDPOINTS_AT_ONCE = 10;
/** A slow endpoint (10 s a try) holds up a wave for at most this many of its deliveries. */
const PER_ENDPOINT_PER_WAVE = 10;
/**
 * While nothing is due, the poll reads only every this many intervals: each read scans the
 * pending deliveries on the local engine, which intake then waits behind. An event this process
 * writes is delivered at once all the same (`tick`); one written by another process, or a retry
 * coming due, waits at most this many intervals.
 */
const IDLE_POLLS_PER_READ = 5;

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
  /** The last read found nothing due. */
  let quiet = false;
  const isStopped = () => stopped;

  /**
   * Reads the due deliveries, then works through them in waves of a few per endpoint; true when
   * it read a full batch (a backlog: the next read follows at once). One read serves many waves
   * because on the local engine each read scans the pending deliveries. A copy that another
   * process delivered meanwhile is skipped by the attempt's lease.
   *
   * The batch is put in order here, not by the engine: FerretDB v1 sorts every pending delivery
   * before it applies the limit (26 s for 1,000 of a backlog of 93,000, against 2.4 s unsorted).
   * Within a batch each endpoint's deliveries go oldest first; across batches of a large backlog
   * they may not, which Standard Webhooks allows (MongoDB reads them in the order of the index).
   */
  const round = async (): Promise<boolean> => {
    const due = (await WebhookDeliveryModel.find({ status: 'pending', nextAttemptAt: { $lte: new Date() } }).limit(BATCH).lean<WebhookDeliveryRecord[]>()).sort(
      (a, b) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime() || a.createdAt.getTime() - b.createdAt.getTime(),
    );
    quiet = due.length === 0;
    if (quiet) return false;
    const endpoints = await endpointsOf(due);
    const byEndpoint = new Map<string, WebhookDeliveryRecord[]>();
    const cancelled: WebhookDeliveryRecord[] = [];
    for (const delivery of due) {
      const key = String(delivery.endpointId);
      const queue = byEndpoint.get(key);
      if (!endpoints.get(key)?.enabled) cancelled.push(delivery);
      else if (queue) queue.push(delivery);
      else byEndpoint.set(key, [delivery]);
    }
    await cancelForEndpoints(cancelled, endpoints);
    while (!stopped && byEndpoint.size > 0) {
      const wave: WaveQueue[] = [];
      for (const [key, queue] of byEndpoint) {
        if (queue.length <= PER_ENDPOINT_PER_WAVE) byEndpoint.delete(key);
        else byEndpoint.set(key, queue.slice(PER_ENDPOINT_PER_WAVE));
        wave.push({ endpoint: endpoints.get(key)!, deliveries: queue.slice(0, PER_ENDPOINT_PER_WAVE) });
      }
      await deliverWave(wave, worker, isStopped);
    }
    return due.length === BATCH;
  };

  // A backlog is worked off round after round, not one round per poll: the per-endpoint share
  // of a wave keeps one slow endpoint from holding up the others, not the pace of a fast one.
  const tick = () => {
    if (stopped) return Promise.resolve();
    running ??= (async () => {
      while (!stopped && (await round()));
    })().finally(() => {
      running = null;
    });
    return running;
  };
  let skippedPolls = 0;
  const poll = async () => {
    if (quiet && skippedPolls < IDLE_POLLS_PER_READ - 1) {
      skippedPolls += 1;
      return;
    }
    skippedPolls = 0;
    await tick();
  };
  const cancel = scheduler.every('webhooks.deliver', webhookSettings().pollMs, poll);
  return {
    tick,
    async stop() {
      stopped = true;
      cancel();
      await running;
    },
  };
}

/** The endpoints of these deliveries, read once for a round (an endpoint changed meanwhile is seen next round). */
async function endpointsOf(deliveries: WebhookDeliveryRecord[]): Promise<Map<string, WebhookEndpointRecord>> {
  const ids = [...new Set(deliveries.map((delivery) => String(delivery.endpointId)))];
  // Few documents: the collection holds one per endpoint of every platform.
  const endpoints = await WebhookEndpointModel.find({ _id: { $in: ids } }).lean<WebhookEndpointRecord[]>();
  return new Map(endpoints.map((endpoint) => [String(endpoint._id), endpoint]));
}

async function cancelForEndpoints(deliveries: WebhookDeliveryRecord[], endpoints: Map<string, WebhookEndpointRecord>): Promise<void> {
  if (deliveries.length === 0) return;
  await bulkWriteInChunks(
    WebhookDeliveryModel,
    deliveries.map((delivery) => ({
      updateOne: {
        filter: { _id: delivery._id, attempts: delivery.attempts },
        update: { $set: { status: 'cancelled', nextAttemptAt: null, finishedAt: new Date(), lastError: endpoints.has(String(delivery.endpointId)) ? 'endpoint disabled' : 'endpoint deleted' } },
      },
    })),
  );
}

interface WaveQueue {
  endpoint: WebhookEndpointRecord;
  deliveries: WebhookDeliveryRecord[];
}

/**
 * Leases attempt N of every delivery of the wave in one insert, sends those it won (one endpoint's
 * one after another), then writes every outcome into its delivery in bulk writes. A lease not
 * yet sent when half of `staleAttemptMs` has passed (a slow endpoint ahead of it), or when the
 * worker stops, is given back: it is deleted unsent, so no other process takes it for abandoned
 * while it waits, and the delivery is simply due again.
 */
async function deliverWave(wave: WaveQueue[], worker: string, stopped: () => boolean): Promise<void> {
  const startedAt = new Date();
  const leases = wave.flatMap(({ endpoint, deliveries }) =>
    deliveries.map((delivery) => ({ _id: attemptIdFor(delivery._id, delivery.attempts + 1), deliveryId: delivery._id, endpointId: endpoint._id, attempt: delivery.attempts + 1, worker, startedAt, finishedAt: null, responseCode: null, latencyMs: null, error: null })),
  );
  const won = await insertEachOnceWhich(WebhookAttemptModel, leases);
  const wonIds = new Set(leases.filter((_, index) => won[index]).map((lease) => lease._id));
  const sendBy = startedAt.getTime() + webhookSettings().staleAttemptMs / 2;
  const sent: Outcome[] = [];
  const released: string[] = [];
  const lost: Array<{ delivery: WebhookDeliveryRecord; endpoint: WebhookEndpointRecord }> = [];
  const queues = [...wave];
  const lanes = Array.from({ length: Math.min(ENDPOINTS_AT_ONCE, queues.length) }, async () => {
    for (let queue = queues.shift(); queue; queue = queues.shift()) {
      let endpointGone = false;
      for (const delivery of queue.deliveries) {
        const attempt = delivery.attempts + 1;
        const id = attemptIdFor(delivery._id, attempt);
        if (!wonIds.has(id)) {
          lost.push({ delivery, endpoint: queue.endpoint });
        } else if (!queue.endpoint.enabled || endpointGone || stopped() || Date.now() > sendBy) {
          released.push(id);
        } else {
          const result = await send(queue.endpoint, delivery);
          sent.push({ delivery, endpoint: queue.endpoint, attempt, startedAt, result });
          // 410: the rest of this endpoint's wave is not sent; next round cancels it.
          endpointGone = result.responseCode === 410;
        }
      }
    }
  });
  await Promise.all(lanes);
  // The round's own endpoint records: a later wave of the round sees a disabling or a failing streak.
  await recordOutcomes(sent);
  await bulkWriteInChunks(WebhookAttemptModel, released.map((id) => ({ deleteOne: { filter: { _id: id, finishedAt: null } } })));
  for (const { delivery, endpoint } of lost) await giveUpIfAbandoned(delivery, endpoint, delivery.attempts + 1);
}

function send(endpoint: WebhookEndpointRecord, delivery: WebhookDeliveryRecord): Promise<SendResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = webhookHeaders(activeSecrets(endpoint), delivery._id, timestamp, delivery.payload);
  return sendWebhook(endpoint.url, headers, delivery.payload, webhookSettings().allowPrivate);
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

interface Outcome {
  delivery: WebhookDeliveryRecord;
  /** Updated here as outcomes are worked out in order, so later ones of the same wave see its new state. */
  endpoint: WebhookEndpointRecord;
  attempt: number;
  /** When the attempt was leased: its time in the log. */
  startedAt: Date;
  result: SendResult;
}

/**
 * Records attempts' outcomes on their deliveries, each the delivery's new state and its log
 * entry in one statement (bulk writes), and on their endpoints: a success
 * ends a failing streak, a first failure starts one, `410 Gone` or five failing days disable the
 * endpoint and notify its owners. Endpoint changes are rare (a change of state), so one write each.
 */
async function recordOutcomes(outcomes: Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const deliveryWrites: AnyBulkWriteOperation[] = [];
  const endpointWrites: Array<{ filter: Record<string, unknown>; set: Record<string, unknown> }> = [];
  const notices: Array<{ endpoint: WebhookEndpointRecord; reason: string; episode: string }> = [];
  for (const { delivery, endpoint, attempt, startedAt, result } of outcomes) {
    const error = result.error ?? errorOf(result);
    const last = { attempts: attempt, lastResponseCode: result.responseCode, lastLatencyMs: result.latencyMs, lastError: error };
    const log = appendToLog(delivery.log, { attempt, at: startedAt, responseCode: result.responseCode, latencyMs: result.latencyMs, error });
    // Written only while the delivery stands where this attempt found it: an outcome is recorded once.
    const setDelivery = (set: Record<string, unknown>) => deliveryWrites.push({ updateOne: { filter: { _id: delivery._id, attempts: delivery.attempts }, update: { $set: { ...last, log, ...set } } } });
    if (succeeded(result)) {
      setDelivery({ status: 'delivered', nextAttemptAt: null, finishedAt: new Date() });
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
        notices.push({ endpoint, reason: disabledReason, episode: gone ? `gone:${delivery._id}:${attempt}` : `failing:${endpoint.failingSince!.getTime()}` });
        endpoint.enabled = false;
      }
      setDelivery({ status: 'failed', nextAttemptAt: null, finishedAt: new Date() });
      continue;
    }
    if (!endpoint.failingSince) {
      const since = new Date();
      endpointWrites.push({ filter: { _id: endpoint._id, failingSince: null }, set: { failingSince: since } });
      endpoint.failingSince = since;
    }
    const delay = retryDelay(attempt - delivery.scheduleStart, webhookSettings().retryDelaysMs);
    setDelivery({ status: delay === null ? 'failed' : 'pending', nextAttemptAt: delay === null ? null : new Date(Date.now() + delay), finishedAt: delay === null ? new Date() : null });
  }
  for (const write of endpointWrites) await WebhookEndpointModel.updateOne(write.filter, { $set: write.set });
  await bulkWriteInChunks(WebhookDeliveryModel, deliveryWrites, { sideBySide: true });
  for (const notice of notices) await notifyOwnersOfDisabledEndpoint(notice.endpoint, notice.reason, notice.episode);
}

/**
 * Another process holds attempt N and has not recorded it on the delivery. Once the lease is
 * stale, that process is presumed gone mid-attempt (or before it wrote the outcome): the attempt
 * counts as interrupted and N + 1 is due now, so an attempt may be sent twice, never not at all.
 * A lease carrying its own outcome (written by an older version, which recorded the outcome
 * there first) is recorded from it, not sent again. Either is done by whichever process
 * notices, with the same values, so two noticing at once agree.
 */
async function giveUpIfAbandoned(delivery: WebhookDeliveryRecord, endpoint: WebhookEndpointRecord, attempt: number): Promise<void> {
  const lease = await WebhookAttemptModel.findOne({ deliveryId: delivery._id, attempt }).lean();
  if (!lease) return;
  const settings = webhookSettings();
  if (lease.finishedAt) {
    if (Date.now() - lease.finishedAt.getTime() < settings.outcomeGraceMs) return;
    const current = await WebhookDeliveryModel.findById(delivery._id).lean<WebhookDeliveryRecord>();
    if (current && current.attempts < attempt) {
      await recordOutcomes([{ delivery: current, endpoint: { ...endpoint }, attempt, startedAt: lease.startedAt, result: { responseCode: lease.responseCode ?? null, latencyMs: lease.latencyMs ?? 0, error: lease.error ?? null } }]);
    }
    return;
  }
  if (Date.now() - lease.startedAt.getTime() < settings.staleAttemptMs) return;
  const error = 'interrupted: the delivering process stopped';
  await WebhookDeliveryModel.updateOne(
    { _id: delivery._id, attempts: delivery.attempts },
    {
      $set: {
        attempts: attempt,
        status: 'pending',
        nextAttemptAt: new Date(),
        lastResponseCode: null,
        lastLatencyMs: null,
        lastError: 'interrupted',
        log: appendToLog(delivery.log, { attempt, at: lease.startedAt, responseCode: null, latencyMs: null, error }),
      },
    },
  );
}
