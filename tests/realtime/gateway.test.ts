import { io as connect, type Socket } from 'socket.io-client';
import type { CaseSummary, ClientToServerEvents, PresenceEntry, ServerToClientEvents } from '@refute/shared';
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { loggedIn, teamSuite, type Member } from '../support/workbench';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const suite = teamSuite();
const sockets: ClientSocket[] = [];
afterEach(() => sockets.splice(0).forEach((socket) => socket.disconnect()));

function open(member: Member | null, origin = suite.app.baseUrl): ClientSocket {
  const cookie = member?.http.cookieHeader;
  const socket: ClientSocket = connect(suite.app.baseUrl, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { origin, ...(cookie ? { cookie } : {}) },
  });
  sockets.push(socket);
  return socket;
}

const connected = (socket: ClientSocket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
const refusal = (socket: ClientSocket) =>
  new Promise<{ message: string; data?: { code: string } }>((resolve) => socket.once('connect_error', (error) => resolve(error as never)));
const request = <E extends 'queue.watch' | 'case.join' | 'case.leave' | 'presence.field'>(socket: ClientSocket, event: E, ...args: unknown[]) =>
  new Promise<{ ok: boolean; code?: string }>((resolve) => (socket.emit as (...a: unknown[]) => void)(event, ...args, resolve));

function nextEvent<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E, matches: (...args: Parameters<ServerToClientEvents[E]>) => boolean, ms = 3000) {
  return new Promise<Parameters<ServerToClientEvents[E]>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching ${event} within ${ms} ms`)), ms);
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!matches(...args)) return;
      clearTimeout(timer);
      (socket.off as (e: string, l: unknown) => void)(event, listener);
      resolve(args);
    };
    (socket.on as (e: string, l: unknown) => void)(event, listener);
  });
}

test('the handshake refuses a missing session and a foreign Origin', async () => {
  const anonymous = await refusal(open(null));
  expect(anonymous.data?.code).toBe('unauthenticated');
  const foreign = await refusal(open(suite.team.reviewer, 'https://evil.example'));
  expect(foreign.data?.code).toBe('bad_origin');
});

test('a new report appears for everyone watching the queue within a second', async () => {
  const watcher = open(suite.team.reviewer);
  await connected(watcher);
  expect(await request(watcher, 'queue.watch')).toEqual({ ok: true });
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
});

test('presence: who is in a case and what they edit, gone when they leave', async () => {
  const report = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport());
  const caseId: string = report.body.caseId;
  const first = open(suite.team.reviewer);
  const second = open(suite.team.lead);
  await Promise.all([connected(first), connected(second)]);
  expect(await request(first, 'case.join', { caseId })).toEqual({ ok: true });
  const both = nextEvent(first, 'presence.updated', (p) => p.caseId === caseId && p.present.length === 2);
  expect(await request(second, 'case.join', { caseId })).toEqual({ ok: true });
  expect((await both)[0].present.map((entry: PresenceEntry) => entry.userId).sort()).toEqual([suite.team.reviewer.id, suite.team.lead.id].sort());

  const editing = nextEvent(first, 'presence.updated', (p) => p.present.some((entry: PresenceEntry) => entry.field === 'headline'));
  expect(await request(second, 'presence.field', { caseId, field: 'headline' })).toEqual({ ok: true });
  expect((await editing)[0].present.find((entry: PresenceEntry) => entry.userId === suite.team.lead.id)?.field).toBe('headline');

  const gone = nextEvent(first, 'presence.updated', (p) => p.present.length === 1);
  second.disconnect();
  expect((await gone)[0].present[0]?.userId).toBe(suite.team.reviewer.id);
});

test('events are checked: bad payloads, unknown cases, and users without review rights', async () => {
  const reviewer = open(suite.team.reviewer);
  await connected(reviewer);
  expect(await request(reviewer, 'case.join', { caseId: { $ne: null } })).toMatchObject({ ok: false, code: 'validation_failed' });
  expect(await request(reviewer, 'case.join', { caseId: '0123456789abcdef01234567' })).toMatchObject({ ok: false, code: 'not_found' });
  expect(await request(reviewer, 'presence.field', { caseId: '0123456789abcdef01234567', field: 'headline' })).toMatchObject({ ok: false, code: 'not_joined' });

  const moderator = open(await loggedIn(suite.app.baseUrl, await createUser({ roles: ['moderator'] })));
  await connected(moderator);
  expect(await request(moderator, 'queue.watch')).toMatchObject({ ok: false, code: 'forbidden' });
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
