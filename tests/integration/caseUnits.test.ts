/**
 * The lead unit and cooperating units of a case (责任单位 / 配合单位): a lead sets them; experts
 * of the cooperating units are assigned and co-author, others are refused; only the lead unit's
 * leads approve, and only leads of it or above it assign.
 */
import { buildClaimReport, buildDraft, createOrganisation, createReviewHierarchy, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { loggedIn, teamSuite, type Member } from '../support/workbench';

const suite = teamSuite();

async function member(roles: Array<'lead' | 'reviewer'>, orgId?: string): Promise<Member> {
  return loggedIn(suite.app.baseUrl, await createUser({ roles, ...(orgId ? { orgId } : {}) }));
}

test('the lead unit and cooperating units decide who works on, assigns and approves a case', async () => {
  const orgs = await createReviewHierarchy();
  const county = String(orgs.county._id);
  const partner = String((await createOrganisation('review'))._id);
  const [countyLead, countyExpert, partnerExpert, outsiderExpert, outsiderLead, municipalLead] = await Promise.all([
    member(['lead', 'reviewer'], county),
    member(['reviewer'], county),
    member(['reviewer'], partner),
    member(['reviewer']),
    member(['lead', 'reviewer']),
    member(['lead', 'reviewer'], String(orgs.municipal._id)),
  ]);
  const caseId = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId as string;

  const unknown = await outsiderLead.http.put(`/api/v1/cases/${caseId}/units`, { leadUnitId: county, cooperatingUnitIds: ['0123456789abcdef01234567'] });
  expect([unknown.status, unknown.body.error.code]).toEqual([422, 'unknown_unit']);
  const bad = await outsiderLead.http.put(`/api/v1/cases/${caseId}/units`, { leadUnitId: 'county', cooperatingUnitIds: [] });
  expect(bad.status).toBe(400);
  // Without a lead unit any lead sets one; from then on only leads of it or above it.
  const set = await outsiderLead.http.put(`/api/v1/cases/${caseId}/units`, { leadUnitId: county, cooperatingUnitIds: [partner] });
  expect([set.status, set.body.escalation.leadUnitId, set.body.escalation.cooperatingUnitIds]).toEqual([200, county, [partner]]);
  const again = await outsiderLead.http.put(`/api/v1/cases/${caseId}/units`, { leadUnitId: partner, cooperatingUnitIds: [] });
  expect([again.status, again.body.error.code]).toEqual([403, 'not_lead_unit']);
  expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'case.units_set' })).toBe(1);

  // Experts of the lead unit and of a cooperating unit work on it; others are refused.
  const outsiderClaim = await outsiderExpert.http.post(`/api/v1/cases/${caseId}/claim`);
  expect([outsiderClaim.status, outsiderClaim.body.error.code]).toEqual([403, 'not_case_unit']);
  const outsiderAssign = await outsiderLead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: partnerExpert.id });
  expect([outsiderAssign.status, outsiderAssign.body.error.code]).toEqual([403, 'not_lead_unit']);
  const wrongExpert = await countyLead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: outsiderExpert.id });
  expect([wrongExpert.status, wrongExpert.body.error.code]).toEqual([403, 'not_case_unit']);
  expect((await countyLead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: countyExpert.id })).status).toBe(200);
  // A lead above the lead unit assigns too.
  const assigned = await municipalLead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: partnerExpert.id });
  expect([assigned.status, assigned.body.assignees]).toEqual([200, [countyExpert.id, partnerExpert.id]]);

  // Both co-author the draft.
  const first = await countyExpert.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft());
  expect(first.status).toBe(200);
  const version = (await partnerExpert.http.get(`/api/v1/cases/${caseId}`)).body.draft.version as number;
  const second = await partnerExpert.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ headline: 'Checked by two units', version }));
  expect(second.status).toBe(200);
  expect((await partnerExpert.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);

  // Only the lead unit's leads approve: not a lead elsewhere, nor one above it.
  for (const someone of [outsiderLead, municipalLead]) {
    const refused = await someone.http.post(`/api/v1/cases/${caseId}/approve`);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'not_lead_unit']);
  }
  expect((await countyLead.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(200);
});

test('a case without a lead unit keeps the open rules: any lead assigns and approves', async () => {
  const { lead, reviewer, otherLead } = suite.team;
  const caseId = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId as string;
  expect((await lead.http.get(`/api/v1/cases/${caseId}`)).body.escalation).toMatchObject({ leadUnitId: null, escalations: 0, atRisk: null });
  expect((await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: reviewer.id })).status).toBe(200);
  expect((await reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft())).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  expect((await otherLead.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(200);
});
