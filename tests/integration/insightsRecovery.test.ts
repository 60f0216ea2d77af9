import { buildClaimReport } from '../../fixtures/factories';
import { currentCountedBy } from '../../server/src/features/insights/countedBy';
import { InsightFlushModel, InsightRollupModel, InsightWriterModel, type RollupRecord } from '../../server/src/features/insights/model';
import { rebuildRollups } from '../../server/src/features/insights/rebuild';
import { recoverDeadWriters, recoveryWriterOf } from '../../server/src/features/insights/recovery';
import type { WriterState } from '../../server/src/features/insights/writerLease';
import { HttpClient } from '../support/http';
import { figuresOf, quietFiguresOf } from '../support/insightFigures';
import { startServerProcess, type ServerProcess } from '../support/serverProcess';
import { eventually } from '../support/sockets';
import { teamSuite } from '../support/workbench';

/**
 * Rollups survive a crash: a real server process that counted reports in memory and was killed
 * (SIGKILL) before it wrote them is recovered by the next process to start, which counts what
 * the dead one had not written again from the records, so the figures are a rebuild's; a second
 * recovery of the same writer and a restart count nothing twice.
 */
const suite = teamSuite();
const today = new Date().toISOString().slice(0, 10);
/** The killed process writes its rollups once an hour: whatever it counts stays in memory. */
const NEVER_FLUSHED = { REFUTE_INSIGHTS_FLUSH_MS: '3600000' };
/** The other processes write theirs as often as this test's own process does (testApp.ts). */
const FLUSH_MS = 200;

const figures = () => figuresOf(suite.team.lead, today);
/** Still over five flushes of every process that writes. */
const quietFigures = () => quietFiguresOf(suite.team.lead, today, 5 * FLUSH_MS);
/** The writers of other processes than this test's. */
const otherWriters = async () => (await InsightWriterModel.find({ _id: { $ne: currentCountedBy() } }).lean<WriterState[]>());

const processes: ServerProcess[] = [];
afterAll(async () => {
  for (const one of processes) await one.stop();
});
async function start(env: Record<string, string> = {}): Promise<ServerProcess> {
  const one = await startServerProcess(suite.app.mongodbUri, { REFUTE_INSIGHTS_FLUSH_MS: String(FLUSH_MS), ...env });
  processes.push(one);
  return one;
}

test('a process killed before writing its counts is recovered at the next start; a second recovery and a restart count nothing twice', async () => {
  // One report counted live by this test's process, so the recovery adds to figures already written.
  expect((await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '440305' }))).status).toBe(201);
  await eventually(async () => (await figures()).reports.total === 1, 'the live report counted');

  const doomed = await start(NEVER_FLUSHED);
  const viaDoomed = new HttpClient(doomed.baseUrl, { apiKey: suite.team.platform.apiKey });
  const regions = ['440305', '110101', '310101', undefined, '440305'];
  for (const region of regions) expect((await viaDoomed.post('/api/v1/claims', buildClaimReport({ region }))).status).toBe(201);
  await eventually(async () => (await otherWriters()).length === 1, 'the doomed process holds a lease', 15_000);
  const [dead] = await otherWriters();
  // It counted them in memory only.
  expect(await InsightRollupModel.countDocuments({ writer: dead!._id })).toBe(0);
  await doomed.crash();
  expect((await figures()).reports.total).toBe(1);
  // Kept to play a second recovery of the same writer later.
  const journal = await InsightFlushModel.find({ writer: dead!._id }).lean();

  // The next process to start sees the dead one's pid gone on this host and recovers it.
  const restarted = await start();
  await eventually(async () => !(await InsightWriterModel.exists({ _id: dead!._id })), 'the dead writer recovered', 30_000);
  expect(await InsightRollupModel.countDocuments({ writer: recoveryWriterOf(dead!._id) })).toBeGreaterThan(0);
  const recovered = await quietFigures();
  expect(recovered.reports.total).toBe(1 + regions.length);
  expect(recovered.cases.opened).toBe(1 + regions.length);

  // A second recovery of the same writer (its lease and journal as the first found them) finds nothing missing.
  await InsightWriterModel.create({ ...dead!, beatAt: new Date(0) });
  if (journal.length > 0) await InsightFlushModel.insertMany(journal);
  // (The processes' own recoveries may get to it first: whoever does finds nothing missing.)
  const again = await recoverDeadWriters({ self: currentCountedBy() });
  expect(again.every((result) => result.missing === 0 && result.documents === 0)).toBe(true);
  await eventually(async () => !(await InsightWriterModel.exists({ _id: dead!._id })), 'the second recovery done');
  expect(await quietFigures()).toEqual(recovered);

  // A restart (a clean stop, a new process) counts nothing again.
  await restarted.stop();
  const again2 = await start();
  expect(await quietFigures()).toEqual(recovered);
  await again2.stop();

  // The figures are those of a rebuild from the records.
  await rebuildRollups();
  expect(await quietFigures()).toEqual(recovered);
}, 180_000);

test('the documents a flush had not reached when its process died get their counts, those it had written do not get them twice', async () => {
  const before = await quietFigures();
  const known = new Set((await otherWriters()).map((state) => state._id));
  const doomed = await start();
  const viaDoomed = new HttpClient(doomed.baseUrl, { apiKey: suite.team.platform.apiKey });
  for (const region of ['110101', '310101', '440305']) expect((await viaDoomed.post('/api/v1/claims', buildClaimReport({ region }))).status).toBe(201);
  const newWriter = async () => (await otherWriters()).find((state) => !known.has(state._id))?._id;
  await eventually(async () => (await newWriter()) !== undefined, 'the doomed process holds a lease', 15_000);
  const writer = (await newWriter())!;
  await eventually(async () => (await InsightRollupModel.countDocuments({ writer })) > 0 && (await figures()).reports.total === before.reports.total + 3, 'the doomed process wrote its counts', 15_000);
  await quietFigures();
  await doomed.crash();
  // Killed in the middle of its last flush: of the documents that flush wrote, some were not
  // reached (played by taking them back to the flush before), and its journal names the flush.
  const written = await InsightRollupModel.find({ writer }).lean<Array<RollupRecord & { seq: number }>>();
  const last = Math.max(...written.map((doc) => doc.seq));
  const reached = written.filter((doc) => doc.seq === last);
  expect(reached.length).toBeGreaterThan(1);
  // Those of the country (the lead's figures) were not reached; the others were.
  const notReached = reached.filter((doc) => doc.scope === 'CN');
  expect(notReached.length).toBeLessThan(reached.length);
  await InsightRollupModel.deleteMany({ _id: { $in: notReached.map((doc) => doc._id) } });
  expect((await figures()).reports.total).toBeLessThan(before.reports.total + 3);

  const results = await recoverDeadWriters({ self: currentCountedBy() });
  expect(results.map((result) => result.writer)).toEqual([writer]);
  const recovered = await quietFigures();
  expect(recovered.reports.total).toBe(before.reports.total + 3);
  await rebuildRollups();
  expect(await quietFigures()).toEqual(recovered);
}, 180_000);

test('a process killed right after intake, as it runs (its counts written every second): after a restart the figures are a rebuild\'s', async () => {
  const before = await quietFigures();
  const doomed = await start({ REFUTE_INSIGHTS_FLUSH_MS: '1000' });
  const viaDoomed = new HttpClient(doomed.baseUrl, { apiKey: suite.team.platform.apiKey });
  for (const region of ['440305', '110101', '310101', undefined, '440305']) expect((await viaDoomed.post('/api/v1/claims', buildClaimReport({ region }))).status).toBe(201);
  await doomed.crash();
  const next = await start();
  await eventually(async () => (await figures()).reports.total === before.reports.total + 5, 'the killed process\'s reports counted', 30_000);
  const recovered = await quietFigures();
  await next.stop();
  await rebuildRollups();
  expect(await quietFigures()).toEqual(recovered);
}, 180_000);
