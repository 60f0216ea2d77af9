import type { PublicationView } from '@refute/shared';
import type { PublicationRecord } from './model';

export function publicationUrl(baseUrl: string, slug: string): string {
  return `${baseUrl}/r/${encodeURIComponent(slug)}`;
}

export function presentPublication(record: PublicationRecord, baseUrl: string): PublicationView {
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
    publishedAt: record.publishedAt.toISOString(),
  };
}
