/**
 * The matching index's snapshot: a restart reads it and the feed since it instead of every
 * report, and still matches what was reported while it was down; a corrupt snapshot, one of
 * another database or one older than what the feed holds is set aside with a reason, and the
 * index is loaded from the database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildClaimReport } from '../../fixtures/factories';
import { IndexMarkModel } from '../../server/src/features/matching/indexMarksModel';
import { HttpClient } from '../support/http';
import { startServerProcess } from '../support/serverProcess';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-snapshot-'));
const snapshotFile = path.join(dataDir, 'match-index.snapshot');
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function report(client: HttpClient, text: string): Promise<string> {
  const response = await client.post('/api/v1/claims', buildClaimReport({ text }));
  expect(response.status).toBe(201);
  return (response.body as { caseId: string }).caseId;
}

/** Starts a server on the shared data folder and returns what its index load said, and a client. */
async function restart() {
  const server = await startServerProcess(suite.app.mongodbUri, { REFUTE_DATA_DIR: dataDir });
  const loaded = /Matching index: .*loaded .*|Matching index: snapshot not used, [^\n]*/g;
  return { server, said: server.output().match(loaded) ?? [], client: new HttpClient(server.baseUrl, { apiKey: suite.team.platform.apiKey }) };
}

const before = 'Drinking vinegar every morning dissolves arterial plaque within a month';
const whileDown = '每天早上喝一杯淡盐水能把血管里的斑块冲干净，坚持一个月就见效';

test('a restart loads the snapshot written at stop and the reports made while it was down', async () => {
  const first = await restart();
  const beforeCase = await report(first.client, before);
  await first.server.stop();
  expect(fs.existsSync(snapshotFile)).toBe(true);

  // Reported through another process while this one is down: in the feed, not in the snapshot.
  const whileDownCase = await report(suite.team.platform.http, whileDown);

  const second = await restart();
  try {
    expect(second.said.join('\n')).toMatch(/loaded from its snapshot and the feed since/);
    expect(await report(second.client, 'Drinking vinegar every morning dissolves arterial plaque within one month!')).toBe(beforeCase);
    expect(await report(second.client, '每天早上喝一杯淡盐水，能把血管里的斑块冲干净，坚持一个月见效')).toBe(whileDownCase);
  } finally {
    await second.server.stop();
  }
});

test('a corrupt snapshot is set aside and the index is loaded from the database', async () => {
  const bytes = fs.readFileSync(snapshotFile);
  bytes[bytes.length - 10] = (bytes[bytes.length - 10]! + 1) % 256;
  fs.writeFileSync(snapshotFile, bytes);
  const started = await restart();
  try {
    expect(started.said.join('\n')).toMatch(/snapshot not used, corrupt \(checksum mismatch\)/);
    expect(started.said.join('\n')).toMatch(/loaded from the database/);
    expect(await report(started.client, 'Drinking vinegar each morning dissolves arterial plaque within a month')).toBe(await report(suite.team.platform.http, before));
  } finally {
    await started.server.stop();
  }
});

test('a snapshot older than what the feed still holds, or of another database, is rebuilt', async () => {
  await IndexMarkModel.updateOne({ _id: 'feed-pruned-before' }, { $set: { at: new Date(Date.now() + 60_000) } }, { upsert: true });
  const pruned = await restart();
  await pruned.server.stop();
  expect(pruned.said.join('\n')).toMatch(/snapshot not used, the feed no longer holds everything since it/);
  await IndexMarkModel.deleteOne({ _id: 'feed-pruned-before' });

  // A new database mark: what a bulk load past the server leaves.
  await IndexMarkModel.deleteOne({ _id: 'database' });
  const otherDatabase = await restart();
  try {
    expect(otherDatabase.said.join('\n')).toMatch(/snapshot not used, taken of another database/);
    expect(await report(otherDatabase.client, before)).toBe(await report(suite.team.platform.http, before));
  } finally {
    await otherDatabase.server.stop();
  }
});
