/**
 * `npm run insights:rebuild`: recomputes the insight rollups from the records, on MONGODB_URI
 * or the local engine of REFUTE_DATA_DIR (with the server stopped: the engine's data folder
 * serves one process).
 */
import { parseConfig } from '../../config';
import { connectDatabase } from '../../db/connect';
import { ensureIndexes } from '../../db/indexes';
import { rebuildRollups } from './rebuild';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const config = parseConfig();
  const database = await connectDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, log: say });
  try {
    await ensureIndexes(database.engine);
    const started = Date.now();
    const result = await rebuildRollups(say);
    say(`Rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.reports} reports and ${result.cases} cases in ${result.documents} rollup documents.`);
  } finally {
    await database.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`The rebuild stopped: ${error instanceof Error ? error.message : String(error)}\nIt can be run again: it starts from the records each time.\n`);
    process.exit(1);
  },
);
