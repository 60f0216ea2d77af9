/**
 * Keeps the rollups up to date as events happen, off the request path: intake, case openings
 * and workflow steps only queue their ids (domain events); a scheduler task turns them into
 * facts every second (eventFacts.ts) and writes the documents they touched under this process's
 * writer id (writer.ts: each held whole and stored packed).
 *
 * Crash-durable: the records this process creates are marked with its writer id (countedBy.ts),
 * its writer holds a lease and journals each flush (writerLease.ts, writer.ts), and every
 * `RECOVERY_EVERY_MS` (and at start) it recovers the writers of processes that died
 * (recovery.ts): what they had counted and not written is counted again from the records, once.
 */
import mongoose from 'mongoose';
import type { Scheduler } from '../../jobs/scheduler';
import { domainEvents, type ReportedClaim } from '../../realtime/domainEvents';
import { regionChain } from '../regions/regions';
import { openedFact } from './caseFacts';
import { setCountedBy } from './countedBy';
import { eventName, readCases, reportFact, transitionFacts, type TransitionEvent } from './eventFacts';
import { incrementsOf, type InsightFact } from './facts';
import { InsightFlushModel } from './model';
import { recoverDeadWriters } from './recovery';
import { RollupWriter } from './writer';
import { BEAT_MS, newWriterId, WriterLease } from './writerLease';

/** A first publication is written just after its transition; its verdict is waited for this many rounds. */
const PUBLICATION_WAIT_ROUNDS = 30;
/**
 * How long after a record is created its event may reach the writer at most (the request's
 * remaining steps, a bulk import's chunk): the lease's `since` stays this far behind the last
 * flush after which nothing was left to write.
 */
const EVENT_DELAY_MS = 10 * 60_000;
export const RECOVERY_EVERY_MS = 30_000;

interface QueuedTransition extends TransitionEvent {
  queuedAt: number;
}

/** The writer counting this process's records now, and its lease. */
interface Counting {
  writer: RollupWriter;
  lease: WriterLease;
  /** Every record marked for this writer created this long before the last durable flush is written. */
  durableSince: number;
}

export interface InsightRollups {
  /** Turns what is queued into rollups now (tests, shutdown). */
  settle(): Promise<void>;
  /** Stops, after writing what is queued; gives the lease up when everything was written (else the writer is recovered). */
  close(): Promise<void>;
  stop(): void;
  /** The id of the writer counting this process's records. */
  readonly writerId: string;
}

let running: InsightRollups | null = null;

export function startInsightRollups(scheduler: Scheduler, options: { flushMs?: number } = {}): InsightRollups {
  running?.stop();
  let counting = begin();
  let reports: ReportedClaim[] = [];
  let opened: string[] = [];
  let transitions: QueuedTransition[] = [];
  // A retried request's report was counted when it was stored; another writer's events are its own.
  const mine = (countedBy: string | null) => countedBy === counting.writer.writer;
  const onReport = (report: ReportedClaim) => {
    if (report.created && mine(report.countedBy)) reports.push(report);
  };
  const onOpened = (caseId: string, countedBy: string | null) => {
    if (mine(countedBy)) opened.push(caseId);
  };
  const onTransition = (caseId: string, seq: number, countedBy: string | null) => {
    if (mine(countedBy)) transitions.push({ caseId, seq, rounds: 0, queuedAt: Date.now() });
  };
  domainEvents.on('claim.reported', onReport);
  domainEvents.on('case.opened', onOpened);
  domainEvents.on('case.transitioned', onTransition);

  /**
   * A writer whose lease is lost writes nothing more: the process counts on under a new id. What
   * the old one had queued is its records' to recover.
   */
  const renewIdentity = () => {
    counting = begin();
    reports = [];
    opened = [];
    transitions = [];
  };

  let round: Promise<void> = Promise.resolve();
  const runRound = async () => {
    if (mongoose.connection.readyState !== mongoose.ConnectionStates.connected) return;
    if (counting.lease.lost) renewIdentity();
    await counting.lease.ensureRegistered();
    const { writer } = counting;
    const cutAt = Date.now();
    const batch = { reports, opened, transitions };
    reports = [];
    opened = [];
    transitions = [];
    const cases = await readCases([...batch.reports.map((report) => report.caseId), ...batch.opened, ...batch.transitions.map((event) => event.caseId)]);
    const count = (fact: InsightFact, event: string) => writer.add(incrementsOf(fact, regionChain), event);
    for (const report of batch.reports) {
      const record = cases.get(report.caseId);
      if (record) count(reportFact(report, record), eventName.report(report.claimId));
    }
    for (const caseId of batch.opened) {
      const record = cases.get(caseId);
      if (record) count(openedFact(record), eventName.opened(caseId));
    }
    const { facts, waiting } = await transitionFacts(batch.transitions, cases, PUBLICATION_WAIT_ROUNDS);
    transitions.push(...(waiting as QueuedTransition[]));
    for (const { event, facts: own } of facts) for (const fact of own) count(fact, eventName.transition(event.caseId, event.seq));
    await writer.flush();
    if (writer.idle && counting.writer === writer) counting.durableSince = cutAt;
  };
  const settle = () => {
    round = round.then(runRound, runRound);
    return round;
  };
  /** Renews the lease with how far back everything is written, and forgets the journal before that. */
  const beat = async () => {
    const { lease, writer } = counting;
    await lease.ensureRegistered();
    const oldestWaiting = Math.min(...transitions.map((event) => event.queuedAt));
    const since = new Date(Math.min(counting.durableSince, oldestWaiting) - EVENT_DELAY_MS);
    await lease.renew(since);
    if (!lease.lost) await InsightFlushModel.deleteMany({ writer: writer.writer, at: { $lt: since } });
  };
  const recover = async () => {
    if (mongoose.connection.readyState === mongoose.ConnectionStates.connected) await recoverDeadWriters({ self: counting.writer.writer });
  };
  const cancels = [scheduler.every('insights.rollups', options.flushMs ?? 1_000, settle), scheduler.every('insights.lease', BEAT_MS, beat), scheduler.every('insights.recovery', RECOVERY_EVERY_MS, recover)];
  scheduler.after('insights.lease', 0, beat);
  scheduler.after('insights.recovery', 0, recover);
  const stop = () => {
    for (const cancel of cancels) cancel();
    domainEvents.off('claim.reported', onReport);
    domainEvents.off('case.opened', onOpened);
    domainEvents.off('case.transitioned', onTransition);
    if (running === handle) {
      running = null;
      setCountedBy(null);
    }
  };
  const handle: InsightRollups = {
    settle,
    stop,
    async close() {
      // Records created from now on are nobody's to count live; those marked before are written.
      setCountedBy(null);
      await settle();
      stop();
      await settle();
      const { writer, lease } = counting;
      if (!writer.idle || transitions.length > 0) return;
      await lease.release();
      await InsightFlushModel.deleteMany({ writer: writer.writer });
    },
    get writerId() {
      return counting.writer.writer;
    },
  };
  running = handle;
  return handle;
}

function begin(): Counting {
  const id = newWriterId();
  const lease = new WriterLease(id);
  setCountedBy(id);
  return { writer: new RollupWriter(id, Date.now, lease), lease, durableSince: lease.createdAt };
}
