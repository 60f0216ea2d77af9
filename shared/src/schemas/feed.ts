import { z } from 'zod';
import { LANGUAGES, TOPICS, VERDICTS, type Language, type Topic, type Verdict } from '../enums';
import { isoDateTimeSchema } from './common';
import type { Evidence } from './drafts';

export const feedQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  topic: z.enum(TOPICS).optional(),
  verdict: z.enum(VERDICTS).optional(),
  lang: z.enum(LANGUAGES).optional(),
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
  /** Why this version corrects the one before it; null for a first publication. */
  correctionReason: string | null;
  publishedAt: string;
}
