/**
 * The review workflow: claim, assign, save the draft, submit, approve, return. Every step is
 * decided by an insert under a unique index (a case transition or a draft revision), so of
 * concurrent requests exactly one succeeds, and each step writes an audit event.
 */
import { Types } from 'mongoose';
import {
  canTransition,
  hasRole,
  mayApprove,
  missingForSubmission,
  type CaseAction,
  type DraftSave,
  type SessionUser,
  type Topic,
} from '@refute/shared';
import { conflict, forbidden, isDuplicateKeyError, notFound, unprocessable } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { recordAudit, type Actor } from '../audit/service';
import type { CaseRecord } from '../cases/model';
import { CaseTransitionModel, type CaseTransitionRecord, type WorkflowState } from '../cases/transitionModel';
import { presentDraft } from '../cases/presenter';
import { findCase, transitionCase } from '../cases/repository';
import { ClaimModel } from '../claims/model';
import { PublicationModel, type PublicationRecord } from '../publications/model';
import { UserModel } from '../users/model';
import type { DraftRevisionRecord } from './draftModel';
import { caseContributorIds, recordContributor, withContributors } from './contributors';
import { draftVersion, latestDraft, restoreRevision, saveRevision } from './drafts';

const actorOf = (user: SessionUser): Actor => ({ kind: 'user', id: user.id, orgId: user.orgId });

async function loadCase(caseId: string): Promise<CaseRecord> {
  const found = await findCase(caseId);
  if (!found) throw notFound('Case');
  return found;
}

const isAssignee = (record: CaseRecord, userId: string) => record.assigneeIds.some((id) => String(id) === userId);

const ACTION_PAST: Record<CaseAction, string> = {
  claim: 'claimed',
  assign: 'assigned',
  edit: 'edited',
  submit: 'submitted',
  approve: 'approved',
  return: 'returned',
  reopen: 'reopened',
};

function requireStatusFor(action: CaseAction, record: CaseRecord): void {
  if (!canTransition(action, record.status)) {
    throw conflict('invalid_state', `The case is ${record.status}; it cannot be ${ACTION_PAST[action]} now`, { status: record.status });
  }
}

const changedMeanwhile = () => conflict('concurrent_change', 'The case changed meanwhile; reload and try again');

export async function claimCase(user: SessionUser, caseId: string): Promise<void> {
  const record = await loadCase(caseId);
  const alreadyClaimed = () => conflict('already_claimed', 'Someone else has already taken this case');
  if (record.status === 'in_review') throw alreadyClaimed();
  requireStatusFor('claim', record);
  await transitionCase(record, 'case.claimed', user.id, { status: 'in_review', assigneeIds: [new Types.ObjectId(user.id)] }, alreadyClaimed);
  await recordAudit({ action: 'case.claimed', actor: actorOf(user), subject: { kind: 'case', id: record._id } });
}

export async function assignCase(lead: SessionUser, caseId: string, assigneeId: string): Promise<void> {
  const assignee = await UserModel.findById(assigneeId).lean();
  if (!assignee || assignee.disabled || !hasRole(assignee.roles, 'reviewer', 'lead')) {
    throw unprocessable('invalid_assignee', 'The assignee must be an active reviewer or lead');
  }
  const record = await loadCase(caseId);
  requireStatusFor('assign', record);
  const assignees = isAssignee(record, String(assignee._id)) ? record.assigneeIds : [...record.assigneeIds, assignee._id];
  await transitionCase(record, 'case.assigned', lead.id, { status: record.status === 'open' ? 'in_review' : record.status, assigneeIds: assignees }, changedMeanwhile);
  await recordAudit({
    action: 'case.assigned',
    actor: actorOf(lead),
    subject: { kind: 'case', id: record._id },
    data: { assigneeId: String(assignee._id) },
  });
  domainEvents.emit('case.assigned', { caseId: String(record._id), assigneeId: String(assignee._id), assignedBy: lead.id });
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
  let draft = await latestDraft(record._id);
  let current = record;
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
}

export async function returnCase(lead: SessionUser, caseId: string, comment: string): Promise<void> {
  const record = await loadCase(caseId);
  requireStatusFor('return', record);
  await transitionCase(record, 'case.returned', lead.id, { status: 'returned', returnComment: comment, submittedDraftVersion: null }, changedMeanwhile);
  await recordAudit({ action: 'case.returned', actor: actorOf(lead), subject: { kind: 'case', id: record._id }, data: { comment } });
}

/**
 * A correction: a lead puts a published case back into review, its published content as the
 * draft and its assignees kept. The published version stays public until the next approval,
 * which publishes the next version with this reason.
 */
export async function reopenCase(lead: SessionUser, caseId: string, reason: string): Promise<void> {
  const record = await loadCase(caseId);
  requireStatusFor('reopen', record);
  const published = record.submittedDraftVersion ? await draftVersion(record._id, record.submittedDraftVersion) : null;
  if (published) await restoreRevision(record._id, published, lead.id);
  await transitionCase(
    record,
    'case.reopened',
    lead.id,
    { status: 'in_review', reopenReason: reason, submittedDraftVersion: null, returnComment: null },
    () => conflict('already_reopened', 'The case changed meanwhile (another lead acted on it)'),
  );
  await recordAudit({ action: 'case.reopened', actor: actorOf(lead), subject: { kind: 'case', id: record._id }, data: { reason, version: record.publishedVersion } });
  domainEvents.emit('case.reopened', { caseId: String(record._id), title: record.title, actor: { id: lead.id, name: lead.name }, recipientIds: record.assigneeIds.map(String) });
}

/**
 * Approval publishes the submitted draft revision as the case's next version. The transition
 * to `published` is recorded first (one approval wins), then the publication is written from
 * the immutable revision, idempotently, so a retry or a crash cannot publish twice or lose it.
 */
export async function approveCase(lead: SessionUser, caseId: string): Promise<PublicationRecord> {
  const record = await loadCase(caseId);
  if (record.status === 'published') {
    const retried = await completeApproval(record, lead.id);
    if (retried) return retried;
  }
  requireStatusFor('approve', record);
  const draft = record.submittedDraftVersion ? await draftVersion(record._id, record.submittedDraftVersion) : null;
  if (!draft?.verdict) throw conflict('draft_changed', 'The submitted draft is missing; it must be submitted again');
  await requireFourEyes(lead, record._id, draft);
  const version = (record.publishedVersion ?? 0) + 1;
  const publicationId = new Types.ObjectId();
  await transitionCase(
    record,
    'case.approved',
    lead.id,
    // The reason stays in the approval's state, so a retried approval still publishes it.
    { status: 'published', publicationId, publishedVersion: version, returnComment: null },
    () => conflict('already_approved', 'The case changed meanwhile (another lead acted on it)'),
  );
  const publication = await publishRevision(record, draft, { id: publicationId, version, approvedBy: lead.id, correctionReason: record.reopenReason ?? null });
  const actor = actorOf(lead);
  await recordAudit({ action: 'case.approved', actor, subject: { kind: 'case', id: record._id }, data: { version } });
  await recordAudit({
    action: 'publication.created',
    actor,
    subject: { kind: 'publication', id: publication._id },
    data: { caseId: String(record._id), version },
  });
  domainEvents.emit('publication.created', {
    id: String(publication._id),
    caseId: String(record._id),
    headline: publication.headline,
    verdict: publication.verdict,
    publishedAt: publication.publishedAt.toISOString(),
  });
  return publication;
}

/**
 * Four-eyes: whoever contributed to what is published (saved a draft, co-edited the rebuttal,
 * in this version or an earlier one) cannot approve it.
 */
async function requireFourEyes(lead: SessionUser, caseId: Types.ObjectId, draft: DraftRevisionRecord): Promise<void> {
  const authorIds = withContributors(draft.authorIds.map(String), await caseContributorIds(caseId));
  if (!mayApprove(lead, { authorIds })) {
    throw forbidden('four_eyes', 'You contributed to this draft (saved it or co-edited the rebuttal): another lead must approve it');
  }
}

/**
 * A retry of this lead's approval: writes the publication if a crash left it unwritten, and
 * returns it. Null when the case was published by someone else's approval.
 */
async function completeApproval(record: CaseRecord, leadId: string): Promise<PublicationRecord | null> {
  const approval = await CaseTransitionModel.findOne({ caseId: record._id, action: 'case.approved', 'state.publicationId': record.publicationId })
    .sort({ seq: -1 })
    .lean<CaseTransitionRecord>();
  const state = approval?.state as WorkflowState | undefined;
  if (!approval || !state?.publicationId || String(approval.actorId) !== leadId) return null;
  const existing = await PublicationModel.findById(state.publicationId).lean<PublicationRecord>();
  if (existing) return existing;
  const draft = state.submittedDraftVersion ? await draftVersion(record._id, state.submittedDraftVersion) : null;
  if (!draft) return null;
  return publishRevision(record, draft, { id: state.publicationId, version: state.publishedVersion, approvedBy: leadId, correctionReason: state.reopenReason ?? null });
}

async function publishRevision(
  record: CaseRecord,
  draft: DraftRevisionRecord,
  meta: { id: Types.ObjectId; version: number; approvedBy: string; correctionReason: string | null },
): Promise<PublicationRecord> {
  const verdict = draft.verdict;
  if (!verdict) throw unprocessable('draft_incomplete', 'The draft has no verdict', { missing: ['verdict'] });
  const firstReport = await ClaimModel.findOne({ caseId: record._id }).sort({ receivedAt: 1 }).lean();
  try {
    const created = await PublicationModel.create({
      _id: meta.id,
      caseId: record._id,
      version: meta.version,
      slug: `${String(record._id)}-v${meta.version}`,
      verdict,
      headline: draft.headline,
      summary: draft.summary,
      rebuttalHtml: draft.rebuttalHtml,
      evidence: draft.evidence,
      topic: record.topic,
      language: record.language,
      claimText: firstReport?.text ?? record.title,
      // Co-editors who never saved are authors of what is published too.
      authorIds: withContributors(draft.authorIds.map(String), await caseContributorIds(record._id)),
      approvedBy: new Types.ObjectId(meta.approvedBy),
      correctionReason: meta.version > 1 ? meta.correctionReason : null,
      publishedAt: new Date(),
    });
    return created.toObject() as PublicationRecord;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const existing = await PublicationModel.findById(meta.id).lean<PublicationRecord>();
    if (!existing) throw error;
    return existing;
  }
}
