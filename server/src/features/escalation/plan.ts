/**
 * Keeps each active case's deadline points stored as escalation steps: the three points of its
 * current round (`<caseId>:<round>:<kind>`), due where the at-risk settings and the deadline put
 * them. A step of an earlier round still pending is skipped (the case moved up meanwhile).
 */
import { deadlinePoints, isQueueStatus, type AtRiskSettings } from '@refute/shared';
import { isDuplicateKeyError } from '../../http/errors';
import type { CaseRecord } from '../cases/model';
import { EscalationStepModel, type EscalationStepRecord } from './model';

export type PlannedCase = Pick<CaseRecord, '_id' | 'status' | 'openedAt' | 'deadlineAt' | 'escalatedAt' | 'escalations'>;

export const roundOf = (record: Pick<CaseRecord, 'escalations'>) => (record.escalations ?? []).length;
export const stepId = (caseId: unknown, round: number, kind: string) => `${String(caseId)}:${round}:${kind}`;

/** Brings the case's stored steps in line with it, given the pending steps stored for it. */
export async function planCase(record: PlannedCase, settings: AtRiskSettings, pending?: EscalationStepRecord[]): Promise<void> {
  const stored = pending ?? (await EscalationStepModel.find({ caseId: record._id }).lean<EscalationStepRecord[]>());
  const round = roundOf(record);
  const active = isQueueStatus(record.status);
  const wanted = active ? deadlinePoints(record.escalatedAt ?? record.openedAt, record.deadlineAt, settings) : [];
  const byId = new Map(stored.map((step) => [step._id, step]));
  for (const point of wanted) {
    const id = stepId(record._id, round, point.kind);
    const existing = byId.get(id);
    if (!existing) {
      try {
        await EscalationStepModel.create({ _id: id, caseId: record._id, round, kind: point.kind, dueAt: point.dueAt, state: 'pending' });
      } catch (error) {
        // Another process planned it first.
        if (!isDuplicateKeyError(error)) throw error;
      }
    } else if (existing.state === 'pending' && existing.dueAt.getTime() !== point.dueAt.getTime()) {
      // The lane or the settings moved the deadline.
      await EscalationStepModel.updateOne({ _id: id, state: 'pending' }, { $set: { dueAt: point.dueAt } });
    }
  }
  for (const step of stored) {
    if (step.state === 'pending' && step.round < round) {
      await EscalationStepModel.updateOne({ _id: step._id, state: 'pending' }, { $set: { state: 'skipped', outcome: 'superseded', doneAt: new Date() } });
    }
  }
}
