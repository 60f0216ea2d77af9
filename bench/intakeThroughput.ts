/**
 * Intake throughput through the real HTTP API and the local engine (FerretDB), with matching:
 * the cases are seeded with bulk inserts (seedCases.ts), the server's matching index is loaded
 * from them as at a start, then concurrent POST /api/v1/claims are timed.
 */
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
import { ClaimModel } from '../server/src/features/claims/model';
import { startMatchIndex, stopMatchIndex } from '../server/src/features/matching/liveIndex';
import { ensureOrganisation } from '../server/src/features/organisations/repository';
import { createLogger } from '../server/src/logger';
import { seedCases } from './seedCases';

const CONCURRENCY = 8;

export interface IntakeOptions {
  cases: number;
  requests: number;
  newText: () => string;
  repost: (text: string) => string;
  log: (line: string) => void;
}

export async function intakeThroughput({ cases, requests, newText, repost, log }: IntakeOptions) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-bench-'));
  const database = await connectDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, log });
  try {
    await mongoose.connection.dropDatabase();
    await ensureIndexes(database.engine);
    const org = await ensureOrganisation({ key: 'bench', name: { zh: '基准', en: 'Bench' }, level: 'national', kind: 'platform', region: 'CN' });
    const { key } = await issueApiKey({ orgId: org._id, scopes: ['claims:write'], label: 'bench' });
    const seeded = Array.from({ length: cases }, newText);
    const seedStart = performance.now();
    const seededCases = await seedCases(org._id, seeded, log);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const loadStart = performance.now();
    await startMatchIndex(log);
    const loadSeconds = (performance.now() - loadStart) / 1000;

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
      await response.json();
      return performance.now() - start;
    };
    // Half reposts of seeded cases (joins), half new rumors (new cases).
    const texts = Array.from({ length: requests }, (_, i) => (i % 2 ? newText() : repost(seeded[Math.floor(Math.random() * seeded.length)]!)));
    const times: number[] = [];
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < texts.length) times.push(await post(texts[next++]!));
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const decided = await ClaimModel.find({ externalId: /^bench-/ }, { match: 1 }).lean();
    const joined = decided.filter((claim) => claim.match?.outcome === 'joined').length;
    server.close();
    stopMatchIndex();
    const sorted = [...times].sort((a, b) => a - b);
    return {
      cases: seededCases,
      seedSeconds,
      loadSeconds,
      concurrency: CONCURRENCY,
      requests: times.length,
      joined,
      reportsPerSecond: times.length / seconds,
      medianMs: sorted[Math.floor(sorted.length / 2)]!,
      p95Ms: sorted[Math.floor(sorted.length * 0.95)]!,
    };
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
