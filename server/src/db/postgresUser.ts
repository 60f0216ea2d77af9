/**
 * PostgreSQL refuses to run as root. When the server runs as root (CI, containers), the local
 * engine runs PostgreSQL as the system user `postgres`, created if missing, and hands it the
 * cluster folder; as any other user PostgreSQL runs as that user.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export interface RunAs {
  uid: number;
  gid: number;
}

const USER = 'postgres';

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

/** Gives the cluster folder to the PostgreSQL user and checks that it can reach its binary. */
export function handOver(runAs: RunAs | undefined, clusterDir: string, dataDir: string, postgresBinary: string): void {
  if (!runAs) return;
  // The data folder may have been created private (mkdtemp); the cluster inside must be reachable.
  const dataMode = fs.statSync(dataDir).mode & 0o777;
  if ((dataMode & 0o001) === 0) fs.chmodSync(dataDir, dataMode | 0o011);
  if (fs.statSync(clusterDir).uid !== runAs.uid) {
    const chown = spawnSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, clusterDir], { encoding: 'utf8' });
    if (chown.status !== 0) throw new Error(`Cannot give ${clusterDir} to the user "${USER}": ${chown.stderr}`);
  }
  const check = spawnSync('/bin/sh', ['-c', 'test -x "$1" && test -w "$2"', 'sh', postgresBinary, clusterDir], { ...runAs, cwd: '/' });
  if (check.status !== 0) {
    throw new Error(
      `PostgreSQL cannot run as root, so the local engine runs it as the user "${USER}", who cannot reach ` +
        `${postgresBinary} or write to ${clusterDir}. Make the folders above them searchable by other users ` +
        '(chmod o+x), or keep the project and REFUTE_DATA_DIR in such folders.',
    );
  }
}
