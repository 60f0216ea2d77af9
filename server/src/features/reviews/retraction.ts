/**
 * A lead withdraws a published verdict. The case's workflow moves from `published` to
 * `retracted` (the unique (caseId, seq) of its transitions lets exactly one of several concurrent
 * retractions win: FerretDB v1 would run a conditional update as a read, then a write), then the
 * retraction is published as the case's next version under the id the transition reserved, so a
 * retry after a crash writes it once. Only a lead of the organisation that reviewed the verdict
 * may withdraw it.
 */
import { Types } from 'mongoose';
import { leadsReviewingOrganisation, type SessionUser } from '@refute/shared';
import { conflict, forbidden, notFound } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { recordAudit } from '../audit/service';
import { transitionCase } from '../cases/repository';
import { CaseTransitionModel, type CaseTransitionRecord } from '../cases/transitionModel';
import type { CaseRecord } from '../cases/model';
import type { PublicationRecord } from '../publications/model';
import { publishRetraction } from '../publications/publish';
import { findPublication } from '../publications/repository';
import { findUserById } from '../users/repository';
import { actorOf, loadCase } from './caseSteps';

const alreadyRetracted = () => conflict('already_retracted', 'This verdict was already retracted');

export async function retractPublication(lead: SessionUser, publicationId: string, reason: string): Promise<PublicationRecord> {
  const retracted = await findPublication(publicationId);
  if (!retracted) throw notFound('Publication');
  await requireReviewingOrganisation(lead, retracted);
  const record = await loadCase(String(retracted.caseId));
  if (record.status === 'retracted') return retractionOfRetry(record, retracted, lead, reason);
  if (retracted.retraction) throw alreadyRetracted();
  if (record.status !== 'published' || !record.publicationId?.equals(retracted._id)) {
    // An earlier version, or a case reopened for a correction: what is withdrawn is the current verdict.
    throw conflict('not_published', 'Only the current published version of a case can be retracted', {
      status: record.status,
      ...(record.publicationId ? { currentPublicationId: String(record.publicationId) } : {}),
    });
  }
  const id = new Types.ObjectId();
  const version = (record.publishedVersion ?? 0) + 1;
  await transitionCase(record, 'case.retracted', lead.id, { status: 'retracted', publicationId: id, publishedVersion: version, retractionReason: reason }, alreadyRetracted);
  return announce(lead, record, await publishRetraction(retracted, { id, version, reason, retractedBy: lead.id }));
}

/**
 * The retraction's organisation rule: the verdict belongs to the organisation of the lead who
 * approved it, and only that organisation's leads may withdraw it.
 */
async function requireReviewingOrganisation(lead: SessionUser, publication: PublicationRecord): Promise<void> {
  const approver = await findUserById(publication.approvedBy);
  if (!leadsReviewingOrganisation(lead, approver ? String(approver.orgId) : null)) {
    throw forbidden('other_organisation', 'Only a lead of the organisation that reviewed this verdict may retract it');
  }
}

/**
 * The case is already retracted. The same lead's retry with the same reason (a lost answer, a
 * crash before the retraction was written) completes and answers it; anyone else is refused.
 */
async function retractionOfRetry(record: CaseRecord, retracted: PublicationRecord, lead: SessionUser, reason: string): Promise<PublicationRecord> {
  const transition = await CaseTransitionModel.findOne({ caseId: record._id, action: 'case.retracted' }).sort({ seq: -1 }).lean<CaseTransitionRecord>();
  const state = transition?.state;
  if (!transition || !state?.publicationId || String(transition.actorId) !== lead.id || state.retractionReason !== reason) throw alreadyRetracted();
  if (retracted.version !== state.publishedVersion - 1) throw alreadyRetracted();
  const written = await findPublication(state.publicationId);
  return announce(lead, record, written ?? (await publishRetraction(retracted, { id: state.publicationId, version: state.publishedVersion, reason, retractedBy: lead.id })));
}

async function announce(lead: SessionUser, record: CaseRecord, retraction: PublicationRecord): Promise<PublicationRecord> {
  const actor = actorOf(lead);
  const reason = retraction.retraction?.reason ?? '';
  // Recorded once however often a retry completes the step.
  await recordAudit({
    action: 'case.retracted',
    actor,
    subject: { kind: 'case', id: record._id },
    data: { reason, version: retraction.version - 1 },
    once: `case.retracted:${String(retraction._id)}`,
  });
  await recordAudit({
    action: 'publication.retracted',
    once: `publication.retracted:${String(retraction._id)}`,
    actor,
    subject: { kind: 'publication', id: retraction._id },
    data: { caseId: String(record._id), version: retraction.version, retractedVersion: retraction.version - 1, reason },
  });
  // The retraction is a publication: the feeds, the webhooks and the open pages take it from here.
  domainEvents.emit('publication.created', {
    id: String(retraction._id),
    caseId: String(record._id),
    headline: retraction.headline,
    verdict: retraction.verdict,
    publishedAt: retraction.publishedAt.toISOString(),
  });
  return retraction;
}
