/**
 * The review workflow up to a lead's decision: claim, assign, save the draft, submit, return.
 * Every step is decided by an insert under a unique index (a case transition or a draft
 * revision), so of concurrent requests exactly one succeeds, and each step writes an audit event.
 * Approval and corrections are in `approval.ts`.
 */
import { Types } from 'mongoose';
import { canTransition, hasRole, missingForSubmission, type DraftSave, type SessionUser, type Topic } from '@refute/shared';
import { conflict, forbidden, unprocessable } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { recordAudit } from '../audit/service';
import type { CaseRecord } from '../cases/model';
import { presentDraft } from '../cases/presenter';
import { transitionCase } from '../cases/repository';
import { UserModel } from '../users/model';
import { activeLeadIds } from '../users/repository';
import { actorOf, changedMeanwhile, isAssignee, loadCase, requireStatusFor } from './caseSteps';
import type { DraftRevisionRecord } from './draftModel';
import { caseContributorIds, recordContributor, withContributors } from './contributors';
import { latestDraft, saveRevision } from './drafts';
import { requireChecklistComplete } from '../checklists/service';
import { requireCaseUnitMember, requireOverseeingLead } from '../escalation/units';
import { freeSeat, holdSeat, releaseSeatsOf, type SeatHold } from '../experts/seats';

export async function claimCase(user: SessionUser, caseId: string): Promise<void> {
  const record = await loadCase(caseId);
  const alreadyClaimed = () => conflict('already_claimed', 'Someone else has already taken this case');
  if (record.status === 'in_review') throw alreadyClaimed();
  requireStatusFor('claim', record);
  await requireCaseUnitMember(record, user);
  // A claim holds a seat like an accepted offer: an expert at capacity finishes or gives back one first.
  const held = await holdSeat(user.id, record._id, new Date(), { pastCapacity: false });
  if (held.kind === 'full') throw conflict('at_capacity', 'You are working on as many cases as your capacity allows');
  await givenOrFreed(held, () =>
    transitionCase(record, 'case.claimed', user.id, { status: 'in_review', assigneeIds: [new Types.ObjectId(user.id)] }, alreadyClaimed),
  );
  await recordAudit({ action: 'case.claimed', actor: actorOf(user), subject: { kind: 'case', id: record._id } });
}

/** Runs the transition that gives the case; if it fails, the seat taken for it is freed. */
async function givenOrFreed(held: SeatHold, transition: () => Promise<unknown>): Promise<void> {
  try {
    await transition();
  } catch (error) {
    if (held.kind === 'seat') await freeSeat(held.seat);
    throw error;
  }
}

export async function assignCase(lead: SessionUser, caseId: string, assigneeId: string): Promise<void> {
  const assignee = await UserModel.findById(assigneeId).lean();
  if (!assignee || assignee.disabled || !hasRole(assignee.roles, 'reviewer', 'lead')) {
    throw unprocessable('invalid_assignee', 'The assignee must be an active reviewer or lead');
  }
  const record = await loadCase(caseId);
  requireStatusFor('assign', record);
  await requireOverseeingLead(record, lead);
  await requireCaseUnitMember(record, assignee);
  const already = isAssignee(record, String(assignee._id));
  const assignees = already ? record.assigneeIds : [...record.assigneeIds, assignee._id];
  // A lead may give an expert more than their capacity: the seat is taken all the same, and the
  // audit (and the case page, before the lead chooses) says it went past capacity.
  const held: SeatHold = already ? { kind: 'no_profile' } : await holdSeat(String(assignee._id), record._id, new Date(), { pastCapacity: true });
  await givenOrFreed(held, () =>
    transitionCase(record, 'case.assigned', lead.id, { status: record.status === 'open' ? 'in_review' : record.status, assigneeIds: assignees }, changedMeanwhile),
  );
  await recordAudit({
    action: 'case.assigned',
    actor: actorOf(lead),
    subject: { kind: 'case', id: record._id },
    data: { assigneeId: String(assignee._id), overCapacity: held.kind === 'seat' && held.overCapacity },
  });
  domainEvents.emit('case.assigned', { caseId: String(record._id), assigneeId: String(assignee._id), assignedBy: lead.id });
}

/**
 * Takes an expert off a case: a lead may take anyone off, an expert only themselves (giving the
 * case back). A case nobody works on any more is open again, for anyone to claim.
 */
export async function unassignCase(user: SessionUser, caseId: string, assigneeId: string): Promise<void> {
  if (!hasRole(user.roles, 'lead') && user.id !== assigneeId) throw forbidden('not_lead', 'Only a lead can take someone else off a case');
  const record = await loadCase(caseId);
  if (!isAssignee(record, assigneeId)) throw unprocessable('not_assigned', 'That person is not assigned to this case');
  requireStatusFor('unassign', record);
  const assigneeIds = record.assigneeIds.filter((id) => String(id) !== assigneeId);
  const status = assigneeIds.length === 0 ? 'open' : record.status;
  await transitionCase(record, 'case.unassigned', user.id, { status, assigneeIds }, changedMeanwhile);
  await releaseSeatsOf(assigneeId, record._id);
  await recordAudit({ action: 'case.unassigned', actor: actorOf(user), subject: { kind: 'case', id: record._id }, data: { assigneeId, gaveBack: user.id === assigneeId } });
}

/** A reviewer's correction of the classifier's topic; kept in the case's history. */
export async function setTopic(user: SessionUser, caseId: string, topic: Topic): Promise<void> {
  const record = await loadCase(caseId);
  if (record.status === 'merged') throw conflict('invalid_state', 'The case was merged; set the topic of the case it was merged into');
  if (record.topic === topic && record.topicCorrectedBy) return;
  await transitionCase(record, 'case.topic_changed', user.id, { topic, topicConfidence: null, topicCorrectedBy: new Types.ObjectId(user.id) }, changedMeanwhile);
  await recordAudit({
    action: 'case.topic_changed',
    actor: actorOf(user),
    subject: { kind: 'case', id: record._id },
    data: { from: record.topic, to: topic, classifierConfidence: record.topicConfidence ?? null },
  });
}

/** The case, if `userId` may edit its draft now: an assignee, while the case is being reviewed. */
export async function caseForEditor(userId: string, caseId: string): Promise<CaseRecord> {
  const record = await loadCase(caseId);
  if (!isAssignee(record, userId)) throw forbidden('not_assigned', 'Only the experts assigned to this case can edit it');
  requireStatusFor('edit', record);
  const editor = await UserModel.findById(userId, { orgId: 1 }).lean();
  await requireCaseUnitMember(record, { orgId: editor?.orgId ?? null });
  return record;
}

export async function saveDraft(user: SessionUser, caseId: string, input: DraftSave): Promise<DraftRevisionRecord> {
  const record = await caseForEditor(user.id, caseId);
  await recordContributor(record._id, user.id, 'draft');
  const saved = await saveRevision(record._id, user.id, input, await caseContributorIds(record._id));
  // A submit may have landed between the check above and the save: the save stands only if
  // the case is still being edited or the submission includes it.
  const after = await loadCase(caseId);
  const included = (after.submittedDraftVersion ?? 0) >= saved.version;
  if (!canTransition('edit', after.status) && !included) {
    throw conflict('invalid_state', `The case was ${after.status} meanwhile; this save (version ${saved.version}) is not part of it`, {
      status: after.status,
    });
  }
  await recordAudit({ action: 'draft.saved', actor: actorOf(user), subject: { kind: 'case', id: record._id }, data: { version: saved.version } });
  domainEvents.emit('draft.saved', String(record._id), presentDraft(saved));
  return saved;
}

export async function submitCase(user: SessionUser, caseId: string): Promise<void> {
  const record = await loadCase(caseId);
  if (!isAssignee(record, user.id)) throw forbidden('not_assigned', 'Only the experts assigned to this case can submit it');
  requireStatusFor('submit', record);
  await requireChecklistComplete(record);
  let draft = await latestDraft(record._id);
  let current = record;
  const wasSubmitted = record.status === 'submitted';
  // Saves that land while the submission is recorded are taken into it, never left behind.
  for (let round = 0; round < 5; round += 1) {
    const missing = missingForSubmission(presentDraft(draft));
    if (!draft || missing.length > 0) throw unprocessable('draft_incomplete', `The draft lacks: ${missing.join(', ')}`, { missing });
    if (current.status === 'submitted' && current.submittedDraftVersion === draft.version) break;
    current = await transitionCase(current, 'case.submitted', user.id, { status: 'submitted', submittedDraftVersion: draft.version }, changedMeanwhile);
    await recordAudit({ action: 'case.submitted', actor: actorOf(user), subject: { kind: 'case', id: record._id }, data: { draftVersion: draft.version } });
    const latest = await latestDraft(record._id);
    if (!latest || latest.version === draft.version) break;
    draft = latest;
  }
  if (!wasSubmitted) {
    const leadIds = await activeLeadIds(user.orgId);
    domainEvents.emit('case.submitted', { caseId: String(record._id), title: record.title, actor: { id: user.id, name: user.name }, recipientIds: leadIds });
  }
}

export async function returnCase(lead: SessionUser, caseId: string, comment: string): Promise<void> {
  const record = await loadCase(caseId);
  requireStatusFor('return', record);
  await transitionCase(record, 'case.returned', lead.id, { status: 'returned', returnComment: comment, submittedDraftVersion: null }, changedMeanwhile);
  await recordAudit({ action: 'case.returned', actor: actorOf(lead), subject: { kind: 'case', id: record._id }, data: { comment } });
  const authorIds = withContributors(record.assigneeIds.map(String), await caseContributorIds(record._id));
  domainEvents.emit('case.returned', { caseId: String(record._id), title: record.title, actor: { id: lead.id, name: lead.name }, recipientIds: authorIds, comment });
}
