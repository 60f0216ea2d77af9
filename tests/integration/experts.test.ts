/**
 * The expert pool: leads and admins create and edit profiles and find experts by words, domain,
 * region, availability and load; an expert changes only their own leave; a CSV import reports
 * each bad row (row, field, message), saves the good ones, and changes nothing when repeated.
 */
import type { ExpertImportReport, ExpertPool, ExpertView } from '@refute/shared';
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { buildExpertProfile, createExpert } from '../support/experts';
import { loggedIn, teamSuite } from '../support/workbench';

const suite = teamSuite();

async function pool(query = ''): Promise<ExpertView[]> {
  const response = await suite.team.lead.http.get<ExpertPool>(`/api/v1/experts${query}`);
  expect(response.status).toBe(200);
  return response.body.items;
}

const ids = (views: ExpertView[]) => views.map((view) => view.userId);

test('a lead creates and edits a profile; every change is audited with the fields before and after', async () => {
  const person = await createUser({ roles: ['reviewer'] });
  const created = await suite.team.lead.http.put(`/api/v1/experts/${person.id}`, buildExpertProfile({ title: '主任医师', keywords: ['疫苗', 'vaccine'], domains: ['health'] }));
  expect(created.status).toBe(200);
  expect(created.body.expert).toMatchObject({ userId: person.id, name: `Test ${person.email}`, title: '主任医师', domains: ['health'], availableNow: true, openCases: 0, orgName: expect.any(Object) });

  const edited = await suite.team.lead.http.put(`/api/v1/experts/${person.id}`, buildExpertProfile({ title: '主任医师', keywords: ['疫苗', 'vaccine'], domains: ['health'], capacity: 5 }));
  expect(edited.body.expert.capacity).toBe(5);
  const trail = await AuditEventModel.find({ subjectId: person.id, action: /^expert\./ }).sort({ at: 1 }).lean();
  expect(trail.map((event) => event.action)).toEqual(['expert.profile_created', 'expert.profile_updated']);
  expect(trail[1]!.data).toEqual({ changes: { capacity: { old: 3, new: 5 } } });
  // The same profile again changes nothing and writes nothing.
  await suite.team.lead.http.put(`/api/v1/experts/${person.id}`, buildExpertProfile({ title: '主任医师', keywords: ['疫苗', 'vaccine'], domains: ['health'], capacity: 5 }));
  expect(await AuditEventModel.countDocuments({ subjectId: person.id, action: /^expert\./ })).toBe(2);
});

test('only reviewers get a profile, regions must be known, and bad input is refused with its field', async () => {
  const moderator = await createUser({ roles: ['moderator'] });
  const notReviewer = await suite.team.lead.http.put(`/api/v1/experts/${moderator.id}`, buildExpertProfile());
  expect([notReviewer.status, notReviewer.body.error.code]).toEqual([422, 'not_reviewer']);
  const person = await createUser({ roles: ['reviewer'] });
  const unknownRegion = await suite.team.lead.http.put(`/api/v1/experts/${person.id}`, buildExpertProfile({ region: '999999' }));
  expect([unknownRegion.status, unknownRegion.body.error.code]).toEqual([400, 'unknown_region']);
  const badLeave = await suite.team.lead.http.put(`/api/v1/experts/${person.id}`, buildExpertProfile({ leave: [{ from: '2026-03-02', to: '2026-03-01' }] }));
  expect(badLeave.status).toBe(400);
  const extra = await suite.team.lead.http.put(`/api/v1/experts/${person.id}`, { ...buildExpertProfile(), salary: 1 });
  expect(extra.status).toBe(400);
  const missing = await suite.team.lead.http.put('/api/v1/experts/0123456789abcdef01234567', buildExpertProfile());
  expect(missing.status).toBe(404);
});

test('the pool is found by words, domain, region (a province finds its cities), availability now and load', async () => {
  const { lead } = suite.team;
  const [hangzhou, nanjing, away, busy] = await Promise.all([
    createExpert(suite.app.baseUrl, lead, { region: '330102', domains: ['geology'], keywords: ['地震预报'] }),
    createExpert(suite.app.baseUrl, lead, { region: '320102', domains: ['geology'] }),
    createExpert(suite.app.baseUrl, lead, { region: '320104', domains: ['climate'], leave: [{ from: '2000-01-01', to: '2999-12-31', note: '进修' }] }),
    createExpert(suite.app.baseUrl, lead, { region: '320105', domains: ['climate'], capacity: 1 }),
  ]);
  const caseId = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId as string;
  expect((await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: busy.id })).status).toBe(200);

  expect(ids(await pool('?q=地震预报'))).toEqual([hangzhou.id]);
  const geology = ids(await pool('?domain=geology'));
  expect(geology).toEqual(expect.arrayContaining([hangzhou.id, nanjing.id]));
  expect(geology).not.toContain(away.id);
  const jiangsu = ids(await pool('?region=320000'));
  expect(jiangsu).toEqual(expect.arrayContaining([nanjing.id, away.id, busy.id]));
  expect(jiangsu).not.toContain(hangzhou.id);
  expect(ids(await pool('?region=320000&availability=away'))).toEqual([away.id]);
  const full = await pool('?region=320000&load=full');
  expect(full.map((view) => [view.userId, view.openCases, view.capacity])).toEqual([[busy.id, 1, 1]]);
  expect(ids(await pool('?region=320000&load=free'))).not.toContain(busy.id);

  const bad = await lead.http.get('/api/v1/experts?load=heavy');
  expect(bad.status).toBe(400);
});

test('an expert sets their own leave and nothing else; others cannot touch profiles', async () => {
  const expert = await createExpert(suite.app.baseUrl, suite.team.lead, { region: '330106' });
  const leave = [{ from: '2030-05-01', to: '2030-05-07', note: '年假' }];
  const changed = await expert.http.put('/api/v1/experts/me/availability', { leave });
  expect(changed.status).toBe(200);
  expect(changed.body.expert).toMatchObject({ leave, availableNow: true });
  expect((await expert.http.get('/api/v1/experts/me')).body.expert.leave).toEqual(leave);
  expect(await AuditEventModel.countDocuments({ subjectId: expert.id, action: 'expert.availability_changed' })).toBe(1);

  const more = await expert.http.put('/api/v1/experts/me/availability', { leave, capacity: 9 });
  expect(more.status).toBe(400);
  const someoneElse = await expert.http.put(`/api/v1/experts/${expert.id}`, buildExpertProfile({ capacity: 9 }));
  expect(someoneElse.status).toBe(403);
  expect((await suite.team.lead.http.get(`/api/v1/experts/${expert.id}`)).body.expert.capacity).toBe(3);

  const noProfile = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['reviewer'] }));
  expect((await noProfile.http.put('/api/v1/experts/me/availability', { leave })).status).toBe(404);
});

test('a CSV import saves the good rows, reports each bad one by row and field, and is idempotent by email', async () => {
  const [first, second, moderator] = await Promise.all([
    createUser({ roles: ['reviewer'] }),
    createUser({ roles: ['reviewer'] }),
    createUser({ roles: ['moderator'] }),
  ]);
  const csv = [
    'email,domains,keywords,title,credentials,region,languages,capacity,on_call,leave',
    `${first.email},health;food_safety,疫苗|食品添加剂,研究员,博士,330102,zh;en,4,yes,2030-01-01..2030-01-10`,
    `nobody@test.example,health,,,,330102,zh,2,no,`,
    `${second.email.toUpperCase()},energy,,工程师,,320102,zh,3,false,`,
    `${second.email},astrology,,,,320102,zh,3,no,`,
    `${first.email},health,,,,999999,zh,2,no,`,
    `${moderator.email},health,,,,330102,zh,2,no,`,
    `${first.email},health,,,,330102,zh,lots,maybe,2030-02-03..2030-02-01`,
  ].join('\n');
  const imported = await suite.team.lead.http.post<ExpertImportReport>('/api/v1/experts/import', { csv });
  expect(imported.status).toBe(200);
  expect(imported.body).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
  expect(imported.body.errors.map((error) => [error.row, error.field])).toEqual([
    [3, 'email'],
    [5, 'domains'],
    [6, 'region'],
    [7, 'email'],
    [8, 'capacity'],
    [8, 'leave'],
    [8, 'on_call'],
  ]);
  expect(imported.body.errors.every((error) => error.message.length > 0)).toBe(true);
  const saved = (await suite.team.lead.http.get(`/api/v1/experts/${first.id}`)).body.expert as ExpertView;
  expect(saved).toMatchObject({ domains: ['health', 'food_safety'], keywords: ['疫苗', '食品添加剂'], capacity: 4, onCall: true, leave: [{ from: '2030-01-01', to: '2030-01-10' }] });

  // The same file again: the good rows are unchanged, the bad ones reported again.
  const again = await suite.team.lead.http.post<ExpertImportReport>('/api/v1/experts/import', { csv });
  expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  expect(again.body.errors).toEqual(imported.body.errors);

  const unreadable = await suite.team.lead.http.post('/api/v1/experts/import', { csv: 'email,salary\nx@test.example,1' });
  expect([unreadable.status, unreadable.body.error.code]).toEqual([400, 'invalid_csv']);
  const byExpert = await suite.team.reviewer.http.post('/api/v1/experts/import', { csv });
  expect(byExpert.status).toBe(403);
});
