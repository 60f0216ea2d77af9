/**
 * When routing runs: a case opened in this process is routed at once, in the background (intake
 * never waits for it); a sweep over the active queue's rows routes again every unassigned open
 * case whose topic, region or lane changed since it was last routed here, and at start every one
 * not yet routed (a case opened by a process that stopped before it could route it); and it asks
 * the next candidates of each case whose offers all lapsed unanswered.
 */
import type { Logger } from 'pino';
import { engine } from '../../engine';
import type { Scheduler } from '../../jobs/scheduler';
import { domainEvents } from '../../realtime/domainEvents';
import { expireDueOffers, routeCase, signatureOf } from './router';
import { offerExpiry } from './settings';

export interface RoutingOptions {
  /** How often the sweep looks for changed cases and lapsed offers (default 5 s). */
  sweepMs?: number;
  /** The time offers lapse by (default the wall clock; tests pass a virtual one). */
  clock?: () => Date;
}

const SWEEP_MS = 5_000;

export function startRouting(scheduler: Scheduler, log?: Logger, options: RoutingOptions = {}): () => void {
  /** The signature each unassigned open case had when this process last routed it, and when. */
  const routed = new Map<string, { signature: string; at: Date }>();
  const clock = options.clock ?? (() => new Date());
  const queued = new Set<string>();
  // One case at a time: each decision reads the load the previous one left, so a burst of new
  // cases does not fill an expert past capacity.
  let chain: Promise<void> = Promise.resolve();

  const route = (caseId: string, signature?: string): Promise<void> => {
    if (queued.has(caseId)) return chain;
    queued.add(caseId);
    chain = chain.then(async () => {
      queued.delete(caseId);
      try {
        const at = clock();
        await routeCase(caseId, at);
        if (signature) routed.set(caseId, { signature, at });
      } catch (error) {
        log?.error({ err: error, caseId }, 'routing failed');
      }
    });
    return chain;
  };

  const onOpened = (caseId: string) => scheduler.after('routing.opened', 0, () => void route(caseId));
  domainEvents.on('case.opened', onOpened);
  // An escalated case still without an expert is offered to the new level's candidates at once.
  const onEscalated = (caseId: string) => scheduler.after('routing.escalated', 0, () => void route(caseId));
  domainEvents.on('case.escalated', onEscalated);

  const sweep = async () => {
    const now = Date.now();
    const waiting = (await engine().cases.activeRows({})).filter(
      (row) => row.status === 'open' && (row.assigneeIds ?? []).length === 0 && row.deadlineAt.getTime() > now,
    );
    const ids = new Set(waiting.map((row) => String(row._id)));
    for (const id of routed.keys()) if (!ids.has(id)) routed.delete(id);
    // Changed since routed here, or routed here longer ago than its lane's offer time (a round
    // with nobody free is tried again then; routeCase decides whether anything is due).
    const due = waiting.filter((row) => {
      const last = routed.get(String(row._id));
      return last?.signature !== signatureOf(row) || offerExpiry(row.lane, last.at) <= clock();
    });
    for (const row of due) void route(String(row._id), signatureOf(row));
    await chain;
    // Offers nobody answered in time: the next candidates are asked, in the same one-at-a-time order.
    chain = chain.then(async () => {
      try {
        await expireDueOffers(clock());
      } catch (error) {
        log?.error({ err: error }, 'expiring offers failed');
      }
    });
    await chain;
  };
  const stopSweep = scheduler.every('routing.sweep', options.sweepMs ?? SWEEP_MS, sweep);

  return () => {
    domainEvents.off('case.opened', onOpened);
    domainEvents.off('case.escalated', onEscalated);
    stopSweep();
  };
}
