import type { PublicationView, RetractionView } from '@refute/shared';
import type { PublicationRecord } from './model';

/** The retraction a publication is (or null): its reason and when it was published. */
export function retractionOf(record: Pick<PublicationRecord, 'retraction' | 'publishedAt'>): RetractionView | null {
  return record.retraction ? { reason: record.retraction.reason, retractedAt: record.publishedAt.toISOString() } : null;
}

export function publicationUrl(baseUrl: string, slug: string): string {
  return `${baseUrl}/r/${encodeURIComponent(slug)}`;
}

/**
 * `retraction`: the case's retraction, when there is one (a retraction publication carries its
 * own; an earlier version is given it by the caller, see `findPublicationWithRetraction`).
 */
export function presentPublication(record: PublicationRecord, baseUrl: string, retraction: RetractionView | null = retractionOf(record)): PublicationView {
  return {
    id: String(record._id),
    caseId: String(record.caseId),
    version: record.version,
    slug: record.slug,
    url: publicationUrl(baseUrl, record.slug),
    verdict: record.verdict,
    headline: record.headline,
    summary: record.summary,
    rebuttalHtml: record.rebuttalHtml,
    evidence: record.evidence.map(({ title, url, kind }) => ({ title, url, kind })),
    topic: record.topic,
    language: record.language,
    claimText: record.claimText,
    ...(record.region ? { region: record.region } : {}),
    correctionReason: record.correctionReason ?? null,
    retraction,
    publishedAt: record.publishedAt.toISOString(),
  };
}
