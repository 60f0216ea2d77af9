/**
 * The facts of the events a writer counts (a report stored, a case opened, a workflow step),
 * read from the records the same way by live updates (live.ts) and by the recovery of a dead
 * writer's events (recovery.ts): each case once by `_id`, a case's transitions by `caseId`.
 */
import mongoose from 'mongoose';
import type { Language, Verdict } from '@refute/shared';
import { CaseModel, type CaseRecord } from '../cases/model';
import { CaseTransitionModel } from '../cases/transitionModel';
import { PublicationModel } from '../publications/model';
import { UserModel } from '../users/model';
import { workflowFacts, type CaseFactsSource, type TransitionFactsSource } from './caseFacts';
import type { InsightFact, ReportFact } from './facts';

const CASE_FIELDS = { topic: 1, lane: 1, region: 1, language: 1, openedAt: 1, deadlineAt: 1 } as const;

/** A report as the facts need it (the claim as stored, or as intake announced it). */
export interface ReportSource {
  caseId: string;
  orgId: string;
  receivedAt: Date;
  region: string | null;
  language: Language;
}

/** A transition to count, and how many rounds it has waited for its publication's verdict. */
export interface TransitionEvent {
  caseId: string;
  seq: number;
  rounds: number;
}

/** The name of an event in a writer's journal. */
export const eventName = {
  report: (claimId: string) => `c${claimId}`,
  opened: (caseId: string) => `o${caseId}`,
  transition: (caseId: string, seq: number) => `t${caseId}:${seq}`,
};

export async function readCases(ids: readonly string[]): Promise<Map<string, CaseFactsSource>> {
  const unique = [...new Set(ids)];
  const records = await Promise.all(unique.map((id) => CaseModel.findById(id, CASE_FIELDS).lean<CaseRecord>()));
  return new Map(records.flatMap((record) => (record ? [[String(record._id), record] as const] : [])));
}

/** A report counted with its case's topic and lane as they are now. */
export function reportFact(report: ReportSource, record: CaseFactsSource): ReportFact {
  return { kind: 'report', at: report.receivedAt, topic: record.topic, lane: record.lane, region: report.region, platformId: report.orgId, language: report.language };
}

/**
 * The facts of each transition, by event; those whose publication is not written yet wait a
 * round while `rounds` is under `waitRounds`, then count without it.
 */
export async function transitionFacts(
  events: readonly TransitionEvent[],
  cases: ReadonlyMap<string, CaseFactsSource>,
  waitRounds: number,
): Promise<{ facts: Array<{ event: TransitionEvent; facts: InsightFact[] }>; waiting: TransitionEvent[] }> {
  const facts: Array<{ event: TransitionEvent; facts: InsightFact[] }> = [];
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
      if (awaitsVerdict && event.rounds < waitRounds) waiting.push({ ...event, rounds: event.rounds + 1 });
      else facts.push({ event, facts: own });
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
