/**
 * Delivers the outbox. Every process runs a worker. The outbox holds only pending deliveries, in
 * batches (an event's deliveries, or a round's retries); a worker leases whole batches by
 * inserting each one's lease, so of several processes that read the same due batch exactly one
 * sends it. It then reads the batch whole, sends it, inserts the outcomes (finished deliveries
 * into the history, retries into the outbox as new batches) and deletes the batch, its lease
 * with it, in one statement by batch id.
 *
 * On the local engine every updated document commits on its own, while an insert of many and a
 * delete by one equality commit once: a batch of any size costs about four commits (lease,
 * history, retries, delete) where one update per delivery cost as many commits as deliveries,
 * each about as dear as one of intake's own writes.
 *
 * A lease not cleared after `staleAttemptMs` belongs to a process presumed gone mid-round: the
 * next generation takes the batch over, counts the attempt it may have made as interrupted and
 * makes the next one at once, so an attempt may be sent twice, never not at all.
 */
import { randomBytes } from 'node:crypto';
import { bulkWriteInChunks } from '../../db/bulkWriteInChunks';
import { insertEachOnceWhich } from '../../db/insertOnce';
import type { Scheduler } from '../../jobs/scheduler';
import { isLease, leaseIdFor, WebhookDeliveryModel, WebhookEndpointModel, WebhookOutboxModel, type WebhookEndpointRecord, type WebhookLeaseRecord, type WebhookOutboxRecord } from './model';
import { MOVE_LIMIT, moveLegacyPending } from './legacy';
import { interrupted, settle, type Sent, type Settlement } from './outcomes';
import { activeSecrets } from './repository';
import { sendWebhook, type SendResult } from './send';
import { webhookSettings } from './settings';
import { webhookHeaders } from './signing';

const BATCH = 1_000;
/** Deliveries to different endpoints go out side by side; one endpoint's go one after another, oldest first. */
const ENDPOINTS_AT_ONCE = 10;
/**
 * While nothing is due, the poll reads only every this many intervals, so an idle outbox costs
 * the engine little. An event this process writes is delivered at once all the same (`tick`);
 * one written by another process, or a retry coming due, waits at most this many intervals.
 */
const IDLE_POLLS_PER_READ = 5;

export interface WebhookWorker {
  /** Looks for due deliveries now (also called on the poll interval). */
  tick(): Promise<void>;
  /** Stops polling and waits for the attempts under way. */
  stop(): Promise<void>;
}

/** Oldest due first, then oldest created: put in order here, as FerretDB v1 would sort every pending delivery before the limit. */
const byDue = (a: WebhookOutboxRecord, b: WebhookOutboxRecord) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime() || a.createdAt.getTime() - b.createdAt.getTime();

export function startWebhookWorker(scheduler: Scheduler): WebhookWorker {
  const worker = `${process.pid}-${randomBytes(4).toString('hex')}`;
  let stopped = false;
  let running: Promise<void> | null = null;
  /** The last read found nothing due. */
  let quiet = false;
  /** Pending deliveries of the previous layout are moved before the first rounds, a share a round. */
  let moved = false;
  const isStopped = () => stopped;

  /**
   * Reads the due deliveries, leases their batches and delivers those it won; true when it read
   * a full batch or gave some back unsent (a backlog: the next read follows at once).
   */
  const round = async (): Promise<boolean> => {
    if (!moved) moved = (await moveLegacyPending()) < MOVE_LIMIT;
    const now = new Date();
    // Only the batch ids: each leased batch is read whole afterwards, so payloads are not read twice.
    const due = await WebhookOutboxModel.find({ nextAttemptAt: { $lte: now } }, { batch: 1 }).limit(BATCH).lean<Array<Pick<WebhookOutboxRecord, '_id' | 'batch'>>>();
    quiet = due.length === 0;
    if (quiet) return false;
    const leased = await leaseBatches([...new Set(due.map((delivery) => delivery.batch))], worker, now);
    if (leased.size === 0) return false;
    const released = await deliverBatches(leased, now, isStopped);
    return due.length === BATCH || released > 0;
  };

  // A backlog is worked off round after round, not one round per poll.
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

/**
 * Leases the batches: generation 1 for all in one insert; a batch whose lease is held is looked
 * at, and taken over by the next generation if that lease is stale. Returns the generation won
 * per batch.
 */
async function leaseBatches(batches: string[], worker: string, now: Date): Promise<Map<string, number>> {
  const leaseOf = (batch: string, generation: number): WebhookLeaseRecord => ({
    _id: leaseIdFor(batch, generation),
    batch,
    leaseGeneration: generation,
    worker,
    startedAt: now,
    staleAt: new Date(now.getTime() + webhookSettings().staleAttemptMs),
  });
  const won = new Map<string, number>();
  const first = await insertEachOnceWhich(WebhookOutboxModel, batches.map((batch) => ({ ...leaseOf(batch, 1) })));
  const held = batches.filter((batch, index) => {
    if (first[index]) won.set(batch, 1);
    return !first[index];
  });
  for (const batch of held) {
    const leases = (await WebhookOutboxModel.find({ batch }).lean<Array<WebhookOutboxRecord | WebhookLeaseRecord>>()).filter(isLease);
    const latest = leases.reduce<WebhookLeaseRecord | null>((top, lease) => (!top || lease.leaseGeneration > top.leaseGeneration ? lease : top), null);
    // Cleared meanwhile (the batch is done), or held by a live process.
    if (!latest || latest.staleAt > now) continue;
    const [takenOver] = await insertEachOnceWhich(WebhookOutboxModel, [{ ...leaseOf(batch, latest.leaseGeneration + 1) }]);
    if (takenOver) won.set(batch, latest.leaseGeneration + 1);
  }
  return won;
}

/**
 * Delivers the leased batches, read whole after the lease (a due read is cut at `BATCH`, and a
 * batch another process cleared meanwhile is then found empty), records the outcomes and deletes
 * each batch with its leases.
 */
async function deliverBatches(leased: Map<string, number>, startedAt: Date, stopped: () => boolean): Promise<number> {
  const takenOver = new Set<string>();
  let deliveries: WebhookOutboxRecord[] = [];
  for (const [batch, generation, docs] of await readBatches(leased)) {
    if (generation === 1) deliveries.push(...docs);
    else {
      takenOver.add(batch);
      // Each generation before this one may have made an attempt of every delivery in the batch.
      for (let doc of await notYetRecorded(docs)) {
        for (let gone = 1; gone < generation; gone += 1) doc = interrupted(doc, startedAt);
        deliveries.push(doc);
      }
    }
  }
  deliveries = deliveries.sort(byDue);
  const endpoints = await endpointsOf(deliveries);
  const settlement: Settlement = { sent: [], cancelled: [], released: [] };
  const byEndpoint = new Map<string, WebhookOutboxRecord[]>();
  for (const delivery of deliveries) {
    const key = String(delivery.endpointId);
    const endpoint = endpoints.get(key);
    if (!endpoint?.enabled) settlement.cancelled.push({ delivery, reason: endpoint ? 'endpoint disabled' : 'endpoint deleted' });
    else byEndpoint.set(key, [...(byEndpoint.get(key) ?? []), delivery]);
  }
  await sendAll(byEndpoint, endpoints, startedAt, stopped, settlement);
  await settle(settlement);
  // Side by side: a burst to one endpoint is a round of many batches of one.
  await bulkWriteInChunks(WebhookOutboxModel.collection, [...leased.keys()].map((batch) => ({ deleteMany: { filter: { batch } } })), { sideBySide: true });
  return settlement.released.length;
}

/** Batches read at once at a time, each by equality on its id (index-served on the local engine; `$in` would read the whole outbox). */
const READS_AT_ONCE = 5;

/** Each leased batch's deliveries, in the order leased; reads side by side, as a one-endpoint burst leases many batches of one. */
async function readBatches(leased: Map<string, number>): Promise<Array<[string, number, WebhookOutboxRecord[]]>> {
  const entries = [...leased];
  const read: Array<[string, number, WebhookOutboxRecord[]]> = new Array(entries.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(READS_AT_ONCE, entries.length) }, async () => {
    while (next < entries.length) {
      const index = next;
      next += 1;
      const [batch, generation] = entries[index]!;
      const docs = (await WebhookOutboxModel.find({ batch }).lean<Array<WebhookOutboxRecord | WebhookLeaseRecord>>()).filter((doc): doc is WebhookOutboxRecord => !isLease(doc));
      read[index] = [batch, generation, docs];
    }
  });
  await Promise.all(lanes);
  return read;
}

/**
 * Of a batch taken over, the deliveries whose outcome its previous holder has not written yet
 * (it may have died between writing the outcomes and deleting the batch). Rare, so two plain
 * reads.
 */
async function notYetRecorded(docs: WebhookOutboxRecord[]): Promise<WebhookOutboxRecord[]> {
  const ids = docs.map((doc) => doc.deliveryId);
  const later = await WebhookOutboxModel.find({ deliveryId: { $in: ids } }, { deliveryId: 1, attempts: 1 }).lean<Array<{ deliveryId: string; attempts: number }>>();
  const finished = await WebhookDeliveryModel.find({ _id: { $in: ids }, status: { $ne: 'pending' } }, { attempts: 1 }).lean<Array<{ _id: string; attempts: number }>>();
  const recorded = new Map<string, number>();
  for (const { deliveryId, attempts } of later) recorded.set(deliveryId, Math.max(recorded.get(deliveryId) ?? 0, attempts));
  for (const { _id, attempts } of finished) recorded.set(_id, Math.max(recorded.get(_id) ?? 0, attempts));
  return docs.filter((doc) => (recorded.get(doc.deliveryId) ?? 0) <= doc.attempts);
}

/** The endpoints of these deliveries, read once for a round (an endpoint changed meanwhile is seen next round). */
async function endpointsOf(deliveries: WebhookOutboxRecord[]): Promise<Map<string, WebhookEndpointRecord>> {
  const ids = [...new Set(deliveries.map((delivery) => String(delivery.endpointId)))];
  if (ids.length === 0) return new Map();
  // Few documents: the collection holds one per endpoint of every platform.
  const endpoints = await WebhookEndpointModel.find({ _id: { $in: ids } }).lean<WebhookEndpointRecord[]>();
  return new Map(endpoints.map((endpoint) => [String(endpoint._id), endpoint]));
}

/**
 * Sends every endpoint's deliveries one after another, oldest first, `ENDPOINTS_AT_ONCE`
 * endpoints side by side. What is not sent by half of `staleAttemptMs` (a slow endpoint), or
 * when the worker stops, is released: due again at once, in a new batch, so no other process
 * takes its lease for abandoned while it waits. After a 410 the rest of that endpoint's
 * deliveries are cancelled with it.
 */
async function sendAll(byEndpoint: Map<string, WebhookOutboxRecord[]>, endpoints: Map<string, WebhookEndpointRecord>, startedAt: Date, stopped: () => boolean, settlement: Settlement): Promise<void> {
  const sendBy = startedAt.getTime() + webhookSettings().staleAttemptMs / 2;
  const queues = [...byEndpoint];
  const lanes = Array.from({ length: Math.min(ENDPOINTS_AT_ONCE, queues.length) }, async () => {
    for (let queue = queues.shift(); queue; queue = queues.shift()) {
      const [key, deliveries] = queue;
      const endpoint = endpoints.get(key)!;
      let gone = false;
      for (const delivery of deliveries) {
        if (gone) settlement.cancelled.push({ delivery, reason: 'endpoint disabled' });
        else if (stopped() || Date.now() > sendBy) settlement.released.push(delivery);
        else {
          const result = await send(endpoint, delivery);
          const sent: Sent = { delivery, endpoint, attempt: delivery.attempts + 1, startedAt, result };
          settlement.sent.push(sent);
          gone = result.responseCode === 410;
        }
      }
    }
  });
  await Promise.all(lanes);
}

function send(endpoint: WebhookEndpointRecord, delivery: WebhookOutboxRecord): Promise<SendResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = webhookHeaders(activeSecrets(endpoint), delivery.deliveryId, timestamp, delivery.payload);
  return sendWebhook(endpoint.url, headers, delivery.payload, webhookSettings().allowPrivate);
}
