/**
 * Deadlines and escalation (四级联动), the lead unit and cooperating units of a case (责任单位 /
 * 配合单位), and review checklists: contracts and the pure rules both sides use.
 */
import { z } from 'zod';
import { TOPICS, type OrgLevel, type Topic } from '../enums';
import { objectIdSchema } from './common';

/**
 * The steps scheduled on a case: two at-risk points and the deadline itself, and the on-call
 * page of an emergency, which its expert must acknowledge in time or a backup is assigned.
 */
export const ESCALATION_STEP_KINDS = ['unassigned', 'no_draft', 'deadline', 'unacknowledged'] as const;
export type EscalationStepKind = (typeof ESCALATION_STEP_KINDS)[number];
/** The kinds planned on a deadline (an on-call page is written by routing). */
export type DeadlinePointKind = Exclude<EscalationStepKind, 'unacknowledged'>;

const share = z.number().gt(0).lt(1);

/** Where the at-risk points stand, as shares of the time from the period's start to the deadline. */
export const atRiskSettingsSchema = z
  .strictObject({ unassignedShare: share, noDraftShare: share })
  .refine((value) => value.unassignedShare < value.noDraftShare, {
    message: 'the point for a missing expert must come before the point for a missing draft',
    path: ['noDraftShare'],
  });
export type AtRiskSettings = z.infer<typeof atRiskSettingsSchema>;
export const DEFAULT_AT_RISK: AtRiskSettings = { unassignedShare: 0.25, noDraftShare: 0.75 };

export interface ScheduledPoint {
  kind: DeadlinePointKind;
  dueAt: Date;
}

/** The three points of one period (from the case's opening or its last escalation to its deadline). */
export function deadlinePoints(periodStart: Date, deadlineAt: Date, settings: AtRiskSettings): ScheduledPoint[] {
  const start = periodStart.getTime();
  const span = Math.max(0, deadlineAt.getTime() - start);
  return [
    { kind: 'unassigned', dueAt: new Date(start + Math.round(span * settings.unassignedShare)) },
    { kind: 'no_draft', dueAt: new Date(start + Math.round(span * settings.noDraftShare)) },
    { kind: 'deadline', dueAt: new Date(deadlineAt) },
  ];
}

/** The statuses in which a case's point still matters; otherwise the step is skipped when due. */
export function pointApplies(kind: EscalationStepKind, record: { status: string; assigneeCount: number }): boolean {
  // Submitted or published in time: the rules are met. Merged cases live on in another.
  const working = record.status === 'open' || record.status === 'in_review' || record.status === 'returned';
  if (kind === 'unassigned') return working && record.assigneeCount === 0;
  return working;
}

export type AtRisk = 'unassigned' | 'no_draft' | 'overdue' | null;

/** What the queue shows: the most serious point this case has passed and still fails. */
export function atRiskNow(
  record: { status: string; assigneeCount: number; periodStart: Date; deadlineAt: Date },
  settings: AtRiskSettings,
  now: Date,
): AtRisk {
  const points = deadlinePoints(record.periodStart, record.deadlineAt, settings);
  const passed = points.filter((point) => point.dueAt.getTime() <= now.getTime() && pointApplies(point.kind, record));
  const worst = passed[passed.length - 1];
  if (!worst) return null;
  return worst.kind === 'deadline' ? 'overdue' : worst.kind;
}

export interface EscalationEntry {
  at: string;
  fromOrgId: string | null;
  toOrgId: string;
  toLevel: OrgLevel | null;
}

/** A case's place in the hierarchy and its deadline state, as the queue and the case page show it. */
export interface CaseEscalationView {
  /** The organisation answering for the case (责任单位): set by a lead or by escalation, else the region's. */
  leadUnitId: string | null;
  leadUnitLevel: OrgLevel | null;
  cooperatingUnitIds: string[];
  /** How many times the case moved up. */
  escalations: number;
  history: EscalationEntry[];
  atRisk: AtRisk;
}

export const caseUnitsSchema = z.strictObject({
  leadUnitId: objectIdSchema,
  cooperatingUnitIds: z.array(objectIdSchema).max(20),
});
export type CaseUnits = z.infer<typeof caseUnitsSchema>;

/** Review checklists per topic (admin-editable). */
const checklistItemSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]{1,40}$/, 'lowercase letters, digits and underscores'),
  label: z.strictObject({ zh: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) }),
  /** Ticked by an expert other than the draft's authors: a second expert's sign-off. */
  secondExpert: z.boolean(),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const checklistsSchema = z
  .partialRecord(z.enum(TOPICS), z.array(checklistItemSchema).max(20))
  .refine((lists) => Object.values(lists).every((items) => new Set(items.map((item) => item.id)).size === items.length), {
    message: 'item ids must be unique within a topic',
  });
export type Checklists = Partial<Record<Topic, ChecklistItem[]>>;

const BASE_ITEMS: ChecklistItem[] = [
  { id: 'primary_source', label: { zh: '已查阅一手来源', en: 'Primary source consulted' }, secondExpert: false },
  { id: 'evidence_cited', label: { zh: '已引用证据', en: 'Evidence cited' }, secondExpert: false },
  { id: 'lay_summary', label: { zh: '摘要通俗易懂', en: 'Summary readable by a lay reader' }, secondExpert: false },
];
const SECOND_EXPERT: ChecklistItem = { id: 'second_expert', label: { zh: '第二位专家已签核', en: "A second expert's sign-off" }, secondExpert: true };

export const DEFAULT_CHECKLISTS: Record<Topic, ChecklistItem[]> = Object.fromEntries(
  TOPICS.map((topic) => [topic, topic === 'health' || topic === 'emergencies' ? [...BASE_ITEMS, SECOND_EXPERT] : BASE_ITEMS]),
) as Record<Topic, ChecklistItem[]>;

export const checklistTickParamsSchema = z.strictObject({ id: objectIdSchema, itemId: z.string().regex(/^[a-z0-9_]{1,40}$/) });
export const checklistTickSchema = z.strictObject({ checked: z.boolean() });

export interface ChecklistItemView extends ChecklistItem {
  tickedBy: string | null;
  tickedAt: string | null;
}
export interface ChecklistView {
  items: ChecklistItemView[];
  complete: boolean;
}
