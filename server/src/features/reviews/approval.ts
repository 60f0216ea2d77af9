/**
 * A lead's decision and its corrections: approval publishes the submitted draft (never by one of
 * its contributors), reopening puts a published case back into review for a correction.
 */
import { Types } from 'mongoose';
import { mayApprove, type SessionUser } from '@refute/shared';
import { conflict, forbidden } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { recordAudit } from '../audit/service';
import { transitionCase } from '../cases/repository';
import type { PublicationRecord } from '../publications/model';
import { publicationOfRetriedApproval, publishRevision } from '../publications/publish';
import { actorOf, loadCase, requireStatusFor } from './caseSteps';
import { authorsOf } from './contributors';
import { draftVersion, restoreRevision } from './drafts';
import { requireLeadUnitLead } from '../escalation/units';

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
    const retried = await publicationOfRetriedApproval(record, lead.id);
    if (retried) return retried;
  }
  requireStatusFor('approve', record);
  await requireLeadUnitLead(record, lead);
  const draft = record.submittedDraftVersion ? await draftVersion(record._id, record.submittedDraftVersion) : null;
  if (!draft?.verdict) throw conflict('draft_changed', 'The submitted draft is missing; it must be submitted again');
  const authorIds = await authorsOf(record._id, draft);
  requireFourEyes(lead, authorIds);
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
  const publication = await publishRevision(record, draft, { id: publicationId, version, approvedBy: lead.id, correctionReason: record.reopenReason ?? null, authorIds });
  const actor = actorOf(lead);
  await recordAudit({ action: 'case.approved', actor, subject: { kind: 'case', id: record._id }, data: { version } });
  await recordAudit({
    action: 'publication.created',
    actor,
    subject: { kind: 'publication', id: publication._id },
    data: { caseId: String(record._id), version },
  });
  domainEvents.emit('case.approved', { caseId: String(record._id), title: record.title, actor: { id: lead.id, name: lead.name }, recipientIds: authorIds });
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
function requireFourEyes(lead: SessionUser, authorIds: string[]): void {
  if (!mayApprove(lead, { authorIds })) {
    throw forbidden('four_eyes', 'You contributed to this draft (saved it or co-edited the rebuttal): another lead must approve it');
  }
}
