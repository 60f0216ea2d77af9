/**
 * `npm run matching:retokenize`: rewrites the matching tokens of every stored report made by an
 * older tokenizer version (`retokenize.ts`), printing the progress; on MONGODB_URI or the local
 * engine of REFUTE_DATA_DIR (with the server stopped: the engine's data folder serves one
 * process). A server does the same by itself at start; this runs it ahead of a deployment.
 * Servers started afterwards load their matching index from the database, not from a snapshot
 * taken under the older version.
 */
import { parseConfig } from '../../config';
import { connectDatabase } from '../../db/connect';
import { TOKENIZER_VERSION } from '../matching/tokens';
import { retokenizeReports } from './retokenize';

const note = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const config = parseConfig();
  const database = await connectDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, log: note });
  try {
    const began = Date.now();
    const result = await retokenizeReports({ onChunk: (done) => note(`${done.rewritten} reports re-tokenised of ${done.scanned} read`) });
    note(`Tokenizer version ${TOKENIZER_VERSION}: ${result.rewritten} of ${result.scanned} reports re-tokenised in ${((Date.now() - began) / 1000).toFixed(1)} s.`);
  } finally {
    await database.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Re-tokenising stopped (run it again to go on): ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
