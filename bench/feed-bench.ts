/**
 * npm run bench:feed [-- --duration 2 --rounds 9 --connections 10]
 *
 * Requests per second of the feed's public paths on the real server (its own process, the
 * embedded engine, demo data): `/api/v1/feed`, `/feed.atom` and `/r/:slug`, each answered in
 * full (200) and to a conditional request that matches (304), against a static server on the
 * same machine serving the same bytes, headers included, from memory (staticFeedServer.ts). The
 * server is first left to finish its start's background work (routing the demo cases and such).
 * Each pair is run back to back, `rounds` times in short runs, so that other work on the machine
 * weighs on both alike; the medians of each are printed with the median of the rounds' ratios.
 * Beside the rates, what weighs less on a shared machine: each server's CPU time per request
 * (Linux's /proc), split for its main thread into user and system time with the times it was
 * preempted (involuntary context switches) per 100 requests, the engine's CPU during the
 * server's runs, and the load generator's (a load generator near a whole core is the bottleneck,
 * not the servers). The main thread's user time is where the two servers differ (docs/operations.md).
 * Aims: 304 at 80% or more of the static server's rate, 200 at 50% or more.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { processCpuMs, startBenchServer } from './benchServer';
import type { StaticResource } from './staticFeedServer';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const DURATION_S = Number(args.get('duration') ?? 2);
const ROUNDS = Number(args.get('rounds') ?? 9);
const CONNECTIONS = Number(args.get('connections') ?? 10);
const AIMS = { 200: 0.5, 304: 0.8 } as const;
/** The server has settled when it used less than this share of a core in each of a few seconds in a row… */
const SETTLED_SHARE = 0.05;
const SETTLED_SECONDS = 3;
/** …or after this long. */
const SETTLE_MAX_MS = 90_000;
/** Headers node writes itself on both servers, and the body's own (the static server sets these). */
const NOT_COPIED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-type']);

const log = (line: string) => process.stderr.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const loadAverage = () => os.loadavg().map((value) => value.toFixed(1)).join(' ');

/** CPU time used so far in ms: the server's own, and the engine's when it has one; and the server's main thread's. */
type CpuMeter = () => { server: number; engine: number; main: MainThread };

/** What a process's main thread used so far: user and system time in ms, and the times it was preempted. */
interface MainThread {
  userMs: number;
  systemMs: number;
  preempted: number;
}

/** Clock ticks of /proc (USER_HZ) in ms. */
const MS_PER_TICK = 10;

function mainThread(pid: number): MainThread {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    const preempted = /nonvoluntary_ctxt_switches:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8'));
    return { userMs: Number(fields[11]) * MS_PER_TICK, systemMs: Number(fields[12]) * MS_PER_TICK, preempted: Number(preempted?.[1] ?? 0) };
  } catch {
    return { userMs: 0, systemMs: 0, preempted: 0 };
  }
}

interface Run {
  rate: number;
  /** The server's CPU time per request, in µs. */
  serverUs: number;
  /** Its main thread's user and system time per request (µs), and how often it was preempted per 100 requests. */
  userUs: number;
  systemUs: number;
  preemptedPer100: number;
  /** Shares of a core over the run: the engine's and the load generator's. */
  engineBusy: number;
  loaderBusy: number;
}

/** A run of requests at `url`; every answer must have the expected status. */
async function measure(url: string, status: 200 | 304, etag: string, cpu: CpuMeter, seconds = DURATION_S): Promise<Run> {
  const before = cpu();
  const loaderBefore = process.cpuUsage();
  const began = performance.now();
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: status === 304 ? { 'if-none-match': etag } : {} });
  const wallMs = performance.now() - began;
  const after = cpu();
  const loader = process.cpuUsage(loaderBefore);
  const expected = status === 200 ? result['2xx'] : result['3xx'];
  if (result.errors > 0 || expected !== result.requests.total) {
    throw new Error(`${url} (${status}): ${result.requests.total} requests, ${expected} answered ${status}, ${result.errors} errors`);
  }
  const requests = result.requests.total;
  return {
    rate: result.requests.average,
    serverUs: ((after.server - before.server) * 1000) / requests,
    userUs: ((after.main.userMs - before.main.userMs) * 1000) / requests,
    systemUs: ((after.main.systemMs - before.main.systemMs) * 1000) / requests,
    preemptedPer100: ((after.main.preempted - before.main.preempted) * 100) / requests,
    engineBusy: (after.engine - before.engine) / wallMs,
    loaderBusy: (loader.user + loader.system) / 1000 / wallMs,
  };
}

/** Waits until the server's process is nearly idle: the start's background work is not what is measured. */
async function settle(cpu: CpuMeter): Promise<void> {
  const began = performance.now();
  let quiet = 0;
  while (quiet < SETTLED_SECONDS && performance.now() - began < SETTLE_MAX_MS) {
    const before = cpu().server;
    await sleep(1000);
    quiet = (cpu().server - before) / 1000 < SETTLED_SHARE ? quiet + 1 : 0;
  }
  log(`the server ${quiet >= SETTLED_SECONDS ? 'settled' : 'was still busy'} after ${((performance.now() - began) / 1000).toFixed(0)} s`);
}

/** The headers of an answer as the static server is to send them. */
function copiedHeaders(headers: Array<[string, string]>): string[] {
  return headers.flatMap(([name, value]) => (NOT_COPIED.has(name.toLowerCase()) ? [] : [name, value]));
}

/** The headers of the 304 answering `etag` (with node's http: fetch would add `Cache-Control: no-cache` to a conditional request). */
function notModifiedHeaders(url: string, etag: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'if-none-match': etag } }, (res) => {
        res.resume();
        if (res.statusCode !== 304) reject(new Error(`${url} answered its own ETag with ${res.statusCode}`));
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve(copiedHeaders(pairs));
      })
      .on('error', reject);
  });
}

async function startStaticServer(manifestFile: string): Promise<{ baseUrl: string; pid: number; stop(): void }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'staticFeedServer.js'), manifestFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the static server exited with ${code}`)));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

interface Row {
  path: string;
  status: 200 | 304;
  served: Run[];
  yardstick: Run[];
}

const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

/** Medians of a side's runs: its main thread's user + system µs per request, and preemptions per 100 requests. */
function mainThreadFigures(runs: Run[]): string {
  const of = (pick: (run: Run) => number) => median(runs.map(pick)).toFixed(1);
  return `${of((run) => run.userUs)}+${of((run) => run.systemUs)}, ${of((run) => run.preemptedPer100)}`;
}

function printTable(rows: Row[], bodyBytes: Map<string, number>, loadAtStart: string): void {
  console.log(`\nrequests/s, median of ${ROUNDS} runs of ${DURATION_S} s, ${CONNECTIONS} connections (same machine); ratio: median of the runs' ratios`);
  console.log(`load average (1, 5, 15 min) at the start ${loadAtStart}, at the end ${loadAverage()}; ${os.cpus().length} cores`);
  console.log(
    'path                 status   bytes   Refute   static   ratio   aim          CPU µs/request: Refute static ratio   main thread user+sys µs, preempted/100 requests: Refute | static',
  );
  for (const row of rows) {
    const ratio = median(row.served.map((run, round) => run.rate / row.yardstick[round]!.rate));
    const cpuRatio = median(row.served.map((run, round) => row.yardstick[round]!.serverUs / run.serverUs));
    const aim = AIMS[row.status];
    const columns = [
      row.path.slice(0, 20).padEnd(20),
      String(row.status).padStart(6),
      String(row.status === 200 ? bodyBytes.get(row.path) : 0).padStart(7),
      median(row.served.map((run) => run.rate)).toFixed(0).padStart(8),
      median(row.yardstick.map((run) => run.rate)).toFixed(0).padStart(8),
      percent(ratio).padStart(7),
      `  ≥${aim * 100}% ${(ratio >= aim ? 'met' : 'MISSED').padEnd(6)}`,
      median(row.served.map((run) => run.serverUs)).toFixed(1).padStart(22),
      median(row.yardstick.map((run) => run.serverUs)).toFixed(1).padStart(6),
      percent(cpuRatio).padStart(5),
      `   ${mainThreadFigures(row.served)} | ${mainThreadFigures(row.yardstick)}`,
    ];
    console.log(columns.join(' '));
  }
  const all = (pick: (row: Row) => Run[]) => rows.flatMap(pick);
  console.log(
    `the engine's CPU during the Refute runs: median ${percent(median(all((row) => row.served).map((run) => run.engineBusy)))} of a core (304s: ${percent(
      median(all((row) => (row.status === 304 ? row.served : [])).map((run) => run.engineBusy)),
    )}); the load generator's: median ${percent(median(all((row) => [...row.served, ...row.yardstick]).map((run) => run.loaderBusy)))} of a core`,
  );
}

async function main(): Promise<void> {
  // The engine's data folder is given to the server as it is (it makes it reachable for PostgreSQL).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-bench-feed-'));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-bench-feed-files-'));
  const loadAtStart = loadAverage();
  log('starting the server with demo data…');
  const server = await startBenchServer(dataDir);
  try {
    const serverCpu: CpuMeter = () => ({ ...server.cpuMs(), main: mainThread(server.pid) });
    await settle(serverCpu);
    const feed = (await (await fetch(`${server.baseUrl}/api/v1/feed`)).json()) as { items: Array<{ url: string }> };
    if (feed.items.length === 0) throw new Error('the demo data published nothing');
    const paths = ['/api/v1/feed', '/feed.atom', new URL(feed.items[0]!.url).pathname];

    // The bytes, validators and headers the server sends, for the static server to send too.
    const manifest: StaticResource[] = [];
    for (const [index, urlPath] of paths.entries()) {
      const response = await fetch(`${server.baseUrl}${urlPath}`, { headers: { 'accept-encoding': 'identity' } });
      const file = path.join(workDir, `resource-${index}`);
      fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
      const etag = response.headers.get('etag')!;
      const notModified = await notModifiedHeaders(`${server.baseUrl}${urlPath}`, etag);
      manifest.push({ path: urlPath, type: response.headers.get('content-type')!, etag, file, headers: { 200: copiedHeaders([...response.headers]), 304: notModified } });
    }
    const manifestFile = path.join(workDir, 'manifest.json');
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const yardstick = await startStaticServer(manifestFile);
    const yardstickCpu: CpuMeter = () => ({ server: processCpuMs(yardstick.pid), engine: 0, main: mainThread(yardstick.pid) });

    try {
      const rows: Row[] = [];
      for (const resource of manifest) for (const status of [200, 304] as const) rows.push({ path: resource.path, status, served: [], yardstick: [] });
      const etagOf = (urlPath: string) => manifest.find((resource) => resource.path === urlPath)!.etag;
      log(`${rows.length} pairs, ${ROUNDS} rounds of ${DURATION_S} s each, ${CONNECTIONS} connections`);
      for (const row of rows) {
        await measure(`${server.baseUrl}${row.path}`, row.status, etagOf(row.path), serverCpu, 1);
        await measure(`${yardstick.baseUrl}${row.path}`, row.status, etagOf(row.path), yardstickCpu, 1);
      }
      for (let round = 1; round <= ROUNDS; round += 1) {
        for (const row of rows) {
          row.served.push(await measure(`${server.baseUrl}${row.path}`, row.status, etagOf(row.path), serverCpu));
          row.yardstick.push(await measure(`${yardstick.baseUrl}${row.path}`, row.status, etagOf(row.path), yardstickCpu));
        }
        log(`round ${round} done (load average ${loadAverage()})`);
      }
      printTable(rows, new Map(manifest.map((resource) => [resource.path, fs.statSync(resource.file).size])), loadAtStart);
    } finally {
      yardstick.stop();
    }
  } finally {
    await server.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
