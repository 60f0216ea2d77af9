import type { CaseSummary, PresenceEntry } from '@refute/shared';
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { SessionModel } from '../../server/src/features/auth/sessionModel';
import { ack, connected, eventually, nextEvent, pause, refusal, socketClients } from '../support/sockets';
import { loggedIn, teamSuite } from '../support/workbench';

const suite = teamSuite();
const open = socketClients(() => suite.app.baseUrl);

test('the handshake refuses a missing session, a foreign Origin, and a cookie with no Origin', async () => {
  const anonymous = await refusal(open(null));
  expect(anonymous.data?.code).toBe('unauthenticated');
  const foreign = await refusal(open(suite.team.reviewer, 'https://evil.example'));
  expect(foreign.data?.code).toBe('bad_origin');
  // Browsers always say where a request comes from; a cookie arriving without it is not from the app.
  const unsaid = await refusal(open(suite.team.reviewer, null));
  expect(unsaid.data?.code).toBe('bad_origin');
});

test('a new report appears for everyone watching the queue within a second', async () => {
  const watcher = open(suite.team.reviewer);
  await connected(watcher);
  expect(await ack(watcher, 'queue.watch')).toEqual({ ok: true });
  let arrivedAt = 0;
  const arrival = nextEvent(watcher, 'case.updated', (summary: CaseSummary) => summary.title.includes('magnets in shoes')).then((args) => {
    arrivedAt = Date.now();
    return args;
  });
  await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text: 'Wearing magnets in shoes cures back pain overnight' }));
  const acceptedAt = Date.now();
  const [summary] = await arrival;
  // Measured from the moment the report was accepted: the event usually arrives even before.
  expect(arrivedAt - acceptedAt).toBeLessThan(1000);
  expect(summary).toMatchObject({ status: 'open', reportCount: 1 });

  const claimed = nextEvent(watcher, 'case.updated', (s: CaseSummary) => s.id === summary.id && s.status === 'in_review');
  await suite.team.lead.http.post(`/api/v1/cases/${summary.id}/claim`);
  expect((await claimed)[0].assignees).toEqual([suite.team.lead.id]);

  const assigned = nextEvent(watcher, 'case.assigned', (a) => a.caseId === summary.id);
  await suite.team.lead.http.post(`/api/v1/cases/${summary.id}/assign`, { userId: suite.team.otherLead.id });
  expect((await assigned)[0]).toEqual({ caseId: summary.id, assigneeId: suite.team.otherLead.id, assignedBy: suite.team.lead.id });
});

test('presence: who is in a case and what they edit, gone when they leave', async () => {
  const report = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport());
  const caseId: string = report.body.caseId;
  const first = open(suite.team.reviewer);
  const second = open(suite.team.lead);
  await Promise.all([connected(first), connected(second)]);
  expect(await ack(first, 'case.join', { caseId })).toEqual({ ok: true });
  const both = nextEvent(first, 'presence.updated', (p) => p.caseId === caseId && p.present.length === 2);
  expect(await ack(second, 'case.join', { caseId })).toEqual({ ok: true });
  expect((await both)[0].present.map((entry: PresenceEntry) => entry.userId).sort()).toEqual([suite.team.reviewer.id, suite.team.lead.id].sort());

  const editing = nextEvent(first, 'presence.updated', (p) => p.present.some((entry: PresenceEntry) => entry.field === 'headline'));
  expect(await ack(second, 'presence.field', { caseId, field: 'headline' })).toEqual({ ok: true });
  expect((await editing)[0].present.find((entry: PresenceEntry) => entry.userId === suite.team.lead.id)?.field).toBe('headline');

  const gone = nextEvent(first, 'presence.updated', (p) => p.present.length === 1);
  second.disconnect();
  expect((await gone)[0].present[0]?.userId).toBe(suite.team.reviewer.id);
});

test('events are checked: bad payloads, unknown cases, and users without review rights', async () => {
  const reviewer = open(suite.team.reviewer);
  await connected(reviewer);
  expect(await ack(reviewer, 'case.join', { caseId: { $ne: null } })).toMatchObject({ ok: false, code: 'validation_failed' });
  expect(await ack(reviewer, 'case.join', { caseId: '0123456789abcdef01234567' })).toMatchObject({ ok: false, code: 'not_found' });
  expect(await ack(reviewer, 'presence.field', { caseId: '0123456789abcdef01234567', field: 'headline' })).toMatchObject({ ok: false, code: 'not_joined' });

  const moderator = open(await loggedIn(suite.app.baseUrl, await createUser({ roles: ['moderator'] })));
  await connected(moderator);
  expect(await ack(moderator, 'queue.watch')).toMatchObject({ ok: false, code: 'forbidden' });
});

test('logging out disconnects the sockets of that session, and they cannot reconnect', async () => {
  const member = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['reviewer'] }));
  const socket = open(member);
  await connected(socket);
  const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
  await member.http.post('/api/v1/auth/logout');
  expect(await dropped).toBe('io server disconnect');
  const again = await refusal(open(member));
  expect(again.data?.code).toBe('unauthenticated');
});

test('presence: someone whose network drops without a goodbye is shown gone within seconds', async () => {
  const report = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport());
  const caseId: string = report.body.caseId;
  const staying = open(suite.team.reviewer);
  const dropping = open(suite.team.lead);
  await Promise.all([connected(staying), connected(dropping)]);
  expect(await ack(staying, 'case.join', { caseId })).toEqual({ ok: true });
  expect(await ack(dropping, 'case.join', { caseId })).toEqual({ ok: true });

  // The connection stays open but nothing is read any more, as when a laptop lid closes.
  const transport = dropping.io.engine.transport as unknown as { ws: { _socket: { pause(): void } } };
  transport.ws._socket.pause();
  const droppedAt = Date.now();
  const [payload] = await nextEvent(staying, 'presence.updated', (p) => p.caseId === caseId && p.present.length === 1, 20_000);
  expect(payload.present[0]?.userId).toBe(suite.team.reviewer.id);
  expect(Date.now() - droppedAt).toBeLessThan(12_000);
});

test('a session that ends without an announcement (it expired) is refused on the next event within seconds', async () => {
  const member = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['reviewer'] }));
  const socket = open(member);
  await connected(socket);
  expect(await ack(socket, 'queue.watch')).toEqual({ ok: true });
  await SessionModel.updateMany({ userId: member.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
  await pause(2_100);
  expect(await ack(socket, 'queue.watch')).toMatchObject({ ok: false, code: 'unauthenticated' });
  await eventually(() => socket.disconnected, 'the socket is disconnected');
});

test('a socket that only listens is cut off when its session expires', async () => {
  const member = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['reviewer'] }));
  await SessionModel.updateMany({ userId: member.id }, { $set: { expiresAt: new Date(Date.now() + 1500) } });
  const socket = open(member);
  await connected(socket);
  expect(await ack(socket, 'queue.watch')).toEqual({ ok: true });
  const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
  expect(await dropped).toBe('io server disconnect');
});
