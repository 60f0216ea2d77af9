/**
 * npm run bench:webhook-history [-- --sizes 0,10000,100000 --reads 15]
 *
 * What the worker's due read and an idle poll cycle cost against the delivery history, on the
 * embedded default: for each size, that many finished (delivered) deliveries are added to the
 * history, 10 pending ones to the outbox, and the due read the worker makes (the outbox's
 * deliveries due by now) and one `tick` that finds nothing due are timed `--reads` times each
 * (medians). The history and the outbox are collections apart, so the read should not grow.
 * Then a retention sweep removes the history and the read is timed again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose, { Types } from 'mongoose';
import { connectDatabase } from '../server/src/db/connect';
import { ensureIndexes } from '../server/src/db/indexes';
import { WebhookDeliveryModel, WebhookOutboxModel } from '../server/src/features/webhooks/model';
import { sweepFinishedDeliveries } from '../server/src/features/webhooks/retention';
import { startWebhookWorker } from '../server/src/features/webhooks/worker';
import { createScheduler } from '../server/src/jobs/scheduler';
import { percentile } from './timing';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const SIZES = (args.get('sizes') ?? '0,10000,100000').split(',').map(Number);
const READS = Number(args.get('reads') ?? 15);
const log = (line: string) => process.stderr.write(`${line}\n`);

const PAYLOAD = JSON.stringify({ type: 'claim.matched', timestamp: new Date().toISOString(), data: { externalIds: ['post-123456'], publication: { id: new Types.ObjectId(), verdict: 'false', headline: 'x'.repeat(300) } } });
const DAY_MS = 86_400_000;

/** `count` delivered deliveries, finished 40 days ago (past the default retention). */
async function addHistory(from: number, count: number, endpointId: Types.ObjectId, orgId: Types.ObjectId) {
  const at = new Date(Date.now() - 40 * DAY_MS);
  for (let start = from; start < from + count; start += 1_000) {
    const docs = Array.from({ length: Math.min(1_000, from + count - start) }, (_, i) => ({
      _id: `msg_hist${start + i}`,
      orgId,
      endpointId,
      eventKey: `hist:${start + i}`,
      type: 'claim.matched',
      payload: PAYLOAD,
      status: 'delivered',
      attempts: 1,
      scheduleStart: 0,
      nextAttemptAt: null,
      lastResponseCode: 204,
      lastLatencyMs: 3,
      lastError: null,
      log: [{ attempt: 1, at, responseCode: 204, latencyMs: 3, error: null }],
      createdAt: at,
      finishedAt: at,
    }));
    await WebhookDeliveryModel.collection.insertMany(docs as never, { ordered: false });
  }
}

async function timed(call: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < READS; i++) {
    const began = performance.now();
    await call();
    times.push(performance.now() - began);
  }
  return percentile(times, 0.5);
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-webhook-history-'));
  const database = await connectDatabase({ dataDir, log });
  try {
    await mongoose.connection.dropDatabase();
    await ensureIndexes(database.engine);
    const endpointId = new Types.ObjectId();
    const orgId = new Types.ObjectId();
    // Pending deliveries not yet due: read by the due read's filter, never sent.
    const later = new Date(Date.now() + DAY_MS);
    await WebhookOutboxModel.collection.insertMany(
      Array.from({ length: 10 }, (_, i) => ({ _id: `msg_pending${i}:0`, deliveryId: `msg_pending${i}`, batch: `pending${i}`, orgId, endpointId, eventKey: `pending:${i}`, type: 'claim.matched', payload: PAYLOAD, status: 'pending', attempts: 1, scheduleStart: 0, nextAttemptAt: later, log: [], createdAt: new Date() })) as never,
    );
    const worker = startWebhookWorker(createScheduler(() => undefined));
    const dueRead = () => WebhookOutboxModel.find({ nextAttemptAt: { $lte: new Date() } }).limit(1_000).lean();
    console.log(`Webhook history benchmark: FerretDB on PostgreSQL, 10 pending deliveries, medians of ${READS}`);
    let held = 0;
    for (const size of SIZES) {
      await addHistory(held, size - held, endpointId, orgId);
      held = size;
      const read = await timed(dueRead);
      const tick = await timed(() => worker.tick());
      console.log(`  ${String(size).padStart(7)} finished deliveries: due read ${read.toFixed(1)} ms, idle tick ${tick.toFixed(1)} ms`);
    }
    const began = performance.now();
    const swept = await sweepFinishedDeliveries();
    const sweepMs = performance.now() - began;
    const read = await timed(dueRead);
    const left = await WebhookDeliveryModel.countDocuments({});
    console.log(`  retention sweep: ${swept.deleted} deleted in ${(sweepMs / 1000).toFixed(1)} s (and ${swept.attemptsDeleted} attempts), ${left} left; due read after it ${read.toFixed(1)} ms`);
    await worker.stop();
  } finally {
    await database.close();
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
