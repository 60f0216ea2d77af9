/**
 * Writing a publication from an approved draft revision: idempotent under its pre-allocated id,
 * so a retried or crashed approval never publishes twice nor loses the publication.
 */
import { Types } from 'mongoose';
import { regionCodeSchema } from '@refute/shared';
import { isDuplicateKeyError, unprocessable } from '../../http/errors';
import { latestClaimStatement } from '../cases/claimStatementRepository';
import type { CaseRecord } from '../cases/model';
import { CaseTransitionModel, type CaseTransitionRecord } from '../cases/transitionModel';
import { firstCaseReport } from '../claims/repository';
import { authorsOf } from '../reviews/contributors';
import type { DraftRevisionRecord } from '../reviews/draftModel';
import { draftVersion } from '../reviews/drafts';
import { PublicationModel, type PublicationRecord } from './model';
import { fullSlug, readableSlug } from './slug';

/** A publication's region: the first report's, when it is a GB/T 2260 code (reports name theirs freely). */
export const publicationRegion = (region: string | null | undefined): string | null =>
  region && regionCodeSchema.safeParse(region).success ? region : null;

/**
 * A retry of this lead's approval: writes the publication if a crash left it unwritten, and
 * returns it. Null when the case was published by someone else's approval.
 */
export async function publicationOfRetriedApproval(record: CaseRecord, leadId: string): Promise<PublicationRecord | null> {
  const approval = await CaseTransitionModel.findOne({ caseId: record._id, action: 'case.approved', 'state.publicationId': record.publicationId })
    .sort({ seq: -1 })
    .lean<CaseTransitionRecord>();
  const state = approval?.state;
  if (!approval || !state?.publicationId || String(approval.actorId) !== leadId) return null;
  const existing = await PublicationModel.findById(state.publicationId).lean<PublicationRecord>();
  if (existing) return existing;
  const draft = state.submittedDraftVersion ? await draftVersion(record._id, state.submittedDraftVersion) : null;
  if (!draft) return null;
  return publishRevision(record, draft, {
    id: state.publicationId,
    version: state.publishedVersion,
    approvedBy: leadId,
    correctionReason: state.reopenReason ?? null,
    authorIds: await authorsOf(record._id, draft),
  });
}

export async function publishRevision(
  record: CaseRecord,
  draft: DraftRevisionRecord,
  meta: { id: Types.ObjectId; version: number; approvedBy: string; correctionReason: string | null; authorIds: string[] },
): Promise<PublicationRecord> {
  const verdict = draft.verdict;
  if (!verdict) throw unprocessable('draft_incomplete', 'The draft has no verdict', { missing: ['verdict'] });
  const [firstReport, statement] = await Promise.all([firstCaseReport(record._id), latestClaimStatement(record._id)]);
  const caseId = String(record._id);
  const fields = {
    _id: meta.id,
    caseId: record._id,
    version: meta.version,
    verdict,
    headline: draft.headline,
    summary: draft.summary,
    rebuttalHtml: draft.rebuttalHtml,
    evidence: draft.evidence,
    topic: record.topic,
    language: record.language,
    claimText: firstReport?.text ?? record.title,
    claimStatement: statement?.text ?? null,
    region: publicationRegion(firstReport?.region),
    // Co-editors who never saved are authors of what is published too.
    authorIds: meta.authorIds.map((id) => new Types.ObjectId(id)),
    approvedBy: new Types.ObjectId(meta.approvedBy),
    correctionReason: meta.version > 1 ? meta.correctionReason : null,
    publishedAt: new Date(),
  };
  try {
    return await insertPublication({ ...fields, slug: readableSlug(draft.headline, caseId, meta.version) });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // The readable slug belongs to another case: this one falls back to its full id, unique by (case, version).
    return insertPublication({ ...fields, slug: fullSlug(caseId, meta.version) });
  }
}

/**
 * A retraction: the case's next version, repeating the withdrawn one's content with why and by
 * whom (its publishedAt is when). Idempotent under its pre-allocated id like an approval.
 */
export async function publishRetraction(
  retracted: PublicationRecord,
  meta: { id: Types.ObjectId; version: number; reason: string; retractedBy: string },
): Promise<PublicationRecord> {
  const caseId = String(retracted.caseId);
  const { verdict, headline, summary, rebuttalHtml, evidence, topic, language, claimText, claimStatement, region, authorIds, approvedBy } = retracted;
  const fields = {
    _id: meta.id,
    caseId: retracted.caseId,
    ...{ verdict, headline, summary, rebuttalHtml, evidence, topic, language, claimText, claimStatement: claimStatement ?? null, region, authorIds, approvedBy },
    version: meta.version,
    correctionReason: null,
    retraction: { reason: meta.reason, retractedBy: new Types.ObjectId(meta.retractedBy) },
    publishedAt: new Date(),
  };
  try {
    return await insertPublication({ ...fields, slug: readableSlug(retracted.headline, caseId, meta.version) });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return insertPublication({ ...fields, slug: fullSlug(caseId, meta.version) });
  }
}

/** Inserts the publication; a retry under the same pre-allocated id returns the one written first. */
async function insertPublication(fields: Record<string, unknown> & { _id: Types.ObjectId }): Promise<PublicationRecord> {
  try {
    const created = await PublicationModel.create(fields);
    return created.toObject();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const existing = await PublicationModel.findById(fields._id).lean<PublicationRecord>();
    if (!existing) throw error;
    return existing;
  }
}
