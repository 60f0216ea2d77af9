/**
 * Retention of finished deliveries on the real engine: those finished before the retention period
 * go with their attempts, pending and recent ones stay and keep their log and replay, and of two
 * processes sweeping the same interval only one does.
 */
import type { WebhookDeliveryView } from '@refute/shared';
import { Types } from 'mongoose';
import { attemptIdFor, WebhookAttemptModel, WebhookDeliveryModel } from '../../server/src/features/webhooks/model';
import { sweepFinishedDeliveries, sweepIfClaimed } from '../../server/src/features/webhooks/retention';
import { startTestApp, type TestApp } from '../support/testApp';
import { startReceiver, waitFor, type WebhookReceiver } from '../support/webhookReceiver';
import { publishCase, report, webhookPlatform } from '../support/webhooks';
import { createTeam, type Team } from '../support/workbench';

const DAY_MS = 86_400_000;
let app: TestApp;
let team: Team;
let receiver: WebhookReceiver;

beforeAll(async () => {
  app = await startTestApp({ webhooks: { allowPrivate: true, pollMs: 50 } });
  team = await createTeam(app.baseUrl);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await app.close();
});

/** A delivery of an endpoint that does not exist, written as the worker leaves it. */
function delivery(name: string, status: 'pending' | 'delivered' | 'failed' | 'cancelled', ageDays: number, options: { finishedAt?: boolean } = {}) {
  const at = new Date(Date.now() - ageDays * DAY_MS);
  return {
    _id: `msg_retention_${name}_${new Types.ObjectId().toHexString()}`,
    orgId: new Types.ObjectId(),
    endpointId: new Types.ObjectId(),
    eventKey: name,
    type: 'claim.matched',
    payload: '{}',
    status,
    attempts: 1,
    scheduleStart: 0,
    nextAttemptAt: status === 'pending' ? new Date(Date.now() + DAY_MS) : null,
    log: [{ attempt: 1, at, responseCode: 204, latencyMs: 1, error: null }],
    createdAt: at,
    ...(options.finishedAt === false ? {} : { finishedAt: status === 'pending' ? null : at }),
  };
}

test('a sweep deletes finished deliveries past retention and their attempts, and keeps pending and recent ones', async () => {
  const gone = [delivery('old-delivered', 'delivered', 40), delivery('old-failed', 'failed', 31), delivery('old-cancelled', 'cancelled', 35), delivery('old-unstamped', 'delivered', 45, { finishedAt: false })];
  const kept = [delivery('old-pending', 'pending', 40), delivery('recent-delivered', 'delivered', 29), delivery('recent-failed', 'failed', 1)];
  await WebhookDeliveryModel.collection.insertMany([...gone, ...kept] as never);
  await WebhookAttemptModel.collection.insertMany(
    [...gone, ...kept].map((made) => ({ _id: attemptIdFor(made._id, 1), deliveryId: made._id, endpointId: made.endpointId, attempt: 1, worker: 'test', startedAt: made.createdAt, finishedAt: null })) as never,
  );
  // A delivery finished long after it was created counts from when it finished.
  const replayedLately = { ...delivery('replayed-lately', 'delivered', 60), finishedAt: new Date(Date.now() - 2 * DAY_MS) };
  await WebhookDeliveryModel.collection.insertOne(replayedLately as never);

  const swept = await sweepFinishedDeliveries();
  expect(swept.deleted).toBeGreaterThanOrEqual(gone.length);
  const left = new Set((await WebhookDeliveryModel.find({ _id: { $in: [...gone, ...kept, replayedLately].map((made) => made._id) } }, { _id: 1 }).lean()).map((made) => made._id));
  expect([...left].sort()).toEqual([...kept, replayedLately].map((made) => made._id).sort());
  const attemptsLeft = (await WebhookAttemptModel.find({ deliveryId: { $in: [...gone, ...kept].map((made) => made._id) } }).lean()).map((attempt) => attempt.deliveryId);
  expect(attemptsLeft.sort()).toEqual(kept.filter((made) => made.createdAt.getTime() > Date.now() - 30 * DAY_MS).map((made) => made._id).sort());
});

test('of two processes sweeping the same interval, one sweeps', async () => {
  const now = new Date(Date.now() + 10 * 3_600_000);
  const results = await Promise.all([sweepIfClaimed(now), sweepIfClaimed(now)]);
  expect(results.filter((result) => result !== null)).toHaveLength(1);
  expect(await sweepIfClaimed(now)).toBeNull();
});

test('a delivery inside retention keeps its log and replay after a sweep; one past it leaves the log', async () => {
  const platform = await webhookPlatform(app.baseUrl);
  const hook = (await platform.http.post('/api/v1/webhooks', { url: receiver.url, events: ['claim.resolved'] })).body as { id: string };
  const first = await report(platform);
  await publishCase(team, first.caseId);
  const second = await report(platform);
  await publishCase(team, second.caseId);
  const log = async () => (await platform.http.get(`/api/v1/webhooks/${hook.id}/deliveries`)).body.items as WebhookDeliveryView[];
  await waitFor('both delivered', async () => (await log()).filter((item) => item.status === 'delivered').length === 2);
  const [older, newer] = (await log()).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  await WebhookDeliveryModel.updateOne({ _id: older!.id }, { $set: { finishedAt: new Date(Date.now() - 31 * DAY_MS) } });

  await sweepFinishedDeliveries();
  expect((await log()).map((item) => item.id)).toEqual([newer!.id]);
  expect((await platform.http.post(`/api/v1/webhooks/${hook.id}/deliveries/${older!.id}/replay`)).status).toBe(404);
  const replayed = await platform.http.post(`/api/v1/webhooks/${hook.id}/deliveries/${newer!.id}/replay`);
  expect(replayed.status).toBe(202);
  await waitFor('replay delivered', async () => (await log()).find((item) => item.id === newer!.id)?.attempts === 2);
});
