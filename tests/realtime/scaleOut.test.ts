import { io as connect, type Socket } from 'socket.io-client';
import type { CaseSummary, ClientToServerEvents, PresenceEntry, ServerToClientEvents } from '@refute/shared';
import { RebuttalProvider } from '../../client/src/coediting/provider';
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { LOGIN_FAILURES_ALLOWED } from '../../server/src/features/auth/loginLimiter';
import { SEARCHES_PER_MINUTE } from '../../server/src/features/publicSite/searchLimiter';
import { HttpClient } from '../support/http';
import { eventually } from '../support/sockets';
import { startRedis, type RedisServer } from '../support/redis';
import { startServerProcess, type ServerProcess } from '../support/serverProcess';
import { startTestApp, type TestApp } from '../support/testApp';
import { createTeam, type Team } from '../support/workbench';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let redis: RedisServer;
let processA: TestApp;
let processB: ServerProcess;
let team: Team;

beforeAll(async () => {
  redis = await startRedis();
  processA = await startTestApp({ redisUrl: redis.url });
  processB = await startServerProcess(processA.mongodbUri, { REDIS_URL: redis.url });
  team = await createTeam(processA.baseUrl);
});
afterAll(async () => {
  await processB?.stop();
  await processA?.close();
  await redis?.stop();
});

function socketOn(baseUrl: string, cookie: string | undefined): Promise<ClientSocket> {
  const socket: ClientSocket = connect(baseUrl, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: baseUrl, ...(cookie ? { cookie } : {}) } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
const ack = (socket: ClientSocket, event: 'queue.watch' | 'case.join', ...args: unknown[]) =>
  new Promise<{ ok: boolean }>((resolve) => (socket.emit as (...a: unknown[]) => void)(event, ...args, resolve));

test('with Redis, a client on process B sees what happens on process A, and presence spans both', async () => {
  // Sessions live in the database, so the cookie from process A works on process B.
  const onB = await socketOn(processB.baseUrl, team.reviewer.http.cookieHeader);
  const onA = await socketOn(processA.baseUrl, team.lead.http.cookieHeader);
  try {
    expect(await ack(onB, 'queue.watch')).toEqual({ ok: true });
    const seen = new Promise<CaseSummary>((resolve) =>
      onB.on('case.updated', (summary) => {
        if (summary.title.toLowerCase().includes('copper bracelets')) resolve(summary);
      }),
    );
    const report = await team.platform.http.post('/api/v1/claims', buildClaimReport({ text: 'Copper bracelets cure arthritis pain in a week' }));
    expect((await seen).id).toBe(report.body.caseId);

    const caseId: string = report.body.caseId;
    const both = new Promise<PresenceEntry[]>((resolve) =>
      onB.on('presence.updated', (payload) => {
        if (payload.caseId === caseId && payload.present.length === 2) resolve(payload.present);
      }),
    );
    expect(await ack(onB, 'case.join', { caseId })).toEqual({ ok: true });
    expect(await ack(onA, 'case.join', { caseId })).toEqual({ ok: true });
    expect((await both).map((entry) => entry.userId).sort()).toEqual([team.reviewer.id, team.lead.id].sort());
  } finally {
    onA.disconnect();
    onB.disconnect();
  }
});

test('with Redis, an expert on process A sees the rebuttal edits made on process B, and both converge', async () => {
  const report = await team.platform.http.post('/api/v1/claims', buildClaimReport({ text: 'Negative ions from salt lamps clean the air of viruses' }));
  const caseId: string = report.body.caseId;
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  expect((await team.lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: team.otherLead.id })).status).toBe(200);
  const onA = await socketOn(processA.baseUrl, team.reviewer.http.cookieHeader);
  const onB = await socketOn(processB.baseUrl, team.otherLead.http.cookieHeader);
  const editorA = new RebuttalProvider(onA, caseId, { id: team.reviewer.id, name: 'A', color: '#1971c2' });
  const editorB = new RebuttalProvider(onB, caseId, { id: team.otherLead.id, name: 'B', color: '#2f9e44' });
  try {
    await eventually(() => editorA.syncState === 'synced' && editorB.syncState === 'synced', 'both editors synced');
    editorB.doc.getText('body').insert(0, 'Written on B. ');
    await eventually(() => editorA.doc.getText('body').toJSON().includes('Written on B.'), 'A sees the edit made on B', 2000);
    editorA.doc.getText('body').insert(0, 'Written on A. ');
    editorB.doc.getText('body').insert(editorB.doc.getText('body').length, 'More on B.');
    const textOf = (editor: RebuttalProvider) => editor.doc.getText('body').toJSON();
    await eventually(() => textOf(editorA) === textOf(editorB) && textOf(editorA).includes('Written on A.') && textOf(editorA).includes('More on B.'), 'both converge');
  } finally {
    editorA.destroy();
    editorB.destroy();
    onA.disconnect();
    onB.disconnect();
  }
});

test('with Redis, failed logins on both processes count together: guessing cannot be spread over processes', async () => {
  const user = await createUser();
  const attempt = (baseUrl: string, password: string) => new HttpClient(baseUrl).post('/api/v1/auth/login', { email: user.email, password });
  const statuses: number[] = [];
  for (let guess = 0; guess < LOGIN_FAILURES_ALLOWED; guess += 1) statuses.push((await attempt(guess % 2 ? processA.baseUrl : processB.baseUrl, `guess-${guess}`)).status);
  expect(statuses).toEqual(Array(LOGIN_FAILURES_ALLOWED).fill(401));
  expect((await attempt(processA.baseUrl, 'one-more-guess')).status).toBe(429);
  const onB = await attempt(processB.baseUrl, user.password);
  expect(onB.status).toBe(429);
  expect(Number(onB.headers.get('retry-after'))).toBeGreaterThan(0);
});

test('public searches are counted across processes through Redis: past the limit, either process refuses', async () => {
  const search = (baseUrl: string, i: number) => fetch(`${baseUrl}/search?q=${encodeURIComponent(`跨进程查询 ${i}`)}`);
  const statuses: number[] = [];
  for (let i = 0; i < SEARCHES_PER_MINUTE; i += 1) statuses.push((await search(i % 2 ? processA.baseUrl : processB.baseUrl, i)).status);
  expect(statuses).toEqual(Array(SEARCHES_PER_MINUTE).fill(200));
  const refused = await search(processB.baseUrl, SEARCHES_PER_MINUTE);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await search(processA.baseUrl, SEARCHES_PER_MINUTE + 1)).status).toBe(429);
});
