import { z } from 'zod';
import { EVIDENCE_KINDS, VERDICTS } from '../enums';
import { httpUrlSchema } from './common';

export const HEADLINE_MAX = 120;
export const SUMMARY_MAX = 400;
export const REBUTTAL_HTML_MAX = 50_000;
export const EVIDENCE_MAX = 30;

export const evidenceSchema = z.strictObject({
  title: z.string().trim().min(1).max(300),
  url: httpUrlSchema,
  kind: z.enum(EVIDENCE_KINDS),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** A save of the review draft; `version` is the version the editor started from. */
export const draftSaveSchema = z.strictObject({
  verdict: z.enum(VERDICTS).nullable(),
  headline: z.string().trim().max(HEADLINE_MAX),
  summary: z.string().trim().max(SUMMARY_MAX),
  rebuttalHtml: z.string().max(REBUTTAL_HTML_MAX),
  // Evidence items are told apart by their URL (drafts merge them by it): each URL once.
  evidence: z
    .array(evidenceSchema)
    .max(EVIDENCE_MAX)
    .refine((items) => new Set(items.map((item) => item.url)).size === items.length, 'Each evidence URL may appear only once'),
  version: z.number().int().min(0),
});
export type DraftSave = z.infer<typeof draftSaveSchema>;

export const returnDraftSchema = z.strictObject({
  comment: z.string().trim().min(1).max(2000),
});

/** Why a published case is corrected; published with the next version. */
export const reopenCaseSchema = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
});

/** Why a lead withdraws a published verdict; shown with the retraction notice everywhere. */
export const retractPublicationSchema = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
});
export type RetractPublication = z.infer<typeof retractPublicationSchema>;
