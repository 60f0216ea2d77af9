/**
 * Who works on a case: a lead assigns and takes experts off, an expert gives a case back; a
 * case nobody works on is open again. Each step is audited; the refusals change nothing.
 */
import { buildClaimReport, buildDraft, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { loggedIn, teamSuite } from '../support/workbench';

const suite = teamSuite();

async function openCase(): Promise<string> {
  return (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId as string;
}

test('a lead assigns two experts and takes one off; the other gives the case back and it is open again', async () => {
  const { lead, reviewer } = suite.team;
  const second = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['reviewer'] }));
  const caseId = await openCase();
  expect((await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: reviewer.id })).status).toBe(200);
  const both = await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: second.id });
  expect(both.body).toMatchObject({ status: 'in_review', assignees: [reviewer.id, second.id] });

  const one = await lead.http.post(`/api/v1/cases/${caseId}/unassign`, { userId: second.id });
  expect(one.status).toBe(200);
  expect(one.body).toMatchObject({ status: 'in_review', assignees: [reviewer.id] });

  const givenBack = await reviewer.http.post(`/api/v1/cases/${caseId}/unassign`, { userId: reviewer.id });
  expect(givenBack.status).toBe(200);
  expect(givenBack.body).toMatchObject({ status: 'open', assignees: [] });
  // Open again: anyone may claim it.
  expect((await second.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);

  const trail = await AuditEventModel.find({ subjectId: caseId, action: 'case.unassigned' }).sort({ at: 1 }).lean();
  expect(trail.map((event) => event.data)).toEqual([
    { assigneeId: second.id, gaveBack: false },
    { assigneeId: reviewer.id, gaveBack: true },
  ]);
});

test('an expert cannot take someone else off, nobody takes off who is not on, and a submitted case keeps its authors', async () => {
  const { lead, reviewer } = suite.team;
  const other = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['reviewer'] }));
  const caseId = await openCase();
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);

  const notLead = await other.http.post(`/api/v1/cases/${caseId}/unassign`, { userId: reviewer.id });
  expect([notLead.status, notLead.body.error.code]).toEqual([403, 'not_lead']);
  const notOn = await lead.http.post(`/api/v1/cases/${caseId}/unassign`, { userId: other.id });
  expect([notOn.status, notOn.body.error.code]).toEqual([422, 'not_assigned']);
  const bad = await lead.http.post(`/api/v1/cases/${caseId}/unassign`, { userId: 'nobody' });
  expect(bad.status).toBe(400);

  expect((await reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft())).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  const submitted = await lead.http.post(`/api/v1/cases/${caseId}/unassign`, { userId: reviewer.id });
  expect([submitted.status, submitted.body.error.code]).toEqual([409, 'invalid_state']);
  expect((await lead.http.get(`/api/v1/cases/${caseId}`)).body).toMatchObject({ status: 'submitted', assignees: [reviewer.id] });
});
