import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { connectDatabase } from '../../server/src/db/connect';
import { startLocalEngine } from '../../server/src/db/localEngine';

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('the local engine listens on loopback, keeps its data in the data folder and stops with its owner', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-engine-'));
  try {
    const engine = await startLocalEngine(dataDir, () => undefined);
    expect(engine.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    const pid = Number(fs.readFileSync(path.join(dataDir, 'ferretdb.pid'), 'utf8'));
    expect(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain('--telemetry=disable');

    const connection = await mongoose.createConnection(engine.uri, { dbName: 'engine_check' }).asPromise();
    await connection.collection('probe').insertOne({ kept: true });
    await connection.close();
    expect(fs.readdirSync(dataDir).some((file) => file.startsWith('engine_check'))).toBe(true);

    await engine.stop();
    expect(isRunning(pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'ferretdb.pid'))).toBe(false);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('an engine left behind by a killed owner is replaced on the next start', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-engine-'));
  try {
    const first = await startLocalEngine(dataDir, () => undefined);
    const orphan = Number(fs.readFileSync(path.join(dataDir, 'ferretdb.pid'), 'utf8'));
    const second = await startLocalEngine(dataDir, () => undefined);
    expect(isRunning(orphan)).toBe(false);
    await second.stop();
    await first.stop();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('an unreachable MONGODB_URI gives a clear error naming it, without the password', async () => {
  await expect(
    connectDatabase({
      mongodbUri: 'mongodb://user:secret@127.0.0.1:9/refute',
      dataDir: os.tmpdir(),
      log: () => undefined,
      serverSelectionTimeoutMS: 500,
    }),
  ).rejects.toThrow(/Cannot connect to MongoDB at mongodb:\/\/\*\*\*@127\.0\.0\.1:9\/refute/);
});
