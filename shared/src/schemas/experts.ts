/** The expert pool (专家库) and the routing of cases to experts: profiles, offers, candidates. */
import { z } from 'zod';
import { LANGUAGES, TOPICS, type Lane, type Language, type Topic } from '../enums';
import { objectIdSchema, regionCodeSchema } from './common';

export const EXPERT_KEYWORDS_MAX = 30;
export const EXPERT_LEAVE_MAX = 20;
export const EXPERT_CAPACITY_MAX = 50;

/** A calendar day, `YYYY-MM-DD`, as a person enters it. */
export const calendarDaySchema = z.iso.date();

/** A leave period, both days included. */
export const leavePeriodSchema = z
  .strictObject({ from: calendarDaySchema, to: calendarDaySchema, note: z.string().trim().max(200).optional() })
  .refine((period) => period.from <= period.to, { message: 'the leave cannot end before it starts', path: ['to'] });
export type LeavePeriod = z.infer<typeof leavePeriodSchema>;

const leaveSchema = z.array(leavePeriodSchema).max(EXPERT_LEAVE_MAX);

/** Everything a lead or an admin sets on an expert's profile (the person is named in the path). */
export const expertProfileSchema = z.strictObject({
  domains: z.array(z.enum(TOPICS)).min(1).max(TOPICS.length),
  keywords: z.array(z.string().trim().min(1).max(40)).max(EXPERT_KEYWORDS_MAX).default([]),
  title: z.string().trim().max(120).default(''),
  credentials: z.string().trim().max(1000).default(''),
  region: regionCodeSchema,
  languages: z.array(z.enum(LANGUAGES)).min(1).max(LANGUAGES.length),
  /** How many cases the expert takes on at once. */
  capacity: z.number().int().min(1).max(EXPERT_CAPACITY_MAX),
  leave: leaveSchema.default([]),
  /** Takes emergencies at any hour: emergency cases are assigned to on-call experts at once. */
  onCall: z.boolean().default(false),
  /**
   * Takes hot and normal cases without being asked: when routing would offer a case to this expert
   * among its top candidates, it assigns it to them at once instead (their seat taken like an
   * acceptance).
   */
  directAssignment: z.boolean().default(false),
});
export type ExpertProfileInput = z.input<typeof expertProfileSchema>;
export type ExpertProfileUpdate = z.output<typeof expertProfileSchema>;

/** What an expert may change of their own profile: when they are away. */
export const expertAvailabilitySchema = z.strictObject({ leave: leaveSchema });
export type ExpertAvailability = z.infer<typeof expertAvailabilitySchema>;

/** An expert opts in to (or out of) direct assignment themselves: cases routing would offer them are given at once. */
export const expertDirectAssignmentSchema = z.strictObject({ directAssignment: z.boolean() });
export type ExpertDirectAssignment = z.infer<typeof expertDirectAssignmentSchema>;

export const EXPERT_AVAILABILITY_FILTERS = ['now', 'away'] as const;
export const EXPERT_LOAD_FILTERS = ['free', 'full'] as const;

export const expertListQuerySchema = z.strictObject({
  /** Words of the name, email, title or keywords. */
  q: z.string().trim().max(100).optional(),
  domain: z.enum(TOPICS).optional(),
  /** A region and everything within it (a province finds its cities' experts). */
  region: regionCodeSchema.optional(),
  availability: z.enum(EXPERT_AVAILABILITY_FILTERS).optional(),
  /** `free`: fewer open cases than capacity; `full`: at or over capacity. */
  load: z.enum(EXPERT_LOAD_FILTERS).optional(),
});
export type ExpertListQuery = z.infer<typeof expertListQuerySchema>;

export interface ExpertView {
  userId: string;
  name: string;
  email: string;
  orgId: string;
  orgName: { zh: string; en: string } | null;
  domains: Topic[];
  keywords: string[];
  title: string;
  credentials: string;
  region: string;
  languages: Language[];
  capacity: number;
  leave: LeavePeriod[];
  onCall: boolean;
  directAssignment: boolean;
  /** Not on leave today. */
  availableNow: boolean;
  /** The last day of the leave the expert is on today, if they are. */
  onLeaveUntil: string | null;
  /** Cases the expert works on now (in review, submitted or returned). */
  openCases: number;
  /** Median minutes from an offer to its acceptance over the latest answers; null without any. */
  medianResponseMinutes: number | null;
}

/** The people with the reviewer role who have no profile yet (a lead gives them one). */
export interface ExpertPool {
  items: ExpertView[];
  withoutProfile: Array<{ id: string; name: string; email: string }>;
}

/** The columns of an expert CSV: one person a row, found by email; lists are separated by `;` or `|`. */
export const EXPERT_CSV_COLUMNS = ['email', 'domains', 'keywords', 'title', 'credentials', 'region', 'languages', 'capacity', 'on_call', 'leave', 'direct_assignment'] as const;

/** An expert CSV, sent as text in JSON (an expert pool is hundreds of rows, not millions). */
export const expertImportSchema = z.strictObject({ csv: z.string().min(1).max(200_000) });

export interface ExpertImportRowError {
  /** The row of the file, counting the header as row 1. */
  row: number;
  field: string;
  message: string;
}

export interface ExpertImportReport {
  created: number;
  updated: number;
  unchanged: number;
  errors: ExpertImportRowError[];
}

/** Why a candidate ranks where it does; the points add up to the score. */
export type CandidateReason =
  | { kind: 'domain'; fits: boolean; points: number }
  | { kind: 'keywords'; matched: string[]; points: number }
  | { kind: 'region'; fit: 'same' | 'province' | 'none' | 'unknown'; points: number }
  | { kind: 'load'; open: number; capacity: number; points: number }
  | { kind: 'availability'; available: boolean; until: string | null; points: number }
  | { kind: 'on_call'; onCall: boolean; points: number }
  | { kind: 'language'; fits: boolean; points: number }
  | { kind: 'response'; medianMinutes: number | null; points: number };

export interface CandidateView {
  userId: string;
  name: string;
  score: number;
  /** Whether routing would offer the case: the domain fits, the expert is available and has room. */
  eligible: boolean;
  reasons: CandidateReason[];
  /** Where an offer of this case to the expert stands, if one was made. */
  offer: OfferStatus | null;
}

export interface CandidateList {
  lane: Lane;
  items: CandidateView[];
}

/** `expired`: nobody answered within the lane's offer time, and the next candidates were asked. */
export const OFFER_STATUSES = ['offered', 'accepted', 'declined', 'withdrawn', 'expired'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

const offerMinutes = z.number().int().min(1).max(24 * 60);
/** How long an offer waits for an answer, per lane, before the next candidates are asked (an admin setting). */
export const offerMinutesSchema = z.strictObject({ normal: offerMinutes, hot: offerMinutes, emergency: offerMinutes });
export type OfferMinutes = z.infer<typeof offerMinutesSchema>;
/**
 * An emergency is offered only when nobody on call can take it, and has hours; a hot case a day,
 * with its first at-risk point at six hours; a normal case three days.
 */
export const DEFAULT_OFFER_MINUTES: OfferMinutes = { emergency: 10, hot: 20, normal: 120 };

/** A case offered to the signed-in expert, waiting for their answer. */
export interface OfferView {
  caseId: string;
  caseTitle: string;
  lane: Lane;
  topic: Topic;
  offeredAt: string;
  /** When the offer lapses if nobody has answered: the next candidates are then asked. */
  expiresAt: string;
}

/** An on-call expert's answer to the page of an emergency given to them (`POST /cases/:id/acknowledge`). */
export interface PageAcknowledgement {
  acknowledged: true;
  at: string;
}

/** The signed-in expert's on-call pages still waiting for their acknowledgement. */
export interface PageView {
  caseId: string;
  caseTitle: string;
  /** When a backup is paged if the expert has not acknowledged. */
  dueAt: string;
}

export const expertParamsSchema = z.strictObject({ userId: objectIdSchema });
