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
import { enqueueEvents, type EnqueueOptions, type OutboxEvent } from './outbox';
import { allSubscribedEndpoints, scanStart, subscribedEndpoints } from './repository';
import { webhookSettings } from './settings';

const PUBLICATION_EVENT_TYPES: readonly WebhookEventType[] = ['claim.resolved', 'publication.updated', 'publication.retracted'];

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

/**
 * Enqueues the events of these publications; returns how many deliveries were new. The
 * platforms' endpoints are read once and the events written together (the start-up scan may
 * hold hundreds of publications: one read of endpoints per publication kept the engine busy for
 * a minute at start).
 */
export async function enqueuePublicationEvents(publications: PublicationRecord[], options: EnqueueOptions = {}): Promise<number> {
  if (publications.length === 0) return 0;
  const caseIds = [...new Set(publications.map((publication) => String(publication.caseId)))].map((id) => new Types.ObjectId(id));
  // One read of the reports for all of them: on the local engine every query scans the collection.
  const claims = await claimsOfCases(caseIds, { orgId: 1, externalId: 1, caseId: 1, receivedAt: 1 });
  const reportsByCase = new Map<string, Map<string, WebhookReportRef[]>>();
  for (const claim of claims) {
    if (!claim.caseId) continue;
    const byOrg = reportsByCase.get(String(claim.caseId)) ?? new Map<string, WebhookReportRef[]>();
    reportsByCase.set(String(claim.caseId), byOrg);
    byOrg.set(String(claim.orgId), [...(byOrg.get(String(claim.orgId)) ?? []), { id: String(claim._id), externalId: claim.externalId }]);
  }
  const orgIds = [...new Set([...reportsByCase.values()].flatMap((byOrg) => [...byOrg.keys()]))].map((id) => new Types.ObjectId(id));
  // Each event keeps only the endpoints of its platform that want its type (`enqueueEvents`).
  const endpoints = await subscribedEndpoints(orgIds, PUBLICATION_EVENT_TYPES);
  if (endpoints.length === 0) return 0;
  const events: OutboxEvent[] = [];
  for (const publication of publications) {
    const type = eventTypeOf(publication);
    for (const [orgId, reports] of reportsByCase.get(String(publication.caseId)) ?? []) {
      const payload = JSON.stringify(payloadFor(publication, reports));
      events.push({ eventKey: `${type}:${String(publication._id)}`, type, orgId: new Types.ObjectId(orgId), payload, occurredAt: publication.publishedAt });
    }
  }
  return enqueueEvents(events, endpoints, options);
}

/** A version announced (a retried approval or retraction may announce it again, so its deliveries are looked for first: publications are few). */
export async function enqueueForPublication(publicationId: string): Promise<number> {
  const publication = await PublicationModel.findById(publicationId).lean<PublicationRecord>();
  return publication ? enqueuePublicationEvents([publication]) : 0;
}

/**
 * At start: publications of the recovery window, in case their events were never written. Only
 * since the earliest endpoint subscribed to publication events was created (no endpoint is owed
 * an event from before its creation); without one the scan reads nothing more.
 */
export async function recoverPublicationEvents(now = new Date()): Promise<number> {
  const endpoints = await allSubscribedEndpoints(PUBLICATION_EVENT_TYPES);
  if (endpoints.length === 0) return 0;
  const since = scanStart(new Date(now.getTime() - webhookSettings().recoveryWindowMs), endpoints);
  const publications = await PublicationModel.find({ publishedAt: { $gte: since } }).lean<PublicationRecord[]>();
  return enqueuePublicationEvents(publications);
}
