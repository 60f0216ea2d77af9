import type { ClaimReport, DraftSave, PublicationView, Topic } from '@refute/shared';
import { buildClaimReport, buildDraft } from '../../fixtures/factories';
import type { Team } from './workbench';

/**
 * A case taken through the whole review path over HTTP: reported by the team's platform,
 * claimed and written by its reviewer, approved by its lead. Returns the publication.
 */
export async function publishCase(
  team: Team,
  options: { report?: Partial<ClaimReport>; draft?: Partial<DraftSave>; topic?: Topic; leadUnitId?: string } = {},
): Promise<PublicationView> {
  const report = await team.platform.http.post('/api/v1/claims', buildClaimReport(options.report));
  expect(report.status).toBe(201);
  const caseId = report.body.caseId as string;
  // A case of a region with a review organisation of its own is that unit's unless a lead above
  // it moves it; the reviewer's organisation cooperates, so the team works on it as usual.
  if (options.leadUnitId) {
    const reviewerOrgId = ((await team.reviewer.http.get('/api/v1/auth/me')).body as { user: { orgId: string } }).user.orgId;
    const units = { leadUnitId: options.leadUnitId, cooperatingUnitIds: [reviewerOrgId] };
    expect((await team.lead.http.put(`/api/v1/cases/${caseId}/units`, units)).status).toBe(200);
  }
  if (options.topic) expect((await team.reviewer.http.put(`/api/v1/cases/${caseId}/topic`, { topic: options.topic })).status).toBe(200);
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  expect((await team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft(options.draft))).status).toBe(200);
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  const approved = await team.lead.http.post(`/api/v1/cases/${caseId}/approve`);
  expect(approved.status).toBe(200);
  return approved.body.publication as PublicationView;
}

/** A correction of a published case: reopened by the other lead, rewritten, approved again. */
export async function correctCase(team: Team, caseId: string, reason: string, draft: Partial<DraftSave>): Promise<PublicationView> {
  expect((await team.otherLead.http.post(`/api/v1/cases/${caseId}/reopen`, { reason })).status).toBe(200);
  const current = (await team.reviewer.http.get(`/api/v1/cases/${caseId}`)).body.draft.version as number;
  expect((await team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ ...draft, version: current }))).status).toBe(200);
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  const approved = await team.lead.http.post(`/api/v1/cases/${caseId}/approve`);
  expect(approved.status).toBe(200);
  return approved.body.publication as PublicationView;
}
