/**
 * The outbox across processes: a worker that crashes mid-retry, two server processes delivering
 * at once, and an attempt whose process died while making it. Real server processes on the
 * standard schedule (the first retry 5 s after the first attempt), looking for due deliveries as
 * often as this process (every `POLL_MS`).
 */
import { Types } from 'mongoose';
import { scheduler } from '../../server/src/jobs/scheduler';
import { leaseIdFor, WebhookAttemptModel, WebhookDeliveryModel, WebhookEndpointModel, WebhookOutboxModel, type WebhookEndpointRecord } from '../../server/src/features/webhooks/model';
import { enqueue } from '../../server/src/features/webhooks/outbox';
import { configureWebhooks } from '../../server/src/features/webhooks/settings';
import { startWebhookWorker } from '../../server/src/features/webhooks/worker';
import { startServerProcess, type ServerProcess } from '../support/serverProcess';
import { startTestApp, type TestApp } from '../support/testApp';
import { startReceiver, waitFor, type WebhookReceiver } from '../support/webhookReceiver';
import { publishCase, report, webhookPlatform } from '../support/webhooks';
import { createTeam, type Team } from '../support/workbench';

const POLL_MS = 100;
let app: TestApp;
let team: Team;
const cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  app = await startTestApp({ webhooks: { allowPrivate: true, pollMs: POLL_MS } });
  // This process only produces events; the server processes deliver them.
  await app.webhooks.worker.stop();
  team = await createTeam(app.baseUrl);
});
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});
afterAll(() => app.close());

const serverProcess = async () => {
  const started = await startServerProcess(app.mongodbUri, { REFUTE_WEBHOOK_ALLOW_PRIVATE: 'on', REFUTE_WEBHOOK_POLL_MS: String(POLL_MS) });
  cleanup.push(() => started.stop());
  return started;
};

/** Fails the first attempt of each message, accepts the rest. */
async function failingFirstReceiver(): Promise<WebhookReceiver> {
  const seen = new Set<string>();
  const receiver = await startReceiver((message) => {
    if (seen.has(message.id)) return 204;
    seen.add(message.id);
    return 503;
  });
  cleanup.push(() => receiver.close());
  return receiver;
}

/** The attempts a finished delivery's log holds. */
async function attemptNumbers(deliveryId: string): Promise<number[]> {
  const delivery = await WebhookDeliveryModel.findById(deliveryId).lean();
  return (delivery?.log ?? []).map((entry) => entry.attempt);
}

test('a process that crashes mid-retry loses nothing: the next one makes the retry', async () => {
  const platform = await webhookPlatform(app.baseUrl);
  const receiver = await failingFirstReceiver();
  await platform.http.post('/api/v1/webhooks', { url: receiver.url, events: ['claim.resolved'] });
  const claim = await report(platform);
  await publishCase(team, claim.caseId);

  const first: ServerProcess = await serverProcess();
  const orgId = new Types.ObjectId(platform.orgId);
  // Killed between attempts: the first is recorded (the retry waits in the outbox, due 5 s later).
  const retry = () => WebhookOutboxModel.find({ orgId, attempts: 1 }).lean();
  await waitFor('the first attempt', async () => (await retry()).length === 1 && (await WebhookOutboxModel.countDocuments({ orgId })) === 1, 30_000);
  await first.crash();
  const [delivery] = await retry();
  expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastResponseCode: 503 });
  expect(receiver.received).toHaveLength(1);

  await serverProcess();
  await waitFor('the retry', () => receiver.received.length === 2, 30_000);
  await waitFor('the delivery to be recorded', async () => (await WebhookDeliveryModel.findById(delivery!.deliveryId).lean())?.status === 'delivered');
  expect(receiver.received.map((message) => message.id)).toEqual([delivery!.deliveryId, delivery!.deliveryId]);
  expect(await attemptNumbers(delivery!.deliveryId)).toEqual([1, 2]);
  await waitFor('the outbox to be cleared', async () => (await WebhookOutboxModel.countDocuments({ orgId })) === 0);
}, 90_000);

test('two server processes deliver together: every attempt is made once', async () => {
  const platform = await webhookPlatform(app.baseUrl);
  const receiver = await failingFirstReceiver();
  for (let endpoint = 0; endpoint < 2; endpoint += 1) {
    expect((await platform.http.post('/api/v1/webhooks', { url: `${receiver.url}/${endpoint}`, events: ['claim.resolved'] })).status).toBe(201);
  }
  await Promise.all([serverProcess(), serverProcess()]);
  for (let index = 0; index < 5; index += 1) await publishCase(team, (await report(platform)).caseId);

  const ids = async () => (await WebhookDeliveryModel.find({ orgId: new Types.ObjectId(platform.orgId) }, { _id: 1 }).lean()).map((delivery) => delivery._id);
  // Each delivery is leased and sent by one process per attempt: two copies of an attempt would show at the receiver.
  await waitFor('every delivery to succeed', async () => (await WebhookDeliveryModel.countDocuments({ orgId: new Types.ObjectId(platform.orgId), status: 'delivered' })) === 10, 45_000);
  // Time for a duplicate to show up, were one on its way: ten polls of each process.
  await new Promise((resolve) => setTimeout(resolve, 10 * POLL_MS));
  const deliveryIds = await ids();
  expect(deliveryIds).toHaveLength(10);
  for (const id of deliveryIds) {
    expect(receiver.received.filter((message) => message.id === id)).toHaveLength(2);
    expect(await attemptNumbers(id)).toEqual([1, 2]);
  }
  expect(receiver.received).toHaveLength(20);
}, 90_000);

/** A platform's one delivery, waiting in the outbox with no worker running here, and its receiver. */
async function undeliveredEvent() {
  configureWebhooks({ staleAttemptMs: 300, outcomeGraceMs: 300 });
  const platform = await webhookPlatform(app.baseUrl);
  const receiver = await startReceiver();
  cleanup.push(() => receiver.close());
  await platform.http.post('/api/v1/webhooks', { url: receiver.url, events: ['claim.resolved'] });
  await publishCase(team, (await report(platform)).caseId);
  const orgId = new Types.ObjectId(platform.orgId);
  await waitFor('the event in the outbox', async () => (await WebhookOutboxModel.countDocuments({ orgId })) === 1);
  return { receiver, delivery: (await WebhookOutboxModel.findOne({ orgId }).lean())! };
}

test('a batch left leased by a process that died is taken over: its attempt counts as interrupted and the next is made', async () => {
  const { receiver, delivery } = await undeliveredEvent();
  // The lease of a process that died before it recorded anything.
  const startedAt = new Date();
  await WebhookOutboxModel.collection.insertOne({ _id: leaseIdFor(delivery.batch, 1), batch: delivery.batch, leaseGeneration: 1, worker: 'gone', startedAt, staleAt: new Date(startedAt.getTime() + 300) } as never);

  const worker = startWebhookWorker(scheduler);
  cleanup.push(() => worker.stop());
  await waitFor('the next attempt', () => receiver.received.length === 1);
  expect(receiver.received[0]!.id).toBe(delivery.deliveryId);
  await waitFor('the delivery to be recorded', async () => (await WebhookDeliveryModel.findById(delivery.deliveryId).lean())?.status === 'delivered');
  // Each outcome is written into the delivery, the interrupted attempt's too.
  const { log } = (await WebhookDeliveryModel.findById(delivery.deliveryId).lean())!;
  expect((log ?? []).map((entry) => [entry.attempt, entry.error ?? null, entry.responseCode ?? null])).toEqual([
    [1, expect.stringContaining('interrupted'), null],
    [2, null, 204],
  ]);
  // The batch goes, its leases with it.
  await waitFor('the batch to be deleted', async () => (await WebhookOutboxModel.countDocuments({ batch: delivery.batch })) === 0);
});

/** Turns the outbox's delivery into a pending delivery of the previous layout, where it stayed in `webhook_deliveries`. */
async function asPreviousLayout(delivery: Awaited<ReturnType<typeof undeliveredEvent>>['delivery']) {
  const { deliveryId, batch: _batch, ...fields } = delivery;
  await WebhookOutboxModel.deleteMany({ deliveryId });
  await WebhookDeliveryModel.collection.insertOne({ ...fields, _id: deliveryId } as never);
  return deliveryId;
}

test('a pending delivery of the previous layout is moved to the outbox and delivered; an attempt its lease logged is recorded from it, not sent again', async () => {
  const { receiver, delivery } = await undeliveredEvent();
  const logged = await asPreviousLayout(delivery);
  // The attempt was made and its outcome written on the lease (204), as versions before it did first.
  const started = new Date(Date.now() - 1000);
  await WebhookAttemptModel.create({ _id: `${logged}:1`, deliveryId: logged, endpointId: delivery.endpointId, attempt: 1, worker: 'gone', startedAt: started, finishedAt: started, responseCode: 204, latencyMs: 3 });
  // Another one, never attempted.
  const other = await undeliveredEvent();
  const waiting = await asPreviousLayout(other.delivery);

  const worker = startWebhookWorker(scheduler);
  cleanup.push(() => worker.stop());
  await waitFor('both recorded', async () => (await WebhookDeliveryModel.countDocuments({ _id: { $in: [logged, waiting] }, status: 'delivered' })) === 2);
  expect(await WebhookDeliveryModel.findById(logged).lean()).toMatchObject({ attempts: 1, lastResponseCode: 204, log: [{ attempt: 1, responseCode: 204, latencyMs: 3 }] });
  expect(receiver.received).toHaveLength(0);
  expect(other.receiver.received.map((message) => message.id)).toEqual([waiting]);
  // The batch is deleted once its outcomes are written.
  await waitFor('the outbox to be cleared', async () => (await WebhookOutboxModel.countDocuments({ deliveryId: { $in: [logged, waiting] } })) === 0);
});

test('a backlog for one endpoint is worked off round after round, not a share of it per poll', async () => {
  const { receiver, delivery } = await undeliveredEvent();
  const endpoint = (await WebhookEndpointModel.findById(delivery.endpointId).lean<WebhookEndpointRecord>())!;
  const occurredAt = new Date();
  for (let n = 0; n < 24; n += 1) {
    await enqueue({ eventKey: `backlog:${n}`, type: 'claim.resolved', orgId: endpoint.orgId, payload: JSON.stringify({ type: 'claim.resolved', n }), occurredAt }, [endpoint]);
  }
  // Polls far apart: only working on after a full round delivers all 25 in one tick.
  configureWebhooks({ pollMs: 60_000 });
  const worker = startWebhookWorker(scheduler);
  cleanup.push(async () => {
    await worker.stop();
    configureWebhooks({ pollMs: POLL_MS });
  });
  await worker.tick();
  expect(receiver.received).toHaveLength(25);
  expect(await WebhookDeliveryModel.countDocuments({ orgId: endpoint.orgId, status: 'delivered' })).toBe(25);
  // In order: the oldest event first.
  expect(receiver.received.map((message) => message.id)[0]).toBe(delivery.deliveryId);
});
