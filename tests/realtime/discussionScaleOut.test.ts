import type { NotificationView } from '@refute/shared';
import { io as connect } from 'socket.io-client';
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { startRedis, type RedisServer } from '../support/redis';
import { startServerProcess, type ServerProcess } from '../support/serverProcess';
import { connected, nextEvent, refusal, type ClientSocket } from '../support/sockets';
import { startTestApp, type TestApp } from '../support/testApp';
import { createTeam, loggedIn, type Team } from '../support/workbench';

let redis: RedisServer;
let processA: TestApp;
let processB: ServerProcess;
let team: Team;
const opened: ClientSocket[] = [];

beforeAll(async () => {
  redis = await startRedis();
  processA = await startTestApp({ redisUrl: redis.url });
  processB = await startServerProcess(processA.mongodbUri, { REDIS_URL: redis.url });
  team = await createTeam(processA.baseUrl);
});
afterEach(() => opened.splice(0).forEach((socket) => socket.disconnect()));
afterAll(async () => {
  await processB?.stop();
  await processA?.close();
  await redis?.stop();
});

function socketOn(baseUrl: string, cookie: string | undefined): ClientSocket {
  const socket: ClientSocket = connect(baseUrl, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: baseUrl, ...(cookie ? { cookie } : {}) } });
  opened.push(socket);
  return socket;
}

test('with Redis, a mention made on process A notifies the expert connected to process B', async () => {
  const expert = await loggedIn(processA.baseUrl, await createUser({ roles: ['reviewer'] }));
  const onB = socketOn(processB.baseUrl, expert.http.cookieHeader);
  await connected(onB);
  const report = await team.platform.http.post('/api/v1/claims', buildClaimReport());
  const caseId: string = report.body.caseId;
  const arrival = nextEvent(onB, 'notification.created', (notification: NotificationView) => notification.caseId === caseId, 2000);
  expect((await team.lead.http.post(`/api/v1/cases/${caseId}/comments`, { body: 'Your view?', mentions: [expert.id] })).status).toBe(201);
  expect((await arrival)[0]).toMatchObject({ kind: 'mention', actor: { id: team.lead.id } });
});

test('with Redis, disabling a user on process A disconnects their socket on process B', async () => {
  const target = await loggedIn(processA.baseUrl, await createUser({ roles: ['reviewer'] }));
  const admin = await loggedIn(processA.baseUrl, await createUser({ roles: ['admin'] }));
  const onB = socketOn(processB.baseUrl, target.http.cookieHeader);
  await connected(onB);
  const dropped = new Promise<string>((resolve) => onB.once('disconnect', resolve));
  expect((await admin.http.post(`/api/v1/users/${target.id}/disable`)).status).toBe(200);
  expect(await dropped).toBe('io server disconnect');
  expect((await refusal(socketOn(processB.baseUrl, target.http.cookieHeader))).data?.code).toBe('unauthenticated');
});
