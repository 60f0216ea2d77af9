import { z } from 'zod';
import type { Lane, Topic } from '../enums';

/** A lead moves a case to a more urgent lane (after a hotspot, or at any time). */
export const setLaneSchema = z.strictObject({ lane: z.enum(['hot', 'emergency']) });
export type SetLane = z.infer<typeof setLaneSchema>;

export const HOTSPOT_SUBJECT_KINDS = ['case', 'topic'] as const;
export type HotspotSubjectKind = (typeof HOTSPOT_SUBJECT_KINDS)[number];

/** A sharp rise of a case's or a topic's reports against its own recent baseline. */
export interface HotspotView {
  id: string;
  subjectKind: HotspotSubjectKind;
  /** The case, for a case; for a topic, the case with most reports in the window (if known). */
  caseId: string | null;
  topic: Topic | null;
  windowStart: string;
  windowEnd: string;
  /** Reports in the window, and what the baseline expected there. */
  count: number;
  expected: number;
  baselinePerHour: number;
  /** -log10 of the probability of so many reports under the baseline. */
  score: number;
  detectedAt: string;
}

/** What the queue row and the case page show of a case's recent hotspot. */
export interface CaseHotspotFlag {
  hotspotId: string;
  detectedAt: string;
  count: number;
  expected: number;
  /** The lane a lead is asked to confirm; null once the case is in it (or a more urgent one). */
  proposedLane: Extract<Lane, 'hot' | 'emergency'> | null;
}


/** `GET /api/v1/hotspots`: the hotspots detected in the last `hours`, newest first. */
export const hotspotListQuerySchema = z.strictObject({
  hours: z.coerce.number().int().min(1).max(720).default(24),
});

export interface HotspotList {
  items: HotspotView[];
}
