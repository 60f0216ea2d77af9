/**
 * `npm run matching:decisions [-- --out FILE]`: writes reviewers' decisions on pairs (a text, a
 * case) as JSON Lines, for calibrating the matcher (`pairDecisionsExport.ts`), to FILE or to
 * standard output; on MONGODB_URI or the local engine of REFUTE_DATA_DIR (with the server
 * stopped: the engine's data folder serves one process).
 */
import fs from 'node:fs';
import { parseConfig } from '../../config';
import { connectDatabase } from '../../db/connect';
import { labelledPairs, toJsonLines } from './pairDecisionsExport';

const note = (line: string) => process.stderr.write(`${line}\n`);

function outputFile(args: readonly string[]): string | null {
  const at = args.indexOf('--out');
  if (at === -1) return null;
  const file = args[at + 1];
  if (!file) throw new Error('--out needs a file name');
  return file;
}

async function main(): Promise<void> {
  const out = outputFile(process.argv.slice(2));
  const config = parseConfig();
  const database = await connectDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, log: note });
  try {
    const pairs = await labelledPairs();
    if (out) fs.writeFileSync(out, toJsonLines(pairs));
    else process.stdout.write(toJsonLines(pairs));
    const same = pairs.filter((pair) => pair.same).length;
    note(`${pairs.length} labelled pairs (${same} the same claim, ${pairs.length - same} not)${out ? ` written to ${out}` : ''}.`);
  } finally {
    await database.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`The export stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
