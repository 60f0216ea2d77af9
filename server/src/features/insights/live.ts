/**
 * Keeps the rollups up to date as events happen, off the request path: intake, case openings
 * and workflow steps only queue their ids (domain events); a scheduler task turns them into
 * facts every second (reading each case once by `_id`, its transitions by `caseId`) and writes
 * the documents they touched under this process's writer id (writer.ts: each held whole and
 * stored packed).
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { Verdict } from '@refute/shared';
import type { Scheduler } from '../../jobs/scheduler';
import { domainEvents, type ReportedClaim } from '../../realtime/domainEvents';
import { CaseModel, type CaseRecord } from '../cases/model';
import { CaseTransitionModel } from '../cases/transitionModel';
import { PublicationModel } from '../publications/model';
import { UserModel } from '../users/model';
import { regionChain } from '../regions/regions';
import { openedFact, workflowFacts, type CaseFactsSource, type TransitionFactsSource } from './caseFacts';
import { incrementsOf, type InsightFact } from './facts';
import { RollupWriter } from './writer';

const CASE_FIELDS = { topic: 1, lane: 1, region: 1, language: 1, openedAt: 1, deadlineAt: 1 } as const;
/** A first publication is written just after its transition; its verdict is waited for this many rounds. */
const PUBLICATION_WAIT_ROUNDS = 30;

interface TransitionEvent {
  caseId: string;
  seq: number;
  rounds: number;
}

export interface InsightRollups {
  /** Turns what is queued into rollups now (tests, shutdown). */
  settle(): Promise<void>;
  stop(): void;
}

let running: InsightRollups | null = null;

export function startInsightRollups(scheduler: Scheduler, options: { flushMs?: number } = {}): InsightRollups {
  running?.stop();
  const writer = new RollupWriter(`${process.pid}-${randomBytes(6).toString('hex')}`);
  let reports: ReportedClaim[] = [];
  let opened: string[] = [];
  let transitions: TransitionEvent[] = [];
  // A retried request's report was counted when it was stored.
  const onReport = (report: ReportedClaim) => {
    if (report.created) reports.push(report);
  };
  const onOpened = (caseId: string) => opened.push(caseId);
  const onTransition = (caseId: string, seq: number) => transitions.push({ caseId, seq, rounds: 0 });
  domainEvents.on('claim.reported', onReport);
  domainEvents.on('case.opened', onOpened);
  domainEvents.on('case.transitioned', onTransition);

  let round: Promise<void> = Promise.resolve();
  const runRound = async () => {
    if (mongoose.connection.readyState !== mongoose.ConnectionStates.connected) return;
    const batch = { reports, opened, transitions };
    reports = [];
    opened = [];
    transitions = [];
    const cases = await readCases([...batch.reports.map((report) => report.caseId), ...batch.opened, ...batch.transitions.map((event) => event.caseId)]);
    const facts: InsightFact[] = [];
    for (const report of batch.reports) {
      const record = cases.get(report.caseId);
      if (record) facts.push({ kind: 'report', at: report.receivedAt, topic: record.topic, lane: record.lane, region: report.region, platformId: report.orgId, language: report.language });
    }
    for (const caseId of batch.opened) {
      const record = cases.get(caseId);
      if (record) facts.push(openedFact(record));
    }
    const { facts: workflow, waiting } = await transitionFacts(batch.transitions, cases);
    transitions.push(...waiting);
    facts.push(...workflow);
    for (const fact of facts) writer.add(incrementsOf(fact, regionChain));
    await writer.flush();
  };
  const settle = () => {
    round = round.then(runRound, runRound);
    return round;
  };
  const cancel = scheduler.every('insights.rollups', options.flushMs ?? 1_000, settle);
  const handle: InsightRollups = {
    settle,
    stop() {
      cancel();
      domainEvents.off('claim.reported', onReport);
      domainEvents.off('case.opened', onOpened);
      domainEvents.off('case.transitioned', onTransition);
      if (running === handle) running = null;
    },
  };
  running = handle;
  return handle;
}

async function readCases(ids: readonly string[]): Promise<Map<string, CaseFactsSource>> {
  const unique = [...new Set(ids)];
  const records = await Promise.all(unique.map((id) => CaseModel.findById(id, CASE_FIELDS).lean<CaseRecord>()));
  return new Map(records.flatMap((record) => (record ? [[String(record._id), record] as const] : [])));
}

/** The facts of each transition announced; those whose publication is not written yet wait a round. */
async function transitionFacts(events: readonly TransitionEvent[], cases: ReadonlyMap<string, CaseFactsSource>): Promise<{ facts: InsightFact[]; waiting: TransitionEvent[] }> {
  const facts: InsightFact[] = [];
  const waiting: TransitionEvent[] = [];
  const byCase = new Map<string, TransitionEvent[]>();
  for (const event of events) byCase.set(event.caseId, [...(byCase.get(event.caseId) ?? []), event]);
  for (const [caseId, caseEvents] of byCase) {
    const record = cases.get(caseId);
    if (!record) continue;
    const steps = await CaseTransitionModel.find({ caseId: record._id }, { seq: 1, at: 1, actorId: 1, state: 1 }).lean<TransitionFactsSource[]>();
    const lookups = await lookupsFor(steps);
    const derived = workflowFacts(record, steps, lookups);
    for (const event of caseEvents) {
      const own = derived.filter((entry) => entry.seq === event.seq).map((entry) => entry.fact);
      const awaitsVerdict = own.some((fact) => fact.kind === 'milestone' && fact.milestone === 'published') && !own.some((fact) => fact.kind === 'published');
      if (awaitsVerdict && event.rounds < PUBLICATION_WAIT_ROUNDS) waiting.push({ ...event, rounds: event.rounds + 1 });
      else facts.push(...own);
    }
  }
  return { facts, waiting };
}

async function lookupsFor(steps: readonly TransitionFactsSource[]) {
  const verdicts = new Map<string, Verdict>();
  const orgs = new Map<string, string>();
  const published = steps.filter((step) => (step.state.publishedVersion ?? 0) >= 1).sort((a, b) => a.seq - b.seq)[0];
  if (published?.state.publicationId) {
    const publication = await PublicationModel.findById(published.state.publicationId, { verdict: 1 }).lean<{ verdict: Verdict }>();
    if (publication) verdicts.set(String(published.state.publicationId), publication.verdict);
    const approver = await UserModel.findById(published.actorId, { orgId: 1 }).lean<{ orgId: mongoose.Types.ObjectId }>();
    if (approver) orgs.set(String(published.actorId), String(approver.orgId));
  }
  return { verdictOf: (id: string) => verdicts.get(id) ?? null, orgOf: (id: string) => orgs.get(id) ?? null };
}
