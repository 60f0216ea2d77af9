/**
 * Fires due escalation steps, each exactly once across processes. `runDue(now)` reads the pending
 * steps, and for each due one inserts a claim under a unique `_id` (`<step>#<attempt>`): the one
 * process whose insert succeeds fires it. A claim older than the lease whose step is still pending
 * belongs to a process that died mid-step; the next attempt may then be claimed. Firing is made
 * safe to repeat: the escalation is a case transition checked against the case's round, and its
 * audit event is recorded once per step.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { pointApplies, type AtRiskSettings } from '@refute/shared';
import { conflict, isDuplicateKeyError } from '../../http/errors';
import { SYSTEM_ACTOR, recordAudit } from '../audit/service';
import { CaseModel, type CaseRecord } from '../cases/model';
import { findCase, transitionCase } from '../cases/repository';
import type { WorkflowState } from '../cases/transitionModel';
import { domainEvents } from '../../realtime/domainEvents';
import { notify } from '../notifications/service';
import type { OrganisationRecord } from '../organisations/model';
import { OrganisationModel } from '../organisations/model';
import { activeLeadIds } from '../users/repository';
import { EscalationClaimModel, EscalationStepModel, type EscalationStepRecord } from './model';
import { planCase, roundOf } from './plan';
import { leadUnitOf } from './units';
import { passPage, type PageOutcome } from '../routing/backup';

export type Clock = () => Date;

/** Notifications and transitions of escalation name Refute itself. */
export const ESCALATION_ACTOR = { id: '000000000000000000000000', name: 'Refute' };

const LEASE_MS = 2 * 60_000;
const MAX_ATTEMPTS = 5;

type Outcome = 'notified' | 'escalated' | 'top_level' | 'not_applicable' | 'superseded' | 'gone' | PageOutcome;

/** What firing a step did, when it did something: the step is done (the others are skipped). */
const ACTED: ReadonlySet<Outcome> = new Set(['notified', 'escalated', 'top_level', 'paged', 'no_backup']);

export interface EscalationRunner {
  /** Fires every step due at `now`; returns the ids of the steps this runner fired. */
  runDue(now: Date): Promise<string[]>;
  /** Plans the steps of every active case (at start and now and then: cases whose planning a crash cut short). */
  sweep(): Promise<void>;
}

export function createEscalationRunner(options: { settings: () => AtRiskSettings; owner?: string }): EscalationRunner {
  const owner = options.owner ?? randomUUID();

  async function claim(step: EscalationStepRecord, now: Date): Promise<boolean> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      try {
        await EscalationClaimModel.create({ _id: `${step._id}#${attempt}`, stepId: step._id, attempt, claimedAt: now, owner });
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const held = await EscalationClaimModel.findById(`${step._id}#${attempt}`).lean();
        if (held && now.getTime() - held.claimedAt.getTime() < LEASE_MS) return false;
      }
    }
    return false;
  }

  async function fire(step: EscalationStepRecord, now: Date): Promise<Outcome> {
    const record = await findCase(step.caseId);
    if (!record || record.status === 'merged') return 'gone';
    // An attempt that died after the escalation's transition is completed (audit, notices).
    const completing = step.kind === 'deadline' && roundOf(record) === step.round + 1;
    if (roundOf(record) !== step.round && !completing) return 'superseded';
    // An on-call page nobody acknowledged: a backup is assigned (routing/backup.ts).
    if (step.kind === 'unacknowledged') return passPage(step, record, now);
    const assigneeCount = (record.assigneeIds ?? []).length;
    if (!completing && !pointApplies(step.kind, { status: record.status, assigneeCount })) return 'not_applicable';
    const last = completing ? record.escalations.at(-1) : undefined;
    const unit = last?.fromOrgId ? await OrganisationModel.findById(last.fromOrgId).lean<OrganisationRecord>() : await leadUnitOf(record);
    if (step.kind !== 'deadline') {
      await recordAudit({
        action: 'case.at_risk',
        actor: SYSTEM_ACTOR,
        subject: { kind: 'case', id: record._id },
        data: { point: step.kind, round: step.round, leadUnitId: unit ? String(unit._id) : null },
        once: `escalation-step:${step._id}`,
      });
      await notifyLeads(unit, record, step.kind === 'unassigned' ? 'at_risk_unassigned' : 'at_risk_no_draft');
      return 'notified';
    }
    const parentId = last?.toOrgId ?? unit?.parentId;
    const parent = parentId ? await OrganisationModel.findById(parentId).lean<OrganisationRecord>() : null;
    if (!unit || !parent) {
      await recordAudit({
        action: 'case.deadline_missed',
        actor: SYSTEM_ACTOR,
        subject: { kind: 'case', id: record._id },
        data: { round: step.round, leadUnitId: unit ? String(unit._id) : null },
        once: `escalation-step:${step._id}`,
      });
      await notifyLeads(unit, record, 'deadline_missed');
      return 'top_level';
    }
    const escalated = await escalate(record, unit, parent, step, now);
    await recordAudit({
      action: 'case.escalated',
      actor: SYSTEM_ACTOR,
      subject: { kind: 'case', id: record._id },
      data: { fromOrgId: String(unit._id), toOrgId: String(parent._id), toLevel: parent.level ?? null, round: step.round + 1 },
      once: `escalation-step:${step._id}`,
    });
    await notifyLeads(parent, escalated, 'escalated');
    await planCase(escalated, options.settings());
    domainEvents.emit('case.escalated', String(record._id));
    return 'escalated';
  }

  /**
   * The lead unit becomes the parent; the former one cooperates, so its experts keep working on
   * the case; the deadline is counted again from now (`triage`). Of racing workflow changes, the
   * escalation is retried on the newer state.
   */
  async function escalate(record: CaseRecord, unit: OrganisationRecord, parent: OrganisationRecord, step: EscalationStepRecord, now: Date): Promise<CaseRecord> {
    let current = record;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      if (roundOf(current) > step.round) return current;
      const cooperating = [...(current.cooperatingUnitIds ?? []), unit._id].filter(
        (id, index, all) => String(id) !== String(parent._id) && all.findIndex((other) => String(other) === String(id)) === index,
      );
      const entry = { at: now, fromOrgId: unit._id, toOrgId: parent._id, toLevel: parent.level ?? null };
      try {
        return await transitionCase(
          current,
          'case.escalated',
          ESCALATION_ACTOR.id,
          { leadUnitId: parent._id, cooperatingUnitIds: cooperating, escalatedAt: now, escalations: [...(current.escalations ?? []), entry] } as Partial<WorkflowState>,
          () => conflict('concurrent_change', 'The case changed meanwhile'),
        );
      } catch (error) {
        const fresh = await findCase(record._id);
        if (!fresh) throw error;
        current = fresh;
      }
    }
    throw new Error(`case ${String(record._id)} kept changing while it escalated`);
  }

  /** Whether the step's case, as it is now, is in the step's round and past the point's rule (see `fire`). */
  async function passesQuietly(step: EscalationStepRecord): Promise<boolean> {
    // A page is claimed and fired: whether it stands is decided with its expert (routing/backup.ts).
    if (step.kind === 'unacknowledged') return false;
    const record = await findCase(step.caseId);
    return record !== null && record.status !== 'merged' && roundOf(record) === step.round && !pointApplies(step.kind, { status: record.status, assigneeCount: (record.assigneeIds ?? []).length });
  }

  return {
    async runDue(now) {
      // The equality on the state is what the local engine pushes down (and indexes); the time is
      // compared by the engine too, so only the due steps come back, not every live case's points.
      const due = await EscalationStepModel.find({ state: 'pending', dueAt: { $lte: now } }).lean<EscalationStepRecord[]>();
      due.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
      const fired: string[] = [];
      for (const step of due) {
        // Most points pass quietly (the case has its expert, or its draft): those are set aside
        // without a claim, since skipping a step twice does no harm. A step that may act is claimed.
        if (await passesQuietly(step)) {
          await EscalationStepModel.updateOne({ _id: step._id, state: 'pending' }, { $set: { state: 'skipped', outcome: 'not_applicable', doneAt: now } });
          fired.push(step._id);
          continue;
        }
        if (!(await claim(step, now))) continue;
        const outcome = await fire(step, now);
        await EscalationStepModel.updateOne({ _id: step._id }, { $set: { state: ACTED.has(outcome) ? 'done' : 'skipped', outcome, doneAt: now } });
        fired.push(step._id);
      }
      return fired;
    },
    async sweep() {
      const active = await CaseModel.find({ queueActive: true }, { status: 1, openedAt: 1, deadlineAt: 1, escalatedAt: 1, escalations: 1 }).lean<CaseRecord[]>();
      const pending = await EscalationStepModel.find({ state: 'pending' }).lean<EscalationStepRecord[]>();
      const byCase = new Map<string, EscalationStepRecord[]>();
      for (const step of pending) byCase.set(String(step.caseId), [...(byCase.get(String(step.caseId)) ?? []), step]);
      for (const record of active) {
        // On-call pages are not deadline points: they are written by routing, not planned.
        const steps = (byCase.get(String(record._id)) ?? []).filter((step) => step.kind !== 'unacknowledged');
        // Cases whose current round is planned in full are left alone; the rest are planned (done steps are read then).
        if (steps.length === 3 && steps.every((step) => step.round === roundOf(record))) continue;
        await planCase(record, options.settings());
      }
    },
  };
}

async function notifyLeads(unit: OrganisationRecord | null, record: CaseRecord, kind: 'at_risk_unassigned' | 'at_risk_no_draft' | 'escalated' | 'deadline_missed') {
  // A case without a lead unit concerns every lead.
  const recipientIds = await activeLeadIds(unit?._id);
  await notify({ kind, recipientIds, case: { id: new Types.ObjectId(String(record._id)), title: record.title }, actor: ESCALATION_ACTOR });
}
