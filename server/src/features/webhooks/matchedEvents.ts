/**
 * `claim.matched`: a report that joined a case while a version of it was published (a
 * known-rumor match at intake), sent to the reporting platform with the publication current
 * when the report arrived. Intake announces each report with `claim.reported`, naming the
 * publication it found current, so one report costs one read by `_id`, whatever the size of its
 * case. At start, reports of the recovery window are looked at again, so an event a crash kept
 * from the outbox is still sent.
 */
import { Types } from 'mongoose';
import type { WebhookPayload } from '@refute/shared';
import type { ClaimRecord } from '../claims/model';
import { claimsReceivedSince } from '../claims/repository';
import { findPublication } from '../publications/repository';
import { PublicationModel, type PublicationRecord } from '../publications/model';
import type { ReportedClaim } from '../../realtime/domainEvents';
import { enqueueEvents, type EnqueueOptions } from './outbox';
import { publicationRef } from './publicationEvents';
import { allSubscribedEndpoints, scanStart, subscribedEndpoints } from './repository';
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

type MatchedReport = { claim: MatchedClaim; publication: PublicationRecord };

/**
 * Reports found after the fact (the start-up recovery): each with the version public when it
 * arrived. Publications are grouped by case first: matching each report against every
 * publication took 22 s of the event loop at start on a database of 10,000 cases.
 */
export async function enqueueMatchedEvents(claims: MatchedClaim[]): Promise<number> {
  const caseIds = [...new Set(claims.filter((claim) => claim.caseId).map((claim) => String(claim.caseId)))].map((id) => new Types.ObjectId(id));
  if (caseIds.length === 0) return 0;
  const byCase = new Map<string, PublicationRecord[]>();
  for (const publication of await PublicationModel.find({ caseId: { $in: caseIds } }).lean<PublicationRecord[]>()) {
    const key = String(publication.caseId);
    byCase.set(key, [...(byCase.get(key) ?? []), publication]);
  }
  const matched = claims
    .map((claim) => ({ claim, publication: claim.caseId ? publicationAt(byCase.get(String(claim.caseId)) ?? [], claim.receivedAt) : null }))
    .filter((entry): entry is MatchedReport => entry.publication !== null);
  return enqueueMatched(matched);
}

/** Reports intake just placed in published cases (one, or a bulk import's chunk): one read per publication. */
export async function enqueueReportedClaims(reports: readonly ReportedClaim[]): Promise<number> {
  const publicationIds = [...new Set(reports.flatMap((report) => (report.publicationId ? [report.publicationId] : [])))];
  const publications = new Map((await Promise.all(publicationIds.map((id) => findPublication(id)))).flatMap((publication) => (publication ? [[String(publication._id), publication] as const] : [])));
  const matched: MatchedReport[] = [];
  for (const report of reports) {
    const publication = report.publicationId ? publications.get(report.publicationId) : undefined;
    // A retracted verdict is no known-rumor answer.
    if (!publication || publication.retraction) continue;
    const claim: MatchedClaim = {
      _id: new Types.ObjectId(report.claimId),
      orgId: new Types.ObjectId(report.orgId),
      externalId: report.externalId,
      caseId: new Types.ObjectId(report.caseId),
      receivedAt: report.receivedAt,
      match: { similarity: report.similarity },
    };
    matched.push({ claim, publication });
  }
  // A report stored by this request has never had an event; one found stored already (a retried request) may have.
  return enqueueMatched(matched, { fresh: reports.every((report) => report.created) });
}

async function enqueueMatched(matched: MatchedReport[], options: EnqueueOptions = {}): Promise<number> {
  if (matched.length === 0) return 0;
  const endpoints = await subscribedEndpoints([...new Set(matched.map(({ claim }) => String(claim.orgId)))].map((id) => new Types.ObjectId(id)), 'claim.matched');
  const events = matched.map(({ claim, publication }) => {
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
    return { eventKey: `claim.matched:${String(claim._id)}`, type: 'claim.matched' as const, orgId: claim.orgId, payload: JSON.stringify(payload), occurredAt: claim.receivedAt };
  });
  return enqueueEvents(events, endpoints, options);
}

/**
 * At start: reports of the recovery window whose event may never have been written. Only
 * platforms with an endpoint subscribed to `claim.matched` are owed any, and only since the
 * earliest such endpoint was created: without one the scan reads nothing more.
 */
export async function recoverMatchedEvents(now = new Date()): Promise<number> {
  const endpoints = await allSubscribedEndpoints(['claim.matched']);
  if (endpoints.length === 0) return 0;
  const since = scanStart(new Date(now.getTime() - webhookSettings().recoveryWindowMs), endpoints);
  const platforms = new Set(endpoints.map((endpoint) => String(endpoint.orgId)));
  const claims: MatchedClaim[] = (await claimsReceivedSince(since, CLAIM_FIELDS)).filter((claim) => platforms.has(String(claim.orgId)));
  return enqueueMatchedEvents(claims);
}
