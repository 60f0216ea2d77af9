/**
 * The local engine's two processes (PostgreSQL and FerretDB) are children of the server:
 * started with a pid file, their output kept for error messages, killed if the server exits
 * without stopping them, and found and stopped by the next start if the server was killed.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EngineProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the process has exited, for whatever reason. */
  readonly exited: Promise<ChildExit>;
  hasExited(): boolean;
  /** The last few kilobytes it printed, for error messages. */
  output(): string;
  /** Sends `signal`, then SIGKILL if it is still running after `graceMs`. */
  stop(signal: NodeJS.Signals, graceMs: number): Promise<void>;
}

const OUTPUT_TAIL = 4000;

export function startEngineProcess(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { pidFile?: string; killOnExit: NodeJS.Signals },
): EngineProcess {
  const { pidFile, killOnExit, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keepTail = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  let done = false;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      keepTail(Buffer.from(`${error.message}\n`));
      done = true;
      resolve({ code: null, signal: null });
    });
  });
  // An owner that exits without stopping it must not leave it holding the data folder.
  const onOwnerExit = () => {
    if (!done) child.kill(killOnExit);
  };
  process.on('exit', onOwnerExit);
  void exited.then(() => {
    process.off('exit', onOwnerExit);
    if (pidFile && readPidFile(pidFile) === child.pid) fs.rmSync(pidFile, { force: true });
  });
  if (pidFile && child.pid) fs.writeFileSync(pidFile, String(child.pid));

  return {
    name,
    pid: child.pid ?? -1,
    exited,
    hasExited: () => done,
    output: () => tail,
    async stop(signal, graceMs) {
      if (done) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function readPidFile(pidFile: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0]!, 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stops a process left running by an owner that was killed outright, if the pid file names one
 * whose command line still mentions every marker (so a recycled pid is never hit).
 */
export async function stopLeftover(pidFile: string, markers: string[], signal: NodeJS.Signals): Promise<boolean> {
  const pid = readPidFile(pidFile);
  if (!pid) return false;
  let cmdline: string;
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return false;
  }
  if (!markers.every((marker) => cmdline.includes(marker))) return false;
  process.kill(pid, signal);
  const escalateAt = Date.now() + 10_000;
  while (isRunning(pid)) {
    if (Date.now() > escalateAt) process.kill(pid, 'SIGKILL');
    await sleep(50);
  }
  return true;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort(): Promise<number> {
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

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until `ready()` holds; fails with the process's output if it exits or time runs out. */
export async function waitUntilReady(engineProcess: EngineProcess, ready: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (engineProcess.hasExited() || Date.now() > deadline) {
      const why = engineProcess.hasExited() ? 'exited' : `was not ready after ${timeoutMs / 1000} s`;
      await engineProcess.stop('SIGKILL', 0);
      throw new Error(`${engineProcess.name} ${why}:\n${engineProcess.output()}`);
    }
    await sleep(50);
  }
}
