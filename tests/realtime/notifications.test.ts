import type { CommentView, NotificationView } from '@refute/shared';
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { HttpClient } from '../support/http';
import { ack, connected, nextEvent, pause, recorder, refusal, socketClients, type ClientSocket } from '../support/sockets';
import { loggedIn, teamSuite, type Member } from '../support/workbench';

const suite = teamSuite();
const open = socketClients(() => suite.app.baseUrl);

async function openCase(): Promise<string> {
  const report = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport());
  return report.body.caseId as string;
}

const member = async (role: 'reviewer' | 'admin') => loggedIn(suite.app.baseUrl, await createUser({ roles: [role] }));

async function notificationsOf(someone: Member): Promise<{ items: NotificationView[]; unreadCount: number }> {
  const response = await someone.http.get('/api/v1/notifications');
  expect(response.status).toBe(200);
  return response.body;
}

test('a mentioned expert gets a live notification within a second and finds it in the list', async () => {
  const caseId = await openCase();
  const expert = await member('reviewer');
  const other = await member('reviewer');
  const [expertSocket, otherSocket] = [open(expert), open(other)];
  await Promise.all([connected(expertSocket), connected(otherSocket)]);
  const othersSaw = recorder(otherSocket, 'notification.created');

  let arrivedAt = 0;
  const arrival = nextEvent(expertSocket, 'notification.created', (n) => n.caseId === caseId, 1000).then((args) => {
    arrivedAt = Date.now();
    return args;
  });
  const sentAt = Date.now();
  const posted = await suite.team.lead.http.post(`/api/v1/cases/${caseId}/comments`, { body: 'What do you make of this study?', mentions: [expert.id] });
  expect(posted.status).toBe(201);
  const [notification] = await arrival;
  expect(arrivedAt - sentAt).toBeLessThan(1000);
  expect(notification).toMatchObject({ kind: 'mention', caseId, actor: { id: suite.team.lead.id }, excerpt: 'What do you make of this study?', read: false });

  const listed = await notificationsOf(expert);
  expect(listed.unreadCount).toBe(1);
  expect(listed.items.map((item) => item.id)).toEqual([notification.id]);
  // Nobody else was told, and nobody else sees it.
  await pause(200);
  expect(othersSaw).toEqual([]);
  expect(await notificationsOf(other)).toEqual({ items: [], unreadCount: 0 });
  expect((await other.http.post(`/api/v1/notifications/${notification.id}/read`)).status).toBe(404);

  const read = await expert.http.post(`/api/v1/notifications/${notification.id}/read`);
  expect(read.status).toBe(200);
  expect(read.body.notification.read).toBe(true);
  expect((await notificationsOf(expert)).unreadCount).toBe(0);
});

test('notifications are listed newest first, each user only their own', async () => {
  const caseId = await openCase();
  const expert = await member('reviewer');
  for (const body of ['first', 'second']) {
    expect((await suite.team.lead.http.post(`/api/v1/cases/${caseId}/comments`, { body, mentions: [expert.id] })).status).toBe(201);
  }
  const listed = await notificationsOf(expert);
  expect(listed.items.map((item) => item.excerpt)).toEqual(['second', 'first']);
  expect(listed.unreadCount).toBe(2);
  expect((await expert.http.post('/api/v1/notifications/nope/read')).status).toBe(400);
});

test('an assigned expert gets a live notification', async () => {
  const caseId = await openCase();
  const expert = await member('reviewer');
  const socket = open(expert);
  await connected(socket);
  const arrival = nextEvent(socket, 'notification.created', (n) => n.caseId === caseId && n.kind === 'assigned', 1000);
  expect((await suite.team.lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: expert.id })).status).toBe(200);
  const [notification] = await arrival;
  expect(notification.actor.id).toBe(suite.team.lead.id);
  expect((await notificationsOf(expert)).items.map((item) => item.kind)).toEqual(['assigned']);

  // A lead who assigns themselves is not notified of it.
  const { lead } = suite.team;
  const before = (await notificationsOf(lead)).items.length;
  expect((await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: lead.id })).status).toBe(200);
  await pause(200);
  expect((await notificationsOf(lead)).items).toHaveLength(before);
});

test('notifications need a session', async () => {
  const anonymous = new HttpClient(suite.app.baseUrl);
  expect((await anonymous.get('/api/v1/notifications')).status).toBe(401);
  expect((await anonymous.post('/api/v1/notifications/0123456789abcdef01234567/read')).status).toBe(401);
});

test('new comments reach everyone in the case room; users without review rights cannot join it', async () => {
  const caseId = await openCase();
  const watcher = open(suite.team.otherLead);
  await connected(watcher);
  expect(await ack(watcher, 'case.join', { caseId })).toEqual({ ok: true });
  const arrival = nextEvent(watcher, 'comment.created', (comment: CommentView) => comment.caseId === caseId, 1000);
  const posted = await suite.team.reviewer.http.post(`/api/v1/cases/${caseId}/comments`, { body: 'Evidence added' });
  expect((await arrival)[0]).toEqual(posted.body.comment);

  const moderator = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['moderator'] }));
  const outsider = open(moderator);
  await connected(outsider);
  expect(await ack(outsider, 'case.join', { caseId })).toMatchObject({ ok: false, code: 'forbidden' });
  expect((await moderator.http.post(`/api/v1/cases/${caseId}/comments`, { body: 'hi' })).status).toBe(403);
});

test('only an admin may disable an account, never their own, and it is audited', async () => {
  const target = await member('reviewer');
  const admin = await member('admin');
  expect((await suite.team.lead.http.post(`/api/v1/users/${target.id}/disable`)).status).toBe(403);
  expect((await target.http.get('/api/v1/notifications')).status).toBe(200);
  const self = await admin.http.post(`/api/v1/users/${admin.id}/disable`);
  expect(self.status).toBe(422);
  expect(self.body.error.code).toBe('own_account');
  expect((await admin.http.post('/api/v1/users/0123456789abcdef01234567/disable')).status).toBe(404);

  const disabled = await admin.http.post(`/api/v1/users/${target.id}/disable`);
  expect(disabled.status).toBe(200);
  expect(disabled.body.user).toMatchObject({ id: target.id, disabled: true });
  expect((await target.http.get('/api/v1/notifications')).status).toBe(401);
  await expect(target.http.login(target.email, target.password)).rejects.toThrow(/401|403/);

  expect((await admin.http.post(`/api/v1/users/${target.id}/enable`)).body.user.disabled).toBe(false);
  // The old session stays revoked; a new login works again.
  expect((await target.http.get('/api/v1/notifications')).status).toBe(401);
  await target.http.login(target.email, target.password);
  expect((await target.http.get('/api/v1/notifications')).status).toBe(200);

  const events = await AuditEventModel.find({ 'subject.id': target.id, action: /^user\./ }).sort({ at: 1 }).lean();
  expect(events.map((event) => [event.action, String(event.actor?.id)])).toEqual([
    ['user.disabled', admin.id],
    ['user.enabled', admin.id],
  ]);
});

test("a disabled user's sockets are disconnected at once and cannot reconnect", async () => {
  const target = await member('reviewer');
  const admin = await member('admin');
  const sockets = [open(target), open(target)];
  await Promise.all(sockets.map(connected));
  const dropped = sockets.map((socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve)));
  const sentAt = Date.now();
  expect((await admin.http.post(`/api/v1/users/${target.id}/disable`)).status).toBe(200);
  expect(await Promise.all(dropped)).toEqual(['io server disconnect', 'io server disconnect']);
  expect(Date.now() - sentAt).toBeLessThan(1000);
  expect((await refusal(open(target))).data?.code).toBe('unauthenticated');
});

/** Drops the transport as a network failure would, after the socket joined a case. */
async function dropTransport(socket: ClientSocket, caseId: string): Promise<void> {
  expect(await ack(socket, 'case.join', { caseId })).toEqual({ ok: true });
  const gone = new Promise((resolve) => socket.once('disconnect', resolve));
  socket.io.engine.close();
  await gone;
}

test('a dropped connection comes back only through the handshake: an active user reconnects, a disabled one is refused', async () => {
  // Control: the same steps bring an active user back (a fresh session: the client resyncs).
  const caseId = await openCase();
  const active = await member('reviewer');
  const activeSocket = open(active);
  await connected(activeSocket);
  await dropTransport(activeSocket, caseId);
  activeSocket.connect();
  await connected(activeSocket);
  expect(await ack(activeSocket, 'case.join', { caseId })).toEqual({ ok: true });

  const target = await member('reviewer');
  const admin = await member('admin');
  const socket = open(target);
  await connected(socket);
  await dropTransport(socket, caseId);
  expect((await admin.http.post(`/api/v1/users/${target.id}/disable`)).status).toBe(200);
  const outcome = Promise.race([refusal(socket).then((error) => error.data?.code), new Promise((resolve) => socket.once('connect', () => resolve('reconnected')))]);
  socket.connect();
  expect(await outcome).toBe('unauthenticated');
  expect(socket.connected).toBe(false);
});
