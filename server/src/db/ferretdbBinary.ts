/** The FerretDB binary, built once from its Go module into a cache folder shared by every clone. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../paths';
import { sleep } from './childProcess';

export const FERRETDB_VERSION = 'v1.24.2';
const BUILD_WAIT_MS = 15 * 60_000;

export function cacheDir(): string {
  const base = process.env.REFUTE_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'refute');
  return path.resolve(base);
}

export function ferretdbBinaryPath(): string {
  return path.join(cacheDir(), `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
}

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
