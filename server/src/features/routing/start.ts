/**
 * When routing runs: a case opened in this process is routed at once, in the background (intake
 * never waits for it); a sweep over the active queue's rows routes again every unassigned open
 * case whose topic, region or lane changed since it was last routed here, and at start every one
 * not yet routed (a case opened by a process that stopped before it could route it).
 */
import type { Logger } from 'pino';
import { engine } from '../../engine';
import type { Scheduler } from '../../jobs/scheduler';
import { domainEvents } from '../../realtime/domainEvents';
import { routeCase, signatureOf } from './router';

export interface RoutingOptions {
  /** How often the sweep looks for changed cases (default 5 s). */
  sweepMs?: number;
}

const SWEEP_MS = 5_000;
const CONCURRENCY = 4;

export function startRouting(scheduler: Scheduler, log?: Logger, options: RoutingOptions = {}): () => void {
  /** The signature each unassigned open case had when this process last routed it. */
  const routed = new Map<string, string>();
  const running = new Set<string>();

  const route = async (caseId: string, signature?: string) => {
    if (running.has(caseId)) return;
    running.add(caseId);
    try {
      await routeCase(caseId);
      if (signature) routed.set(caseId, signature);
    } catch (error) {
      log?.error({ err: error, caseId }, 'routing failed');
    } finally {
      running.delete(caseId);
    }
  };

  const onOpened = (caseId: string) => scheduler.after('routing.opened', 0, () => route(caseId));
  domainEvents.on('case.opened', onOpened);

  const sweep = async () => {
    const now = Date.now();
    const waiting = (await engine().cases.activeRows({})).filter(
      (row) => row.status === 'open' && (row.assigneeIds ?? []).length === 0 && row.deadlineAt.getTime() > now,
    );
    const ids = new Set(waiting.map((row) => String(row._id)));
    for (const id of routed.keys()) if (!ids.has(id)) routed.delete(id);
    const due = waiting.filter((row) => routed.get(String(row._id)) !== signatureOf(row));
    for (let from = 0; from < due.length; from += CONCURRENCY) {
      await Promise.all(due.slice(from, from + CONCURRENCY).map((row) => route(String(row._id), signatureOf(row))));
    }
  };
  const stopSweep = scheduler.every('routing.sweep', options.sweepMs ?? SWEEP_MS, sweep);

  return () => {
    domainEvents.off('case.opened', onOpened);
    stopSweep();
  };
}
