/**
 * The local MongoDB-compatible engine: FerretDB v1 on its PostgreSQL backend, on a PostgreSQL
 * from npm, with everything under one data folder. Both processes are started and stopped
 * together; if either dies, the other is stopped and the owner is told why.
 */
import path from 'node:path';
import type { EngineProcess } from './childProcess';
import { startFerretdb } from './ferretdb';
import { refuseLegacyDataDir } from './legacySqlite';
import { startPostgres } from './postgres';

export interface LocalEngine {
  uri: string;
  /** postgres:// URL of the storage underneath, for the engine's own tuning (queryIndexes.ts). */
  postgresUrl: string;
  pids: { postgres: number; ferretdb: number };
  stop(): Promise<void>;
}

export interface LocalEngineOptions {
  /** Called once if PostgreSQL or FerretDB exits while the engine is meant to run. */
  onCrash?: (message: string) => void;
}

function describeExit(engineProcess: EngineProcess, code: number | null, signal: string | null): string {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return `The local engine's ${engineProcess.name} (pid ${engineProcess.pid}) ${how}. Last output:\n${engineProcess.output().trim()}`;
}

export async function startLocalEngine(dataDir: string, log: (line: string) => void, options: LocalEngineOptions = {}): Promise<LocalEngine> {
  const dir = path.resolve(dataDir);
  refuseLegacyDataDir(dir);
  const postgres = await startPostgres(dir, log);
  let ferretdb;
  try {
    ferretdb = await startFerretdb({ args: ['--handler=postgresql'], env: { FERRETDB_POSTGRESQL_URL: postgres.url } }, dir, log);
  } catch (error) {
    await postgres.process.stop('SIGINT', 15_000);
    throw error;
  }

  let stopping = false;
  const stopBoth = async () => {
    await ferretdb.process.stop('SIGTERM', 5000);
    await postgres.process.stop('SIGINT', 15_000);
  };
  for (const [dead, other] of [
    [postgres.process, ferretdb.process],
    [ferretdb.process, postgres.process],
  ] as const) {
    void dead.exited.then(async ({ code, signal }) => {
      if (stopping) return;
      stopping = true;
      const message = `${describeExit(dead, code, signal)}\nIts ${other.name} was stopped as well.`;
      await stopBoth();
      (options.onCrash ?? log)(message);
    });
  }

  return {
    uri: ferretdb.uri,
    postgresUrl: postgres.url,
    pids: { postgres: postgres.process.pid, ferretdb: ferretdb.process.pid },
    async stop() {
      stopping = true;
      await stopBoth();
    },
  };
}
