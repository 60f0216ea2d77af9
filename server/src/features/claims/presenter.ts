import type { CaseStatus, ClaimIntakeResponse, ClaimStatus, ClaimStatusResponse } from '@refute/shared';
import type { CaseRecord } from '../cases/model';
import type { PublicationRecord } from '../publications/model';
import { publicationUrl } from '../publications/presenter';
import type { ClaimRecord } from './model';

/** What a platform sees of its report follows the case it belongs to. */
export function claimStatusOf(caseStatus: CaseStatus | undefined): ClaimStatus {
  if (caseStatus === 'published') return 'published';
  if (caseStatus === 'retracted') return 'retracted';
  if (caseStatus === undefined || caseStatus === 'open') return 'received';
  return 'in_review';
}

export function presentIntake(
  claim: ClaimRecord,
  caseRecord: { status: string } | null,
  publication: PublicationRecord | null,
  baseUrl: string,
): ClaimIntakeResponse {
  const response: ClaimIntakeResponse = {
    id: String(claim._id),
    caseId: String(claim.caseId),
    status: claimStatusOf(caseRecord?.status as CaseStatus | undefined),
  };
  // The verdict is the report's own answer when the report opened the case reviewers judged, or
  // joined it at the answer bar; a report that joined an open case below that bar is not told.
  const answered = claim.match?.outcome !== 'joined' || claim.match.answerable !== false;
  // A retracted verdict answers no one: the case is not a known rumor any more.
  if (publication && answered && !publication.retraction) {
    response.match = {
      caseId: String(publication.caseId),
      verdict: publication.verdict,
      similarity: Math.round((claim.match?.similarity ?? 1) * 1000) / 1000,
      publicationUrl: publicationUrl(baseUrl, publication.slug),
    };
  }
  return response;
}

export function presentClaimStatus(
  claim: Pick<ClaimRecord, '_id' | 'externalId' | 'caseId' | 'reportedAt'>,
  caseRecord: CaseRecord | null,
  publication: PublicationRecord | null,
  baseUrl: string,
): ClaimStatusResponse {
  const response: ClaimStatusResponse = {
    id: String(claim._id),
    externalId: claim.externalId,
    caseId: claim.caseId ? String(claim.caseId) : null,
    status: claimStatusOf(caseRecord?.status),
    reportedAt: claim.reportedAt.toISOString(),
  };
  if (publication) {
    // The withdrawn verdict is not the report's answer; the page it links to says it was retracted.
    if (!publication.retraction) response.verdict = publication.verdict;
    response.publication = {
      id: String(publication._id),
      version: publication.version,
      headline: publication.headline,
      summary: publication.summary,
      url: publicationUrl(baseUrl, publication.slug),
      publishedAt: publication.publishedAt.toISOString(),
    };
  }
  return response;
}
