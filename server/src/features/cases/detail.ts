import type { CaseDetail } from '@refute/shared';
import { notFound } from '../../http/errors';
import { auditTrail } from '../audit/service';
import { latestCaseReports } from '../claims/repository';
import { caseContributorIds, withContributors } from '../reviews/contributors';
import { latestDraft } from '../reviews/drafts';
import { organisationNames } from '../organisations/repository';
import { findPublication } from '../publications/repository';
import { findUserById, userNames } from '../users/repository';
import { presentClaimStatement } from './claimStatement';
import { latestClaimStatement } from './claimStatementRepository';
import { separationsOfCase } from './notSameClaim';
import { presentCaseDetail } from './presenter';
import { findCase } from './repository';
import { checklistOf } from '../checklists/service';
import { leadUnitOf } from '../escalation/units';
import { OrganisationModel, type OrganisationRecord } from '../organisations/model';

const REPORTS_SHOWN = 200;

/** The case as the case view shows it: reports, draft and history. */
export async function caseDetail(caseId: string): Promise<CaseDetail> {
  const record = await findCase(caseId);
  if (!record) throw notFound('Case');
  const [reports, draft, contributorIds, separations, statement] = await Promise.all([
    latestCaseReports(record._id, REPORTS_SHOWN),
    latestDraft(record._id),
    caseContributorIds(record._id),
    separationsOfCase(record._id),
    latestClaimStatement(record._id),
  ]);
  const claimStatement = presentClaimStatement(statement);
  const history = await auditTrail(record.publicationId ? [record._id, record.publicationId] : [record._id]);
  const current = record.publicationId ? await findPublication(record.publicationId) : null;
  const approver = current ? await findUserById(current.approvedBy) : null;
  const presented = presentCaseDetail(record, reports, draft, history, current, approver ? String(approver.orgId) : null);
  // Reviewers' "not the same claim": marked reports say so, and a case ruled out is no longer suggested.
  const detail = {
    ...presented,
    reports: presented.reports.map((report) => (separations.reportIds.has(report.id) ? { ...report, notSameClaim: true as const } : report)),
    suggestions: presented.suggestions.filter((suggestion) => !separations.otherCaseIds.has(suggestion.caseId)),
  };
  // The draft's authors as four-eyes counts them: co-editors who never saved are among them.
  const authorIds = withContributors(detail.draft.authorIds, contributorIds);
  // People and platforms are shown by name, never by id.
  const personIds = [...detail.assignees, ...authorIds, ...(claimStatement ? [claimStatement.updatedBy] : []), ...history.filter((entry) => entry.actorKind === 'user' && entry.actorId).map((entry) => entry.actorId!)];
  const [people, platforms] = await Promise.all([userNames(personIds), organisationNames([
    ...new Set([...detail.reports.map((report) => report.platformId), ...history.flatMap((entry) => (entry.actorKind === 'api_key' && entry.actorOrgId ? [entry.actorOrgId] : []))]),
  ])]);
  const [checklist, leadUnit] = await Promise.all([checklistOf(record, authorIds), leadUnitOf(record)]);
  const escalation = { ...detail.escalation, leadUnitId: leadUnit ? String(leadUnit._id) : null, leadUnitLevel: leadUnit?.level ?? null };
  const unitIds = [...new Set([escalation.leadUnitId, ...escalation.cooperatingUnitIds, ...escalation.history.flatMap((entry) => [entry.fromOrgId, entry.toOrgId])].filter((id): id is string => Boolean(id)))];
  const orgs = unitIds.length ? await OrganisationModel.find({ _id: { $in: unitIds } }, { name: 1, level: 1 }).lean<OrganisationRecord[]>() : [];
  const units = Object.fromEntries(orgs.map((org) => [String(org._id), { name: { zh: org.name?.zh ?? '', en: org.name?.en ?? '' }, level: org.level ?? null }]));
  return { ...detail, people, platforms, draft: { ...detail.draft, authorIds }, checklist, escalation, units, claimStatement };
}
