/**
 * Webhook events of publications: a first version resolves the reports of every platform that
 * reported the case (`claim.resolved`), a later version corrects it (`publication.updated`), a
 * retraction withdraws it (`publication.retracted`, the withdrawn content with the reason).
 * Each platform gets its own report ids and externalIds. Produced when a publication is
 * announced, and again at start for recent publications, so that events a crash cut short are
 * still written (enqueuing is idempotent).
 */
import { Types } from 'mongoose';
import type { WebhookEventType, WebhookPayload, WebhookPublicationRef, WebhookReportRef } from '@refute/shared';
import { claimsOfCases } from '../claims/repository';
import { PublicationModel, type PublicationRecord } from '../publications/model';
import { publicationUrl, retractionOf } from '../publications/presenter';
import { enqueue, type EnqueueOptions } from './outbox';
import { subscribedEndpoints } from './repository';
import { webhookSettings } from './settings';

function eventTypeOf(publication: PublicationRecord): WebhookEventType {
  if (publication.retraction) return 'publication.retracted';
  return publication.version > 1 ? 'publication.updated' : 'claim.resolved';
}

export function publicationRef(publication: PublicationRecord): WebhookPublicationRef {
  return {
    id: String(publication._id),
    version: publication.version,
    verdict: publication.verdict,
    headline: publication.headline,
    summary: publication.summary,
    url: publicationUrl(webhookSettings().publicUrl, publication.slug),
    correctionReason: publication.correctionReason ?? null,
    retraction: retractionOf(publication),
    publishedAt: publication.publishedAt.toISOString(),
  };
}

function payloadFor(publication: PublicationRecord, reports: WebhookReportRef[]): WebhookPayload {
  return {
    type: eventTypeOf(publication) as 'claim.resolved',
    timestamp: publication.publishedAt.toISOString(),
    data: { caseId: String(publication.caseId), publication: publicationRef(publication), reports },
  };
}

/** Enqueues the events of these publications; returns how many deliveries were new. */
export async function enqueuePublicationEvents(publications: PublicationRecord[], options: EnqueueOptions = {}): Promise<number> {
  if (publications.length === 0) return 0;
  const caseIds = [...new Set(publications.map((publication) => String(publication.caseId)))].map((id) => new Types.ObjectId(id));
  // One read of the reports for all of them: on the local engine every query scans the collection.
  const claims = await claimsOfCases(caseIds, { orgId: 1, externalId: 1, caseId: 1, receivedAt: 1 });
  let created = 0;
  for (const publication of publications) {
    const reportsByOrg = new Map<string, WebhookReportRef[]>();
    for (const claim of claims) {
      if (!claim.caseId?.equals(publication.caseId)) continue;
      const list = reportsByOrg.get(String(claim.orgId)) ?? [];
      list.push({ id: String(claim._id), externalId: claim.externalId });
      reportsByOrg.set(String(claim.orgId), list);
    }
    const type = eventTypeOf(publication);
    const orgIds = [...reportsByOrg.keys()].map((id) => new Types.ObjectId(id));
    const endpoints = await subscribedEndpoints(orgIds, type);
    for (const orgId of orgIds) {
      const payload = JSON.stringify(payloadFor(publication, reportsByOrg.get(String(orgId))!));
      created += await enqueue({ eventKey: `${type}:${String(publication._id)}`, type, orgId, payload, occurredAt: publication.publishedAt }, endpoints, options);
    }
  }
  return created;
}

/** A version announced (a retried approval or retraction may announce it again, so its deliveries are looked for first: publications are few). */
export async function enqueueForPublication(publicationId: string): Promise<number> {
  const publication = await PublicationModel.findById(publicationId).lean<PublicationRecord>();
  return publication ? enqueuePublicationEvents([publication]) : 0;
}

/** At start: publications of the recovery window, in case their events were never written. */
export async function recoverPublicationEvents(now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - webhookSettings().recoveryWindowMs);
  const publications = await PublicationModel.find({ publishedAt: { $gte: since } }).lean<PublicationRecord[]>();
  return enqueuePublicationEvents(publications);
}
