import type { NotificationView } from '@refute/shared';
import { createPlatform, createUser } from '../../fixtures/factories';
import { WebhookEndpointModel } from '../../server/src/features/webhooks/model';
import { notifyOwnersOfDisabledEndpoint } from '../../server/src/features/webhooks/ownerNotice';
import { connected, nextEvent, socketClients } from '../support/sockets';
import { startTestApp, type TestApp } from '../support/testApp';
import { startReceiver, waitFor, type WebhookReceiver } from '../support/webhookReceiver';
import { publishCase, report, webhookPlatform } from '../support/webhooks';
import { createTeam, loggedIn, type Member, type Team } from '../support/workbench';

// When Refute disables a platform's endpoint, the platform's admins (who own its endpoints) are
// told in the app, live and once each; nobody else is.
let app: TestApp;
let team: Team;
const receivers: WebhookReceiver[] = [];
const openSocket = socketClients(() => app.baseUrl);

beforeAll(async () => {
  app = await startTestApp({ webhooks: { allowPrivate: true, pollMs: 50, retryDelaysMs: [100, 100, 100, 100, 100, 100, 100] } });
  team = await createTeam(app.baseUrl);
});
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await app.close();
});

const disabledNotices = async (member: Member) =>
  ((await member.http.get('/api/v1/notifications')).body.items as NotificationView[]).filter((item) => item.kind === 'webhook_disabled');

async function platformWithPeople() {
  const platform = await webhookPlatform(app.baseUrl);
  const [admin, secondAdmin, moderator, elsewhere] = await Promise.all([
    createUser({ roles: ['admin'], orgId: platform.orgId }).then((user) => loggedIn(app.baseUrl, user)),
    createUser({ roles: ['admin'], orgId: platform.orgId }).then((user) => loggedIn(app.baseUrl, user)),
    createUser({ roles: ['moderator'], orgId: platform.orgId }).then((user) => loggedIn(app.baseUrl, user)),
    createPlatform().then(({ orgId }) => createUser({ roles: ['admin'], orgId })).then((user) => loggedIn(app.baseUrl, user)),
  ]);
  return { platform, admin, secondAdmin, moderator, elsewhere };
}

test("an endpoint failing for five days is disabled and the platform's admins are notified, live, once each", async () => {
  const { platform, admin, secondAdmin, moderator, elsewhere } = await platformWithPeople();
  const sink = await startReceiver(() => 500);
  receivers.push(sink);
  const hook = (await platform.http.post('/api/v1/webhooks', { url: sink.url, events: ['claim.resolved'] })).body as { id: string };
  const failingSince = new Date(Date.now() - 5 * 24 * 3_600_000 - 1000);
  await WebhookEndpointModel.updateOne({ _id: hook.id }, { $set: { failingSince } });
  const socket = openSocket(admin);
  await connected(socket);
  const heard = nextEvent(socket, 'notification.created', (notification) => notification.kind === 'webhook_disabled');

  await publishCase(team, (await report(platform)).caseId);
  await waitFor('the endpoint to be disabled', async () => (await WebhookEndpointModel.findById(hook.id).lean())?.enabled === false);
  const [live] = await heard;
  expect(live).toMatchObject({ kind: 'webhook_disabled', caseId: null, caseTitle: sink.url, actor: { name: 'Refute' }, read: false });
  expect(live.excerpt).toContain('5 days');

  for (const owner of [admin, secondAdmin]) expect(await disabledNotices(owner)).toEqual([expect.objectContaining({ caseTitle: sink.url, caseId: null })]);
  expect(await disabledNotices(moderator)).toEqual([]);
  expect(await disabledNotices(elsewhere)).toEqual([]);

  // Another process disabling it in the same failing spell notifies nobody again.
  const endpoint = (await WebhookEndpointModel.findById(hook.id).lean<Parameters<typeof notifyOwnersOfDisabledEndpoint>[0]>())!;
  await notifyOwnersOfDisabledEndpoint(endpoint, 'Every delivery to the endpoint failed for 5 days', `failing:${failingSince.getTime()}`);
  expect(await disabledNotices(admin)).toHaveLength(1);
  // The notification is read like any other.
  expect((await admin.http.post(`/api/v1/notifications/${live.id}/read`)).body).toMatchObject({ notification: { id: live.id, read: true } });
});

test("an endpoint that answers 410 Gone is disabled and its platform's admins are notified", async () => {
  const { platform, admin } = await platformWithPeople();
  const sink = await startReceiver(() => 410);
  receivers.push(sink);
  const hook = (await platform.http.post('/api/v1/webhooks', { url: sink.url, events: ['claim.resolved'] })).body as { id: string };
  await publishCase(team, (await report(platform)).caseId);
  await waitFor('the endpoint to be disabled', async () => (await WebhookEndpointModel.findById(hook.id).lean())?.enabled === false);
  await waitFor('the admin notified', async () => (await disabledNotices(admin)).length === 1);
  expect((await disabledNotices(admin))[0]!.excerpt).toContain('410');
});

test('an admin who turned these notifications off is not told', async () => {
  const { platform, admin, secondAdmin } = await platformWithPeople();
  expect((await secondAdmin.http.put('/api/v1/notifications/preferences', { muted: ['webhook_disabled'] })).status).toBe(200);
  const sink = await startReceiver(() => 410);
  receivers.push(sink);
  const hook = (await platform.http.post('/api/v1/webhooks', { url: sink.url, events: ['claim.resolved'] })).body as { id: string };
  await publishCase(team, (await report(platform)).caseId);
  await waitFor('the endpoint to be disabled', async () => (await WebhookEndpointModel.findById(hook.id).lean())?.enabled === false);
  await waitFor('the admin notified', async () => (await disabledNotices(admin)).length === 1);
  expect(await disabledNotices(secondAdmin)).toEqual([]);
});
