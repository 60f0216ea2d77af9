/**
 * npm run bench:intake-commands -- DATA_DIR [REPORTS] [CONCURRENCY]
 *
 * Where intake's time goes: the real server (server/src/main) runs in this process on a data
 * folder kept by `bench:engine --keep` (REFUTE_DATA_DIR, its embedded engine), REPORTS reports
 * (default 100; half new rumors, half reposts of seeded ones) are posted at CONCURRENCY (default
 * 4), and every database command the process sends meanwhile (intake's own and the background
 * work it causes) is counted per command and collection: calls and time per report. Set
 * `REFUTE_BENCH_WAIT_S` to let start-up migrations of an old folder finish first (default 5), and
 * `REFUTE_BENCH_ENDPOINTS=N` to subscribe N webhook endpoints (a receiver in this process that
 * answers 204) to the bench platform's `claim.matched`, so the outbox's share shows too.
 *
 * `REFUTE_BENCH_IMPORT_ROWS=N` measures a bulk import instead: a CSV of N reports (the same mix)
 * is uploaded by the demo moderator through `POST /api/v1/platform/imports`, the job is followed
 * to its end (rows per second, total time), then the same file is uploaded again and must create
 * nothing; the commands are counted per row over both.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'csv-stringify/sync';
import { issueApiKey } from '../server/src/features/apiKeys/keys';
import { createSession, SESSION_COOKIE } from '../server/src/features/auth/sessions';
import { ImportChunkModel, ImportJobModel } from '../server/src/features/imports/model';
import { UserModel } from '../server/src/features/users/model';
import { ensureOrganisation } from '../server/src/features/organisations/repository';
import { WebhookEndpointModel } from '../server/src/features/webhooks/model';
import { createEndpoint } from '../server/src/features/webhooks/repository';
import { countServerCommands, monitorServerCommands, untilListening } from './inProcessServer';
import { caseText, repost } from './syntheticText';

const [dataDir, reportsArg, concurrencyArg] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: npm run bench:intake-commands -- DATA_DIR [REPORTS] [CONCURRENCY]');
  process.exit(2);
}
const REPORTS = Number(reportsArg ?? 100);
const CONCURRENCY = Number(concurrencyArg ?? 4);
const PORT = 3999;
const ENDPOINTS = Number(process.env.REFUTE_BENCH_ENDPOINTS ?? 0);
const IMPORT_ROWS = Number(process.env.REFUTE_BENCH_IMPORT_ROWS ?? 0);
if (ENDPOINTS > 0) process.env.REFUTE_WEBHOOK_ALLOW_PRIVATE = 'on';
process.env.REFUTE_DATA_DIR = path.resolve(dataDir);
process.env.PORT = String(PORT);
process.env.REFUTE_LOG_LEVEL = 'error';
delete process.env.MONGODB_URI;
// The server's connection reports each command it sends.
monitorServerCommands();

interface ImportJob {
  id: string;
  status: string;
  processed: number;
  total: number;
  created: number;
  repeated: number;
  failed: number;
  rowsPerSecond: number;
}

/** Uploads the CSV as the demo moderator and follows the job to its end. */
async function importFile(csv: string, label: string): Promise<{ seconds: number; job: ImportJob }> {
  const moderator = await UserModel.findOne({ email: 'moderator@refute.example' }).lean();
  if (!moderator) throw new Error('the demo moderator is missing (REFUTE_DEMO off?)');
  const { token } = await createSession(moderator._id);
  const headers = { cookie: `${SESSION_COOKIE}=${token}` };
  const began = performance.now();
  const response = await fetch(`http://127.0.0.1:${PORT}/api/v1/platform/imports?name=bench-${label}`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: csv });
  if (response.status !== 202) throw new Error(`the upload answered ${response.status}: ${await response.text()}`);
  let job = (await response.json()) as ImportJob;
  process.stderr.write(`${label}: upload stored as a job in ${((performance.now() - began) / 1000).toFixed(1)} s\n`);
  let lastLog = performance.now();
  while (job.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    try {
      job = (await (await fetch(`http://127.0.0.1:${PORT}/api/v1/platform/imports/${job.id}`, { headers })).json()) as ImportJob;
    } catch (error) {
      // A kept-alive connection the server closed meanwhile: the next poll opens another.
      process.stderr.write(`${label}: polling failed (${(error as Error).message}), trying again\n`);
      continue;
    }
    if (performance.now() - lastLog > 30_000) {
      lastLog = performance.now();
      process.stderr.write(`${label}: ${job.processed} of ${job.total} rows after ${((lastLog - began) / 1000).toFixed(0)} s (${job.rowsPerSecond}/s)\n`);
    }
  }
  return { seconds: (performance.now() - began) / 1000, job };
}

async function run() {
  await untilListening(PORT);
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.REFUTE_BENCH_WAIT_S ?? 5) * 1000));
  const org = await ensureOrganisation({ key: 'bench', name: { zh: '基准', en: 'Bench' }, level: 'national', kind: 'platform', region: 'CN' });
  const { key } = await issueApiKey({ orgId: org._id, scopes: ['claims:write'], label: 'intake commands' });
  let delivered = 0;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      delivered += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // Endpoints of an earlier run on the same folder go first: the count given is the count used.
  await WebhookEndpointModel.deleteMany({ orgId: org._id });
  for (let i = 0; i < ENDPOINTS; i += 1) {
    await createEndpoint({ orgId: org._id }, { url: `${receiverUrl}/${i}`, events: ['claim.matched'], secret: `whsec_${Buffer.alloc(24, i).toString('base64')}` });
  }
  const totals = countServerCommands();
  const seededFile = path.join(dataDir!, 'bench-seeded.json');
  const seeded = fs.existsSync(seededFile) ? (JSON.parse(fs.readFileSync(seededFile, 'utf8')) as { texts: string[] }).texts : [];
  const runId = Date.now().toString(36);
  const text = (i: number) => (i % 2 && seeded.length > 0 ? repost(seeded[Math.floor(Math.random() * seeded.length)]!) : caseText());
  const printCommands = (per: number, unit: string) => {
    console.log(`database commands per ${unit} (intake and the background work it causes):`);
    for (const [name, total] of [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(`  ${(total.calls / per).toFixed(2).padStart(6)} calls  ${(total.ms / per).toFixed(1).padStart(7)} ms  ${name}`);
    }
  };
  if (IMPORT_ROWS > 0) {
    // Imports an earlier run left running (stopped midway) would resume and share the worker with this one's.
    const leftover = await ImportJobModel.find({ status: 'running' }, { _id: 1 }).lean();
    await ImportChunkModel.deleteMany({ jobId: { $in: leftover.map((job) => job._id) } });
    await ImportJobModel.deleteMany({ _id: { $in: leftover.map((job) => job._id) } });
    const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => [`import-${runId}-${i}`, text(i), `https://example.org/p/${i}`, i % 1000, i % 50]);
    const csv = stringify([['externalId', 'text', 'url', 'views', 'shares'], ...rows]);
    const first = await importFile(csv, 'first');
    printCommands(IMPORT_ROWS, 'row of the first upload');
    totals.clear();
    const second = await importFile(csv, 'again');
    console.log(`import of ${IMPORT_ROWS} rows (${(Buffer.byteLength(csv) / 1e6).toFixed(1)} MB CSV): ${first.seconds.toFixed(0)} s, ${(IMPORT_ROWS / first.seconds).toFixed(1)} rows/s; created ${first.job.created}, repeated ${first.job.repeated}, failed ${first.job.failed}`);
    console.log(`the same file again: ${second.seconds.toFixed(0)} s, ${(IMPORT_ROWS / second.seconds).toFixed(1)} rows/s; created ${second.job.created}, repeated ${second.job.repeated}, failed ${second.job.failed}`);
    printCommands(IMPORT_ROWS, 'row of the second upload');
    process.kill(process.pid, 'SIGTERM');
    return;
  }
  const times: number[] = [];
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REPORTS) {
        const i = next++;
        const start = performance.now();
        const response = await fetch(`http://127.0.0.1:${PORT}/api/v1/claims`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ externalId: `commands-${runId}-${i}`, text: text(i) }),
        });
        await response.arrayBuffer();
        if (response.status !== 201) throw new Error(`intake answered ${response.status}`);
        times.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  times.sort((a, b) => a - b);
  console.log(`intake: median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, ${(REPORTS / seconds).toFixed(1)} reports/s (${REPORTS} at concurrency ${CONCURRENCY})`);
  if (ENDPOINTS > 0) console.log(`webhooks: ${ENDPOINTS} endpoints subscribed to claim.matched, ${delivered} deliveries received by the end of intake`);
  printCommands(REPORTS, 'report');
  process.kill(process.pid, 'SIGTERM');
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
// Imported last: the server starts as this module loads, after the environment above is set.
import '../server/src/main';
