/**
 * The local MongoDB-compatible engine: FerretDB v1 with its SQLite backend, built once into a
 * cache folder shared by every clone on the machine, started on a free loopback port and
 * stopped with the process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../paths';

export const FERRETDB_VERSION = 'v1.24.2';
const READY_TIMEOUT_MS = 30_000;
const BUILD_WAIT_MS = 15 * 60_000;

export interface LocalEngine {
  uri: string;
  stop(): Promise<void>;
}

export function cacheDir(): string {
  const base = process.env.REFUTE_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'refute');
  return path.resolve(base);
}

export function ferretdbBinaryPath(): string {
  return path.join(cacheDir(), `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the binary unless present; a lock folder keeps concurrent starts from building twice. */
export async function ensureFerretdbBinary(log: (line: string) => void): Promise<string> {
  const binary = ferretdbBinaryPath();
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  const lock = `${binary}.building`;
  const deadline = Date.now() + BUILD_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (fs.existsSync(binary)) return binary;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another build of FerretDB (remove ${lock} if stale)`);
      await sleep(1000);
    }
  }
  try {
    if (fs.existsSync(binary)) return binary;
    log(`Building FerretDB ${FERRETDB_VERSION} into ${binary} (once per machine; needs Go)…`);
    const script = path.join(REPO_ROOT, 'scripts', 'build-ferretdb.sh');
    const result = spawnSync('bash', [script, binary], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0 || !fs.existsSync(binary)) {
      throw new Error(`Building FerretDB failed (bash ${script} ${binary} exited with ${result.status ?? result.signal})`);
    }
    return binary;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** An engine left running by a process that was killed outright would hold the data folder. */
function stopLeftoverEngine(pidFile: string): void {
  const pid = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : NaN);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes('ferretdb') && cmdline.includes(path.dirname(pidFile))) process.kill(pid, 'SIGKILL');
  } catch {
    // Not running any more.
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startLocalEngine(dataDir: string, log: (line: string) => void): Promise<LocalEngine> {
  const binary = await ensureFerretdbBinary(log);
  fs.mkdirSync(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, 'ferretdb.pid');
  stopLeftoverEngine(pidFile);

  const port = await freePort();
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir}/`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  fs.writeFileSync(pidFile, String(child.pid));
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      process.off('exit', killOnExit);
      throw new Error(`FerretDB did not start (${binary} ${args.join(' ')}):\n${output}`);
    }
    await sleep(50);
  }

  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    async stop() {
      process.off('exit', killOnExit);
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 5000))) child.kill('SIGKILL');
      fs.rmSync(pidFile, { force: true });
    },
  };
}
