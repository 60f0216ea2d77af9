/**
 * npm run bench:feed [-- --duration 2 --rounds 9 --connections 10]
 *
 * Requests per second of the feed's public paths on the real server (its own process, the
 * embedded engine, demo data): `/api/v1/feed`, `/feed.atom` and `/r/:slug`, each answered in
 * full (200) and to a conditional request that matches (304), against a static server on the
 * same machine serving the same bytes from memory (staticFeedServer.ts). Each pair is run back
 * to back, `rounds` times in short runs, so that other work on the machine weighs on both alike;
 * the medians of each are printed with the median of the rounds' ratios.
 * Aims: 304 at 80% or more of the static server's rate, 200 at 50% or more.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startBenchServer } from './benchServer';
import type { StaticResource } from './staticFeedServer';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const DURATION_S = Number(args.get('duration') ?? 2);
const ROUNDS = Number(args.get('rounds') ?? 9);
const CONNECTIONS = Number(args.get('connections') ?? 10);
const AIMS = { 200: 0.5, 304: 0.8 } as const;

const log = (line: string) => process.stderr.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Requests per second at `url`; every answer must have the expected status. */
async function rate(url: string, status: 200 | 304, etag: string, seconds = DURATION_S): Promise<number> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: status === 304 ? { 'if-none-match': etag } : {} });
  const expected = status === 200 ? result['2xx'] : result['3xx'];
  if (result.errors > 0 || expected !== result.requests.total) {
    throw new Error(`${url} (${status}): ${result.requests.total} requests, ${expected} answered ${status}, ${result.errors} errors`);
  }
  return result.requests.average;
}

async function startStaticServer(manifestFile: string): Promise<{ baseUrl: string; stop(): void }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'staticFeedServer.js'), manifestFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the static server exited with ${code}`)));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  // The engine's data folder is given to the server as it is (it makes it reachable for PostgreSQL).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-bench-feed-'));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-bench-feed-files-'));
  log('starting the server with demo data…');
  const server = await startBenchServer(dataDir);
  try {
    const feed = (await (await fetch(`${server.baseUrl}/api/v1/feed`)).json()) as { items: Array<{ url: string }> };
    if (feed.items.length === 0) throw new Error('the demo data published nothing');
    const paths = ['/api/v1/feed', '/feed.atom', new URL(feed.items[0]!.url).pathname];

    // The bytes and validators the server sends, for the static server to send too.
    const manifest: StaticResource[] = [];
    for (const [index, urlPath] of paths.entries()) {
      const response = await fetch(`${server.baseUrl}${urlPath}`, { headers: { 'accept-encoding': 'identity' } });
      const file = path.join(workDir, `resource-${index}`);
      fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
      manifest.push({ path: urlPath, type: response.headers.get('content-type')!, etag: response.headers.get('etag')!, file });
    }
    const manifestFile = path.join(workDir, 'manifest.json');
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const yardstick = await startStaticServer(manifestFile);

    try {
      const rows: Array<{ path: string; status: 200 | 304; served: number[]; yardstick: number[] }> = [];
      for (const resource of manifest) for (const status of [200, 304] as const) rows.push({ path: resource.path, status, served: [], yardstick: [] });
      const etagOf = (urlPath: string) => manifest.find((resource) => resource.path === urlPath)!.etag;
      log(`${rows.length} pairs, ${ROUNDS} rounds of ${DURATION_S} s each, ${CONNECTIONS} connections`);
      for (const row of rows) {
        await rate(`${server.baseUrl}${row.path}`, row.status, etagOf(row.path), 1);
        await rate(`${yardstick.baseUrl}${row.path}`, row.status, etagOf(row.path), 1);
      }
      for (let round = 1; round <= ROUNDS; round += 1) {
        for (const row of rows) {
          row.served.push(await rate(`${server.baseUrl}${row.path}`, row.status, etagOf(row.path)));
          row.yardstick.push(await rate(`${yardstick.baseUrl}${row.path}`, row.status, etagOf(row.path)));
        }
        log(`round ${round} done`);
      }

      const bytes = new Map(manifest.map((resource) => [resource.path, fs.statSync(resource.file).size]));
      console.log(`\nrequests/s, median of ${ROUNDS} runs of ${DURATION_S} s, ${CONNECTIONS} connections (same machine); ratio: median of the runs' ratios`);
      console.log('path                 status   bytes   Refute   static   ratio   aim');
      for (const row of rows) {
        const served = median(row.served);
        const still = median(row.yardstick);
        const ratio = median(row.served.map((rate, round) => rate / row.yardstick[round]!));
        const aim = AIMS[row.status];
        console.log(
          `${row.path.slice(0, 20).padEnd(20)} ${String(row.status).padStart(6)} ${String(row.status === 200 ? bytes.get(row.path) : 0).padStart(7)} ${served
            .toFixed(0)
            .padStart(8)} ${still.toFixed(0).padStart(8)} ${`${(ratio * 100).toFixed(0)}%`.padStart(7)}   ≥${aim * 100}% ${ratio >= aim ? 'met' : 'MISSED'}`,
        );
      }
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
