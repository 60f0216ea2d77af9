/**
 * Keeps each active case's deadline points stored as escalation steps: the three points of its
 * current round (`<caseId>:<round>:<kind>`), due where the at-risk settings and the deadline put
 * them. A step of an earlier round still pending is skipped (the case moved up meanwhile), and so
 * are the steps of a case that left the queue.
 */
import { deadlinePoints, isQueueStatus, type AtRiskSettings } from '@refute/shared';
import { insertEachOnce } from '../../db/insertOnce';
import type { CaseRecord } from '../cases/model';
import { EscalationStepModel, type EscalationStepRecord } from './model';

export type PlannedCase = Pick<CaseRecord, '_id' | 'status' | 'openedAt' | 'deadlineAt' | 'escalatedAt' | 'escalations'>;

export const roundOf = (record: Pick<CaseRecord, 'escalations'>) => (record.escalations ?? []).length;
export const stepId = (caseId: unknown, round: number, kind: string) => `${String(caseId)}:${round}:${kind}`;

/** Brings the case's stored steps in line with it, given the pending steps stored for it. */
export async function planCase(record: PlannedCase, settings: AtRiskSettings, pending?: EscalationStepRecord[]): Promise<void> {
  const round = roundOf(record);
  const active = isQueueStatus(record.status);
  if (!active) {
    // A case that left the queue (published, merged): its round's pending steps are closed in one
    // write, without reading them (every publication passes here). Steps of earlier rounds were
    // skipped when it escalated, but for the deadline that moved it up, left to its runner.
    await EscalationStepModel.updateMany({ caseId: record._id, state: 'pending', round }, { $set: { state: 'skipped', outcome: 'closed', doneAt: new Date() } });
    return;
  }
  const stored = pending ?? (await EscalationStepModel.find({ caseId: record._id }).lean<EscalationStepRecord[]>());
  const wanted = deadlinePoints(record.escalatedAt ?? record.openedAt, record.deadlineAt, settings);
  const byId = new Map(stored.map((step) => [step._id, step]));
  const missing: Array<Record<string, unknown>> = [];
  for (const point of wanted) {
    const id = stepId(record._id, round, point.kind);
    const existing = byId.get(id);
    if (!existing) missing.push({ _id: id, caseId: record._id, round, kind: point.kind, dueAt: point.dueAt, state: 'pending' });
    else if (existing.state === 'pending' && existing.dueAt.getTime() !== point.dueAt.getTime()) {
      // The lane or the settings moved the deadline.
      await EscalationStepModel.updateOne({ _id: id, state: 'pending' }, { $set: { dueAt: point.dueAt } });
    }
  }
  // One write; a step another process planned first is left as it is.
  await insertEachOnce(EscalationStepModel, missing);
  // Steps of an earlier round are skipped now, so the pending steps every process reads stay those
  // of live cases. The deadline that moved the case up is left to the runner that fires it (it may
  // be finishing).
  for (const step of stored) {
    const firing = step.round === round - 1 && step.kind === 'deadline';
    if (step.state === 'pending' && !firing && step.round < round) {
      await EscalationStepModel.updateOne({ _id: step._id, state: 'pending' }, { $set: { state: 'skipped', outcome: 'superseded', doneAt: new Date() } });
    }
  }
}
