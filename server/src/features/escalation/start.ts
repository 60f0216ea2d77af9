/**
 * Escalation in the background of every server process: each case's points are planned when
 * the case changes (and by a sweep at start and every ten minutes, for changes a crash cut
 * short), and due steps are fired every few seconds. The clock is a parameter, so a test or a
 * simulation drives the same code in virtual time through `runDue(now)`.
 */
import type { Logger } from 'pino';
import type { Scheduler } from '../../jobs/scheduler';
import { domainEvents } from '../../realtime/domainEvents';
import { CaseModel, type CaseRecord } from '../cases/model';
import { planCase, roundOf } from './plan';
import { createEscalationRunner, type Clock, type EscalationRunner } from './runner';
import { atRiskSettings } from './settings';

const RUN_MS = 5_000;
const SWEEP_MS = 10 * 60_000;

export interface Escalations {
  runner: EscalationRunner;
  stop(): void;
}

export function startEscalations(scheduler: Scheduler, log: Logger, options: { clock?: Clock; runMs?: number } = {}): Escalations {
  const clock = options.clock ?? (() => new Date());
  const runner = createEscalationRunner({ settings: atRiskSettings });
  // What each case was last planned for in this process: most case updates (a report joining) move nothing.
  const planned = new Map<string, string>();
  const onCaseUpdated = (caseId: string) => {
    void (async () => {
      const record = await CaseModel.findById(caseId, { status: 1, openedAt: 1, deadlineAt: 1, escalatedAt: 1, escalations: 1 }).lean<CaseRecord>();
      if (!record) return;
      const settings = atRiskSettings();
      const key = `${record.status}:${roundOf(record)}:${record.deadlineAt.getTime()}:${settings.unassignedShare}:${settings.noDraftShare}`;
      if (planned.get(caseId) === key) return;
      await planCase(record, settings);
      planned.set(caseId, key);
      if (planned.size > 50_000) planned.clear();
    })().catch((error: unknown) => log.error({ err: error, caseId }, 'escalation planning failed'));
  };
  domainEvents.on('case.updated', onCaseUpdated);
  scheduler.after('escalation-sweep-at-start', 0, () => runner.sweep());
  const stopSweep = scheduler.every('escalation-sweep', SWEEP_MS, () => runner.sweep());
  const stopRun = scheduler.every('escalation-run', options.runMs ?? RUN_MS, async () => void (await runner.runDue(clock())));
  return {
    runner,
    stop() {
      domainEvents.off('case.updated', onCaseUpdated);
      stopSweep();
      stopRun();
    },
  };
}
