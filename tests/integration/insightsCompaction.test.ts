import { mondayOf } from '@refute/shared';
import { buildClaimReport } from '../../fixtures/factories';
import { compactPeriod, compactSettled } from '../../server/src/features/insights/compaction';
import { InsightCompactionModel, InsightRollupModel, type RollupRecord } from '../../server/src/features/insights/model';
import { rebuildRollups } from '../../server/src/features/insights/rebuild';
import { generationOf, settledWriter } from '../../server/src/features/insights/settled';
import { RollupWriter } from '../../server/src/features/insights/writer';
import { HttpClient } from '../support/http';
import { figuresOf, quietFiguresOf } from '../support/insightFigures';
import { eventually } from '../support/sockets';
import { twoServerProcesses } from '../support/twoProcesses';

/**
 * Compaction of settled periods on the real engine, with two server processes writing rollups
 * of the same day: the documents of both writers become one settled document per scope and
 * topic (one a single writer wrote is already one packed document and stays), two compactions at once count nothing twice, a crash between a settled document's
 * insert and its sources' deletion counts nothing twice either, a late increment to a compacted
 * period is kept apart and merged by the next compaction, and all along the figures are those of
 * a rebuild from the records.
 */
/** The second process writes its rollups as often as this test's own process does (testApp.ts). */
const FLUSH_MS = 200;
const both = twoServerProcesses(undefined, { REFUTE_INSIGHTS_FLUSH_MS: String(FLUSH_MS) });

const today = new Date().toISOString().slice(0, 10);
const week = `w${mondayOf(today)}`;
/** A moment at which today and its week are settled (their end, and an hour more, passed). */
const later = new Date(Date.parse(`${mondayOf(today)}T00:00:00Z`) + 7 * 86_400_000 + 2 * 3_600_000);

const figures = () => figuresOf(both.team.lead, today);
/** Still over five flushes of both processes. */
const quietFigures = () => quietFiguresOf(both.team.lead, today, 5 * FLUSH_MS);
const documentsOf = (period: string) => InsightRollupModel.find({ period }).lean<Array<RollupRecord & { read: string }>>();
const writersOf = async (period: string) => new Set((await documentsOf(period)).map((doc) => doc.writer));

test('two processes write a day, compaction merges it into one settled document per scope and topic, and the figures stay those of a rebuild', async () => {
  const viaOther = new HttpClient(both.other.baseUrl, { apiKey: both.team.platform.apiKey });
  const regions = ['440305', '110101', '310101', undefined];
  for (let n = 0; n < 8; n += 1) {
    const via = n % 2 === 0 ? viaOther : both.team.platform.http;
    expect((await via.post('/api/v1/claims', buildClaimReport({ region: regions[n % regions.length] }))).status).toBe(201);
  }
  // Both processes flush within a moment: until then the figures grow.
  await eventually(async () => (await figures()).reports.total === 8 && (await figures()).cases.opened === 8, 'both processes counted their reports');
  await eventually(async () => [...(await writersOf(today))].length === 2, 'the day has documents of two writers');
  const live = await quietFigures();
  // The scopes and topics both processes wrote: each writer's document is merged into one.
  const sharedReads = async (period: string) => {
    const writers = new Map<string, number>();
    for (const doc of await documentsOf(period)) writers.set(doc.read, (writers.get(doc.read) ?? 0) + 1);
    return new Set([...writers].filter(([, count]) => count > 1).map(([read]) => read));
  };
  const shared = new Map([[today, await sharedReads(today)], [week, await sharedReads(week)]]);
  expect(shared.get(today)!.size).toBeGreaterThan(0);

  // Two compactions at once, as two processes' would: one claims the period, the other passes
  // it; and two compactions of the same period that both read its documents: one settled
  // document's insert wins, the other is refused.
  await Promise.all([compactSettled({ periods: [today, week], now: later }), compactSettled({ periods: [today, week], now: later })]);
  await Promise.all([compactPeriod(today), compactPeriod(today)]);
  for (const period of [today, week]) {
    const docs = await documentsOf(period);
    expect(docs.length).toBeGreaterThan(0);
    // One packed document per scope and topic: a settled one where both wrote, else its one writer's as written.
    expect(docs.every((doc) => typeof doc.packed === 'string')).toBe(true);
    expect(new Set(docs.map((doc) => doc.read)).size).toBe(docs.length);
    expect(docs.filter((doc) => shared.get(period)!.has(doc.read)).every((doc) => doc.writer === 'settled-1')).toBe(true);
    expect(docs.filter((doc) => doc.writer === 'settled-1')).toHaveLength(shared.get(period)!.size);
  }
  expect((await InsightCompactionModel.findById(today).lean())?.completedAt).toBeInstanceOf(Date);
  expect(await figures()).toEqual(live);

  await rebuildRollups();
  expect(await figures()).toEqual(live);
});

test('a crash between a settled document and the deletion of its sources counts nothing twice; the next compaction deletes them', async () => {
  // The rebuild wrote the day afresh: compacted again.
  await compactSettled({ periods: [today], now: later });
  const before = await figures();
  const period = today;
  // A source of the settled document the lead's figures read put back, as if its compaction had
  // stopped before deleting it.
  const settled = (await documentsOf(period)).find((doc) => doc.scope === 'CN' && doc.topic === '*')!;
  const writer = new RollupWriter('crash-test');
  writer.add([{ key: { period, read: settled.read, scope: settled.scope, topic: settled.topic as '*' }, inc: { 'reports.n': 1000 } }]);
  await writer.flush();
  const source = (await InsightRollupModel.findOne({ period, writer: 'crash-test' }).lean<RollupRecord>())!;
  await InsightRollupModel.updateOne({ _id: settled._id }, { $push: { merged: source._id } });
  expect(await figures()).toEqual(before);
  await compactPeriod(period);
  expect(await InsightRollupModel.countDocuments({ writer: 'crash-test' })).toBe(0);
  expect(await figures()).toEqual(before);
});

test('a late increment to a compacted period is inserted apart, counted, and merged by the next compaction', async () => {
  const before = await figures();
  const settled = (await documentsOf(today)).find((doc) => doc.scope === 'CN' && doc.topic === '*')!;
  // A writer whose clock is past the day's settling (a flush that kept failing, or the rebuild).
  const writer = new RollupWriter('late-test', () => later.getTime());
  const key = { period: today, read: settled.read, scope: 'CN', topic: '*' as const };
  writer.add([{ key, inc: { 'reports.n': 2, 'reports.lane.normal': 2 } }]);
  await writer.flush();
  writer.add([{ key, inc: { 'reports.n': 1, 'reports.lane.normal': 1 } }]);
  await writer.flush();
  // Each flush inserted a document of its own; the day is to be compacted again.
  expect([...(await writersOf(today))].filter((name) => name.startsWith('late-test')).sort()).toEqual(['late-test~1', 'late-test~2']);
  expect(await InsightCompactionModel.findById(today).lean()).toBeNull();
  const withLate = await figures();
  expect(withLate.reports.total).toBe(before.reports.total + 3);
  expect(withLate.reports.byLane.normal).toBe((before.reports.byLane.normal ?? 0) + 3);

  await compactSettled({ periods: [today], now: later });
  const docs = (await documentsOf(today)).filter((doc) => doc.read === settled.read);
  // One settled document of the next generation (the one read before may be a single writer's, packed as written: generation 0).
  expect(docs.map((doc) => doc.writer)).toEqual([settledWriter(generationOf(settled.writer) + 1)]);
  expect(await figures()).toEqual(withLate);
});
