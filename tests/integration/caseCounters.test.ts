/**
 * Case counters at a clean stop: what intake queued, or was still to look at again, is written
 * before the process lets the database go, since no other process writes counters for reports it
 * did not take in.
 */
import { Types } from 'mongoose';
import { coalescingCounters, directCounters } from '../../server/src/engine/caseCounters';
import { CaseModel } from '../../server/src/features/cases/model';
import { reportText } from '../support/secondProcess';
import { eventually } from '../support/sockets';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();

const reportCount = async (caseId: string) => (await CaseModel.findById(caseId, { reportCount: 1 }).lean())?.reportCount;

// Two unrelated texts, so that the second kind's reports do not join the first kind's case.
test.each([
  ['coalescing', coalescingCounters, 'Sleeping with the fan on all night drains the oxygen from a closed bedroom'],
  ['direct', directCounters, '晚上把绿萝放在卧室里会和人抢氧气，早上醒来容易缺氧头晕'],
] as const)('%s counters: a flush takes the later look at once and writes a count that changed since the last write', async (_kind, counters, text) => {
  // Looks that would never come on their own within the test: only the flush can take them.
  const writer = counters({ settleMs: 600_000 });
  const first = await reportText(suite.team.platform.http, text);
  await writer.update(new Types.ObjectId(first.caseId));
  const second = await reportText(suite.team.platform.http, text);
  expect(second.caseId).toBe(first.caseId);
  await eventually(async () => (await reportCount(first.caseId)) === 2, 'intake counts the second report');
  // A write from a process that knew one report lands after intake's: the case shows one again.
  await CaseModel.updateOne({ _id: first.caseId }, { $set: { reportCount: 1 } });

  await writer.flush();
  expect(await reportCount(first.caseId)).toBe(2);
});
