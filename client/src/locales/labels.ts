import type { CaseStatus, EvidenceKind, Lane, MatchDecisionView, OrgLevel, Role, Topic, Verdict } from '@refute/shared';

/** Names of the domain's values (verdicts, topics, statuses, …) in one language. */
export interface Labels {
  verdict: Record<Verdict, string>;
  topic: Record<Topic, string>;
  lane: Record<Lane, string>;
  status: Record<CaseStatus, string>;
  evidenceKind: Record<EvidenceKind, string>;
  role: Record<Role, string>;
  orgLevel: Record<OrgLevel, string>;
  field: Record<string, string>;
  action: Record<string, string>;
  matchOutcome: Record<MatchDecisionView['outcome'], string>;
  matchMethod: Record<string, string>;
}
