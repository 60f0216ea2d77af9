import { z } from 'zod';
import { CLAIM_STATUSES, LANGUAGES, MEDIA_KINDS, VERDICTS } from '../enums';
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
  /** The platform judges the claim an emergency (a disaster, an epidemic, a safety threat): the emergency lane. */
  emergency: z.boolean().optional(),
});
export type ClaimReport = z.infer<typeof claimReportSchema>;

// Responses are zod schemas too: their types are inferred from them, and the OpenAPI document
// is generated from them, so the contract platforms read is the one the server is typed against.

/** A published verdict that answers a report (known-rumor match). */
export const knownRumorMatchSchema = z.strictObject({
  caseId: z.string(),
  verdict: z.enum(VERDICTS),
  similarity: z.number().min(0).max(1),
  publicationUrl: z.string(),
});
export type KnownRumorMatch = z.infer<typeof knownRumorMatchSchema>;

export const claimIntakeResponseSchema = z.strictObject({
  id: z.string(),
  caseId: z.string(),
  status: z.enum(CLAIM_STATUSES),
  match: knownRumorMatchSchema.optional(),
});
export type ClaimIntakeResponse = z.infer<typeof claimIntakeResponseSchema>;

export const claimStatusResponseSchema = z.strictObject({
  id: z.string(),
  externalId: z.string(),
  caseId: z.string().nullable(),
  status: z.enum(CLAIM_STATUSES),
  reportedAt: z.string(),
  verdict: z.enum(VERDICTS).optional(),
  publication: z
    .strictObject({
      id: z.string(),
      version: z.number().int(),
      headline: z.string(),
      summary: z.string(),
      url: z.string(),
      publishedAt: z.string(),
    })
    .optional(),
});
export type ClaimStatusResponse = z.infer<typeof claimStatusResponseSchema>;

export const matchRequestSchema = z.strictObject({
  text: z.string().trim().min(1).max(CLAIM_TEXT_MAX),
  language: z.enum(LANGUAGES).optional(),
});
export type MatchRequest = z.infer<typeof matchRequestSchema>;

/** A published case found for a text: its verdict, headline and summary, and how similar it is. */
export const publishedMatchSchema = z.strictObject({
  caseId: z.string(),
  similarity: z.number().min(0).max(1),
  verdict: z.enum(VERDICTS),
  headline: z.string(),
  summary: z.string(),
  url: z.string(),
});
export type PublishedMatch = z.infer<typeof publishedMatchSchema>;

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
export const matchResponseSchema = z.strictObject({
  matches: z.array(publishedMatchSchema),
  related: z.array(publishedMatchSchema),
});
export type MatchResponse = z.infer<typeof matchResponseSchema>;
