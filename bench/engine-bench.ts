/**
 * npm run bench:engine [-- --sizes 1000,10000,50000 --with-100k --engine-indexes on|off --keep DIR --no-full-load]
 *
 * The embedded default at the size of a year of work and beyond. For each size, a fresh data
 * folder: the real server starts once (demo data, indexes), the cases are seeded with reports,
 * drafts, transitions and publications in a year's proportions (seedCases.ts, reviewWork.ts),
 * the bare engine is timed (one find by _id, one insertOne), then the real server starts again
 * and is timed over HTTP: its start, the queue (default and filtered), the case page, the feed
 * and intake, with median and p95, and the memory of the server and of the engine.
 *
 * `--keep DIR` keeps each size's seeded data folder under DIR and seeds it only once, so that a
 * change can be measured again on the same data without seeding (intake adds a few reports).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose, { Types } from 'mongoose';
import { startLocalEngine } from '../server/src/db/localEngine';
import { ensureOrganisation } from '../server/src/features/organisations/repository';
import { UserModel } from '../server/src/features/users/model';
import { startBenchServer, type BenchServer } from './benchServer';
import { reviewWork } from './reviewWork';
import { seedCases } from './seedCases';
import { caseText, random, repost } from './syntheticText';
import { timeCalls, type Timing } from './timing';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 1) {
  const name = process.argv[i]!.replace(/^--/, '');
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) args.set(name, 'on');
  else {
    args.set(name, value);
    i += 1;
  }
}
const sizes = (args.get('sizes') ?? '1000,10000,50000').split(',').map(Number);
if (args.has('with-100k')) sizes.push(100_000);
const engineIndexes = args.get('engine-indexes') ?? 'on';
const PAGE_SAMPLES = Number(args.get('samples') ?? 20);
const INTAKE_REQUESTS = Number(args.get('intake') ?? 100);
const INTAKE_CONCURRENCY = 4;
const keepRoot = args.get('keep');

const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (t: Timing) => `${t.medianMs.toFixed(0)} / ${t.p95Ms.toFixed(0)} ms`;

interface Seeded {
  caseIds: string[];
  texts: string[];
  bareFind: Timing;
  bareInsert: Timing;
}

/** Seeds `size` cases through the engine directly, then times the bare engine on them. */
async function seedAndTimeBareEngine(dataDir: string, size: number, logins: BenchServer['logins']): Promise<Seeded> {
  const engine = await startLocalEngine(dataDir, log);
  const seededFile = path.join(dataDir, 'bench-seeded.json');
  try {
    await mongoose.connect(engine.uri, { dbName: 'refute', autoIndex: false });
    if (fs.existsSync(seededFile)) {
      const kept = JSON.parse(fs.readFileSync(seededFile, 'utf8')) as Pick<Seeded, 'caseIds' | 'texts'>;
      log(`using the ${kept.caseIds.length} cases seeded before in ${dataDir}`);
      return { ...kept, ...(await timeBareEngine(kept.caseIds)) };
    }
    const lead = await UserModel.findOne({ email: logins.get('lead+reviewer')!.email }).lean();
    const reviewer = await UserModel.findOne({ email: logins.get('reviewer')!.email }).lean();
    const org = await ensureOrganisation({ key: 'bench', name: { zh: '基准', en: 'Bench' }, level: 'national', kind: 'platform', region: 'CN' });
    const texts = Array.from({ length: size }, caseText);
    const caseIds: string[] = [];
    const work = reviewWork({ reviewerId: reviewer!._id, leadId: lead!._id }, random);
    const began = performance.now();
    await seedCases(org._id, texts, log, async (batch) => {
      await work(batch);
      caseIds.push(...batch.cases.map((record) => String(record._id)));
    });
    log(`seeded ${caseIds.length} cases in ${((performance.now() - began) / 1000).toFixed(0)} s`);
    if (keepRoot) fs.writeFileSync(seededFile, JSON.stringify({ caseIds, texts }));
    return { caseIds, texts, ...(await timeBareEngine(caseIds)) };
  } finally {
    await mongoose.disconnect();
    await engine.stop();
  }
}

/** One find by _id and one insertOne at a time, on the connected engine. */
async function timeBareEngine(caseIds: string[]): Promise<Pick<Seeded, 'bareFind' | 'bareInsert'>> {
  const cases = mongoose.connection.collection('cases');
  const bareFind = await timeCalls(100, async () => {
    await cases.findOne({ _id: new Types.ObjectId(caseIds[Math.floor(random() * caseIds.length)]) });
  });
  const scratch = mongoose.connection.collection('bench_scratch');
  const bareInsert = await timeCalls(300, async () => {
    await scratch.insertOne({ text: caseText(), at: new Date() });
  });
  await scratch.drop();
  return { bareFind, bareInsert };
}

async function login(server: BenchServer): Promise<string> {
  const { email, password } = server.logins.get('lead+reviewer')!;
  const response = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login answered ${response.status}`);
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

async function benchSize(size: number) {
  const dataDir = keepRoot ? path.join(keepRoot, `cases-${size}`) : fs.mkdtempSync(path.join(os.tmpdir(), 'refute-engine-bench-'));
  const env = { REFUTE_ENGINE_INDEXES: engineIndexes };
  try {
    const first = await startBenchServer(dataDir, env);
    await first.stop();
    const seeded = await seedAndTimeBareEngine(dataDir, size, first.logins);

    // A start without a snapshot reads every report; it writes the snapshot the next start reads.
    // With --keep and --no-full-load a kept folder's snapshot stays (its full load was timed before).
    if (!args.has('no-full-load')) fs.rmSync(path.join(dataDir, 'match-index.snapshot'), { force: true });
    const loading = await startBenchServer(dataDir, env);
    const fullLoadSeconds = loading.startSeconds;
    const loadingSteps = loading.startSteps;
    await loading.stop();
    log(`server started in ${fullLoadSeconds.toFixed(1)} s without a snapshot`);
    const server = await startBenchServer(dataDir, env);
    log(`server started in ${server.startSeconds.toFixed(1)} s from its snapshot (${server.startSteps}); without: ${loadingSteps}`);
    try {
      const memoryAtStart = server.memory();
      const cookie = await login(server);
      const get = async (url: string) => {
        const response = await fetch(`${server.baseUrl}${url}`, { headers: { cookie } });
        if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
      };
      const page = (url: string) => timeCalls(PAGE_SAMPLES, () => get(url));
      const pages: Record<string, Timing> = {
        'queue (default)': await page('/api/v1/cases'),
        'queue lane=normal': await page('/api/v1/cases?lane=normal'),
        'queue status=in_review': await page('/api/v1/cases?status=in_review'),
        'queue topic=health': await page('/api/v1/cases?topic=health'),
        'case page': await timeCalls(PAGE_SAMPLES, () => get(`/api/v1/cases/${seeded.caseIds[Math.floor(random() * seeded.caseIds.length)]}`)),
        feed: await page('/api/v1/feed'),
        'feed topic=health': await page('/api/v1/feed?topic=health'),
      };
      let counter = 0;
      const runId = Date.now().toString(36);
      const intake = await timeCalls(
        INTAKE_REQUESTS,
        async (i) => {
          const text = i % 2 ? caseText() : repost(seeded.texts[Math.floor(random() * seeded.texts.length)]!);
          const response = await fetch(`${server.baseUrl}/api/v1/claims`, {
            method: 'POST',
            headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ externalId: `bench-${runId}-${(counter += 1)}`, text }),
          });
          if (response.status !== 201) throw new Error(`intake answered ${response.status}: ${await response.text()}`);
          await response.arrayBuffer();
        },
        { concurrency: INTAKE_CONCURRENCY },
      );
      return { size, startSeconds: server.startSeconds, startSteps: server.startSteps, fullLoadSeconds, memoryAtStart, memoryAfter: server.memory(), pages, intake, bareFind: seeded.bareFind, bareInsert: seeded.bareInsert };
    } finally {
      await server.stop();
    }
  } finally {
    if (!keepRoot) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`Engine benchmark: FerretDB on PostgreSQL through the real server; GIN equality indexes ${engineIndexes}; median / p95 of ${PAGE_SAMPLES} requests per page, intake ${INTAKE_REQUESTS} reports at concurrency ${INTAKE_CONCURRENCY}`);
  const results: Array<Awaited<ReturnType<typeof benchSize>>> = [];
  for (const size of sizes) {
    log(`--- ${size} cases`);
    const result = await benchSize(size);
    results.push(result);
    console.log(`\n${size} cases: server start ${result.startSeconds.toFixed(1)} s (${result.startSteps}; without a snapshot ${result.fullLoadSeconds.toFixed(1)} s); memory after start / after the run (MiB): server ${result.memoryAtStart.serverMiB} / ${result.memoryAfter.serverMiB}, FerretDB ${result.memoryAtStart.ferretdbMiB} / ${result.memoryAfter.ferretdbMiB}, PostgreSQL ${result.memoryAtStart.postgresMiB} / ${result.memoryAfter.postgresMiB}`);
    for (const [name, timing] of Object.entries(result.pages)) console.log(`  ${name.padEnd(24)} ${fmt(timing)}`);
    console.log(`  ${'intake'.padEnd(24)} ${fmt(result.intake)}, ${result.intake.rate.toFixed(1)} reports/s`);
    console.log(`  ${'bare find by _id'.padEnd(24)} ${fmt(result.bareFind)}`);
    console.log(`  ${'bare insertOne'.padEnd(24)} ${fmt(result.bareInsert)}, ${result.bareInsert.rate.toFixed(0)} inserts/s`);
  }
  const columns = results.map((result) => `${result.size}`);
  console.log(`\n| median / p95 | ${columns.join(' | ')} |\n| --- |${columns.map(() => ' --- |').join('')}`);
  const row = (name: string, cell: (result: (typeof results)[number]) => string) => console.log(`| ${name} | ${results.map(cell).join(' | ')} |`);
  for (const name of Object.keys(results[0]!.pages)) row(name, (result) => fmt(result.pages[name]!));
  row('intake', (result) => `${fmt(result.intake)} (${result.intake.rate.toFixed(1)}/s)`);
  row('bare find by _id', (result) => fmt(result.bareFind));
  row('bare insertOne', (result) => `${fmt(result.bareInsert)} (${result.bareInsert.rate.toFixed(0)}/s)`);
  row('server start (from its snapshot)', (result) => `${result.startSeconds.toFixed(1)} s`);
  row('server start (without a snapshot)', (result) => `${result.fullLoadSeconds.toFixed(1)} s`);
  row('RSS server / FerretDB / PostgreSQL', (result) => `${result.memoryAfter.serverMiB} / ${result.memoryAfter.ferretdbMiB} / ${result.memoryAfter.postgresMiB} MiB`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
