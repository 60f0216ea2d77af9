/**
 * The review's steps notify the people they concern: the leads of the expert's organisation
 * when a draft is submitted, its authors when it is returned (with the lead's comment) or
 * approved; each person can turn a kind off, and a change of that choice is audited.
 */
import type { NotificationKind, NotificationView } from '@refute/shared';
import { buildClaimReport, buildDraft, createOrganisation, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { eventually } from '../support/sockets';
import { loggedIn, teamSuite, type Member } from '../support/workbench';

const suite = teamSuite();

async function inbox(someone: Member, kind: NotificationKind, caseId: string): Promise<NotificationView[]> {
  const response = await someone.http.get<{ items: NotificationView[] }>('/api/v1/notifications');
  expect(response.status).toBe(200);
  return response.body.items.filter((item) => item.kind === kind && item.caseId === caseId);
}

/** An organisation with an expert and two leads, and an expert of another organisation. */
async function reviewTeam() {
  const orgId = String((await createOrganisation('review'))._id);
  const [expert, lead, approver, elsewhere] = await Promise.all([
    createUser({ roles: ['reviewer'], orgId }),
    createUser({ roles: ['lead', 'reviewer'], orgId }),
    createUser({ roles: ['lead', 'reviewer'], orgId }),
    createUser({ roles: ['lead', 'reviewer'] }),
  ]);
  const baseUrl = suite.app.baseUrl;
  return { expert: await loggedIn(baseUrl, expert), lead: await loggedIn(baseUrl, lead), approver: await loggedIn(baseUrl, approver), elsewhere: await loggedIn(baseUrl, elsewhere) };
}

async function draftedCase(expert: Member): Promise<string> {
  const caseId = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId as string;
  expect((await expert.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  expect((await expert.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ verdict: 'false' }))).status).toBe(200);
  return caseId;
}

test('submitted reaches the leads of the organisation, returned carries the comment, approved reaches the author', async () => {
  const { expert, lead, approver, elsewhere } = await reviewTeam();
  const caseId = await draftedCase(expert);

  expect((await expert.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  await eventually(async () => (await inbox(lead, 'submitted', caseId)).length === 1, 'the lead told of the submission');
  await eventually(async () => (await inbox(approver, 'submitted', caseId)).length === 1, 'the other lead told of the submission');
  expect((await inbox(lead, 'submitted', caseId))[0]!.actor.id).toBe(expert.id);
  // Leads of other organisations, and the expert who submitted, are not told.
  expect(await inbox(elsewhere, 'submitted', caseId)).toEqual([]);
  expect(await inbox(expert, 'submitted', caseId)).toEqual([]);

  expect((await lead.http.post(`/api/v1/cases/${caseId}/return`, { comment: 'Cite the WHO fact sheet' })).status).toBe(200);
  await eventually(async () => (await inbox(expert, 'returned', caseId)).length === 1, 'the author told of the return');
  expect((await inbox(expert, 'returned', caseId))[0]).toMatchObject({ excerpt: 'Cite the WHO fact sheet', actor: { id: lead.id } });

  expect((await expert.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  expect((await approver.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(200);
  await eventually(async () => (await inbox(expert, 'approved', caseId)).length === 1, 'the author told of the approval');
  expect(await inbox(approver, 'approved', caseId)).toEqual([]);
});

test('a person who turned a kind off is not told of it; the choice is kept and audited', async () => {
  const { expert, lead, approver } = await reviewTeam();
  const saved = await expert.http.put('/api/v1/notifications/preferences', { muted: ['approved'] });
  expect(saved.status).toBe(200);
  expect(saved.body).toEqual({ muted: ['approved'] });
  expect((await expert.http.get('/api/v1/notifications/preferences')).body).toEqual({ muted: ['approved'] });
  const audit = await AuditEventModel.findOne({ action: 'user.notifications_changed', 'actor.id': expert.id }).lean();
  expect(audit?.data).toEqual({ mutedBefore: [], mutedAfter: ['approved'] });

  const caseId = await draftedCase(expert);
  expect((await expert.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  await eventually(async () => (await inbox(lead, 'submitted', caseId)).length === 1, 'the lead told of the submission');
  expect((await approver.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(200);
  // The approval's other effects (the publication) are there; the muted notification is not.
  await eventually(async () => (await approver.http.get(`/api/v1/cases/${caseId}`)).body.status === 'published', 'the case published');
  expect(await inbox(expert, 'approved', caseId)).toEqual([]);
});

test('preferences refuse what is not a kind of notification, and change nothing', async () => {
  const { expert } = await reviewTeam();
  expect((await expert.http.put('/api/v1/notifications/preferences', { muted: ['mention'] })).status).toBe(200);
  for (const body of [{ muted: ['everything'] }, { muted: 'mention' }, { muted: [], extra: true }, {}]) {
    const refused = await expert.http.put('/api/v1/notifications/preferences', body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
  }
  expect((await expert.http.get('/api/v1/notifications/preferences')).body).toEqual({ muted: ['mention'] });
});
