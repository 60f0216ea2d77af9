/**
 * Indexes the local engine can use. FerretDB v1 creates B-tree indexes on `_jsonb -> 'field'`
 * for the indexes it is asked for, but pushes an equality filter down as
 * `(_jsonb -> 'field') @> 'value'`, which a B-tree cannot serve: every lookup, even by `_id`,
 * scans the table. A GIN index with jsonb_path_ops on the same expression serves `@>`, so
 * PostgreSQL answers those filters with a bitmap index scan. They are created here, on the
 * PostgreSQL tables behind each collection, for the fields filtered by equality; FerretDB does
 * not know of them and MongoDB never needs them.
 */
import type { Model } from 'mongoose';
import pg from 'pg';
import { ferretdbTables } from './ferretdbTables';

export interface EqualityFields {
  collection: string;
  fields: string[];
}

/** Equality filters of hot paths that no mongoose index leads with (the queue and feed filters). */
const FILTERED_FIELDS: Record<string, string[]> = {
  cases: ['lane', 'topic'],
  // Intake's lookup by (orgId, externalId): orgId alone would read every report of the platform.
  claims: ['externalId'],
  publications: ['topic', 'verdict', 'language', 'region'],
};

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Per collection: `_id`, the leading field of each of its indexes (queries filter on it by
 * equality) unless it is a date (ranges and sorts, which FerretDB does not push down) or nested
 * (not pushed down either), and the filter fields above.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- models of different document types
export function equalityFieldsOf(models: Array<Model<any>>): EqualityFields[] {
  return models.map((model) => {
    const collection = model.collection.collectionName;
    const leading = model.schema
      .indexes()
      .map(([keys]) => Object.keys(keys)[0]!)
      .filter((field) => FIELD_NAME.test(field) && model.schema.path(field)?.instance !== 'Date');
    return { collection, fields: [...new Set(['_id', ...leading, ...(FILTERED_FIELDS[collection] ?? [])])] };
  });
}

/** Whether to create them: REFUTE_ENGINE_INDEXES=off leaves them out, to measure what they do. */
export function equalityIndexesEnabled(): boolean {
  const value = process.env.REFUTE_ENGINE_INDEXES ?? 'on';
  if (value !== 'on' && value !== 'off') throw new Error(`REFUTE_ENGINE_INDEXES must be on or off, not "${value}"`);
  return value === 'on';
}

/** Adds the indexes the engine can use for equality filters on the models' collections in `database`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- models of different document types
export async function indexEqualityFields(postgresUrl: string, database: string, models: Array<Model<any>>): Promise<void> {
  if (equalityIndexesEnabled()) await createEqualityIndexes(postgresUrl, database, equalityFieldsOf(models));
}

/** Creates the GIN indexes for `database` (a FerretDB database is a PostgreSQL schema). */
export async function createEqualityIndexes(postgresUrl: string, database: string, wanted: EqualityFields[]): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const schema = client.escapeIdentifier(database);
    const tableOf = await ferretdbTables(client, database);
    for (const { collection, fields } of wanted) {
      const table = tableOf.get(collection);
      if (!table) continue;
      for (const field of fields) {
        const name = client.escapeIdentifier(`${table}_${field}_eq`.slice(0, 63));
        await client.query(
          `CREATE INDEX IF NOT EXISTS ${name} ON ${schema}.${client.escapeIdentifier(table)} USING gin ((_jsonb -> ${client.escapeLiteral(field)}) jsonb_path_ops)`,
        );
      }
    }
  } finally {
    await client.end();
  }
}
