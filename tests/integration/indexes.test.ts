import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import pg from 'pg';
// The app registers every model the server has.
import '../../server/src/app';
import { ensureIndexes, INDEXED_MODELS } from '../../server/src/db/indexes';
import { startLocalEngine } from '../../server/src/db/localEngine';
import { ExpertProfileModel } from '../../server/src/features/experts/model';
import { CaseOfferModel, RoutingRoundModel } from '../../server/src/features/routing/model';
import { eventually } from '../support/sockets';

afterEach(async () => {
  if (mongoose.connection.readyState === mongoose.ConnectionStates.connected) await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
});

const keysOf = (key: Record<string, unknown>) => JSON.stringify(Object.entries(key).map(([field, order]) => [field, Number(order)]));

test('every registered model has its collection and indexes created at boot', async () => {
  const registered = mongoose.modelNames();
  expect(registered.length).toBeGreaterThan(10);
  expect(registered.filter((name) => !INDEXED_MODELS.some((model) => model.modelName === name))).toEqual([]);

  await mongoose.connect(process.env.MONGODB_URI!, { dbName: `refute_idx_${randomBytes(6).toString('hex')}`, autoIndex: false });
  await ensureIndexes();
  for (const name of registered) {
    const model = mongoose.model(name);
    const existing = (await model.collection.indexes()).map((index) => keysOf(index.key));
    for (const [key] of model.schema.indexes()) expect({ name, index: existing.includes(keysOf(key)) }).toEqual({ name, index: true });
  }
});

test('one expert profile per person and one offer per case and expert: the unique indexes refuse a second', async () => {
  await mongoose.connect(process.env.MONGODB_URI!, { dbName: `refute_idx_${randomBytes(6).toString('hex')}`, autoIndex: false });
  await ensureIndexes();
  const userId = new mongoose.Types.ObjectId();
  const profile = { userId, domains: ['health' as const], region: '330102', languages: ['zh' as const], capacity: 2 };
  await ExpertProfileModel.create(profile);
  await expect(ExpertProfileModel.create({ ...profile, capacity: 3 })).rejects.toMatchObject({ code: 11000 });
  const offer = { caseId: new mongoose.Types.ObjectId(), expertId: userId, round: 1, status: 'offered' as const, score: 50, offeredAt: new Date() };
  await CaseOfferModel.create(offer);
  await expect(CaseOfferModel.create({ ...offer, round: 2 })).rejects.toMatchObject({ code: 11000 });
  const round = { caseId: offer.caseId, round: 1, reason: 'opened' as const, topic: 'health' as const, lane: 'normal' as const, outcome: 'none' as const, at: new Date() };
  await RoutingRoundModel.create({ _id: `${String(offer.caseId)}:1`, ...round });
  await expect(RoutingRoundModel.create({ _id: `${String(offer.caseId)}:1`, ...round, outcome: 'offered' as const })).rejects.toMatchObject({ code: 11000 });
});

test('on the local engine, equality filters by _id and by indexed fields are served by an index', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-engine-'));
  const engine = await startLocalEngine(dataDir, () => undefined);
  try {
    await mongoose.connect(engine.uri, { dbName: 'index_check', autoIndex: false });
    await ensureIndexes(engine);
    const cases = mongoose.connection.collection('cases');
    const lanes = ['normal', 'hot', 'emergency'];
    await cases.insertMany(Array.from({ length: 3000 }, (_, i) => ({ _id: new mongoose.Types.ObjectId(), lane: lanes[i % 3], title: `case ${i}` })));
    const target = await cases.findOne({ title: 'case 1234' });

    // FerretDB's explain shows PostgreSQL's plan: which index scans serve the filter.
    const indexScans = async (filter: Record<string, unknown>) =>
      [...JSON.stringify(await cases.find(filter).explain()).matchAll(/"Index Name":"cases_[0-9a-f]+_(\w+)"/g)].map((match) => match[1]);
    expect(await indexScans({ _id: target!._id })).toEqual(['_id_eq']);
    expect(await indexScans({ lane: 'emergency', title: 'case 2' })).toEqual(['lane_eq']);
    // A field that no hot path filters by equality stays unindexed.
    expect(await indexScans({ title: 'case 2' })).toEqual([]);

    // The escalation scheduler's read of due steps, and the checklist's read of a case's ticks.
    const steps = mongoose.connection.collection('escalation_steps');
    await steps.insertMany(Array.from({ length: 3000 }, (_, i) => ({ _id: `step-${i}`, state: i % 100 === 0 ? 'pending' : 'done', dueAt: new Date() })) as never);
    const stepScans = [...JSON.stringify(await steps.find({ state: 'pending' }).explain()).matchAll(/"Index Name":"escalation_steps_[0-9a-f]+_(\w+)"/g)].map((match) => match[1]);
    expect(stepScans).toEqual(['state_eq']);
    const ticks = mongoose.connection.collection('checklist_ticks');
    const caseId = new mongoose.Types.ObjectId();
    await ticks.insertMany(Array.from({ length: 2000 }, (_, i) => ({ _id: `tick-${i}`, caseId: i === 7 ? caseId : new mongoose.Types.ObjectId(), itemId: 'x' })) as never);
    const tickScans = [...JSON.stringify(await ticks.find({ caseId }).explain()).matchAll(/"Index Name":"checklist_ticks_[0-9a-f]+_(\w+)"/g)].map((match) => match[1]);
    expect(tickScans).toEqual(['caseId_eq']);
  } finally {
    await mongoose.disconnect();
    await engine.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("on the local engine, lookups by _id stay on the index once a collection has grown, on FerretDB's reused statements", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-engine-'));
  const engine = await startLocalEngine(dataDir, () => undefined);
  const postgres = new pg.Client({ connectionString: engine.postgresUrl });
  try {
    await mongoose.connect(engine.uri, { dbName: 'plan_check', autoIndex: false, maxPoolSize: 1 });
    await ensureIndexes(engine);
    const cases = mongoose.connection.collection('cases');
    const ids = Array.from({ length: 3000 }, () => new mongoose.Types.ObjectId());
    // While the collection is small, a scan costs as little as the index: PostgreSQL would settle on one plan for the statement then.
    await cases.insertMany(ids.slice(0, 5).map((_id) => ({ _id, title: 'early' })));
    for (let round = 0; round < 20; round++) await cases.findOne({ _id: ids[round % 5] });
    await cases.insertMany(ids.slice(5).map((_id) => ({ _id, title: 'later' })));
    await postgres.connect();
    const indexScans = async () =>
      Number((await postgres.query<{ scans: string }>("SELECT coalesce(sum(idx_scan), 0) AS scans FROM pg_stat_user_indexes WHERE schemaname = 'plan_check' AND indexrelname LIKE 'cases%\\_id\\_eq'")).rows[0]!.scans);
    const before = await indexScans();
    for (let round = 0; round < 20; round++) expect(await cases.findOne({ _id: ids[1000 + round] })).toMatchObject({ title: 'later' });
    // A backend reports its statistics when idle, at most about ten seconds after a query.
    await eventually(async () => (await indexScans()) - before >= 20, 'twenty lookups served by the _id index', 30_000);
  } finally {
    await postgres.end().catch(() => undefined);
    await mongoose.disconnect();
    await engine.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
