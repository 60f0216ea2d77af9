import { canTransition, hasRole, isOnCaseTeam, mayApprove, mayRegroup, mayRetract, REVIEW_ROLES, type CaseDetail, type SessionUser } from '@refute/shared';

export interface CasePermissions {
  claim: boolean;
  edit: boolean;
  submit: boolean;
  review: boolean;
  /** A lead who may not approve this submission because they wrote part of it. */
  fourEyesBlocked: boolean;
  /** Correct the classifier's topic. */
  setTopic: boolean;
  /** Merge this case into a similar one. */
  merge: boolean;
  /** Move a report out of this case into a new case. */
  moveOut: boolean;
  /** Mark a report or a suggested case as not the same claim: the case team, even once published. */
  markNotSameClaim: boolean;
  /** Write the claim as reviewed: the case team, even once published. */
  stateClaim: boolean;
  /** Reopen a published case for a correction. */
  reopen: boolean;
  /** Withdraw the published verdict: a lead of the organisation that reviewed it. */
  retract: boolean;
  /** Assign an expert (leads). */
  assign: boolean;
  /** Take these assignees off the case: a lead anyone, an expert themselves (giving it back). */
  unassign: (assigneeId: string) => boolean;
  /** Move the case to the hot or emergency lane. */
  setLane: boolean;
  /** Set the lead unit and cooperating units (leads; the server checks which). */
  setUnits: boolean;
  /** Tick this checklist item: the experts on the case, a second expert's item anyone else who reviews. */
  tick: (item: { secondExpert: boolean }) => boolean;
}

export function casePermissions(user: SessionUser, detail: CaseDetail): CasePermissions {
  const isAssignee = detail.assignees.includes(user.id);
  const awaitingApproval = canTransition('approve', detail.status);
  const isReviewer = hasRole(user.roles, ...REVIEW_ROLES);
  const live = detail.status !== 'merged';
  const regroupable = mayRegroup(user, detail);
  return {
    claim: isReviewer && canTransition('claim', detail.status) && !isAssignee,
    edit: isAssignee && canTransition('edit', detail.status),
    submit: isAssignee && canTransition('submit', detail.status),
    // Only the lead unit's leads approve (any lead while the case has none).
    review: awaitingApproval && mayApprove(user, detail.draft) && (detail.escalation.leadUnitId === null || detail.escalation.leadUnitId === user.orgId),
    fourEyesBlocked: awaitingApproval && hasRole(user.roles, 'lead') && !mayApprove(user, detail.draft),
    setTopic: isReviewer && live,
    merge: regroupable,
    moveOut: regroupable && detail.reports.length > 1,
    markNotSameClaim: live && isOnCaseTeam(user, detail.assignees),
    stateClaim: live && isOnCaseTeam(user, detail.assignees),
    reopen: hasRole(user.roles, 'lead') && canTransition('reopen', detail.status),
    retract: mayRetract(user, detail) && detail.publicationId !== null,
    assign: hasRole(user.roles, 'lead') && canTransition('assign', detail.status),
    unassign: (assigneeId) => canTransition('unassign', detail.status) && (hasRole(user.roles, 'lead') || assigneeId === user.id),
    setLane: hasRole(user.roles, 'lead') && live,
    setUnits: hasRole(user.roles, 'lead') && live,
    tick: (item) =>
      canTransition('edit', detail.status) && (item.secondExpert ? isReviewer && !detail.draft.authorIds.includes(user.id) : isAssignee),
  };
}
