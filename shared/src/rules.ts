/**
 * Pure review-workflow rules, used by the server to decide and by the client to show
 * only the actions that will be accepted.
 */
import type { CaseStatus, Lane, Role } from './enums';
import type { Draft } from './schemas/cases';

export type CaseAction = 'claim' | 'assign' | 'unassign' | 'edit' | 'submit' | 'approve' | 'return' | 'reopen' | 'retract';

/** The statuses each action may start from, and the status it leads to. */
export const CASE_TRANSITIONS: Record<CaseAction, { from: readonly CaseStatus[]; to: CaseStatus }> = {
  claim: { from: ['open'], to: 'in_review' },
  assign: { from: ['open', 'in_review', 'returned'], to: 'in_review' },
  /** A lead takes an expert off the case, or the expert gives it back; with nobody left it is open again. */
  unassign: { from: ['in_review', 'returned'], to: 'open' },
  edit: { from: ['in_review', 'returned'], to: 'in_review' },
  submit: { from: ['in_review', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'published' },
  return: { from: ['submitted'], to: 'returned' },
  /** A correction: the published case goes back into review; approving it publishes the next version. */
  reopen: { from: ['published'], to: 'in_review' },
  /** A retraction: the published verdict is withdrawn; the case answers no one any more. */
  retract: { from: ['published'], to: 'retracted' },
};

/**
 * Which reports a case holds may change (merge, move-out) only while it is being worked on: not
 * once its verdict is out, nor while a lead is deciding on it (return it first).
 */
export const REGROUPABLE_STATUSES: readonly CaseStatus[] = ['open', 'in_review', 'returned'];

/** A lead, or a reviewer assigned to the case: those who answer for which reports it holds. */
export function isOnCaseTeam(user: { id: string; roles: readonly Role[] }, assignees: readonly string[]): boolean {
  return hasRole(user.roles, 'lead') || (hasRole(user.roles, 'reviewer') && assignees.includes(user.id));
}

/** Who may change which reports a case holds: its assignees and leads, while its verdict is not out. */
export function mayRegroup(user: { id: string; roles: readonly Role[] }, record: { status: CaseStatus; assignees: readonly string[] }): boolean {
  return isOnCaseTeam(user, record.assignees) && REGROUPABLE_STATUSES.includes(record.status);
}

export function canTransition(action: CaseAction, status: CaseStatus): boolean {
  return CASE_TRANSITIONS[action].from.includes(status);
}

export const REVIEW_ROLES: readonly Role[] = ['reviewer', 'lead'];

export function hasRole(roles: readonly Role[], ...wanted: Role[]): boolean {
  return wanted.some((role) => roles.includes(role));
}

/**
 * A verdict belongs to the organisation that reviewed it (its approving lead's): only that
 * organisation's leads may retract it.
 */
export function leadsReviewingOrganisation(user: { roles: readonly Role[]; orgId: string }, reviewingOrgId: string | null): boolean {
  return hasRole(user.roles, 'lead') && reviewingOrgId !== null && user.orgId === reviewingOrgId;
}

/** Who may retract the case's published verdict now. */
export function mayRetract(user: { roles: readonly Role[]; orgId: string }, record: { status: CaseStatus; reviewingOrgId: string | null }): boolean {
  return canTransition('retract', record.status) && leadsReviewingOrganisation(user, record.reviewingOrgId);
}

/** Four-eyes: a lead may approve only a draft they did not write any part of. */
export function mayApprove(user: { id: string; roles: readonly Role[] }, draft: Pick<Draft, 'authorIds'>): boolean {
  return hasRole(user.roles, 'lead') && !draft.authorIds.includes(user.id);
}

/** Strips tags so that an editor holding only empty markup counts as empty. */
export function htmlHasText(html: string): boolean {
  return html.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').trim().length > 0;
}

/** The fields a draft still lacks before it can be submitted for approval. */
export function missingForSubmission(draft: Pick<Draft, 'verdict' | 'headline' | 'summary' | 'rebuttalHtml'>): string[] {
  const missing: string[] = [];
  if (!draft.verdict) missing.push('verdict');
  if (!draft.headline.trim()) missing.push('headline');
  if (!draft.summary.trim()) missing.push('summary');
  if (!htmlHasText(draft.rebuttalHtml)) missing.push('rebuttalHtml');
  return missing;
}

/** Default response times per lane; emergencies are answered within hours. */
export const DEFAULT_LANE_DEADLINE_HOURS: Record<Lane, number> = { normal: 72, hot: 24, emergency: 4 };

export function deadlineFor(lane: Lane, openedAt: Date, hours: Record<Lane, number> = DEFAULT_LANE_DEADLINE_HOURS): Date {
  return new Date(openedAt.getTime() + hours[lane] * 3_600_000);
}
