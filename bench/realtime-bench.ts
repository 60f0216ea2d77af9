/**
 * npm run bench:realtime [-- --clients 1000 --updates 30 --workers N]
 *
 * Delivery latency of one case update to N connected socket.io clients, on one server process
 * and across two processes sharing a real Redis. Servers are separate processes
 * (server/dist/main.js on the local engine); the N clients live in worker processes of their own,
 * so their event loops do not sit in the server's or the sender's. Two kinds of update:
 *
 * - rebuttal edit: an editor's socket sends a Yjs update; the server checks it, stores it and
 *   relays it to the case room. Latency runs from the send to each client's receipt.
 * - case change over HTTP: a topic correction (a case transition written to the engine, the case
 *   copy reconciled, then `case.updated` to the room). Latency runs from the request.
 *
 * Also prints the server's memory per connection: retained heap after a full collection, and RSS.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@refute/shared';
import { connectDatabase } from '../server/src/db/connect';
import { Y } from '../server/src/features/coediting/yjs';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type UpdateKind = 'rebuttal' | 'case';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const CLIENTS = Number(args.get('clients') ?? 1000);
const UPDATES = Number(args.get('updates') ?? 30);
// Client processes: by default one core fewer than the machine has, leaving one to the server.
const WORKERS = Number(args.get('workers') ?? Math.max(1, os.cpus().length - 1));
const ADMIN = { email: 'bench@refute.example', password: 'bench-password-123' };
const API_KEY = 'rf_benchkey_realtimeBenchmarkKeyNotForProduction';

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
const now = () => performance.timeOrigin + performance.now();

// ---------- worker: holds a share of the clients and reports when each receives an update ----------

interface WorkerStart {
  type: 'start';
  baseUrl: string;
  cookie: string;
  caseId: string;
  count: number;
}
interface WorkerArm {
  type: 'arm';
  kind: UpdateKind;
  topic: string;
}
type ToWorker = WorkerStart | WorkerArm | { type: 'stop' };
type FromWorker = { type: 'ready' } | { type: 'armed' } | { type: 'received'; times: number[] };

function runWorker(): void {
  const sockets: ClientSocket[] = [];
  let armed: WorkerArm | null = null;
  let times: number[] = [];
  const send = (message: FromWorker) => process.send!(message);
  const receipt = () => {
    times.push(now());
    if (times.length === sockets.length) {
      armed = null;
      send({ type: 'received', times });
    }
  };
  const handle = async (message: ToWorker) => {
    if (message.type === 'start') {
      for (let i = 0; i < message.count; i += 1) {
        const socket: ClientSocket = connect(message.baseUrl, {
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          extraHeaders: { origin: message.baseUrl, cookie: message.cookie },
        });
        sockets.push(socket);
        socket.on('case.updated', (summary) => armed?.kind === 'case' && summary.topic === armed.topic && receipt());
        socket.on('rebuttal.update', () => armed?.kind === 'rebuttal' && receipt());
      }
      await Promise.all(sockets.map((socket) => new Promise((resolve, reject) => (socket.once('connect', () => resolve(null)), socket.once('connect_error', reject)))));
      await Promise.all(sockets.map((socket) => new Promise((resolve) => socket.emit('case.join', { caseId: message.caseId }, resolve))));
      send({ type: 'ready' });
    } else if (message.type === 'arm') {
      armed = message;
      times = [];
      send({ type: 'armed' });
    } else {
      sockets.forEach((socket) => socket.disconnect());
      process.exit(0);
    }
  };
  process.on('message', (message: ToWorker) => {
    handle(message).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
}

// ---------- coordinator ----------

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function spawnReady(command: string, argv: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
  });
  return child;
}

/** The real server in a process of its own, which answers 'memory' over IPC (serverWithMemoryProbe). */
async function startServer(mongodbUri: string, redisUrl?: string) {
  const port = await freePort();
  const env = {
    ...process.env,
    MONGODB_URI: mongodbUri,
    PORT: String(port),
    REFUTE_DEMO: 'off',
    REFUTE_LOG_LEVEL: 'error',
    REFUTE_BOOTSTRAP_ADMIN: `${ADMIN.email}:${ADMIN.password}`,
    REFUTE_BOOTSTRAP_API_KEY: API_KEY,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
  const child = fork(path.join(__dirname, 'serverWithMemoryProbe.js'), [], { env, execArgv: ['--expose-gc'], silent: true });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Refute listening on/.test(output)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

/** The server's memory after a full garbage collection, in MiB. */
function serverMemory(server: ChildProcess): Promise<{ rss: number; heap: number }> {
  return new Promise((resolve) => {
    const onMessage = (message: { memory?: NodeJS.MemoryUsage }) => {
      if (!message.memory) return;
      server.off('message', onMessage);
      resolve({ rss: message.memory.rss / 2 ** 20, heap: message.memory.heapUsed / 2 ** 20 });
    };
    server.on('message', onMessage);
    server.send('memory');
  });
}

async function login(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const figures = (values: number[]) =>
  `median ${percentile(values, 0.5).toFixed(1)} ms, p95 ${percentile(values, 0.95).toFixed(1)} ms, p99 ${percentile(values, 0.99).toFixed(1)} ms`;

class WorkerHandle {
  private readonly waiting: Array<{ type: FromWorker['type']; resolve: (message: FromWorker) => void }> = [];

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: FromWorker) => {
      const index = this.waiting.findIndex((entry) => entry.type === message.type);
      if (index >= 0) this.waiting.splice(index, 1)[0]!.resolve(message);
    });
  }

  request<T extends FromWorker['type']>(message: ToWorker, reply: T): Promise<Extract<FromWorker, { type: T }>> {
    const answer = new Promise<FromWorker>((resolve) => this.waiting.push({ type: reply, resolve }));
    this.child.send(message);
    return answer as Promise<Extract<FromWorker, { type: T }>>;
  }

  expect<T extends FromWorker['type']>(reply: T): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise<FromWorker>((resolve) => this.waiting.push({ type: reply, resolve })) as Promise<Extract<FromWorker, { type: T }>>;
  }
}

async function measure(label: string, updateVia: string, clientsOn: string, server: ChildProcess): Promise<void> {
  const cookie = await login(updateVia);
  const report = await fetch(`${updateVia}/api/v1/claims`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ externalId: `rt-${Date.now()}`, text: `Realtime benchmark rumor ${Date.now()}` }),
  });
  const { caseId } = (await report.json()) as { caseId: string };
  // The sender edits the rebuttal, so it must be the case's assignee.
  await fetch(`${updateVia}/api/v1/cases/${caseId}/claim`, { method: 'POST', headers: { cookie, origin: updateVia } });
  const clientCookie = await login(clientsOn);

  const before = await serverMemory(server);
  const workers = Array.from({ length: WORKERS }, () => new WorkerHandle(fork(__filename, ['--worker'], { stdio: 'inherit' })));
  const share = (index: number) => Math.floor(CLIENTS / WORKERS) + (index < CLIENTS % WORKERS ? 1 : 0);
  await Promise.all(workers.map((worker, index) => worker.request({ type: 'start', baseUrl: clientsOn, cookie: clientCookie, caseId, count: share(index) }, 'ready')));
  const after = await serverMemory(server);

  const sender: ClientSocket = connect(updateVia, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: updateVia, cookie } });
  await new Promise((resolve, reject) => (sender.once('connect', () => resolve(null)), sender.once('connect_error', reject)));
  await new Promise((resolve) => sender.emit('case.join', { caseId }, resolve));
  const doc = new Y.Doc();
  const text = doc.getText('body');

  const latencies: Record<UpdateKind, number[]> = { rebuttal: [], case: [] };
  const topics = ['health', 'food_safety'] as const;
  for (let update = 0; update < UPDATES; update += 1) {
    for (const kind of ['rebuttal', 'case'] as const) {
      const topic = topics[update % 2]!;
      await Promise.all(workers.map((worker) => worker.request({ type: 'arm', kind, topic }, 'armed')));
      const received = Promise.all(workers.map((worker) => worker.expect('received')));
      const start = now();
      if (kind === 'rebuttal') {
        const before = Y.encodeStateVector(doc);
        text.insert(text.length, `word${update} `);
        sender.emit('rebuttal.update', { caseId, update: Y.encodeStateAsUpdate(doc, before) }, () => undefined);
      } else {
        await fetch(`${updateVia}/api/v1/cases/${caseId}/topic`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json', origin: updateVia }, body: JSON.stringify({ topic }) });
      }
      for (const { times } of await received) latencies[kind].push(...times.map((time) => time - start));
    }
  }
  sender.disconnect();
  await Promise.all(workers.map((worker) => new Promise((resolve) => (worker.child.once('exit', resolve), worker.child.send({ type: 'stop' })))));
  console.log(`${label}: ${CLIENTS} clients in ${WORKERS} worker processes × ${UPDATES} updates of each kind`);
  console.log(`  rebuttal edit (socket → stored → relayed): ${figures(latencies.rebuttal)}`);
  console.log(`  case change over HTTP (→ case.updated):    ${figures(latencies.case)}`);
  const perConnection = (mib: number) => `${((mib * 1024) / CLIENTS).toFixed(1)} KiB`;
  console.log(
    `  server memory for ${CLIENTS} connections, after a full collection: heap +${(after.heap - before.heap).toFixed(0)} MiB (${perConnection(after.heap - before.heap)} each), ` +
      `RSS +${(after.rss - before.rss).toFixed(0)} MiB (${perConnection(after.rss - before.rss)} each, with the allocator's unreturned pages)`,
  );
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-rtbench-'));
  const database = await connectDatabase({ dataDir, log: (line) => console.error(line) });
  const mongodbUri = `${database.uri.replace(/\/$/, '')}/rtbench`;
  const redisPort = await freePort();
  const redis = await spawnReady('/usr/bin/redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {}, /Ready to accept connections/);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const single = await startServer(mongodbUri);
  // The bootstrap admin also needs the lead role to watch cases, claim them and correct topics.
  await mongoose.connection.useDb('rtbench').collection('users').updateOne({ email: ADMIN.email }, { $set: { roles: ['admin', 'lead', 'reviewer'] } });
  try {
    await measure('one process', single.baseUrl, single.baseUrl, single.child);
    single.child.kill('SIGTERM');
    const a = await startServer(mongodbUri, redisUrl);
    const b = await startServer(mongodbUri, redisUrl);
    try {
      await measure('two processes + Redis (update on A, clients on B)', a.baseUrl, b.baseUrl, b.child);
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
    }
  } finally {
    redis.kill('SIGTERM');
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--worker')) runWorker();
else void main().then(() => process.exit(0));
