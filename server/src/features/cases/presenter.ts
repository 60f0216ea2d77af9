import { atRiskNow, type CaseDetail, type CaseEscalationView, type CaseReport, type CaseSummary, type Draft, type MatchDecisionView, type OrgLevel } from '@refute/shared';
import { atRiskSettings } from '../escalation/settings';
import type { AuditView } from '../audit/service';
import type { ClaimRecord } from '../claims/model';
import { claimStatusOf } from '../claims/presenter';
import type { DraftRevisionRecord } from '../reviews/draftModel';
import type { PublicationRecord } from '../publications/model';
import { caseHotspotFlag } from '../hotspots/caseFlags';
import type { CaseRecord } from './model';

export function presentCaseSummary(record: CaseRecord): CaseSummary {
  return {
    id: String(record._id),
    title: record.title,
    language: record.language,
    topic: record.topic,
    topicConfidence: record.topicConfidence ?? null,
    velocity: record.velocity ?? 0,
    lane: record.lane,
    status: record.status,
    priority: record.priority,
    reportCount: record.reportCount,
    reach: record.reach,
    assignees: (record.assigneeIds ?? []).map(String),
    deadlineAt: record.deadlineAt.toISOString(),
    region: record.region ?? null,
    createdAt: record.openedAt.toISOString(),
    updatedAt: (record.updatedAt ?? record.openedAt).toISOString(),
    hotspot: caseHotspotFlag(String(record._id), record.lane),
    laneSetByLead: Boolean(record.leadLane),
    escalation: presentEscalation(record),
  };
}

/** The lead unit set on the case (the region's is resolved by the case detail), escalations and the at-risk state now. */
export function presentEscalation(record: CaseRecord, now = new Date()): CaseEscalationView {
  const history = (record.escalations ?? []).map((entry) => ({
    at: entry.at!.toISOString(),
    fromOrgId: entry.fromOrgId ? String(entry.fromOrgId) : null,
    toOrgId: String(entry.toOrgId),
    toLevel: (entry.toLevel ?? null) as OrgLevel | null,
  }));
  const periodStart = record.escalatedAt ?? record.openedAt;
  return {
    leadUnitId: record.leadUnitId ? String(record.leadUnitId) : null,
    leadUnitLevel: history.at(-1)?.toLevel ?? null,
    cooperatingUnitIds: (record.cooperatingUnitIds ?? []).map(String),
    escalations: history.length,
    history,
    atRisk: atRiskNow({ status: record.status, assigneeCount: (record.assigneeIds ?? []).length, periodStart, deadlineAt: record.deadlineAt }, atRiskSettings(), now),
  };
}

export function presentReport(claim: ClaimRecord, caseRecord: CaseRecord): CaseReport {
  return {
    id: String(claim._id),
    platformId: String(claim.orgId),
    externalId: claim.externalId,
    text: claim.text,
    language: claim.language,
    ...(claim.url ? { url: claim.url } : {}),
    ...(claim.region ? { region: claim.region } : {}),
    status: claimStatusOf(caseRecord.status),
    reportedAt: claim.reportedAt.toISOString(),
    ...(claim.match?.outcome ? { match: presentMatch(claim.match) } : {}),
  };
}

function presentMatch(match: NonNullable<ClaimRecord['match']>): MatchDecisionView {
  return {
    outcome: match.outcome!,
    method: match.method ?? 'similarity',
    similarity: Math.round((match.similarity ?? 0) * 1000) / 1000,
    candidateCaseId: match.candidateCaseId ? String(match.candidateCaseId) : null,
    joinThreshold: match.joinThreshold ?? 0,
    suggestThreshold: match.suggestThreshold ?? 0,
    ...(match.probability === undefined || match.probability === null ? {} : { probability: Math.round(match.probability * 1000) / 1000 }),
    ...(match.sharedTerms?.length ? { sharedTerms: match.sharedTerms } : {}),
  };
}

export const EMPTY_DRAFT: Draft = {
  verdict: null,
  headline: '',
  summary: '',
  rebuttalHtml: '',
  evidence: [],
  version: 0,
  authorIds: [],
  updatedAt: null,
  updatedBy: null,
};

export function presentDraft(record: DraftRevisionRecord | null): Draft {
  if (!record) return EMPTY_DRAFT;
  return {
    verdict: record.verdict ?? null,
    headline: record.headline,
    summary: record.summary,
    rebuttalHtml: record.rebuttalHtml,
    evidence: (record.evidence ?? []).map(({ title, url, kind }) => ({ title, url, kind })),
    version: record.version,
    authorIds: (record.authorIds ?? []).map(String),
    updatedAt: record.savedAt.toISOString(),
    updatedBy: String(record.savedBy),
  };
}

export function presentCaseDetail(
  record: CaseRecord,
  reports: ClaimRecord[],
  draft: DraftRevisionRecord | null,
  history: AuditView[],
  /** The case's current publication, if any: a retraction is shown as such. */
  current: PublicationRecord | null = null,
  reviewingOrgId: string | null = null,
): Omit<CaseDetail, 'people' | 'platforms' | 'checklist' | 'units' | 'claimStatement'> {
  return {
    ...presentCaseSummary(record),
    reports: reports.map((claim) => presentReport(claim, record)),
    suggestions: (record.suggestions ?? []).map((suggestion) => ({
      caseId: String(suggestion.caseId),
      similarity: Math.round((suggestion.similarity ?? 0) * 1000) / 1000,
    })),
    draft: presentDraft(draft),
    returnComment: record.returnComment ?? null,
    reopenReason: record.reopenReason ?? null,
    publicationId: record.publicationId ? String(record.publicationId) : null,
    reviewingOrgId,
    retraction: current?.retraction ? { reason: current.retraction.reason, retractedAt: current.publishedAt.toISOString(), slug: current.slug } : null,
    mergedInto: record.mergedInto ? String(record.mergedInto) : null,
    history,
  };
}
