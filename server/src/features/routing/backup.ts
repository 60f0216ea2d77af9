/**
 * A page nobody acknowledged in time (pages.ts): the next expert in routing's order who has room
 * is assigned to the emergency as well (the backup, 后备值守), and the leads of its lead unit are
 * told. The first expert stays on it: whoever sees it first starts, and the other joins
 * or signs off. Called by the escalation runner, which fires the page once across processes; an
 * attempt that died after the backup's transition is completed (audit, notices) by the next.
 */
import { Types } from 'mongoose';
import { recordAudit, SYSTEM_ACTOR } from '../audit/service';
import type { CaseRecord } from '../cases/model';
import { findCase, transitionCase } from '../cases/repository';
import { CaseTransitionModel } from '../cases/transitionModel';
import { EscalationStepModel, type EscalationStepRecord } from '../escalation/model';
import { leadUnitOf } from '../escalation/units';
import { freeSeat } from '../experts/seats';
import { notify, REFUTE_ACTOR } from '../notifications/service';
import { isAssignee } from '../reviews/caseSteps';
import { activeLeadIds } from '../users/repository';
import { domainEvents } from '../../realtime/domainEvents';
import { rankForRouting } from './candidates';
import { ACKNOWLEDGE_MINUTES } from './pages';
import { firstWithSeat, joiningUnit } from './router';

export type PageOutcome = 'acknowledged' | 'not_applicable' | 'paged' | 'no_backup';

const BACKUP_ACTION = 'case.backup_assigned';

/** Whether the page still stands: the paged expert is alone on the case, which is being worked on. */
const standsFor = (record: CaseRecord, expertId: string) => record.status === 'in_review' && isAssignee(record, expertId) && record.assigneeIds.length === 1;

/** The backup a previous attempt at the page assigned (it died before its audit and notices), if still on the case. */
async function backupAssignedBefore(record: CaseRecord): Promise<string | null> {
  const last = await CaseTransitionModel.findOne({ caseId: record._id, action: BACKUP_ACTION }).sort({ seq: -1 }).lean<{ actorId: Types.ObjectId }>();
  return last && isAssignee(record, String(last.actorId)) ? String(last.actorId) : null;
}

/**
 * Assigns a backup beside the paged expert: the first eligible expert in routing's order with a
 * seat (the experts and tiers a round would ask, least loaded against capacity first, and within a
 * load an on-call expert first, by the points being on call scores in an emergency). Least loaded
 * first because a backup is one more case for someone: preferring on-call experts above all piled
 * backups on the few of them (sim:routing, docs/operations.md). Null when nobody eligible has room.
 */
async function assignBackup(first: CaseRecord, expertId: string, now: Date): Promise<string | null> {
  let record = first;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const { ordered, joins } = await rankForRouting(record, now);
    const taken = await firstWithSeat(record, ordered.filter((candidate) => !isAssignee(record, candidate.userId)), now);
    if (!taken) return null;
    const backupId = taken.candidate.userId;
    const change = { assigneeIds: [...record.assigneeIds, new Types.ObjectId(backupId)], ...joiningUnit(record, joins.get(backupId)) };
    try {
      // The transition names the backup as its actor (transitions name a person); the audit says Refute did it.
      await transitionCase(record, BACKUP_ACTION, backupId, change, () => new Error('overtaken'));
      return backupId;
    } catch (error) {
      await freeSeat(taken.seat);
      if (!(error instanceof Error && error.message === 'overtaken')) throw error;
      // The case changed meanwhile (a report joined, the expert submitted): decided again on it as it is now.
      const fresh = await findCase(record._id);
      if (!fresh || !standsFor(fresh, expertId)) return null;
      record = fresh;
    }
  }
  throw new Error(`case ${String(first._id)} kept changing while a backup was paged`);
}

/** Fires a due page of the case (read now by the runner): acknowledged meanwhile, passed, or a backup assigned. */
export async function passPage(page: EscalationStepRecord, record: CaseRecord, now: Date): Promise<PageOutcome> {
  const expertId = String(page.expertId);
  // Acknowledged since the runner read it: the acknowledgement closed it.
  if ((await EscalationStepModel.findById(page._id, { outcome: 1 }).lean<EscalationStepRecord>())?.outcome === 'acknowledged') return 'acknowledged';
  let backupId = await backupAssignedBefore(record);
  if (!backupId) {
    if (!standsFor(record, expertId)) return 'not_applicable';
    backupId = await assignBackup(record, expertId, now);
  }
  await recordAudit({
    action: 'case.backup_paged',
    actor: SYSTEM_ACTOR,
    subject: { kind: 'case', id: record._id },
    data: { pageId: page._id, expertId, backupId, minutes: ACKNOWLEDGE_MINUTES },
    once: `escalation-step:${page._id}`,
  });
  if (backupId) domainEvents.emit('case.assigned', { caseId: String(record._id), assigneeId: backupId, assignedBy: REFUTE_ACTOR.id });
  const unit = await leadUnitOf(record);
  await notify({ kind: 'page_unacknowledged', recipientIds: await activeLeadIds(unit?._id), case: { id: record._id, title: record.title }, actor: REFUTE_ACTOR });
  return backupId ? 'paged' : 'no_backup';
}
