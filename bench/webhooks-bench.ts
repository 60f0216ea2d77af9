/**
 * npm run bench:webhooks [-- --deliveries 2000 --backlog 100000 --intake 20 --pairs 6 --keep DIR --parts rates,backlog,intake]
 *
 * Webhook delivery on the embedded default, to a real HTTP receiver on this machine:
 * 1. deliveries per second at 1, 10 and 100 endpoints (a burst of `--deliveries` deliveries each,
 *    written to the outbox as intake writes them), and p50/p95 from the event to the receiver;
 * 2. the time to drain a backlog of `--backlog` deliveries that piled up while the receiver was
 *    away, once it is back;
 * 3. intake's median with and without 10 endpoints subscribed to `claim.matched`, in one run, on
 *    reports that join published cases (each one then writes 10 deliveries): the real server on a
 *    data folder seeded by `bench:engine --keep DIR` (its `cases-10000`), once the server's
 *    start-up work is over, a warm-up pair not counted, then `--pairs` pairs of alternating
 *    blocks of `--intake` reports, and the CPU each report costs on either side. About one report
 *    in eight joins a published case in practice (each then writes 10 deliveries).
 * `--parts` runs only the parts named (all three by default). `--profile DIR` runs the intake
 * part's server under `--cpu-prof` into DIR and writes there `blocks.json`, each block's side and
 * its start and end on the profile's clock (microseconds), so the profile can be cut by side.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { connectDatabase } from '../server/src/db/connect';
import { ensureIndexes } from '../server/src/db/indexes';
import { enqueue, enqueueEvents, type OutboxEvent } from '../server/src/features/webhooks/outbox';
import type { WebhookEndpointRecord } from '../server/src/features/webhooks/model';
import { createEndpoint } from '../server/src/features/webhooks/repository';
import { configureWebhooks } from '../server/src/features/webhooks/settings';
import { deliveryIdFor } from '../server/src/features/webhooks/signing';
import { startWebhookWorker } from '../server/src/features/webhooks/worker';
import { ensureOrganisation } from '../server/src/features/organisations/repository';
import { createScheduler } from '../server/src/jobs/scheduler';
import { startBenchServer, type BenchServer } from './benchServer';
import { repost } from './syntheticText';
import { percentile } from './timing';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const DELIVERIES = Number(args.get('deliveries') ?? 2000);
const BACKLOG = Number(args.get('backlog') ?? 100_000);
const INTAKE_REPORTS = Number(args.get('intake') ?? 20);
const PAIRS = Number(args.get('pairs') ?? 6);
const keepRoot = args.get('keep');
const PARTS = new Set((args.get('parts') ?? 'rates,backlog,intake').split(','));
const profileDir = args.get('profile');
const log = (line: string) => process.stderr.write(`${line}\n`);

/** A receiver that answers 204 (or 503 while `away`) and notes when each delivery arrived. */
async function startReceiver() {
  const arrivals = new Map<string, number>();
  const state = { away: false };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (state.away) {
        res.writeHead(503).end();
        return;
      }
      arrivals.set(String(req.headers['webhook-id']), Date.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, arrivals, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

async function deliveryRates(receiver: Awaited<ReturnType<typeof startReceiver>>) {
  const results: Array<{ endpoints: number; perSecond: number; p50: number; p95: number }> = [];
  const scheduler = createScheduler(() => undefined);
  const worker = startWebhookWorker(scheduler);
  try {
    for (const count of [1, 10, 100]) {
      const org = await ensureOrganisation({ key: `bench-hooks-${count}`, name: { zh: '基准', en: 'Bench' }, level: 'national', kind: 'platform', region: 'CN' });
      const endpoints: WebhookEndpointRecord[] = [];
      for (let i = 0; i < count; i += 1) endpoints.push(await createEndpoint({ orgId: org._id }, { url: `${receiver.url}/${count}/${i}`, events: ['claim.resolved'], secret: `whsec_${Buffer.alloc(24, i).toString('base64')}` }));
      const events = Math.ceil(DELIVERIES / count);
      const occurred = new Map<string, number>();
      const began = performance.now();
      for (let e = 0; e < events; e += 1) {
        const occurredAt = new Date();
        const event = { eventKey: `bench:${count}:${e}`, type: 'claim.resolved' as const, orgId: org._id, payload: JSON.stringify({ type: 'claim.resolved', timestamp: occurredAt.toISOString(), data: { n: e } }), occurredAt };
        await enqueue(event, endpoints, { fresh: true });
        for (const endpoint of endpoints) occurred.set(deliveryIdFor(String(endpoint._id), event.eventKey), occurredAt.getTime());
      }
      const all = await until(() => [...occurred.keys()].every((id) => receiver.arrivals.has(id)), 20 * 60_000);
      const seconds = (performance.now() - began) / 1000;
      const latencies = [...occurred].filter(([id]) => receiver.arrivals.has(id)).map(([id, at]) => receiver.arrivals.get(id)! - at);
      results.push({ endpoints: count, perSecond: latencies.length / seconds, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) });
      log(`${count} endpoints: ${latencies.length} of ${occurred.size} delivered in ${seconds.toFixed(1)} s${all ? '' : ' (timed out)'}`);
    }
  } finally {
    await worker.stop();
  }
  return results;
}

/** Deliveries that piled up while the receiver answered 503, written as the outbox writes them. */
async function drainBacklog(receiver: Awaited<ReturnType<typeof startReceiver>>) {
  const org = await ensureOrganisation({ key: 'bench-hooks-backlog', name: { zh: '基准', en: 'Bench' }, level: 'national', kind: 'platform', region: 'CN' });
  const endpoints: WebhookEndpointRecord[] = [];
  for (let i = 0; i < 100; i += 1) endpoints.push(await createEndpoint({ orgId: org._id }, { url: `${receiver.url}/backlog/${i}`, events: ['claim.resolved'], secret: `whsec_${Buffer.alloc(24, i).toString('base64')}` }));
  // An event per 100 deliveries (one to each endpoint), ten events a write, as intake writes them.
  const now = new Date();
  const events = Math.ceil(BACKLOG / endpoints.length);
  for (let from = 0; from < events; from += 10) {
    const batch: OutboxEvent[] = Array.from({ length: Math.min(10, events - from) }, (_, i) => ({
      eventKey: `backlog:${from + i}`,
      type: 'claim.resolved',
      orgId: org._id,
      payload: JSON.stringify({ type: 'claim.resolved', timestamp: now.toISOString(), data: { n: from + i } }),
      occurredAt: now,
    }));
    await enqueueEvents(batch, endpoints, { fresh: true });
  }
  log(`backlog of ${BACKLOG} deliveries written; the receiver is back`);
  const before = receiver.arrivals.size;
  const scheduler = createScheduler(() => undefined);
  const worker = startWebhookWorker(scheduler);
  const began = performance.now();
  let lastLog = began;
  const drained = await until(() => {
    if (performance.now() - lastLog > 30_000) {
      lastLog = performance.now();
      log(`  ${receiver.arrivals.size - before} delivered after ${((lastLog - began) / 1000).toFixed(0)} s`);
    }
    return receiver.arrivals.size - before >= BACKLOG;
  }, 60 * 60_000);
  const seconds = (performance.now() - began) / 1000;
  await worker.stop();
  return { delivered: receiver.arrivals.size - before, seconds, drained };
}

interface IntakeSide {
  /** Every report's time, pooled over the side's blocks. */
  times: number[];
  /** Per report, CPU ms of the server's process, the engine's (FerretDB and PostgreSQL) and this process's (client and receiver). */
  cpu: { server: number; engine: number; bench: number };
  /** Deliveries the receiver got during the side's blocks. */
  deliveries: number;
}

/**
 * Intake on the real server with the 10 endpoints enabled and disabled, in `--pairs` pairs of
 * blocks of `--intake` reports (the order turned every other pair, so a drift of the machine's
 * load weighs on both sides alike). After each block the outbox is left to settle (nothing new at
 * the receiver for 3 s), so a block's deliveries are made, and their CPU counted, within it.
 */
async function intakeWithEndpoints(receiver: Awaited<ReturnType<typeof startReceiver>>): Promise<{ with: IntakeSide; without: IntakeSide; pairRatios: number[] } | null> {
  const dataDir = keepRoot ? path.join(keepRoot, 'cases-10000') : '';
  const seededFile = path.join(dataDir, 'bench-seeded.json');
  if (!keepRoot || !fs.existsSync(seededFile)) {
    log('intake with endpoints: skipped (give --keep DIR with a cases-10000 folder seeded by bench:engine)');
    return null;
  }
  const { texts } = JSON.parse(fs.readFileSync(seededFile, 'utf8')) as { texts: string[] };
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const server = await startBenchServer(dataDir, { REFUTE_WEBHOOK_ALLOW_PRIVATE: 'on' }, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  try {
    await untilServerQuiet(server);
    const call = (method: string, url: string, body?: unknown) =>
      fetch(`${server.baseUrl}${url}`, { method, headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const ids: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const response = await call('POST', '/api/v1/webhooks', { url: `${receiver.url}/intake/${i}`, events: ['claim.matched'] });
      if (response.status !== 201) throw new Error(`creating an endpoint answered ${response.status}: ${await response.text()}`);
      ids.push(((await response.json()) as { id: string }).id);
    }
    const setEnabled = async (enabled: boolean) => {
      for (const id of ids) await call('PATCH', `/api/v1/webhooks/${id}`, { enabled });
    };
    const runId = Date.now().toString(36);
    let counter = 0;
    // Reposts of seeded rumors, most of them published: each joins its case and is a known-rumor match.
    const report = async () => {
      const response = await call('POST', '/api/v1/claims', { externalId: `hooks-${runId}-${(counter += 1)}`, text: repost(texts[Math.floor(Math.random() * texts.length)]!) });
      if (response.status !== 201) throw new Error(`intake answered ${response.status}`);
      await response.arrayBuffer();
    };
    const settle = async () => {
      let seen = -1;
      let stableSince = performance.now();
      await until(() => {
        if (receiver.arrivals.size !== seen) {
          seen = receiver.arrivals.size;
          stableSince = performance.now();
        }
        return performance.now() - stableSince > 3000;
      }, 120_000);
    };
    /** Each block's side and its span on CLOCK_MONOTONIC, the clock of V8's profiles. */
    const spans: Array<{ side: string; from: number; to: number }> = [];
    const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);
    const sides: { with: IntakeSide; without: IntakeSide } = { with: { times: [], cpu: { server: 0, engine: 0, bench: 0 }, deliveries: 0 }, without: { times: [], cpu: { server: 0, engine: 0, bench: 0 }, deliveries: 0 } };
    const block = async (enabled: boolean, counted = true): Promise<number> => {
      await setEnabled(enabled);
      for (let i = 0; i < 2; i += 1) await report();
      await settle();
      const side = enabled ? sides.with : sides.without;
      const cpuBefore = server.cpuMs();
      const benchBefore = process.cpuUsage();
      const from = monotonicMicros();
      const arrivedBefore = receiver.arrivals.size;
      const times = (await timeEach(INTAKE_REPORTS, report, 4));
      await settle();
      spans.push({ side: !counted ? 'warm-up' : enabled ? 'with' : 'without', from, to: monotonicMicros() });
      if (!counted) return percentile(times, 0.5);
      const cpuAfter = server.cpuMs();
      const benchUsed = process.cpuUsage(benchBefore);
      side.times.push(...times);
      side.cpu.server += cpuAfter.server - cpuBefore.server;
      side.cpu.engine += cpuAfter.engine - cpuBefore.engine;
      side.cpu.bench += (benchUsed.user + benchUsed.system) / 1000;
      side.deliveries += receiver.arrivals.size - arrivedBefore;
      return percentile(times, 0.5);
    };
    // A first pair not counted: the first deliveries, connections and code paths of the run are warmed up on either side.
    await block(true, false);
    await block(false, false);
    const pairRatios: number[] = [];
    for (let pair = 0; pair < PAIRS; pair += 1) {
      const withFirst = pair % 2 === 0;
      const first = await block(withFirst);
      const second = await block(!withFirst);
      const [withMedian, withoutMedian] = withFirst ? [first, second] : [second, first];
      pairRatios.push(withMedian / withoutMedian);
      log(`  pair ${pair + 1}: with ${withMedian.toFixed(0)} ms, without ${withoutMedian.toFixed(0)} ms (load ${os.loadavg()[0]!.toFixed(1)})`);
    }
    const perReport = (side: IntakeSide) => {
      const reports = side.times.length;
      side.cpu = { server: side.cpu.server / reports, engine: side.cpu.engine / reports, bench: side.cpu.bench / reports };
      return side;
    };
    const result = { with: perReport(sides.with), without: perReport(sides.without), pairRatios };
    if (profileDir) fs.writeFileSync(path.join(profileDir, 'blocks.json'), JSON.stringify(spans));
    // Left behind, the endpoints would take every later run's events to this run's receiver, gone by then.
    for (const id of ids) await call('DELETE', `/api/v1/webhooks/${id}`);
    return result;
  } finally {
    await server.stop();
  }
}

/**
 * Waits until the server's start-up work is over (the server and its engine used under a tenth of
 * a core for 5 s, at most 10 min): a server started on a kept folder may re-tokenise reports,
 * rebuild its matching index or scan for lost webhook events, and that work must not fall into
 * the first blocks.
 */
async function untilServerQuiet(server: BenchServer): Promise<void> {
  const began = performance.now();
  const total = () => server.cpuMs().server + server.cpuMs().engine;
  let last = total();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const now = total();
    const used = now - last;
    last = now;
    if (used < 500 || performance.now() - began > 10 * 60_000) break;
  }
  log(`  the server was quiet ${((performance.now() - began) / 1000).toFixed(0)} s after it started listening`);
}

/** Each call's time, `count` calls `concurrency` at a time. */
async function timeEach(count: number, call: () => Promise<void>, concurrency: number): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        const began = performance.now();
        await call();
        times.push(performance.now() - began);
      }
    }),
  );
  return times;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-webhooks-bench-'));
  const database = await connectDatabase({ dataDir, log });
  const receiver = await startReceiver();
  try {
    await mongoose.connection.dropDatabase();
    await ensureIndexes(database.engine);
    // The standard schedule, polled every second as in production; the receiver is local.
    configureWebhooks({ allowPrivate: true });
    console.log(`Webhooks benchmark: FerretDB on PostgreSQL, one worker, a receiver on 127.0.0.1 answering 204`);
    if (PARTS.has('rates')) {
      for (const rate of await deliveryRates(receiver)) {
        console.log(`  ${String(rate.endpoints).padStart(3)} endpoints: ${rate.perSecond.toFixed(0)} deliveries/s, event to receiver p50 ${rate.p50.toFixed(0)} ms, p95 ${rate.p95.toFixed(0)} ms (a burst of ${DELIVERIES})`);
      }
    }
    if (PARTS.has('backlog')) {
      const backlog = await drainBacklog(receiver);
      console.log(`  backlog of ${BACKLOG}: ${backlog.delivered} delivered in ${backlog.seconds.toFixed(0)} s (${(backlog.delivered / backlog.seconds).toFixed(0)}/s)${backlog.drained ? '' : ', not drained within the hour'}`);
    }
    await mongoose.disconnect();
    await database.engine?.stop();
    const intake = PARTS.has('intake') ? await intakeWithEndpoints(receiver) : null;
    if (intake) {
      const signed = (ratio: number) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)} %`;
      const withMedian = percentile(intake.with.times, 0.5);
      const withoutMedian = percentile(intake.without.times, 0.5);
      const cpu = (side: IntakeSide) => `server ${side.cpu.server.toFixed(1)}, engine ${side.cpu.engine.toFixed(1)}, bench ${side.cpu.bench.toFixed(1)}`;
      console.log(`  intake (reposts of published rumors, 4 at a time, ${PAIRS} pairs of blocks of ${INTAKE_REPORTS}): without endpoints ${withoutMedian.toFixed(0)} ms median, with 10 subscribed ${withMedian.toFixed(0)} ms (${signed(withMedian / withoutMedian)}; median of the pairs' ratios ${signed(percentile(intake.pairRatios, 0.5))})`);
      console.log(`    CPU ms per report without endpoints: ${cpu(intake.without)}; with: ${cpu(intake.with)}`);
      console.log(`    deliveries per report with endpoints: ${(intake.with.deliveries / intake.with.times.length).toFixed(2)} (10 for each report that joined a published case)`);
    }
  } finally {
    await receiver.close();
    if (mongoose.connection.readyState === mongoose.ConnectionStates.connected) await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

