/**
 * Moves a data folder of the old local engine (FerretDB on SQLite) to the current one: the old
 * files are set aside, read through FerretDB on SQLite started just for this, and every
 * collection of every database is copied with its indexes into the engine on PostgreSQL.
 * Documents already copied are skipped, so an interrupted migration can be run again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mongo } from 'mongoose';
import { isDuplicateKeyError } from '../http/errors';
import { startFerretdb } from './ferretdb';
import { legacySqliteFiles, SET_ASIDE_DIR } from './legacySqlite';
import { startLocalEngine } from './localEngine';

const BATCH = 1000;

export interface MigrationResult {
  databases: number;
  collections: number;
  documents: number;
}

/** Moves each `.sqlite` file (with SQLite's -wal and -shm companions) into the set-aside folder. */
function setAside(dataDir: string, aside: string): void {
  for (const file of legacySqliteFiles(dataDir)) {
    fs.mkdirSync(aside, { recursive: true });
    for (const part of [file, `${file}-wal`, `${file}-shm`]) {
      if (fs.existsSync(part)) fs.renameSync(part, path.join(aside, path.basename(part)));
    }
  }
}

async function insertSkippingCopied(target: mongo.Collection, documents: mongo.Document[]): Promise<number> {
  try {
    return (await target.insertMany(documents, { ordered: false })).insertedCount;
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown[] }).writeErrors;
    const onlyDuplicates = Array.isArray(writeErrors) && writeErrors.every((writeError) => isDuplicateKeyError({ code: (writeError as { code?: number }).code }));
    if (!onlyDuplicates) throw error;
    return documents.length - writeErrors.length;
  }
}

async function copyCollection(source: mongo.Collection, target: mongo.Collection): Promise<number> {
  for (const index of await source.indexes()) {
    if (index.name === '_id_') continue;
    await target.createIndex(index.key, { name: index.name!, ...(index.unique ? { unique: true } : {}) });
  }
  let copied = 0;
  let batch: mongo.Document[] = [];
  for await (const document of source.find({}, { batchSize: BATCH })) {
    batch.push(document);
    if (batch.length === BATCH) {
      copied += await insertSkippingCopied(target, batch);
      batch = [];
    }
  }
  if (batch.length > 0) copied += await insertSkippingCopied(target, batch);
  return copied;
}

export async function migrateFromSqlite(dataDir: string, log: (line: string) => void): Promise<MigrationResult> {
  const dir = path.resolve(dataDir);
  const aside = path.join(dir, SET_ASIDE_DIR);
  setAside(dir, aside);
  if (legacySqliteFiles(aside).length === 0) throw new Error(`${dir} holds no data of the old local engine (no .sqlite files).`);

  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-migrate-'));
  const old = await startFerretdb({ args: ['--handler=sqlite', `--sqlite-url=file:${aside}/`] }, stateDir, log);
  const engine = await startLocalEngine(dir, log).catch(async (error: unknown) => {
    await old.process.stop('SIGTERM', 5000);
    throw error;
  });
  const from = new mongo.MongoClient(old.uri);
  const to = new mongo.MongoClient(engine.uri);
  const result: MigrationResult = { databases: 0, collections: 0, documents: 0 };
  try {
    const { databases } = await from.db('admin').admin().listDatabases();
    for (const { name } of databases) {
      result.databases += 1;
      for (const { name: collection } of await from.db(name).listCollections({ type: 'collection' }).toArray()) {
        const copied = await copyCollection(from.db(name).collection(collection), to.db(name).collection(collection));
        log(`${name}.${collection}: ${copied} documents copied`);
        result.collections += 1;
        result.documents += copied;
      }
    }
    return result;
  } finally {
    await from.close();
    await to.close();
    await engine.stop();
    await old.process.stop('SIGTERM', 5000);
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}
