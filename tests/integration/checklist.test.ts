/**
 * Review checklists: a draft is submitted only with every item of its topic's checklist ticked;
 * health and emergencies also need a second expert's sign-off, by someone who wrote none of the
 * draft; the lead sees the checklist; admins edit the checklists (audited).
 */
import type { ChecklistView } from '@refute/shared';
import { buildClaimReport, buildDraft, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { startTestApp, type TestApp } from '../support/testApp';
import { createTeam, loggedIn, type Team } from '../support/workbench';

let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp({ checklists: 'default' });
  team = await createTeam(app.baseUrl);
});
afterAll(() => app.close());

async function draftedCase(topic: string): Promise<string> {
  const caseId = (await team.platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId as string;
  expect((await team.reviewer.http.put(`/api/v1/cases/${caseId}/topic`, { topic })).status).toBe(200);
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  expect((await team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft())).status).toBe(200);
  return caseId;
}

const tick = (caseId: string, itemId: string, checked = true) => ({ path: `/api/v1/cases/${caseId}/checklist/${itemId}`, body: { checked } });

test('a health draft needs every item ticked and a second expert, not its author, to sign it off', async () => {
  const { reviewer, lead } = team;
  const caseId = await draftedCase('health');
  const incomplete = await reviewer.http.post(`/api/v1/cases/${caseId}/submit`);
  expect([incomplete.status, incomplete.body.error.code, incomplete.body.error.details]).toEqual([
    422,
    'checklist_incomplete',
    { missing: ['primary_source', 'evidence_cited', 'lay_summary', 'second_expert'] },
  ]);
  for (const itemId of ['primary_source', 'evidence_cited', 'lay_summary']) {
    const { path, body } = tick(caseId, itemId);
    expect((await reviewer.http.put(path, body)).status).toBe(200);
  }
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).body.error.details).toEqual({ missing: ['second_expert'] });

  const own = tick(caseId, 'second_expert');
  const byAuthor = await reviewer.http.put(own.path, own.body);
  expect([byAuthor.status, byAuthor.body.error.code]).toEqual([403, 'second_expert_required']);
  const unknown = await reviewer.http.put(tick(caseId, 'no_such_item').path, { checked: true });
  expect(unknown.status).toBe(404);
  expect((await reviewer.http.put(own.path, { checked: 'yes' })).status).toBe(400);

  const second = await loggedIn(app.baseUrl, await createUser({ roles: ['reviewer'] }));
  const signed = await second.http.put<ChecklistView>(own.path, own.body);
  expect([signed.status, signed.body.complete]).toEqual([200, true]);
  expect(signed.body.items.find((item) => item.id === 'second_expert')).toMatchObject({ tickedBy: second.id, secondExpert: true });
  expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'checklist.ticked' })).toBe(4);

  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  // The lead sees the checklist with who ticked each item when approving.
  const seen = (await lead.http.get(`/api/v1/cases/${caseId}`)).body.checklist as ChecklistView;
  expect(seen.complete).toBe(true);
  expect(seen.items.map((item) => item.tickedBy)).toEqual([reviewer.id, reviewer.id, reviewer.id, second.id]);
  expect((await lead.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(200);
});

test('a sign-off by someone who then writes part of the draft no longer counts; unticking takes an item back', async () => {
  const { reviewer, lead } = team;
  const caseId = await draftedCase('emergencies');
  for (const itemId of ['primary_source', 'evidence_cited', 'lay_summary']) await reviewer.http.put(tick(caseId, itemId).path, { checked: true });
  const second = await loggedIn(app.baseUrl, await createUser({ roles: ['reviewer'] }));
  expect((await second.http.put(tick(caseId, 'second_expert').path, { checked: true })).status).toBe(200);
  // The second expert joins the authors: the sign-off must come from yet another expert.
  expect((await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: second.id })).status).toBe(200);
  const current = (await second.http.get(`/api/v1/cases/${caseId}`)).body.draft.version as number;
  expect((await second.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ headline: 'Edited by the signer', version: current }))).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).body.error.details).toEqual({ missing: ['second_expert'] });

  const unticked = await reviewer.http.put(tick(caseId, 'lay_summary', false).path, { checked: false });
  expect(unticked.body.items.find((item: { id: string }) => item.id === 'lay_summary').tickedBy).toBeNull();
  expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'checklist.unticked' })).toBe(1);
});

test('other topics have the three base items; admins edit a topic checklist, audited', async () => {
  const admin = await loggedIn(app.baseUrl, await createUser({ roles: ['admin'] }));
  const caseId = await draftedCase('energy');
  expect(((await team.lead.http.get(`/api/v1/cases/${caseId}`)).body.checklist as ChecklistView).items.map((item) => item.id)).toEqual([
    'primary_source',
    'evidence_cited',
    'lay_summary',
  ]);
  const item = { id: 'grid_operator', label: { zh: '已联系电网运营方', en: 'Grid operator asked' }, secondExpert: false };
  const duplicate = await admin.http.put('/api/v1/admin/settings', { checklists: { energy: [item, item] } });
  expect(duplicate.status).toBe(400);
  const saved = await admin.http.put('/api/v1/admin/settings', { checklists: { energy: [item] } });
  expect(saved.status).toBe(200);
  expect(saved.body.checklists.energy).toEqual([item]);
  expect(saved.body.checklists.health.map((entry: { id: string }) => entry.id)).toContain('second_expert');
  expect(saved.body.history[0]).toMatchObject({ setting: 'checklists' });
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).body.error.details).toEqual({ missing: ['grid_operator'] });
  expect((await team.reviewer.http.put(tick(caseId, 'grid_operator').path, { checked: true })).status).toBe(200);
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
});
