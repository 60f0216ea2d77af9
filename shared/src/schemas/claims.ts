import { z } from 'zod';
import { CLAIM_STATUSES, LANGUAGES, MEDIA_KINDS, type ClaimStatus, type Verdict } from '../enums';
import { countSchema, httpUrlSchema, isoDateTimeSchema, regionCodeSchema } from './common';

export const CLAIM_TEXT_MAX = 5000;

export const claimReportSchema = z.strictObject({
  externalId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
  text: z.string().trim().min(1).max(CLAIM_TEXT_MAX),
  url: httpUrlSchema.optional(),
  language: z.enum(LANGUAGES).optional(),
  reportedAt: isoDateTimeSchema.optional(),
  /** Where the claim circulates, when the platform knows: a GB/T 2260 code. */
  region: regionCodeSchema.optional(),
  reach: z
    .strictObject({
      views: countSchema.optional(),
      shares: countSchema.optional(),
      comments: countSchema.optional(),
    })
    .optional(),
  media: z
    .array(z.strictObject({ url: httpUrlSchema, kind: z.enum(MEDIA_KINDS) }))
    .max(20)
    .optional(),
});
export type ClaimReport = z.infer<typeof claimReportSchema>;

/** A published verdict that answers a report (known-rumor match). */
export interface KnownRumorMatch {
  caseId: string;
  verdict: Verdict;
  similarity: number;
  publicationUrl: string;
}

export interface ClaimIntakeResponse {
  id: string;
  caseId: string;
  status: ClaimStatus;
  match?: KnownRumorMatch;
}

export interface ClaimStatusResponse {
  id: string;
  externalId: string;
  caseId: string | null;
  status: ClaimStatus;
  reportedAt: string;
  verdict?: Verdict;
  publication?: {
    id: string;
    version: number;
    headline: string;
    summary: string;
    url: string;
    publishedAt: string;
  };
}

export const matchRequestSchema = z.strictObject({
  text: z.string().trim().min(1).max(CLAIM_TEXT_MAX),
  language: z.enum(LANGUAGES).optional(),
});
export type MatchRequest = z.infer<typeof matchRequestSchema>;

/** A published case found for a text: its verdict, headline and summary, and how similar it is. */
export interface PublishedMatch {
  caseId: string;
  similarity: number;
  verdict: Verdict;
  headline: string;
  summary: string;
  url: string;
}

/** A platform's own reports in the moderators' console: newest first, filtered and searched. */
export const platformReportsQuerySchema = z.strictObject({
  status: z.enum(CLAIM_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
  cursor: z.string().regex(/^\d{1,7}$/, 'must be a cursor this list issued').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type PlatformReportsQuery = z.infer<typeof platformReportsQuerySchema>;

export interface PlatformReport extends ClaimStatusResponse {
  text: string;
  url?: string;
  region?: string;
}

/**
 * `matches`: published verdicts precise enough to be the text's own answer (the same claim).
 * `related`: published cases on the same subject that are not the same claim; no promise.
 */
export interface MatchResponse {
  matches: PublishedMatch[];
  related: PublishedMatch[];
}
