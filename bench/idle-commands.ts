/**
 * npm run bench:idle-commands [-- --settle 60 --seconds 30]
 *
 * What a server sends the engine while nobody uses it: the real server (server/src/main) runs in
 * this process on a fresh data folder with the demo data (its local engine), is left `--settle`
 * seconds to finish its start's background work, and then every database command it sends in
 * `--seconds` is counted per command and collection, with the server's CPU time. The background
 * jobs' polling is all there is to count: each command wakes the engine's processes, which share
 * the machine with the server (docs/operations.md, "Public feeds and pages under polling").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { countServerCommands, monitorServerCommands, untilListening } from './inProcessServer';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const SETTLE_S = Number(args.get('settle') ?? 60);
const SECONDS = Number(args.get('seconds') ?? 30);
const PORT = 3987;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-idle-commands-'));
process.env.REFUTE_DATA_DIR = dataDir;
process.env.PORT = String(PORT);
process.env.REFUTE_LOG_LEVEL = 'error';
process.env.REFUTE_DEMO = 'on';
delete process.env.MONGODB_URI;
// The server's connection reports each command it sends.
monitorServerCommands();

async function run(): Promise<void> {
  await untilListening(PORT);
  await sleep(SETTLE_S * 1000);
  const totals = countServerCommands();
  const cpuBefore = process.cpuUsage();
  await sleep(SECONDS * 1000);
  const cpu = process.cpuUsage(cpuBefore);
  console.log(`database commands of the idle server over ${SECONDS} s, after ${SETTLE_S} s to settle (load average ${os.loadavg()[0]!.toFixed(1)}):`);
  let all = 0;
  for (const [name, total] of [...totals.entries()].sort((a, b) => b[1].calls - a[1].calls)) {
    all += total.calls;
    console.log(`  ${(total.calls / SECONDS).toFixed(2).padStart(6)} a second  ${(total.ms / SECONDS).toFixed(1).padStart(6)} ms a second waited  ${name}`);
  }
  console.log(`  ${(all / SECONDS).toFixed(2).padStart(6)} a second in all; the server's CPU ${((cpu.user + cpu.system) / 1000 / SECONDS).toFixed(1)} ms a second`);
  process.kill(process.pid, 'SIGTERM');
}

process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
// Imported last: the server starts as this module loads, after the environment above is set.
import '../server/src/main';
