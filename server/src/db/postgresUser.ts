/**
 * PostgreSQL refuses to run as root. When the server runs as root (CI, containers), the local
 * engine runs PostgreSQL as the system user `postgres`, created if missing, and hands it the
 * cluster folder; as any other user PostgreSQL runs as that user.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface RunAs {
  uid: number;
  gid: number;
}

const USER = 'postgres';
/** Where root keeps copies of the binaries that the PostgreSQL user can run. */
const SHARED_INSTALLS = '/var/cache/refute';
/** Where root keeps the clusters of data folders that the PostgreSQL user cannot reach. */
export const SHARED_CLUSTERS = '/var/lib/refute/clusters';

function lookUp(): RunAs | undefined {
  const uid = spawnSync('id', ['-u', USER], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', USER], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** The user to run PostgreSQL as: undefined when this process may run it itself. */
export function postgresRunAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookUp();
  if (existing) return existing;
  const created = spawnSync(
    'useradd',
    ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', USER],
    { encoding: 'utf8' },
  );
  const ids = lookUp();
  if (!ids) throw new Error(`PostgreSQL cannot run as root and the user "${USER}" could not be created: ${created.stderr || created.error?.message}`);
  return ids;
}

/** Whether the PostgreSQL user passes `test <flag> <file>` for each pair. */
function userCan(runAs: RunAs, checks: Array<[string, string]>): boolean {
  const script = checks.map((_, i) => `test ${checks[i]![0]} "$${i + 1}"`).join(' && ');
  return spawnSync('/bin/sh', ['-c', script, 'sh', ...checks.map(([, file]) => file)], { ...runAs, cwd: '/' }).status === 0;
}

/**
 * The PostgreSQL installation as the PostgreSQL user can run it. A project inside a private
 * folder (say, under /root) hides node_modules from that user: the binaries are then copied
 * once into a shared system folder.
 */
export function reachableInstall(runAs: RunAs | undefined, installDir: string, version: string): string {
  const binary = (dir: string) => path.join(dir, 'bin', 'postgres');
  if (!runAs || userCan(runAs, [['-x', binary(installDir)]])) return installDir;
  const copy = path.join(SHARED_INSTALLS, `postgres-${version}`);
  if (!fs.existsSync(binary(copy))) {
    const partial = `${copy}.partial-${process.pid}`;
    fs.cpSync(installDir, partial, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(SHARED_INSTALLS, 0o755);
    try {
      fs.renameSync(partial, copy);
    } catch (error) {
      // Another start copied it first.
      fs.rmSync(partial, { recursive: true, force: true });
      if (!fs.existsSync(binary(copy))) throw error;
    }
  }
  return copy;
}

/**
 * The folder of a data folder's PostgreSQL cluster: `<dataDir>/postgres`, unless the PostgreSQL
 * user cannot reach the data folder (a project inside a private folder, such as a fresh
 * `mktemp -d` clone) and no cluster is there yet. The cluster then lives in a shared system
 * folder named after the data folder's real path, so every start finds the same one.
 */
export function clusterFolder(runAs: RunAs | undefined, dataDir: string): string {
  const inDataDir = path.join(dataDir, 'postgres');
  if (!runAs || fs.existsSync(path.join(inDataDir, 'PG_VERSION'))) return inDataDir;
  // The data folder itself is opened up by handOver; what matters is the path above it.
  if (userCan(runAs, [['-x', path.dirname(dataDir)]])) return inDataDir;
  const key = crypto.createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex').slice(0, 16);
  return path.join(SHARED_CLUSTERS, key, 'postgres');
}

/** Gives the cluster folder to the PostgreSQL user and checks that it can write there. */
export function handOver(runAs: RunAs | undefined, clusterDir: string, parentDir: string): void {
  if (!runAs) return;
  // The folder holding the cluster may have been created private (mkdtemp); the cluster must be reachable.
  const parentMode = fs.statSync(parentDir).mode & 0o777;
  if ((parentMode & 0o001) === 0) fs.chmodSync(parentDir, parentMode | 0o011);
  if (fs.statSync(clusterDir).uid !== runAs.uid) {
    const chown = spawnSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, clusterDir], { encoding: 'utf8' });
    if (chown.status !== 0) throw new Error(`Cannot give ${clusterDir} to the user "${USER}": ${chown.stderr}`);
  }
  if (!userCan(runAs, [['-w', clusterDir]])) {
    throw new Error(
      `PostgreSQL cannot run as root, so the local engine runs it as the user "${USER}", who cannot reach ` +
        `${clusterDir}. Make the folders above it searchable by other users (chmod o+x), or set REFUTE_DATA_DIR ` +
        'to a folder in such folders.',
    );
  }
}
