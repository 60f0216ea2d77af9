/**
 * Where FerretDB keeps each collection on PostgreSQL: a FerretDB database is a schema, and its
 * metadata table names the table of each collection.
 */
import pg from 'pg';

/** The tables of `database`'s collections, by collection name (as stored, not escaped). */
export async function ferretdbTables(db: pg.Pool | pg.Client, database: string): Promise<Map<string, string>> {
  const found = await db.query<{ collection: string; table: string }>(
    `SELECT _jsonb ->> '_id' AS collection, _jsonb ->> 'table' AS table FROM ${pg.escapeIdentifier(database)}._ferretdb_database_metadata`,
  );
  return new Map(found.rows.map((row) => [row.collection, row.table]));
}
