/**
 * The real server (server/dist/main.js) in a process of its own with the embedded default: no
 * MONGODB_URI, its local engine under `dataDir`. Reports how long it took to listen, the demo
 * logins it printed, and the memory of the server and of the engine's processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../server/src/paths';

export interface BenchServer {
  baseUrl: string;
  /** The server's process id. */
  pid: number;
  startSeconds: number;
  /** The server's own account of its start: each step and its time. */
  startSteps: string;
  logins: Map<string, { email: string; password: string }>;
  apiKey: string;
  /** Resident memory in MiB: the server, FerretDB, and PostgreSQL (proportional, all its processes). */
  memory(): { serverMiB: number; ferretdbMiB: number; postgresMiB: number };
  /** CPU time used so far in ms (Linux's /proc): the server's process, and the engine's (FerretDB and all of PostgreSQL's). */
  cpuMs(): { server: number; engine: number };
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30 * 60_000;

function kib(file: string, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(file, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** PIDs of `root` and everything below it. */
function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Exited meanwhile.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}

const mib = (kb: number) => Math.round(kb / 1024);

/** Clock ticks of /proc/PID/stat (USER_HZ) in ms. */
const MS_PER_TICK = 10;

/** CPU time (user and system) a process used so far, in ms; 0 once it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return 0;
  }
}
const firstLine = (file: string) => Number(fs.readFileSync(file, 'utf8').split('\n')[0]);

/** `nodeArgs` go before the script (for example `--cpu-prof --cpu-prof-dir=DIR`, which NODE_OPTIONS refuses). */
export async function startBenchServer(dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<BenchServer> {
  const serverEnv: NodeJS.ProcessEnv = { ...process.env, REFUTE_DATA_DIR: dataDir, PORT: '0', REFUTE_DEMO: 'on', REFUTE_LOG_LEVEL: 'error', ...env };
  // The embedded default: the server starts its own engine.
  delete serverEnv.MONGODB_URI;
  const began = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.join(REPO_ROOT, 'server/dist/main.js')], { env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Refute listening on (http:\/\/\S+)[\s\S]*Demo platform API key/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
  const startSeconds = (performance.now() - began) / 1000;
  const logins = new Map<string, { email: string; password: string }>();
  for (const [, role, email, password] of output.matchAll(/Demo login (\S+): (\S+) (\S+)/g)) logins.set(role!, { email: email!, password: password! });
  const apiKey = /Demo platform API key: (\S+)/.exec(output)![1]!;
  return {
    baseUrl,
    pid: child.pid!,
    startSeconds,
    startSteps: /Started in ([^\n]*)/.exec(output)?.[1] ?? '',
    logins,
    apiKey,
    memory() {
      const pss = (pid: number) => kib(`/proc/${pid}/smaps_rollup`, 'Pss');
      const postmaster = firstLine(path.join(dataDir, 'postgres', 'postmaster.pid'));
      return {
        serverMiB: mib(kib(`/proc/${child.pid}/status`, 'VmRSS')),
        ferretdbMiB: mib(kib(`/proc/${firstLine(path.join(dataDir, 'ferretdb.pid'))}/status`, 'VmRSS')),
        postgresMiB: mib(processTree(postmaster).reduce((sum, pid) => sum + pss(pid), 0)),
      };
    },
    cpuMs() {
      const postmaster = firstLine(path.join(dataDir, 'postgres', 'postmaster.pid'));
      const engine = [firstLine(path.join(dataDir, 'ferretdb.pid')), ...processTree(postmaster)];
      return { server: processCpuMs(child.pid!), engine: engine.reduce((sum, pid) => sum + processCpuMs(pid), 0) };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
