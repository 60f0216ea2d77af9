/**
 * npm run bench:realtime [-- --clients 1000 --updates 20]
 *
 * Delivery latency of one case update to N connected socket.io clients: on one server process,
 * and across two processes sharing a real Redis. The servers are separate processes
 * (server/dist/main.js on the local engine); latency runs from the HTTP request that changes
 * the case to each client's receipt. Also prints the server's resident memory per connection.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@refute/shared';
import { connectDatabase } from '../server/src/db/connect';
import { REPO_ROOT } from '../server/src/paths';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const CLIENTS = Number(args.get('clients') ?? 1000);
const UPDATES = Number(args.get('updates') ?? 20);
const ADMIN = { email: 'bench@refute.example', password: 'bench-password-123' };
const API_KEY = 'rf_benchkey_realtimeBenchmarkKeyNotForProduction';

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

async function startServer(mongodbUri: string, redisUrl?: string) {
  const port = await freePort();
  const child = await spawnReady(
    process.execPath,
    [path.join(REPO_ROOT, 'server/dist/main.js')],
    {
      MONGODB_URI: mongodbUri,
      PORT: String(port),
      REFUTE_DEMO: 'off',
      REFUTE_LOG_LEVEL: 'error',
      REFUTE_BOOTSTRAP_ADMIN: `${ADMIN.email}:${ADMIN.password}`,
      REFUTE_BOOTSTRAP_API_KEY: API_KEY,
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    },
    /Refute listening on/,
  );
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function login(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

async function measure(label: string, updateVia: string, clientsOn: string, serverPid: number): Promise<void> {
  const cookie = await login(updateVia);
  const report = await fetch(`${updateVia}/api/v1/claims`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ externalId: `rt-${Date.now()}`, text: `Realtime benchmark rumor ${Date.now()}` }),
  });
  const { caseId } = (await report.json()) as { caseId: string };
  const clientCookie = await login(clientsOn);
  const rssBefore = rssMb(serverPid);
  const sockets: ClientSocket[] = [];
  for (let i = 0; i < CLIENTS; i += 1) {
    const socket: ClientSocket = connect(clientsOn, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { origin: clientsOn, cookie: clientCookie } });
    sockets.push(socket);
  }
  await Promise.all(sockets.map((socket) => new Promise((resolve, reject) => { socket.once('connect', () => resolve(null)); socket.once('connect_error', reject); })));
  await Promise.all(sockets.map((socket) => new Promise((resolve) => socket.emit('case.join', { caseId }, resolve))));
  const rssAfter = rssMb(serverPid);

  const latencies: number[] = [];
  const topics = ['health', 'food_safety'] as const;
  for (let update = 0; update < UPDATES; update += 1) {
    const topic = topics[update % 2]!;
    let received = 0;
    const start = performance.now();
    const done = new Promise<void>((resolve) => {
      for (const socket of sockets) {
        const listener = (summary: { id: string; topic: string }) => {
          if (summary.id !== caseId || summary.topic !== topic) return;
          socket.off('case.updated', listener);
          latencies.push(performance.now() - start);
          received += 1;
          if (received === sockets.length) resolve();
        };
        socket.on('case.updated', listener);
      }
    });
    await fetch(`${updateVia}/api/v1/cases/${caseId}/topic`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json', origin: updateVia }, body: JSON.stringify({ topic }) });
    await done;
  }
  sockets.forEach((socket) => socket.disconnect());
  console.log(
    `${label}: ${CLIENTS} clients × ${UPDATES} updates | delivery median ${percentile(latencies, 0.5).toFixed(1)} ms, ` +
      `p95 ${percentile(latencies, 0.95).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms | ` +
      `server RSS +${(rssAfter - rssBefore).toFixed(0)} MiB for ${CLIENTS} connections (${(((rssAfter - rssBefore) * 1024) / CLIENTS).toFixed(1)} KiB each)`,
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
  // The bootstrap admin also needs the lead role to watch cases and correct topics.
  await mongoose.connection.useDb('rtbench').collection('users').updateOne({ email: ADMIN.email }, { $set: { roles: ['admin', 'lead', 'reviewer'] } });
  try {
    await measure('one process', single.baseUrl, single.baseUrl, single.child.pid!);
    single.child.kill('SIGTERM');
    const a = await startServer(mongodbUri, redisUrl);
    const b = await startServer(mongodbUri, redisUrl);
    try {
      await measure('two processes + Redis (update on A, clients on B)', a.baseUrl, b.baseUrl, b.child.pid!);
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

void main().then(() => process.exit(0));
