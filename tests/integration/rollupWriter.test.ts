/**
 * The rollup writer on the real engine: a flush that updates many rollup documents already
 * written completes (the local engine stops answering an update command of about 45
 * statements, so the writer sends them a few at a time) and counts every increment once.
 */
import { incrementsOf } from '../../server/src/features/insights/facts';
import { InsightRollupModel, type RollupRecord } from '../../server/src/features/insights/model';
import { countersOf } from '../../server/src/features/insights/settled';
import { RollupWriter } from '../../server/src/features/insights/writer';
import { regionChain } from '../../server/src/features/regions/regions';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const WRITER = 'writer-test';
const REGIONS = ['440305', '110101', '310101', '510104', '330106'];

function reportsOfAMonth(writer: RollupWriter): void {
  for (let day = 1; day <= 30; day += 1) {
    for (const region of REGIONS) {
      const at = new Date(Date.UTC(2024, 3, day, 10));
      writer.add(incrementsOf({ kind: 'report', at, topic: 'health', lane: 'normal', region, platformId: suite.team.platform.orgId, language: 'zh' }, regionChain));
    }
  }
}

/** Each written document's report count and its count in the normal lane, by its period, scope and topic. */
const reportsCounted = async () => {
  const documents = await InsightRollupModel.find({ writer: WRITER }).lean<RollupRecord[]>();
  return new Map(
    documents.map((document) => {
      const { reports } = countersOf(document) as { reports: { n: number; lane: { normal: number } } };
      return [`${document.period}|${document.scope}|${document.topic}`, [reports.n, reports.lane.normal]];
    }),
  );
};

test('a flush updating hundreds of written rollup documents completes and counts each increment once', async () => {
  // A writer of that month (a period's documents are incremented until half an hour after it ended).
  const writer = new RollupWriter(WRITER, () => Date.parse('2024-04-01T00:00:00Z'));
  reportsOfAMonth(writer);
  const pending = writer.pendingDocuments;
  expect(pending).toBeGreaterThan(100);
  await writer.flush();
  const once = await reportsCounted();
  expect(once.size).toBe(pending);

  reportsOfAMonth(writer);
  await writer.flush();
  const twice = await reportsCounted();
  // The same documents, each count twice what it was.
  expect([...twice.keys()].sort()).toEqual([...once.keys()].sort());
  for (const [read, counts] of once) expect(twice.get(read)).toEqual(counts.map((count) => count * 2));
  // A hang never ends; two flushes of about a thousand upserts took 70 s on the shared machine at load 17.
}, 180_000);
