import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface ServerProcess {
  baseUrl: string;
  /** What the process printed so far. */
  output(): string;
  stop(): Promise<void>;
  /** Kills the process without letting it finish anything (SIGKILL): a crash. */
  crash(): Promise<void>;
}

/**
 * Starts the real server (server/dist/main.js) as a separate process on a free port against
 * the given database: a second process for cross-process tests.
 */
let built = process.env.REFUTE_SERVER_BUILT === '1';

/** `npm test` builds the server before jest starts; a test file run on its own builds it once. */
function ensureServerBuilt(): void {
  if (built) return;
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-b', 'server'], { cwd: ROOT });
  built = true;
}

/**
 * Node's on-disk cache of compiled code, shared by every server process the tests start: each
 * compiles the same thousand modules, otherwise a good part of its start.
 */
const COMPILE_CACHE_DIR = path.join(os.tmpdir(), 'refute-compile-cache');

export async function startServerProcess(mongodbUri: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  ensureServerBuilt();
  // A data folder of its own (the matching index's snapshot) unless the test shares one.
  const dataDir = env.REFUTE_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'refute-server-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'server/dist/main.js')], {
    cwd: ROOT,
    env: { NODE_COMPILE_CACHE: COMPILE_CACHE_DIR, ...process.env, MONGODB_URI: mongodbUri, PORT: '0', REFUTE_DEMO: 'off', REFUTE_LOG_LEVEL: 'error', REFUTE_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Refute listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  return {
    baseUrl,
    output: () => output,
    stop: () => end('SIGTERM'),
    crash: () => end('SIGKILL'),
  };
}
