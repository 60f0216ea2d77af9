import { z } from 'zod';
import { LANGUAGES, TOPICS, VERDICTS } from '../enums';
import { isoDateTimeSchema, regionCodeSchema } from './common';
import { evidenceSchema } from './drafts';

export const FEED_PAGE_SIZE = 20;

/** The feed's filters, for `/api/v1/feed`, `/feed.atom` and `/feed.json` alike. */
export const feedQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(FEED_PAGE_SIZE),
  topic: z.enum(TOPICS).optional(),
  verdict: z.enum(VERDICTS).optional(),
  lang: z.enum(LANGUAGES).optional(),
  /** Publications of this region only (the region of the case's first report). */
  region: regionCodeSchema.optional(),
  /** Words found in the headline, the summary or the claim. */
  q: z.string().trim().min(1).max(200).optional(),
  since: isoDateTimeSchema.optional(),
});
export type FeedQuery = z.infer<typeof feedQuerySchema>;

/** A lead's withdrawal of a published verdict: why and when. */
export const retractionViewSchema = z.strictObject({ reason: z.string(), retractedAt: z.string() });
export type RetractionView = z.infer<typeof retractionViewSchema>;

/** One immutable, versioned publication as the feed and the public pages show it. */
export const publicationViewSchema = z.strictObject({
  id: z.string(),
  caseId: z.string(),
  version: z.number().int(),
  slug: z.string(),
  url: z.string(),
  verdict: z.enum(VERDICTS),
  headline: z.string(),
  summary: z.string(),
  rebuttalHtml: z.string(),
  evidence: z.array(evidenceSchema),
  topic: z.enum(TOPICS),
  language: z.enum(LANGUAGES),
  claimText: z.string(),
  /** The GB/T 2260 region of the case's first report, when it named one. */
  region: z.string().optional(),
  /** Why this version corrects the one before it; null for a first publication. */
  correctionReason: z.string().nullable(),
  /**
   * The retraction: set on a retraction (the case's last version, which repeats the withdrawn
   * content); `GET /publications/:id` gives it for the case's earlier versions too. Null while
   * the verdict stands. The feed lists the retraction as the case's newest item.
   */
  retraction: retractionViewSchema.nullable(),
  publishedAt: z.string(),
});
export type PublicationView = z.infer<typeof publicationViewSchema>;

export const feedPageSchema = z.strictObject({ items: z.array(publicationViewSchema), nextCursor: z.string().nullable() });
