/** Runs FerretDB on a free loopback port in front of a storage backend. */
import fs from 'node:fs';
import path from 'node:path';
import { canConnect, freePort, startEngineProcess, stopLeftover, waitUntilReady, type EngineProcess } from './childProcess';
import { ensureFerretdbBinary } from './ferretdbBinary';

const READY_TIMEOUT_MS = 30_000;

export interface RunningFerretdb {
  uri: string;
  process: EngineProcess;
}

export interface FerretdbBackend {
  /** Command-line flags choosing the backend, e.g. `--handler=postgresql`. */
  args: string[];
  /** Settings passed in the environment rather than the command line, which others can read. */
  env?: Record<string, string>;
}

/**
 * Starts FerretDB on `backend`. `stateDir` holds its state file and its pid file, by which a
 * copy left running by a killed owner is stopped first.
 */
export async function startFerretdb(backend: FerretdbBackend, stateDir: string, log: (line: string) => void): Promise<RunningFerretdb> {
  const binary = await ensureFerretdbBinary(log);
  fs.mkdirSync(stateDir, { recursive: true });
  const pidFile = path.join(stateDir, 'ferretdb.pid');
  await stopLeftover(pidFile, ['ferretdb', `--state-dir=${stateDir}`], 'SIGKILL');

  const port = await freePort();
  const args = [
    ...backend.args,
    `--state-dir=${stateDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
  const ferretdb = startEngineProcess('FerretDB', binary, args, {
    env: { ...process.env, ...backend.env },
    pidFile,
    killOnExit: 'SIGKILL',
  });
  await waitUntilReady(ferretdb, () => canConnect(port), READY_TIMEOUT_MS);
  return { uri: `mongodb://127.0.0.1:${port}/`, process: ferretdb };
}
