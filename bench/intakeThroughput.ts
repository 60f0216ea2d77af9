/** Intake throughput through the real HTTP API and the local engine (FerretDB), with matching. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { createApp } from '../server/src/app';
import { connectDatabase } from '../server/src/db/connect';
import { ensureIndexes } from '../server/src/db/indexes';
import { issueApiKey } from '../server/src/features/apiKeys/keys';
import { ensureOrganisation } from '../server/src/features/organisations/repository';
import { createLogger } from '../server/src/logger';

const CONCURRENCY = 8;

export async function intakeThroughput(cases: number, newText: () => string, repost: (text: string) => string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-bench-'));
  const database = await connectDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, log: (line) => console.error(line) });
  await mongoose.connection.dropDatabase();
  await ensureIndexes();
  const org = await ensureOrganisation({ key: 'bench', name: { zh: '基准', en: 'Bench' }, level: 'national', kind: 'platform', region: 'CN' });
  const { key } = await issueApiKey({ orgId: org._id, scopes: ['claims:write'], label: 'bench' });
  const server = createApp({ log: createLogger('silent') }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let counter = 0;
  const post = async (text: string) => {
    const start = performance.now();
    const response = await fetch(`${baseUrl}/api/v1/claims`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ externalId: `bench-${(counter += 1)}`, text }),
    });
    if (response.status !== 201) throw new Error(`intake answered ${response.status}: ${await response.text()}`);
    return performance.now() - start;
  };
  const run = async (texts: string[]) => {
    const times: number[] = [];
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < texts.length) times.push(await post(texts[next++]!));
      }),
    );
    return { seconds: (performance.now() - start) / 1000, times };
  };
  const loaded = Array.from({ length: cases }, newText);
  const loading = await run(loaded);
  console.error(`loaded ${cases} cases through the API in ${loading.seconds.toFixed(0)} s`);
  const measured = await run(Array.from({ length: 500 }, (_, i) => (i % 2 ? newText() : repost(loaded[i % loaded.length]!))));
  server.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const sorted = [...measured.times].sort((a, b) => a - b);
  return {
    cases,
    concurrency: CONCURRENCY,
    reportsPerSecond: measured.times.length / measured.seconds,
    medianMs: sorted[Math.floor(sorted.length / 2)]!,
    p95Ms: sorted[Math.floor(sorted.length * 0.95)]!,
  };
}
