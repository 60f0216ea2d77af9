/**
 * Recomputes every rollup from the records: reports (claims) with their case's present topic
 * and lane, cases, their transitions and first publications, through the same facts and
 * increments as live updates. What live processes wrote is replaced by one writer, `rebuild`.
 * Its documents of settled periods are inserted (writer.ts) and then compacted, so the dashboard
 * reads one settled document per period at once.
 * Live updates of the minutes it runs may be counted twice or not at all: run it while intake
 * is quiet (live counts differ from a rebuild only where a case's topic, lane or region changed
 * after its reports were counted).
 */
import type { Types } from 'mongoose';
import type { Verdict } from '@refute/shared';
import { CaseModel, type CaseRecord } from '../cases/model';
import { CaseTransitionModel } from '../cases/transitionModel';
import { ClaimModel } from '../claims/model';
import { PublicationModel } from '../publications/model';
import { UserModel } from '../users/model';
import { regionChain } from '../regions/regions';
import { openedFact, workflowFacts, type CaseFactsSource, type TransitionFactsSource } from './caseFacts';
import { incrementsOf, type InsightFact } from './facts';
import { compactSettled } from './compaction';
import { InsightCompactionModel, InsightRollupModel } from './model';
import { forgetDeadWriters } from './recovery';
import { periodEndMs } from './settled';
import { RollupWriter } from './writer';

export const REBUILD_WRITER = 'rebuild';
const FLUSH_EVERY = 20_000;

export interface RebuildResult {
  reports: number;
  cases: number;
  documents: number;
}

export async function rebuildRollups(log: (line: string) => void = () => undefined): Promise<RebuildResult> {
  const cases = new Map<string, CaseFactsSource>();
  for (const record of await CaseModel.find({}, { topic: 1, lane: 1, region: 1, language: 1, openedAt: 1, deadlineAt: 1 }).lean<CaseRecord[]>()) cases.set(String(record._id), record);
  const verdicts = new Map<string, Verdict>();
  for (const publication of await PublicationModel.find({}, { verdict: 1 }).lean<Array<{ _id: Types.ObjectId; verdict: Verdict }>>()) verdicts.set(String(publication._id), publication.verdict);
  const orgs = new Map<string, string>();
  for (const user of await UserModel.find({}, { orgId: 1 }).lean<Array<{ _id: Types.ObjectId; orgId: Types.ObjectId }>>()) orgs.set(String(user._id), String(user.orgId));
  log(`Rollups: ${cases.size} cases, ${verdicts.size} publications read`);

  await InsightRollupModel.deleteMany({});
  await InsightCompactionModel.deleteMany({});
  // What dead processes left uncounted is counted here from the records: nothing to recover.
  await forgetDeadWriters();
  const writer = new RollupWriter(REBUILD_WRITER);
  const periods = new Set<string>();
  const add = (fact: InsightFact) => {
    const increments = incrementsOf(fact, regionChain);
    for (const increment of increments) periods.add(increment.key.period);
    writer.add(increments);
  };

  const transitions = new Map<string, TransitionFactsSource[]>();
  for await (const step of CaseTransitionModel.find({}, { caseId: 1, seq: 1, at: 1, actorId: 1, state: 1 }).lean<Array<TransitionFactsSource & { caseId: Types.ObjectId }>>().cursor()) {
    const id = String(step.caseId);
    transitions.set(id, [...(transitions.get(id) ?? []), step]);
  }
  const lookups = { verdictOf: (id: string) => verdicts.get(id) ?? null, orgOf: (id: string) => orgs.get(id) ?? null };
  for (const [id, record] of cases) {
    add(openedFact(record));
    for (const { fact } of workflowFacts(record, transitions.get(id) ?? [], lookups)) add(fact);
  }
  await writer.flush();

  let reports = 0;
  const claims = ClaimModel.find({}, { caseId: 1, orgId: 1, region: 1, language: 1, receivedAt: 1 }).lean<Array<{ caseId: Types.ObjectId | null; orgId: Types.ObjectId; region?: string | null; language: 'zh' | 'en'; receivedAt: Date }>>();
  for await (const claim of claims.cursor()) {
    const record = claim.caseId ? cases.get(String(claim.caseId)) : undefined;
    if (!record) continue;
    add({ kind: 'report', at: claim.receivedAt, topic: record.topic, lane: record.lane, region: claim.region ?? null, platformId: String(claim.orgId), language: claim.language });
    reports += 1;
    if (writer.pendingDocuments >= FLUSH_EVERY) await writer.flush();
    if (reports % 100_000 === 0) log(`Rollups: ${reports} reports counted`);
  }
  await writer.flush();
  const newestFirst = [...periods].sort((a, b) => periodEndMs(b) - periodEndMs(a));
  const compacted = await compactSettled({ periods: newestFirst, maxPeriods: Infinity });
  log(`Rollups: ${compacted.periods} settled periods compacted (${compacted.read} documents into ${compacted.written})`);
  const documents = await InsightRollupModel.countDocuments({});
  log(`Rollups rebuilt: ${reports} reports, ${cases.size} cases, ${documents} documents`);
  return { reports, cases: cases.size, documents };
}
