import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { startLocalEngine, type LocalEngine } from '../../server/src/db/localEngine';

declare global {
  var refuteTestEngine: { engine: LocalEngine; dataDir: string } | undefined;
}

/** One real engine for the whole run; each test file works in a database of its own. */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) return;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-test-'));
  const engine = await startLocalEngine(dataDir, (line) => process.stderr.write(`${line}\n`));
  process.env.MONGODB_URI = engine.uri;
  // Test apps know the engine's PostgreSQL as a server that started it does (equality indexes, direct lookups).
  process.env.REFUTE_TEST_POSTGRES_URL = engine.postgresUrl;
  globalThis.refuteTestEngine = { engine, dataDir };
}
