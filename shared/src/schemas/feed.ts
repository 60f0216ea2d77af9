import { z } from 'zod';
import { LANGUAGES, TOPICS, VERDICTS, type Language, type Topic, type Verdict } from '../enums';
import { isoDateTimeSchema } from './common';
import type { Evidence } from './drafts';

/** A region code of GB/T 2260 (六位行政区划代码): 330000 is Zhejiang, 330100 Hangzhou. */
export const regionCodeSchema = z.string().regex(/^\d{6}$/, 'must be a six-digit GB/T 2260 region code');

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

/** One immutable, versioned publication as the feed and the public pages show it. */
export interface PublicationView {
  id: string;
  caseId: string;
  version: number;
  slug: string;
  url: string;
  verdict: Verdict;
  headline: string;
  summary: string;
  rebuttalHtml: string;
  evidence: Evidence[];
  topic: Topic;
  language: Language;
  claimText: string;
  /** The GB/T 2260 region of the case's first report, when it named one. */
  region?: string;
  /** Why this version corrects the one before it; null for a first publication. */
  correctionReason: string | null;
  publishedAt: string;
}
