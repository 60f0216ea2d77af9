import { z } from 'zod';
import {
  CASE_STATUSES,
  LANES,
  TOPICS,
  type CaseStatus,
  type ClaimStatus,
  type Lane,
  type Language,
  type Topic,
  type Verdict,
  type OrgLevel,
} from '../enums';
import type { CaseEscalationView, ChecklistView } from './escalation';
import { daySchema, objectIdSchema, regionCodeSchema } from './common';
import type { Evidence } from './drafts';
import type { CaseHotspotFlag } from './hotspots';

/** The statuses of work still to do: the queue shows these unless a status is asked for. */
export const QUEUE_STATUSES = ['open', 'in_review', 'submitted', 'returned'] as const satisfies readonly CaseStatus[];
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export function isQueueStatus(status: CaseStatus): status is QueueStatus {
  return (QUEUE_STATUSES as readonly CaseStatus[]).includes(status);
}

/** `urgent` (the default): lane, then deadline, then priority. */
export const QUEUE_SORTS = ['urgent', 'deadline', 'priority', 'reach', 'newest'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** Longest search text: enough for a phrase of a rumor, short enough to keep matching cheap. */
export const QUEUE_SEARCH_MAX = 100;

export const caseListQuerySchema = z
  .strictObject({
    status: z.enum(CASE_STATUSES).optional(),
    lane: z.enum(LANES).optional(),
    topic: z.enum(TOPICS).optional(),
    assignee: z.union([z.literal('me'), objectIdSchema]).optional(),
    /** Cases of a region (GB/T 2260) and the regions within it: a province takes its cities and counties. */
    region: regionCodeSchema.optional(),
    /** Cases opened from this UTC day on. */
    createdFrom: daySchema.optional(),
    /** Cases opened up to the end of this UTC day. */
    createdTo: daySchema.optional(),
    /** Words to find in a case's title or its reports' text; blank means no search. */
    q: z.string().trim().max(QUEUE_SEARCH_MAX).optional(),
    sort: z.enum(QUEUE_SORTS).default('urgent'),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .refine((query) => !query.createdFrom || !query.createdTo || query.createdFrom <= query.createdTo, { message: 'createdFrom must not be after createdTo', path: ['createdFrom'] });
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

/** How many cases of the active queue each lane and status holds, under the other filters. */
export interface QueueCounts {
  lane: Record<Lane, number>;
  status: Record<QueueStatus, number>;
}

export interface CaseQueuePage {
  items: CaseSummary[];
  nextCursor: string | null;
  /** Cases matching every filter, across all pages. */
  total: number;
  counts: QueueCounts;
}

export const assignCaseSchema = z.strictObject({ userId: objectIdSchema });

export interface CaseSummary {
  id: string;
  title: string;
  language: Language;
  topic: Topic;
  /** The classifier's confidence in the topic; null when a reviewer set it. */
  topicConfidence: number | null;
  velocity: number;
  /** The first region a report of it named (GB/T 2260), or null. */
  region: string | null;
  lane: Lane;
  status: CaseStatus;
  priority: number;
  reportCount: number;
  reach: number;
  assignees: string[];
  deadlineAt: string;
  createdAt: string;
  updatedAt: string;
  /** Set while the case's reports rise sharply against its own baseline (see hotspots). */
  hotspot: CaseHotspotFlag | null;
  /** True when a lead set the lane: later recounts keep the case at least that urgent. */
  laneSetByLead: boolean;
  /** The organisation answering for it, its escalations and whether its deadline is at risk. */
  escalation: CaseEscalationView;
}

/** How a report found its case, and the thresholds in force at the time. */
export interface MatchDecisionView {
  outcome: 'joined' | 'suggested' | 'new';
  method: string;
  similarity: number;
  candidateCaseId: string | null;
  joinThreshold: number;
  suggestThreshold: number;
  /** Probability that the report states the case's claim (the answer model). */
  probability?: number;
  /** Why it joined: the heaviest words it shares with the case's nearest report. */
  sharedTerms?: string[];
}

export interface CaseSuggestion {
  caseId: string;
  similarity: number;
}

export interface CaseReport {
  id: string;
  match?: MatchDecisionView;
  platformId: string;
  externalId: string;
  text: string;
  language: Language;
  url?: string;
  region?: string;
  status: ClaimStatus;
  reportedAt: string;
  /** A reviewer marked it as not stating the case's claim: the matcher never joins its text to the case again. */
  notSameClaim?: true;
}

export interface Draft {
  verdict: Verdict | null;
  headline: string;
  summary: string;
  rebuttalHtml: string;
  evidence: Evidence[];
  version: number;
  authorIds: string[];
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface CaseHistoryEntry {
  id: string;
  action: string;
  actorId: string | null;
  /** Who acted: a person, a platform's system (API key), or Refute itself. */
  actorKind: 'user' | 'api_key' | 'system';
  /** The actor's organisation: for a platform's system (API key), the platform. */
  actorOrgId: string | null;
  at: string;
  data?: Record<string, unknown>;
}

/** A name in both languages (organisations). */
export interface LocalizedName {
  zh: string;
  en: string;
}

export interface CaseDetail extends CaseSummary {
  /** Names of the people the case mentions (assignees, authors, those in its history), by id. */
  people: Record<string, string>;
  /** Names of the platforms that reported into it, by organisation id. */
  platforms: Record<string, LocalizedName>;
  reports: CaseReport[];
  /** Similar cases found when this case opened, for reviewers to merge or dismiss. */
  suggestions: CaseSuggestion[];
  draft: Draft;
  returnComment: string | null;
  /** Set while a published case is being corrected: why it was reopened. */
  reopenReason: string | null;
  publicationId: string | null;
  /** The organisation that reviewed the current publication (its approving lead's), whose leads may retract it. */
  reviewingOrgId: string | null;
  /** Set when a lead retracted the published verdict: why, when, and the retraction's public page. */
  retraction: { reason: string; retractedAt: string; slug: string } | null;
  /** Set when this case was merged into another. */
  mergedInto: string | null;
  history: CaseHistoryEntry[];
  /** The review checklist of the case's topic with the draft's ticks. */
  checklist: ChecklistView;
  /** The organisations named by its escalation (lead unit, cooperating units, history), by id. */
  units: Record<string, { name: LocalizedName; level: OrgLevel | null }>;
  /** The claim as reviewed: what the rumor asserts, in a reviewer's words; null until written. */
  claimStatement: ClaimStatementView | null;
}

export interface ClaimStatementView {
  text: string;
  updatedBy: string;
  updatedAt: string;
}

export const setTopicSchema = z.strictObject({ topic: z.enum(TOPICS) });

export const mergeCaseSchema = z.strictObject({ intoCaseId: objectIdSchema });

export const caseReportParamsSchema = z.strictObject({ id: objectIdSchema, claimId: objectIdSchema });

/**
 * "Not the same claim": a report of the case (`claimId`) does not state its claim, or the case's
 * claim is not another case's (`caseId`, a suggested case). The matcher never joins them again.
 */
export const notSameClaimSchema = z.union([z.strictObject({ claimId: objectIdSchema }), z.strictObject({ caseId: objectIdSchema })]);
export type NotSameClaimInput = z.infer<typeof notSameClaimSchema>;

/** Longest statement of a case's claim: one sentence, the way a fact-check states a claim. */
export const CLAIM_STATEMENT_MAX = 200;

/**
 * The claim as reviewed: a short neutral sentence of what the rumor asserts (not the rebuttal,
 * which usually denies it). Plain text; `null` takes the statement away. The matcher holds the
 * case's reports against it too.
 */
export const claimStatementSchema = z.strictObject({
  text: z.string().trim().min(1).max(CLAIM_STATEMENT_MAX).nullable(),
});
export type ClaimStatementInput = z.infer<typeof claimStatementSchema>;
