/**
 * npm run sim:routing [-- --cases 2000 --experts 200 --days 7 --seed 7 --direct 0.3 --policies routing,fcfs,round-robin --baseline-units 1 --profile 1]
 * (by default the issue's full week: 2,000 cases, 200 experts)
 *
 * A week of the expert pool in virtual time, on the real local engine: the same experts and
 * cases (simWorkload.ts) under three policies, each on a fresh database. `routing` is the real
 * code: routeCase(caseId, now) on arrival, after declines and after an escalation (the server's
 * `case.escalated`), acceptOffer / declineOffer for the simulated experts' answers, and the
 * escalation runner's runDue(now) at the ten-minute ticks where a step of a live case is due.
 * Offers lapse after the lane's offer time and rounds with nobody free are tried again: both at
 * an `expiry` event at the virtual minute the latest round is due (a replaced round's is dropped,
 * as the server's sweep would find no lapsed offer of it), through routeCase(caseId, now).
 * A share of the experts (`--direct`) opted in to direct assignment: routing gives them a case it
 * would offer them (or nearly) without asking.
 * The baselines assign through the same case transitions, under the rules the product enforces
 * on claims and assignments: `fcfs`, experts look at the queue now and then (each after a delay
 * of their own) and, with room below their capacity and not on leave, claim the oldest open case
 * of their domains that their organisation may work on (the lead unit and cooperating units, or
 * anyone when the case has none); `round-robin`, each case goes at once to the next expert in turn
 * of its domain and units who is not on leave and has room, and a case nobody could take is tried
 * again in turn at each tick (an escalation opens it to the parent's experts).
 * `--baseline-units 0` lets both pick from the whole pool instead. Escalation runs the same under
 * all three; a published case's steps are closed as the server's planning does on its update.
 *
 * A case given to an expert without asking (routing's direct assignment, round-robin's turn) is
 * worked on once the expert sees the notice, after the same kind of delay in which they answer an
 * offer; a case they took themselves (a claim, an accepted offer) is worked on at once. An
 * emergency routing gives an on-call expert pages them: they acknowledge it when they see it
 * (acknowledgePage), and the page falls due at its minute (a `page` event, the runner's
 * runDue(now)); unacknowledged, routing assigns a backup, who starts on it when they see it
 * (their own delay, drawn on a stream of its own) if the first has not yet.
 * Experts work on up to `capacity` cases at once (more wait their turn), submit a draft after a
 * working time by lane, and a lead publishes it a little later. Printed per policy: deadlines met
 * (a draft submitted by the lane's deadline from opening), time until an expert works on the case
 * (median, p90, and how many at once), the Gini coefficient of cases per expert over capacity with
 * the cases per capacity of each level's experts and how many experts got none, escalations per
 * level. A smaller run for a quick look: `--cases 300 --days 1` (the same experts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose, { Types, type mongo } from 'mongoose';
import { DEFAULT_AT_RISK, deadlinePoints, DEFAULT_LANE_DEADLINE_HOURS, LANES, ORG_LEVELS, type Lane, type OrgLevel, type SessionUser } from '@refute/shared';
import { connectDatabase } from '../server/src/db/connect';
import { ensureIndexes } from '../server/src/db/indexes';
import type { LocalEngine } from '../server/src/db/localEngine';
import { useConnectedEngine } from '../server/src/engine';
import { findCase, transitionCase } from '../server/src/features/cases/repository';
import { CaseModel, type CaseRecord } from '../server/src/features/cases/model';
import { triage } from '../server/src/features/cases/triage';
import { planCase } from '../server/src/features/escalation/plan';
import { workingUnitsOf } from '../server/src/features/escalation/units';
import { createEscalationRunner } from '../server/src/features/escalation/runner';
import { EscalationStepModel } from '../server/src/features/escalation/model';
import { ExpertProfileModel } from '../server/src/features/experts/model';
import { ensureOrganisation } from '../server/src/features/organisations/repository';
import { CaseOfferModel } from '../server/src/features/routing/model';
import { acceptOffer, declineOffer } from '../server/src/features/routing/offers';
import { acknowledgePage } from '../server/src/features/routing/pages';
import { AppError } from '../server/src/http/errors';
import { routeCase, type RoutingResult } from '../server/src/features/routing/router';
import { offerMinutes } from '../server/src/features/routing/settings';
import { triageSettings } from '../server/src/features/triage/settings';
import { UserModel } from '../server/src/features/users/model';
import { scheduler } from '../server/src/jobs/scheduler';
import { domainEvents } from '../server/src/realtime/domainEvents';
import { seedCases } from './seedCases';
import { seededRandom } from '../server/src/seededRandom';
import { workload, type CaseSpec, type ExpertSpec, type Workload } from './simWorkload';
import { percentile } from './timing';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
// The issue's week: 2,000 cases, 200 experts (docs/operations.md says how long each policy takes).
const CASES = Number(args.get('cases') ?? 2000);
const EXPERTS = Number(args.get('experts') ?? 200);
const DAYS = Number(args.get('days') ?? 7);
const SEED = Number(args.get('seed') ?? 7);
/** The share of experts who opted in to direct assignment (hot and normal cases given without an offer). */
const DIRECT_SHARE = Number(args.get('direct') ?? 0.3);
const POLICIES = (args.get('policies') ?? 'routing,fcfs,round-robin').split(',') as Policy[];
/**
 * `--baseline-units 0`: the baselines pick from the whole pool, outside the lead-unit rules the
 * product enforces on claims and assignments (how they were modelled before; routing always keeps them).
 */
const BASELINE_UNITS = args.get('baseline-units') !== '0';
const TICK_MINUTES = 10;
/**
 * `--profile 1`: per event kind, wall time and the database commands it sent (by collection and
 * method), and the engine's time by command as the driver measured it, on stderr.
 */
const PROFILE = args.get('profile') === '1';
/** Monday 00:00 China time of a fixed week, so that leave days fall inside it. */
const WEEK_START = new Date('2026-03-01T16:00:00Z');

type Policy = 'routing' | 'fcfs' | 'round-robin';
const log = (line: string) => process.stderr.write(`${line}\n`);
const minutes = (value: number) => new Date(WEEK_START.getTime() + value * 60_000);

interface SimExpert {
  spec: ExpertSpec;
  session: SessionUser;
  working: Set<number>;
  waiting: number[];
  assigned: number;
  /** FCFS: when this expert next looks at the queue. */
  nextLook: number;
}

interface SimCase {
  spec: CaseSpec;
  id: Types.ObjectId;
  arrived: boolean;
  expert: number | null;
  workStart: number | null;
  submittedAt: number | null;
  /** The organisations whose experts may work on the case now (null: anyone), as the product's unit rules say. */
  units: Set<string> | null;
  /** When the latest round's offers lapse (or a round with nobody to ask is due again): the only expiry the server's sweep would act on. */
  expiryAt: number | null;
  /** The case as this simulation last wrote or read it; null once the product may have changed it (routing gave it, an escalation moved it). */
  known: CaseRecord | null;
  /** How its expert came to it, for the account of missed emergencies: when, given without asking or taken, and when they would see it. */
  took: { at: number; given: boolean; seen: number; queued: boolean } | null;
  /** Minutes of work from its start to the draft. */
  workMinutes: number | null;
  /** When its draft is due in, from the work's start: a backup who starts sooner moves it. */
  submitAt: number | null;
  /** Routing's on-call backup, paged when the first expert did not acknowledge in time (routing/backup.ts). */
  backup: { expert: number; at: number; seen: number } | null;
}

type SimEvent =
  | { at: number; kind: 'arrival'; caseIndex: number }
  | { at: number; kind: 'answer'; caseIndex: number; expert: number }
  | { at: number; kind: 'expiry'; caseIndex: number }
  | { at: number; kind: 'submit'; caseIndex: number }
  /** An expert given a case without asking sees its notice (a paged one acknowledges it). */
  | { at: number; kind: 'seen'; caseIndex: number; expert: number }
  /** An on-call page is due: the escalation runner passes it to a backup unless acknowledged. */
  | { at: number; kind: 'page'; caseIndex: number }
  | { at: number; kind: 'publish'; caseIndex: number }
  | { at: number; kind: 'tick' };

/** A min-heap of events by time, first in first out among equal times. */
class Agenda {
  private items: Array<{ event: SimEvent; order: number }> = [];
  private order = 0;
  get size() {
    return this.items.length;
  }
  push(event: SimEvent) {
    this.items.push({ event, order: (this.order += 1) });
    for (let i = this.items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      [this.items[i], this.items[parent]] = [this.items[parent]!, this.items[i]!];
      i = parent;
    }
  }
  pop(): SimEvent {
    const top = this.items[0]!;
    const last = this.items.pop()!;
    if (this.items.length > 0) {
      this.items[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < this.items.length && this.less(left, best)) best = left;
        if (right < this.items.length && this.less(right, best)) best = right;
        if (best === i) break;
        [this.items[i], this.items[best]] = [this.items[best]!, this.items[i]!];
        i = best;
      }
    }
    return top.event;
  }
  private less(a: number, b: number) {
    const x = this.items[a]!;
    const y = this.items[b]!;
    return x.event.at < y.event.at || (x.event.at === y.event.at && x.order < y.order);
  }
}

/** Hours of work from accepting a case to submitting a draft, by lane. */
const WORK_HOURS: Record<Lane, [number, number]> = { emergency: [0.75, 2.5], hot: [3, 14], normal: [6, 40] };
/** Minutes from a submitted draft to its publication by a lead. */
const PUBLISH_MINUTES: Record<Lane, [number, number]> = { emergency: [10, 40], hot: [30, 120], normal: [60, 480] };
const between = (random: () => number, [low, high]: [number, number]) => low + random() * (high - low);
/** Exponential with the given mean: answers come mostly soon, a few much later. */
const exponential = (random: () => number, mean: number) => -Math.log(1 - random()) * mean;

/** Orgs, experts (users with the reviewer role and profiles) and the cases with their reports, in a fresh database. */
async function seed(work: Workload, engine: LocalEngine | undefined): Promise<{ experts: SimExpert[]; cases: SimCase[] }> {
  await mongoose.connection.dropDatabase();
  // The local engine's queue view forgets the cases of the previous policy.
  domainEvents.emit('cases.rewritten');
  await ensureIndexes(engine);
  const orgIds = new Map<string, Types.ObjectId>();
  for (const org of work.orgs) {
    const record = await ensureOrganisation({ ...org, kind: 'review', parentId: org.parentKey ? orgIds.get(org.parentKey)! : null });
    orgIds.set(org.key, record._id);
  }
  const platform = await ensureOrganisation({ key: 'sim-platform', name: { zh: '平台', en: 'Platform' }, kind: 'platform', region: 'CN' });
  const users = work.experts.map((spec) => ({
    _id: new Types.ObjectId(),
    orgId: orgIds.get(spec.orgKey)!,
    email: `expert${spec.index}@sim.example`,
    name: `Expert ${spec.index}`,
    passwordHash: 'x',
    roles: ['reviewer'],
  }));
  await UserModel.insertMany(users);
  await ExpertProfileModel.insertMany(
    work.experts.map((spec, i) => ({
      userId: users[i]!._id,
      domains: spec.domains,
      region: spec.region,
      languages: ['zh'],
      capacity: spec.capacity,
      onCall: spec.onCall,
      directAssignment: spec.directAssignment,
      leave: spec.leave ? [spec.leave] : [],
    })),
  );
  // Written around the repository: routing's copy of the pool is dropped as an import would.
  domainEvents.emit('pool.changed', null);
  const experts = work.experts.map((spec, i) => ({
    spec,
    session: { id: String(users[i]!._id), email: users[i]!.email, name: users[i]!.name, roles: ['reviewer' as const], orgId: String(users[i]!.orgId) },
    working: new Set<number>(),
    waiting: [],
    assigned: 0,
    nextLook: 0,
  }));

  const ids: Types.ObjectId[] = [];
  let next = 0;
  await seedCases(
    platform._id,
    work.cases.map((spec) => `sim case ${spec.index} ${spec.topic} ${spec.lane}`),
    () => undefined,
    (batch) => {
      const extra: Array<Record<string, unknown>> = [];
      batch.cases.forEach((record, i) => {
        const spec = work.cases[next + i]!;
        const openedAt = minutes(spec.arrival);
        // An emergency is one report flagged so; a hot topic five reports within minutes.
        const reports = Array.from({ length: spec.lane === 'hot' ? 5 : 1 }, (_, k) => ({ reachScore: 0, emergency: spec.lane === 'emergency', receivedAt: new Date(openedAt.getTime() + k * 60_000) }));
        Object.assign(record, { topic: spec.topic, topicConfidence: 1, region: spec.region, openedAt, ...triage(reports, openedAt, openedAt, triageSettings()) });
        const claim = batch.claims[i]!;
        Object.assign(claim, { receivedAt: openedAt, reportedAt: openedAt, emergency: spec.lane === 'emergency', region: spec.region });
        for (const report of reports.slice(1)) extra.push({ ...claim, externalId: `${String(claim.externalId)}-${report.receivedAt.getTime()}`, receivedAt: report.receivedAt, reportedAt: report.receivedAt });
        ids.push(record._id);
      });
      batch.claims.push(...extra);
      next += batch.cases.length;
      return Promise.resolve();
    },
  );
  const cases = work.cases.map((spec, i) => ({ spec, id: ids[i]!, arrived: false, expert: null, workStart: null, submittedAt: null, units: null, expiryAt: null, known: null, took: null, workMinutes: null, submitAt: null, backup: null }));
  return { experts, cases };
}

interface Figures {
  policy: Policy;
  met: Record<Lane | 'all', { met: number; of: number }>;
  toExpert: { median: number; p90: number; never: number; atOnce: number };
  gini: number;
  /** Cases per capacity of the experts of each level (all their cases over all their capacity), and how many experts got none. */
  perCapacity: Record<OrgLevel, number>;
  idle: number;
  escalations: Record<string, number>;
  seconds: number;
}

/** Gini coefficient of the values: 0 when all are equal, towards 1 when one holds everything. */
export function gini(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  if (total === 0) return 0;
  const weighted = sorted.reduce((sum, value, i) => sum + (2 * (i + 1) - sorted.length - 1) * value, 0);
  return weighted / (sorted.length * total);
}

async function simulate(policy: Policy, work: Workload, engine: LocalEngine | undefined): Promise<Figures> {
  const began = performance.now();
  const { experts, cases } = await seed(work, engine);
  const random = seededRandom(SEED + 1);
  /** Its own stream, so that notice delays leave every other draw of the run as it was. */
  const noticeRandom = seededRandom(SEED + 2);
  /** Backups' notice delays on a stream of their own as well. */
  const pageRandom = seededRandom(SEED + 3);
  const runner = createEscalationRunner({ settings: () => DEFAULT_AT_RISK, owner: `sim-${policy}` });
  const agenda = new Agenda();
  const end = (cases.at(-1)?.spec.arrival ?? 0) + DEFAULT_LANE_DEADLINE_HOURS.normal * 60 + 60;
  for (const simCase of cases) agenda.push({ at: simCase.spec.arrival, kind: 'arrival', caseIndex: simCase.spec.index });
  for (let at = 0; at <= end; at += TICK_MINUTES) agenda.push({ at, kind: 'tick' });
  const byUserId = new Map(experts.map((expert, i) => [expert.session.id, i]));
  const levelOf = new Map(work.orgs.map((org) => [org.key, org.level]));
  const onLeave = (expert: SimExpert, now: number) => {
    const day = new Date(minutes(now).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    return expert.spec.leave !== null && expert.spec.leave.from <= day && day <= expert.spec.leave.to;
  };
  const load = (expert: SimExpert) => expert.working.size + expert.waiting.length;
  const record = async (simCase: SimCase): Promise<CaseRecord> => (simCase.known = (await findCase(simCase.id))!);
  /**
   * A workflow step the simulation takes (a baseline's assignment, a submission, a publication),
   * from the case as it last knew it: a copy the product changed meanwhile loses the transition's
   * race, and the step is taken again from the case read now.
   */
  const transition = async (simCase: SimCase, action: string, actorId: string, change: Parameters<typeof transitionCase>[3]) => {
    const lost = () => new Error('changed');
    try {
      simCase.known = await transitionCase(simCase.known ?? (await record(simCase)), action, actorId, change, lost);
    } catch (error) {
      if (!(error instanceof Error && error.message === 'changed')) throw error;
      simCase.known = await transitionCase(await record(simCase), action, actorId, change, lost);
    }
    return simCase.known;
  };

  const startWork = (expertIndex: number, caseIndex: number, now: number) => {
    const expert = experts[expertIndex]!;
    expert.working.add(caseIndex);
    cases[caseIndex]!.workStart = now;
    const work = 60 * between(random, WORK_HOURS[cases[caseIndex]!.spec.lane]);
    cases[caseIndex]!.workMinutes = work;
    cases[caseIndex]!.submitAt = now + work;
    agenda.push({ at: now + work, kind: 'submit', caseIndex });
  };
  /**
   * A case is the expert's from now. Given by someone else (routing's direct assignment, a lead's
   * turn), the expert starts once they see the notice, after their own response delay, as they
   * would answer an offer; a case they took themselves (a claim, an accepted offer) starts at once.
   */
  const assigned = (expertIndex: number, caseIndex: number, now: number, given: boolean) => {
    const expert = experts[expertIndex]!;
    cases[caseIndex]!.expert = expertIndex;
    expert.assigned += 1;
    const seen = given ? now + exponential(noticeRandom, expert.spec.responseMinutes) : now;
    cases[caseIndex]!.took = { at: now, given, seen, queued: expert.working.size >= expert.spec.capacity };
    if (expert.working.size < expert.spec.capacity) startWork(expertIndex, caseIndex, seen);
    else expert.waiting.push(caseIndex);
    return seen;
  };
  /** What routing decided: the on-call expert works on it, offered experts answer after their own delay. */
  const routed = async (result: RoutingResult, caseIndex: number, now: number) => {
    if (result.outcome === 'assigned') {
      const simCase = cases[caseIndex]!;
      simCase.known = null;
      const expert = byUserId.get(result.expertId)!;
      const seen = assigned(expert, caseIndex, now, true);
      // An on-call expert was paged: they acknowledge when they see it; the page falls due for the runner.
      const page = simCase.spec.lane === 'emergency' ? await EscalationStepModel.findOne({ caseId: simCase.id, kind: 'unacknowledged', state: 'pending' }, { dueAt: 1 }).lean() : null;
      if (page) {
        const due = (page.dueAt.getTime() - WEEK_START.getTime()) / 60_000;
        dueSteps.push({ at: due, caseIndex });
        agenda.push({ at: due, kind: 'page', caseIndex });
        agenda.push({ at: seen, kind: 'seen', caseIndex, expert });
      }
    }
    // The sweep's look at lapsed offers (or, after a round with nobody free, at the pool again), at the minute it is due.
    if (result.outcome === 'offered' || result.outcome === 'none') {
      const at = now + offerMinutes()[cases[caseIndex]!.spec.lane];
      cases[caseIndex]!.expiryAt = at;
      agenda.push({ at, kind: 'expiry', caseIndex });
    }
    if (result.outcome === 'offered') {
      for (const userId of result.expertIds) {
        const expert = byUserId.get(userId)!;
        agenda.push({ at: now + exponential(random, experts[expert]!.spec.responseMinutes), kind: 'answer', caseIndex, expert });
      }
    }
  };
  /** A page passed to a backup: the backup holds the case too and starts on it when they see it, if nobody has yet. */
  const backedUp = async (caseIndex: number, now: number) => {
    const simCase = cases[caseIndex]!;
    simCase.known = null;
    const first = experts[simCase.expert!]!.session.id;
    const stored = await record(simCase);
    const backupId = stored.assigneeIds.map(String).find((id) => id !== first);
    if (backupId === undefined) return;
    const expert = byUserId.get(backupId)!;
    experts[expert]!.assigned += 1;
    experts[expert]!.working.add(caseIndex);
    const seen = now + exponential(pageRandom, experts[expert]!.spec.responseMinutes);
    simCase.backup = { expert, at: now, seen };
    agenda.push({ at: seen, kind: 'seen', caseIndex, expert });
  };
  /** A baseline's assignment: the same transition a claim or a lead's assignment writes. */
  const take = async (expertIndex: number, simCase: SimCase, now: number, action: string) => {
    const expertId = experts[expertIndex]!.session.id;
    await transition(simCase, action, expertId, { status: 'in_review', assigneeIds: [new Types.ObjectId(expertId)] });
    assigned(expertIndex, simCase.spec.index, now, action === 'case.assigned');
  };
  /** The product's unit rules (who may claim, be assigned or accept): the experts of the lead unit and cooperating units, or anyone without a lead unit. */
  const mayWork = (expert: SimExpert, simCase: SimCase) => !BASELINE_UNITS || simCase.units === null || simCase.units.has(expert.session.orgId);
  const refreshUnits = async (simCase: SimCase, stored: CaseRecord) => {
    const units = await workingUnitsOf(stored);
    simCase.units = units ? new Set(units) : null;
  };
  let rotation = 0;
  /** Round-robin's cases nobody could take when they came (nobody of their units free): tried again in arrival order at each tick. */
  const waitingTurn = new Set<number>();
  /** Round-robin as a lead would run it: the next expert in turn of the case's domain and units who is not on leave and has room. */
  const giveInTurn = async (simCase: SimCase, at: number): Promise<boolean> => {
    for (let step = 0; step < experts.length; step += 1) {
      const i = (rotation + step) % experts.length;
      const expert = experts[i]!;
      if (!expert.spec.domains.includes(simCase.spec.topic) || onLeave(expert, at) || load(expert) >= expert.spec.capacity || !mayWork(expert, simCase)) continue;
      rotation = i + 1;
      await take(i, simCase, at, 'case.assigned');
      return true;
    }
    return false;
  };
  /** When the escalation steps planned so far fall due, in virtual minutes. */
  let dueSteps: Array<{ at: number; caseIndex: number }> = [];
  const caseIndexOf = new Map(cases.map((simCase, i) => [String(simCase.id), i]));

  /**
   * The runner is called when a step of a case still being worked on is due (at a tick, or at the
   * minute an on-call page falls due): steps of cases with a draft in are skipped by it all the
   * same, only batched with the next call.
   */
  const runSteps = async (at: number) => {
    if (!dueSteps.some((step) => step.at <= at && cases[step.caseIndex]!.submittedAt === null)) return;
    const now = minutes(at);
    const fired = await runner.runDue(now);
    dueSteps = dueSteps.filter((step) => step.at > at);
    for (const stepId of fired.filter((id) => id.includes(':unacknowledged:'))) {
      const page = await EscalationStepModel.findById(stepId, { outcome: 1 }).lean();
      if (page?.outcome === 'paged') await backedUp(caseIndexOf.get(stepId.split(':')[0]!)!, at);
    }
    for (const stepId of fired.filter((id) => id.endsWith(':deadline'))) {
      // An escalation planned the next round's steps.
      const caseIndex = caseIndexOf.get(stepId.split(':')[0]!)!;
      const escalated = cases[caseIndex]!;
      for (const step of await EscalationStepModel.find({ caseId: escalated.id, state: 'pending' }, { dueAt: 1 }).lean()) {
        dueSteps.push({ at: (step.dueAt.getTime() - WEEK_START.getTime()) / 60_000, caseIndex });
      }
      // The parent's experts may now work on it; routing ranks the new level at once (the server's `case.escalated`).
      await refreshUnits(escalated, await record(escalated));
      if (escalated.expert !== null) continue;
      if (policy === 'routing') await routed(await routeCase(escalated.id, now), caseIndex, at);
      if (policy === 'round-robin') waitingTurn.add(caseIndex);
    }
  };

  const profile = new Map<string, { count: number; ms: number; commands: Map<string, number> }>();
  let commandsOf: Map<string, number> | null = null;
  /** Engine time by command and collection, as the driver measured it (started to answered). */
  const engineTime = new Map<string, { count: number; ms: number }>();
  const started = new Map<number, string>();
  const client = mongoose.connection.getClient();
  const onStarted = (event: mongo.CommandStartedEvent) => {
    const target = event.command[event.commandName] as unknown;
    started.set(event.requestId, `${typeof target === 'string' ? target : '-'}.${event.commandName}`);
  };
  const onAnswered = (event: mongo.CommandSucceededEvent | mongo.CommandFailedEvent) => {
    const key = started.get(event.requestId);
    if (key === undefined) return;
    started.delete(event.requestId);
    const entry = engineTime.get(key) ?? { count: 0, ms: 0 };
    engineTime.set(key, { count: entry.count + 1, ms: entry.ms + event.duration });
  };
  if (PROFILE) {
    mongoose.set('debug', (collection: string, method: string) => {
      if (commandsOf) commandsOf.set(`${collection}.${method}`, (commandsOf.get(`${collection}.${method}`) ?? 0) + 1);
    });
    client.on('commandStarted', onStarted);
    client.on('commandSucceeded', onAnswered);
    client.on('commandFailed', onAnswered);
  }
  let lastKind: string | null = null;
  let lastStart = 0;
  const closeProfile = () => {
    if (!PROFILE || lastKind === null) return;
    profile.get(lastKind)!.ms += performance.now() - lastStart;
  };

  while (agenda.size > 0) {
    const event = agenda.pop();
    if (event.at > end) break;
    const now = minutes(event.at);
    if (PROFILE) {
      closeProfile();
      const entry = profile.get(event.kind) ?? { count: 0, ms: 0, commands: new Map<string, number>() };
      profile.set(event.kind, entry);
      entry.count += 1;
      commandsOf = entry.commands;
      lastKind = event.kind;
      lastStart = performance.now();
    }
    if (event.kind === 'tick') {
      await runSteps(event.at);
      if (policy === 'round-robin') {
        for (const caseIndex of [...waitingTurn]) {
          if (await giveInTurn(cases[caseIndex]!, event.at)) waitingTurn.delete(caseIndex);
        }
      }
      if (policy === 'fcfs') {
        const open = cases.filter((simCase) => simCase.arrived && simCase.expert === null);
        for (const [i, expert] of experts.entries()) {
          if (open.length === 0) break;
          if (expert.nextLook > event.at || onLeave(expert, event.at)) continue;
          expert.nextLook = event.at + exponential(random, expert.spec.responseMinutes);
          // A claim at capacity is refused (409 at_capacity), and only the case's units may claim it.
          if (load(expert) >= expert.spec.capacity) continue;
          const oldest = open.findIndex((simCase) => expert.spec.domains.includes(simCase.spec.topic) && mayWork(expert, simCase));
          if (oldest < 0) continue;
          await take(i, open[oldest]!, event.at, 'case.claimed');
          open.splice(oldest, 1);
        }
      }
      if (event.at % (24 * 60) === 0) log(`  ${policy}: day ${event.at / (24 * 60)} (${((performance.now() - began) / 1000).toFixed(0)} s)`);
      continue;
    }
    const simCase = cases[event.caseIndex]!;
    if (event.kind === 'arrival') {
      simCase.arrived = true;
      const opened = await record(simCase);
      await planCase(opened, DEFAULT_AT_RISK);
      await refreshUnits(simCase, opened);
      for (const point of deadlinePoints(opened.openedAt, opened.deadlineAt, DEFAULT_AT_RISK)) {
        dueSteps.push({ at: (point.dueAt.getTime() - WEEK_START.getTime()) / 60_000, caseIndex: event.caseIndex });
      }
      if (policy === 'routing') await routed(await routeCase(simCase.id, now), event.caseIndex, event.at);
      if (policy === 'round-robin' && !(await giveInTurn(simCase, event.at))) waitingTurn.add(event.caseIndex);
    } else if (event.kind === 'answer') {
      const offer = await CaseOfferModel.findOne({ caseId: simCase.id, expertId: new Types.ObjectId(experts[event.expert]!.session.id) }).lean();
      if (offer?.status !== 'offered') continue;
      const expert = experts[event.expert]!;
      if (load(expert) < expert.spec.capacity && random() < expert.spec.acceptShare) {
        try {
          await acceptOffer(expert.session, String(simCase.id), now);
        } catch {
          continue; // Another expert of the round took it first, or the expert has no room as Refute counts it.
        }
        simCase.known = null;
        assigned(event.expert, event.caseIndex, event.at, false);
      } else {
        await declineOffer(expert.session, String(simCase.id), now);
        // declineOffer routes again in the background on the wall clock; here it happens in virtual time.
        scheduler.stop();
        await routed(await routeCase(simCase.id, now), event.caseIndex, event.at);
      }
    } else if (event.kind === 'expiry') {
      // A round replaced since (all declined, an escalation) or a case taken: the sweep finds no lapsed offer of it.
      if (simCase.expiryAt !== event.at || simCase.expert !== null) continue;
      await routed(await routeCase(simCase.id, now), event.caseIndex, event.at);
    } else if (event.kind === 'page') {
      await runSteps(event.at);
    } else if (event.kind === 'seen') {
      if (simCase.submittedAt !== null) continue;
      if (event.expert === simCase.expert) {
        // The paged expert acknowledges; a page passed to a backup meanwhile is refused (409), and they stay on the case.
        try {
          await acknowledgePage(experts[event.expert]!.session, String(simCase.id), now);
        } catch (error) {
          if (!(error instanceof AppError && error.status === 409)) throw error;
        }
        continue;
      }
      // The backup sees it before anyone started on it: they start now, on the work the case needs.
      if (simCase.workStart !== null && simCase.workStart <= event.at) continue;
      const first = experts[simCase.expert!]!;
      if (first.waiting.includes(event.caseIndex)) {
        first.waiting.splice(first.waiting.indexOf(event.caseIndex), 1);
        first.working.add(event.caseIndex);
      }
      simCase.workStart = event.at;
      simCase.workMinutes ??= 60 * between(pageRandom, WORK_HOURS[simCase.spec.lane]);
      simCase.submitAt = event.at + simCase.workMinutes;
      agenda.push({ at: simCase.submitAt, kind: 'submit', caseIndex: event.caseIndex });
    } else if (event.kind === 'submit') {
      // A backup started sooner: the draft came in at the time their start set.
      if (event.at !== simCase.submitAt) continue;
      await transition(simCase, 'case.submitted', experts[simCase.expert!]!.session.id, { status: 'submitted' });
      simCase.submittedAt = event.at;
      for (const expertIndex of [simCase.expert!, ...(simCase.backup ? [simCase.backup.expert] : [])]) {
        const expert = experts[expertIndex]!;
        expert.working.delete(event.caseIndex);
        // A queued case a backup started meanwhile is not started again.
        let queued = expert.waiting.shift();
        while (queued !== undefined && cases[queued]!.workStart !== null) queued = expert.waiting.shift();
        if (queued !== undefined) startWork(expertIndex, queued, event.at);
      }
      agenda.push({ at: event.at + between(random, PUBLISH_MINUTES[simCase.spec.lane]), kind: 'publish', caseIndex: event.caseIndex });
    } else {
      const published = await transition(simCase, 'case.published', experts[simCase.expert!]!.session.id, { status: 'published' });
      // What the server's escalation planning does on the case's update: a case that left the queue has no pending steps.
      await planCase(published, DEFAULT_AT_RISK);
    }
  }

  closeProfile();
  if (PROFILE) {
    mongoose.set('debug', false);
    for (const [kind, entry] of profile) {
      const top = [...entry.commands].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, count]) => `${name} ${(count / entry.count).toFixed(1)}`);
      log(`  ${policy} ${kind}: ${entry.count} events, ${(entry.ms / entry.count).toFixed(1)} ms each, ${(entry.ms / 1000).toFixed(0)} s; commands per event: ${top.join(', ')}`);
    }
    client.off('commandStarted', onStarted);
    client.off('commandSucceeded', onAnswered);
    client.off('commandFailed', onAnswered);
    const slowest = [...engineTime].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15);
    log(`  ${policy} engine time by command: ${slowest.map(([key, { count, ms }]) => `${key} ${count}× ${(ms / count).toFixed(1)} ms = ${(ms / 1000).toFixed(0)} s`).join(', ')}`);
  }
  const met = Object.fromEntries([...LANES, 'all'].map((lane) => [lane, { met: 0, of: 0 }])) as Figures['met'];
  for (const simCase of cases) {
    const deadline = simCase.spec.arrival + DEFAULT_LANE_DEADLINE_HOURS[simCase.spec.lane] * 60;
    const inTime = simCase.submittedAt !== null && simCase.submittedAt <= deadline;
    for (const key of [simCase.spec.lane, 'all'] as const) {
      met[key].of += 1;
      if (inTime) met[key].met += 1;
    }
  }
  const waits = cases.filter((simCase) => simCase.workStart !== null).map((simCase) => simCase.workStart! - simCase.spec.arrival);
  const escalations: Record<string, number> = Object.fromEntries(ORG_LEVELS.filter((level) => level !== 'county').map((level) => [level, 0]));
  for (const stored of await CaseModel.find({}, { escalations: 1 }).lean<CaseRecord[]>()) {
    for (const entry of stored.escalations ?? []) escalations[entry.toLevel ?? 'unknown'] = (escalations[entry.toLevel ?? 'unknown'] ?? 0) + 1;
  }
  escalations['missed at national'] = await EscalationStepModel.countDocuments({ outcome: 'top_level' });
  await explainMissed(policy, cases, experts);
  return {
    policy,
    met,
    toExpert: { median: percentile(waits, 0.5), p90: percentile(waits, 0.9), never: cases.length - waits.length, atOnce: waits.filter((wait) => wait === 0).length },
    gini: gini(experts.map((expert) => expert.assigned / expert.spec.capacity)),
    perCapacity: Object.fromEntries(
      ORG_LEVELS.map((level) => {
        const ofLevel = experts.filter((expert) => levelOf.get(expert.spec.orgKey) === level);
        const capacity = ofLevel.reduce((sum, expert) => sum + expert.spec.capacity, 0);
        return [level, capacity === 0 ? 0 : ofLevel.reduce((sum, expert) => sum + expert.assigned, 0) / capacity];
      }),
    ) as Record<OrgLevel, number>,
    idle: experts.filter((expert) => expert.assigned === 0).length,
    escalations,
    seconds: (performance.now() - began) / 1000,
  };
}

/**
 * Each emergency whose deadline passed, on stderr: when its expert took it and how (given without
 * asking or taken), how long the notice waited to be seen, how long it queued behind the expert's
 * other cases, the work itself and the escalations on the way; then how many missed for each reason.
 */
async function explainMissed(policy: Policy, cases: readonly SimCase[], experts: readonly SimExpert[]) {
  const deadline = DEFAULT_LANE_DEADLINE_HOURS.emergency * 60;
  const missed = cases.filter((simCase) => simCase.spec.lane === 'emergency' && (simCase.submittedAt === null || simCase.submittedAt - simCase.spec.arrival > deadline));
  const stored = new Map(
    (await CaseModel.find({ _id: { $in: missed.map((simCase) => simCase.id) } }, { escalations: 1 }).lean<CaseRecord[]>()).map((record) => [String(record._id), record.escalations?.length ?? 0]),
  );
  const reasons = new Map<string, number>();
  for (const simCase of missed) {
    const took = simCase.took;
    const expert = simCase.expert === null ? null : experts[simCase.expert]!;
    const parts = [`case ${simCase.spec.index} (${simCase.spec.topic})`];
    let reason: string;
    if (!took || !expert) {
      reason = 'no expert';
      parts.push('no expert');
    } else {
      const toExpert = took.at - simCase.spec.arrival;
      const notice = Math.min(took.seen, simCase.backup?.seen ?? Infinity) - took.at;
      const queue = simCase.workStart === null ? null : Math.max(0, simCase.workStart - took.at - notice);
      parts.push(
        `${took.given ? 'given' : 'taken'} after ${toExpert.toFixed(0)} min to a${expert.spec.onCall ? 'n on-call' : 'n'} expert (capacity ${expert.spec.capacity}, answers in ${expert.spec.responseMinutes.toFixed(0)} min on average)`,
        `notice seen after ${notice.toFixed(0)} min`,
        simCase.backup ? `backup paged after ${(simCase.backup.at - took.at).toFixed(0)} min, seen ${(simCase.backup.seen - simCase.backup.at).toFixed(0)} min later` : 'no backup',
        queue === null ? 'still queued' : `queued ${queue.toFixed(0)} min`,
        simCase.workMinutes === null ? 'no work' : `work ${simCase.workMinutes.toFixed(0)} min`,
        simCase.submittedAt === null ? 'no draft' : `draft at ${(simCase.submittedAt - simCase.spec.arrival).toFixed(0)} min`,
      );
      const spent = { 'late to an expert': toExpert, 'notice unseen': notice, 'queued behind other cases': queue ?? Infinity, 'long work': (simCase.workMinutes ?? 0) - 45 };
      reason = Object.entries(spent).sort((a, b) => b[1] - a[1])[0]![0];
    }
    parts.push(`${stored.get(String(simCase.id)) ?? 0} escalations`);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    log(`  ${policy} missed emergency: ${parts.join(', ')}`);
  }
  log(`  ${policy} missed emergencies by the largest share of their time: ${[...reasons].map(([reason, count]) => `${reason} ${count}`).join(', ') || 'none'}`);
  const pages = new Map<string, number>();
  for (const page of await EscalationStepModel.find({ kind: 'unacknowledged' }, { outcome: 1 }).lean()) pages.set(page.outcome ?? 'pending', (pages.get(page.outcome ?? 'pending') ?? 0) + 1);
  log(`  ${policy} on-call pages by outcome: ${[...pages].map(([outcome, count]) => `${outcome} ${count}`).join(', ') || 'none'}`);
}

const share = ({ met, of }: { met: number; of: number }) => (of === 0 ? '–' : `${((100 * met) / of).toFixed(1)}% of ${of}`);

function print(all: Figures[], work: Workload) {
  const row = (label: string, cell: (figures: Figures) => string) => `${label.padEnd(34)}${all.map((figures) => cell(figures).padEnd(20)).join('')}`;
  const lines = [
    `Routing simulation: ${work.experts.length} experts in ${work.orgs.length} organisations (4 levels), ${work.cases.length} cases over ${DAYS} days, seed ${SEED}, ${Math.round(DIRECT_SHARE * 100)}% of experts opted in to direct assignment`,
    row('', (figures) => figures.policy),
    ...[...LANES, 'all' as const].map((lane) => row(`deadlines met, ${lane}`, (figures) => share(figures.met[lane]))),
    row('to first expert at work, median', (figures) => `${figures.toExpert.median.toFixed(0)} min`),
    row('to first expert at work, p90', (figures) => `${figures.toExpert.p90.toFixed(0)} min`),
    row('at work the minute it opened', (figures) => share({ met: figures.toExpert.atOnce, of: work.cases.length })),
    row('never worked on', (figures) => String(figures.toExpert.never)),
    row('Gini of cases / capacity', (figures) => figures.gini.toFixed(3)),
    ...ORG_LEVELS.map((level) => row(`  cases / capacity, ${level}`, (figures) => figures.perCapacity[level].toFixed(2))),
    row('  experts without a case', (figures) => String(figures.idle)),
    ...Object.keys(all[0]!.escalations).map((level) => row(`escalations to ${level}`, (figures) => String(figures.escalations[level] ?? 0))),
    row('run time', (figures) => `${figures.seconds.toFixed(0)} s`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main() {
  const work = workload({ experts: EXPERTS, cases: CASES, days: DAYS, seed: SEED, start: WEEK_START, directShare: DIRECT_SHARE });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-sim-'));
  const database = await connectDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, log, dbName: 'refute-sim', monitorCommands: PROFILE });
  await useConnectedEngine();
  const all: Figures[] = [];
  try {
    for (const policy of POLICIES) {
      log(`simulating ${policy}: ${work.experts.length} experts, ${work.cases.length} cases`);
      all.push(await simulate(policy, work, database.engine));
    }
    print(all, work);
  } finally {
    scheduler.stop();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
