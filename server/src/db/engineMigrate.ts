/** `npm run engine:migrate`: moves REFUTE_DATA_DIR (default ./data) from the old SQLite engine. */
import path from 'node:path';
import { migrateFromSqlite } from './migrateFromSqlite';

const dataDir = path.resolve(process.env.REFUTE_DATA_DIR ?? 'data');
const say = (line: string) => process.stdout.write(`${line}\n`);

migrateFromSqlite(dataDir, say).then(
  ({ databases, collections, documents }) => {
    say(`Moved ${documents} documents in ${collections} collections of ${databases} databases into the local engine on PostgreSQL in ${dataDir}.`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`The migration stopped: ${error instanceof Error ? error.message : String(error)}\nIt can be run again: documents already copied are skipped.\n`);
    process.exit(1);
  },
);
