import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { isRunning } from '../../server/src/db/childProcess';
import { connectDatabase } from '../../server/src/db/connect';
import { startLocalEngine } from '../../server/src/db/localEngine';
import { SHARED_CLUSTERS } from '../../server/src/db/postgresUser';
import { eventually } from '../support/sockets';

const ROOT = path.resolve(__dirname, '../..');

const cmdline = (pid: number) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');

/** A data folder for one test, removed after it. */
async function withDataDir(run: (dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-engine-'));
  try {
    await run(dataDir);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function countIn(uri: string, dbName: string): Promise<number> {
  const connection = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    return await connection.collection('probe').countDocuments();
  } finally {
    await connection.close();
  }
}

test('the local engine is FerretDB on PostgreSQL, on loopback, with its data in the data folder, stopped with its owner', async () => {
  await withDataDir(async (dataDir) => {
    const engine = await startLocalEngine(dataDir, () => undefined);
    expect(engine.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    expect(cmdline(engine.pids.ferretdb)).toContain('--handler=postgresql');
    expect(cmdline(engine.pids.ferretdb)).toContain('--telemetry=disable');
    // The PostgreSQL password is not on a command line that every user can read.
    expect(cmdline(engine.pids.ferretdb)).not.toContain('postgres://');
    expect(cmdline(engine.pids.postgres)).toContain(path.join(dataDir, 'postgres'));
    expect(cmdline(engine.pids.postgres)).toContain('listen_addresses=127.0.0.1');
    const clusterOwner = fs.statSync(path.join(dataDir, 'postgres')).uid;
    if (process.getuid?.() === 0) {
      // PostgreSQL refuses root: it runs as the postgres user, which owns its cluster.
      expect(clusterOwner).toBe(Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })));
    } else {
      expect(clusterOwner).toBe(process.getuid?.());
    }

    const connection = await mongoose.createConnection(engine.uri, { dbName: 'engine_check' }).asPromise();
    await connection.collection('probe').insertOne({ kept: true });
    await connection.close();
    await engine.stop();
    expect(isRunning(engine.pids.ferretdb)).toBe(false);
    expect(isRunning(engine.pids.postgres)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'ferretdb.pid'))).toBe(false);

    const again = await startLocalEngine(dataDir, () => undefined);
    try {
      expect(await countIn(again.uri, 'engine_check')).toBe(1);
    } finally {
      await again.stop();
    }
  });
});

test('an engine left behind by a killed owner is stopped by the next start, which keeps its data', async () => {
  await withDataDir(async (dataDir) => {
    // An owner process that starts the engine, writes, reports the pids and is then killed outright.
    const script = `
      const { startLocalEngine } = require(${JSON.stringify(path.join(ROOT, 'server/dist/db/localEngine.js'))});
      const mongoose = require('mongoose');
      startLocalEngine(process.argv[1], () => undefined).then(async (engine) => {
        const connection = await mongoose.createConnection(engine.uri, { dbName: 'engine_check' }).asPromise();
        await connection.collection('probe').insertOne({ before: 'the kill' });
        await connection.close();
        process.stdout.write(JSON.stringify(engine.pids) + '\\n');
      });`;
    execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-b', 'server'], { cwd: ROOT });
    const owner = spawn(process.execPath, ['-e', script, dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const pids = await new Promise<{ postgres: number; ferretdb: number }>((resolve) => owner.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()))));
    owner.kill('SIGKILL');
    await new Promise((resolve) => owner.once('exit', resolve));
    expect(isRunning(pids.postgres)).toBe(true);
    expect(isRunning(pids.ferretdb)).toBe(true);

    const engine = await startLocalEngine(dataDir, () => undefined);
    try {
      expect(isRunning(pids.postgres)).toBe(false);
      expect(isRunning(pids.ferretdb)).toBe(false);
      expect(await countIn(engine.uri, 'engine_check')).toBe(1);
    } finally {
      await engine.stop();
    }
  });
});

test.each([
  ['PostgreSQL', 'FerretDB', 'postgres'],
  ['FerretDB', 'PostgreSQL', 'ferretdb'],
] as const)('when %s dies, the owner is told and %s is stopped too', async (dying, other, key) => {
  await withDataDir(async (dataDir) => {
    const crashes: string[] = [];
    const engine = await startLocalEngine(dataDir, () => undefined, { onCrash: (message) => crashes.push(message) });
    try {
      process.kill(engine.pids[key], 'SIGKILL');
      await eventually(() => crashes.length > 0, 'the crash is reported', 20_000);
      expect(crashes).toHaveLength(1);
      expect(crashes[0]).toContain(`The local engine's ${dying} (pid ${engine.pids[key]}) was killed by SIGKILL`);
      expect(crashes[0]).toContain(`Its ${other} was stopped as well`);
      expect(isRunning(engine.pids.postgres)).toBe(false);
      expect(isRunning(engine.pids.ferretdb)).toBe(false);
    } finally {
      await engine.stop();
    }
  });
});

test('a data folder of the old SQLite engine is refused with the way to move it, and nothing is started', async () => {
  await withDataDir(async (dataDir) => {
    fs.writeFileSync(path.join(dataDir, 'refute.sqlite'), '');
    await expect(startLocalEngine(dataDir, () => undefined)).rejects.toThrow(/old local engine \(FerretDB on SQLite: refute\.sqlite\)[\s\S]*npm run engine:migrate/);
    expect(fs.existsSync(path.join(dataDir, 'postgres'))).toBe(false);
    await expect(connectDatabase({ dataDir, log: () => undefined })).rejects.toThrow(/^\S+ holds data of the old local engine/);
  });
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

test('a data folder inside a private folder still starts: the cluster goes where the PostgreSQL user can reach it', async () => {
  const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-private-'));
  fs.chmodSync(privateDir, 0o700);
  const dataDir = path.join(privateDir, 'data');
  const lines: string[] = [];
  let clusterDir = path.join(dataDir, 'postgres');
  try {
    const engine = await startLocalEngine(dataDir, (line) => lines.push(line));
    try {
      const args = cmdline(engine.pids.postgres);
      clusterDir = args.slice(args.indexOf('-D ') + 3).split(' ')[0]!;
      if (process.getuid?.() === 0) {
        // PostgreSQL runs as another user, who cannot pass the private folder.
        expect(clusterDir).toMatch(new RegExp(`^${SHARED_CLUSTERS}/[0-9a-f]{16}/postgres$`));
        expect(lines.join('\n')).toContain(`so its cluster is kept in ${clusterDir}`);
      } else {
        expect(clusterDir).toBe(path.join(dataDir, 'postgres'));
      }
      const connection = await mongoose.createConnection(engine.uri, { dbName: 'engine_check' }).asPromise();
      await connection.collection('probe').insertOne({ kept: true });
      await connection.close();
    } finally {
      await engine.stop();
    }
    // The next start finds the same cluster.
    const again = await startLocalEngine(dataDir, () => undefined);
    try {
      expect(cmdline(again.pids.postgres)).toContain(`-D ${clusterDir} `);
      expect(await countIn(again.uri, 'engine_check')).toBe(1);
    } finally {
      await again.stop();
    }
  } finally {
    fs.rmSync(privateDir, { recursive: true, force: true });
    if (clusterDir.startsWith(SHARED_CLUSTERS)) fs.rmSync(path.dirname(clusterDir), { recursive: true, force: true });
  }
});
