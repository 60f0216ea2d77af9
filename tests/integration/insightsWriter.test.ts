import { InsightRollupModel } from '../../server/src/features/insights/model';
import { forgetKeptFigures, readRollups, SETTLED_AFTER_MS } from '../../server/src/features/insights/summary';
import { rollupDocumentOf, RollupWriter } from '../../server/src/features/insights/writer';
import type { Increment } from '../../server/src/features/insights/facts';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Rollups on the real engine. The writer: documents it has not written are inserted, those it
 * wrote before set to its counters now, all packed into one JSON string; a document written
 * already by an earlier run of the same writer (an insert refused as a duplicate) has its counts
 * added in; the counts add up alike. The reader: the documents of settled weeks and days are kept
 * a while, today's read afresh.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const key = (period: string, scope: string) => ({ period, read: `w2026-03-02|${scope}|*`, scope, topic: '*' as const });
const increments = (by: number): Increment[] => [
  { key: key('2026-03-03', 'CN'), inc: { 'reports.n': by, 'reports.lane.hot': 1, 'reports.region.r440000': by } },
  { key: key('2026-03-03', '440000'), inc: { 'reports.n': by, 'resp.hot.org.oabc.met': 1 } },
  { key: key('w2026-03-02', 'CN'), inc: { 'reports.n': by, 'days.d2026-03-03.reports.n': by } },
];
type Doc = Record<string, unknown>;
const byKey = (a: Doc, b: Doc) => `${String(a.period)}${String(a.scope)}`.localeCompare(`${String(b.period)}${String(b.scope)}`);
/**
 * A writer's documents, each stored packed (one JSON string), with its counters unpacked; each
 * carries the number of the flush that wrote it (what crash recovery reads, insightsRecovery.test.ts).
 */
const stored = async (writer: string) =>
  (await InsightRollupModel.find({ writer }, { _id: 0 }).lean<Doc[]>())
    .map(({ packed, seq, ...key }) => {
      expect(typeof packed).toBe('string');
      expect(seq).toEqual(expect.any(Number));
      return { ...key, ...(JSON.parse(packed as string) as Doc) };
    })
    .sort(byKey);

test('new documents are inserted packed, known ones set to the counts now, and one written before by the same writer is added to', async () => {
  // A writer of those days (a period's documents are incremented until half an hour after it ended).
  const clock = () => Date.parse('2026-03-03T12:00:00Z');
  const writer = new RollupWriter('writer-test', clock);
  writer.add(increments(2));
  writer.add(increments(3));
  await writer.flush();
  expect(await stored('writer-test')).toEqual(
    [
      rollupDocumentOf({ key: key('2026-03-03', '440000'), inc: { 'reports.n': 5, 'resp.hot.org.oabc.met': 2 } }, 'writer-test'),
      rollupDocumentOf({ key: key('2026-03-03', 'CN'), inc: { 'reports.n': 5, 'reports.lane.hot': 2, 'reports.region.r440000': 5 } }, 'writer-test'),
      rollupDocumentOf({ key: key('w2026-03-02', 'CN'), inc: { 'reports.n': 5, 'days.d2026-03-03.reports.n': 5 } }, 'writer-test'),
    ].sort(byKey),
  );
  // The same writer again (its documents known: set whole), then a writer of the same id that
  // knows none of them (its inserts refused as duplicates, their counts added in), and a new document.
  writer.add(increments(1));
  await writer.flush();
  const again = new RollupWriter('writer-test', clock);
  again.add([...increments(4), { key: key('2026-03-04', 'CN'), inc: { 'opened.n': 1 } }]);
  await again.flush();
  const docs = await stored('writer-test');
  expect(docs).toHaveLength(4);
  expect(docs.map((doc) => (doc.reports as { n?: number } | undefined)?.n ?? null)).toEqual([10, 10, null, 10]);
  expect(docs.find((doc) => doc.scope === 'CN' && doc.period === '2026-03-03')).toMatchObject({ reports: { lane: { hot: 4 }, region: { r440000: 10 } } });
  expect(docs.find((doc) => doc.scope === '440000')).toMatchObject({ resp: { hot: { org: { oabc: { met: 4 } } } } });
  expect(docs.find((doc) => doc.period === 'w2026-03-02')).toMatchObject({ days: { 'd2026-03-03': { reports: { n: 10 } } } });
  expect(docs.find((doc) => doc.period === '2026-03-04')).toMatchObject({ opened: { n: 1 } });
  expect(writer.pendingDocuments + again.pendingDocuments).toBe(0);
});

test('the rollups of a settled week are kept a while, those of the present week read afresh', async () => {
  const writer = new RollupWriter('settled-test');
  const monday = '2026-03-09';
  const weekKey = { period: `w${monday}`, read: `w${monday}|810000|*`, scope: '810000', topic: '*' as const };
  const dayKey = { ...weekKey, period: '2026-03-10' };
  writer.add([{ key: weekKey, inc: { 'reports.n': 1 } }, { key: dayKey, inc: { 'reports.n': 1 } }]);
  await writer.flush();
  const totalOf = async (from: string, to: string, now: Date) => (await readRollups('810000', '*', from, to, now)).counts.reduce((sum, doc) => sum + ((doc.reports as { n?: number } | undefined)?.n ?? 0), 0);
  // Within the hour after the week ended it is not settled: each read sees the latest counts.
  const justAfter = new Date(Date.parse('2026-03-16T00:00:00Z') + SETTLED_AFTER_MS - 1);
  const settled = new Date(Date.parse('2026-03-16T00:00:00Z') + SETTLED_AFTER_MS);
  expect(await totalOf(monday, '2026-03-15', justAfter)).toBe(1);
  writer.add([{ key: weekKey, inc: { 'reports.n': 1 } }]);
  await writer.flush();
  expect(await totalOf(monday, '2026-03-15', justAfter)).toBe(2);
  expect(await totalOf(monday, '2026-03-15', settled)).toBe(2);
  expect(await totalOf('2026-03-10', '2026-03-10', settled)).toBe(1);
  // A late change to a settled week shows once what is kept is forgotten.
  writer.add([{ key: weekKey, inc: { 'reports.n': 5 } }, { key: dayKey, inc: { 'reports.n': 5 } }]);
  await writer.flush();
  expect(await totalOf(monday, '2026-03-15', settled)).toBe(2);
  expect(await totalOf('2026-03-10', '2026-03-10', settled)).toBe(1);
  expect(await totalOf(monday, '2026-03-15', justAfter)).toBe(7);
  forgetKeptFigures();
  expect(await totalOf(monday, '2026-03-15', settled)).toBe(7);
  expect(await totalOf('2026-03-10', '2026-03-10', settled)).toBe(6);
  // Within the week, a day is settled an hour after it ended; today is read afresh.
  forgetKeptFigures();
  const wednesday = new Date(Date.parse('2026-03-11T00:00:00Z') + SETTLED_AFTER_MS);
  const todayKey = { ...weekKey, period: '2026-03-11' };
  writer.add([{ key: todayKey, inc: { 'reports.n': 1 } }]);
  await writer.flush();
  expect(await totalOf('2026-03-10', '2026-03-11', wednesday)).toBe(7);
  writer.add([{ key: dayKey, inc: { 'reports.n': 10 } }, { key: todayKey, inc: { 'reports.n': 1 } }]);
  await writer.flush();
  expect(await totalOf('2026-03-10', '2026-03-11', wednesday)).toBe(8);
  expect(await totalOf('2026-03-10', '2026-03-11', new Date(wednesday.getTime() - 1))).toBe(18);
});

test('a document deleted under its writer (the rollups cleared for a rebuild) is written again whole', async () => {
  const writer = new RollupWriter('deleted-test', () => Date.parse('2026-03-17T12:00:00Z'));
  const dayKey = { period: '2026-03-17', read: 'w2026-03-16|CN|*', scope: 'CN', topic: '*' as const };
  writer.add([{ key: dayKey, inc: { 'reports.n': 2 } }]);
  await writer.flush();
  await InsightRollupModel.deleteMany({ writer: 'deleted-test' });
  writer.add([{ key: dayKey, inc: { 'reports.n': 3 } }]);
  await writer.flush();
  expect(await stored('deleted-test')).toEqual([rollupDocumentOf({ key: dayKey, inc: { 'reports.n': 3 } }, 'deleted-test')]);
});
