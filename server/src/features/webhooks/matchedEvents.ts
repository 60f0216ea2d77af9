/**
 * `claim.matched`: a report that joined a case while a version of it was published (a
 * known-rumor match at intake), sent to the reporting platform with the publication current
 * when the report arrived. Intake announces every report's case with `case.updated` (its
 * counters change); a published case's reports are then looked at. At start, reports of the
 * recovery window are looked at again, so an event a crash kept from the outbox is still sent.
 */
import { Types } from 'mongoose';
import type { WebhookPayload } from '@refute/shared';
import type { ClaimRecord } from '../claims/model';
import { caseClaims, claimsReceivedSince } from '../claims/repository';
import { matchIndex } from '../matching/liveIndex';
import { PublicationModel, type PublicationRecord } from '../publications/model';
import { enqueue } from './outbox';
import { publicationRef } from './publicationEvents';
import { subscribedEndpoints } from './repository';
import { webhookSettings } from './settings';

type MatchedClaim = Pick<ClaimRecord, '_id' | 'orgId' | 'externalId' | 'caseId' | 'receivedAt' | 'match'>;
const CLAIM_FIELDS = { orgId: 1, externalId: 1, caseId: 1, receivedAt: 1, match: 1 } as const;

/** The version that was public when the report arrived, if any was and it was not retracted by then. */
function publicationAt(publications: PublicationRecord[], at: Date): PublicationRecord | null {
  let current: PublicationRecord | null = null;
  for (const publication of publications) {
    if (publication.publishedAt <= at && (!current || publication.version > current.version)) current = publication;
  }
  return current?.retraction ? null : current;
}

export async function enqueueMatchedEvents(claims: MatchedClaim[]): Promise<number> {
  const caseIds = [...new Set(claims.filter((claim) => claim.caseId).map((claim) => String(claim.caseId)))].map((id) => new Types.ObjectId(id));
  if (caseIds.length === 0) return 0;
  const publications = await PublicationModel.find({ caseId: { $in: caseIds } }).lean<PublicationRecord[]>();
  const matched = claims
    .map((claim) => ({ claim, publication: publicationAt(publications.filter((publication) => claim.caseId?.equals(publication.caseId)), claim.receivedAt) }))
    .filter((entry): entry is { claim: MatchedClaim; publication: PublicationRecord } => entry.publication !== null);
  if (matched.length === 0) return 0;
  const endpoints = await subscribedEndpoints([...new Set(matched.map(({ claim }) => String(claim.orgId)))].map((id) => new Types.ObjectId(id)), 'claim.matched');
  let created = 0;
  for (const { claim, publication } of matched) {
    const payload: WebhookPayload = {
      type: 'claim.matched',
      timestamp: claim.receivedAt.toISOString(),
      data: {
        caseId: String(publication.caseId),
        publication: publicationRef(publication),
        report: { id: String(claim._id), externalId: claim.externalId },
        similarity: claim.match?.similarity ?? null,
      },
    };
    created += await enqueue({ eventKey: `claim.matched:${String(claim._id)}`, type: 'claim.matched', orgId: claim.orgId, payload: JSON.stringify(payload), occurredAt: claim.receivedAt }, endpoints);
  }
  return created;
}

/** On `case.updated`: only a case this process knows as published is looked into. */
export async function enqueueMatchedForCase(caseId: string): Promise<number> {
  if (!matchIndex().caseState(caseId).publicationId) return 0;
  const claims: MatchedClaim[] = await caseClaims(caseId, CLAIM_FIELDS);
  return enqueueMatchedEvents(claims);
}

export async function recoverMatchedEvents(now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - webhookSettings().recoveryWindowMs);
  const claims: MatchedClaim[] = await claimsReceivedSince(since, CLAIM_FIELDS);
  return enqueueMatchedEvents(claims);
}
