import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mongo } from 'mongoose';
import { startFerretdb } from '../../server/src/db/ferretdb';
import { startLocalEngine } from '../../server/src/db/localEngine';
import { migrateFromSqlite } from '../../server/src/db/migrateFromSqlite';

/** Writes a data folder as the old local engine (FerretDB on SQLite) left it. */
async function writeOldDataDir(dataDir: string): Promise<void> {
  const old = await startFerretdb({ args: ['--handler=sqlite', `--sqlite-url=file:${dataDir}/`] }, dataDir, () => undefined);
  const client = new mongo.MongoClient(old.uri);
  try {
    const db = client.db('refute');
    await db.collection('claims').createIndex({ orgId: 1, externalId: 1 }, { unique: true, name: 'orgId_1_externalId_1' });
    await db.collection('claims').insertMany(Array.from({ length: 2500 }, (_, i) => ({ orgId: 'o1', externalId: `x-${i}`, text: `report ${i}` })));
    await db.collection('cases').insertOne({ _id: 'case-1' as never, status: 'published', reports: 2500 });
  } finally {
    await client.close();
    await old.process.stop('SIGTERM', 5000);
  }
}

test('engine:migrate copies every collection of an old SQLite data folder, with its indexes, into the engine on PostgreSQL', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-migrate-'));
  try {
    await writeOldDataDir(dataDir);
    expect(fs.existsSync(path.join(dataDir, 'refute.sqlite'))).toBe(true);
    await expect(startLocalEngine(dataDir, () => undefined)).rejects.toThrow(/old local engine/);

    const result = await migrateFromSqlite(dataDir, () => undefined);
    expect(result).toEqual({ databases: 1, collections: 2, documents: 2501 });
    expect(fs.existsSync(path.join(dataDir, 'refute.sqlite'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'sqlite-old', 'refute.sqlite'))).toBe(true);
    // Run again (say, after an interruption): nothing is copied twice.
    expect(await migrateFromSqlite(dataDir, () => undefined)).toEqual({ databases: 1, collections: 2, documents: 0 });

    const engine = await startLocalEngine(dataDir, () => undefined);
    const client = new mongo.MongoClient(engine.uri);
    try {
      const db = client.db('refute');
      expect(await db.collection('claims').countDocuments()).toBe(2500);
      expect(await db.collection('cases').findOne({ _id: 'case-1' as never })).toEqual({ _id: 'case-1', status: 'published', reports: 2500 });
      await expect(db.collection('claims').insertOne({ orgId: 'o1', externalId: 'x-7' })).rejects.toMatchObject({ code: 11000 });
    } finally {
      await client.close();
      await engine.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('engine:migrate on a folder without old data says so', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-migrate-'));
  try {
    await expect(migrateFromSqlite(dataDir, () => undefined)).rejects.toThrow(/holds no data of the old local engine/);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
