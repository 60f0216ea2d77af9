import { buildClaimReport, createPlatform, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { HttpClient } from '../support/http';
import { startTestApp, type TestApp } from '../support/testApp';
import { loggedIn, type Member } from '../support/workbench';

let app: TestApp;
let admin: Member;
beforeAll(async () => {
  app = await startTestApp();
  admin = await loggedIn(app.baseUrl, await createUser({ roles: ['admin'] }));
});
afterAll(() => app.close());

const patch = (member: Member, path: string, json: unknown) => member.http.request('PATCH', path, { json });

async function createOrg(body: Record<string, unknown>) {
  return admin.http.post('/api/v1/admin/organisations', { kind: 'review', name: { zh: `机构 ${Math.random()}`, en: `Org ${Math.random()}` }, ...body });
}

/** A national → provincial (Zhejiang) → municipal (Huzhou) chain, fresh per test. */
async function chain() {
  const national = (await createOrg({ level: 'national', region: 'CN' })).body.organisation;
  const provincial = (await createOrg({ level: 'provincial', region: '330000', parentId: national.id })).body.organisation;
  const municipal = (await createOrg({ level: 'municipal', region: '330500', parentId: provincial.id })).body.organisation;
  return { national, provincial, municipal };
}

const auditOf = (subjectId: string, action: string) => AuditEventModel.find({ subjectId, action }).lean();

test('admin screens are for admins: a lead and a reviewer are refused, nothing is created', async () => {
  const lead = await loggedIn(app.baseUrl, await createUser({ roles: ['lead', 'reviewer'] }));
  for (const path of ['/api/v1/admin/users', '/api/v1/admin/organisations', '/api/v1/admin/settings']) {
    expect((await lead.http.get(path)).status).toBe(403);
  }
  const refused = await lead.http.post('/api/v1/admin/organisations', { kind: 'review', level: 'national', region: 'CN', name: { zh: '甲', en: 'A' } });
  expect(refused.status).toBe(403);
  expect((await new HttpClient(app.baseUrl).get('/api/v1/admin/users')).status).toBe(401);
});

test('the hierarchy runs national → provincial → municipal → county, each within its parent’s region', async () => {
  const { national, provincial, municipal } = await chain();
  const county = await createOrg({ level: 'county', region: '330523', parentId: municipal.id });
  expect(county.status).toBe(201);
  expect(county.body.organisation).toMatchObject({ level: 'county', parentId: municipal.id, region: '330523' });

  const refusals: Array<[Record<string, unknown>, string]> = [
    [{ level: 'county', region: '330523', parentId: provincial.id }, 'org_parent_level'],
    [{ level: 'municipal', region: '330500', parentId: national.id }, 'org_parent_level'],
    [{ level: 'municipal', region: '330523', parentId: provincial.id }, 'org_region_level'],
    [{ level: 'municipal', region: '510100', parentId: provincial.id }, 'org_region_outside_parent'],
    [{ level: 'county', region: '330102', parentId: municipal.id }, 'org_region_outside_parent'],
    [{ level: 'provincial', region: '999900' }, 'org_unknown_region'],
    [{ level: 'provincial', region: '330000' }, 'org_parent_required'],
    [{ level: 'national', region: 'CN', parentId: national.id }, 'org_parent_not_allowed'],
    [{ region: 'CN' }, 'org_level_required'],
    [{ kind: 'platform', level: 'national', region: 'CN' }, 'org_platform_in_hierarchy'],
  ];
  for (const [body, code] of refusals) {
    const response = await createOrg(body);
    expect([JSON.stringify(body), response.status, response.body.error?.code]).toEqual([JSON.stringify(body), 422, code]);
  }
  expect((await createOrg({ level: 'county', region: '330523', parentId: '0123456789abcdef01234567' })).status).toBe(404);
  expect((await createOrg({ level: 'county', region: 'Zhejiang', parentId: municipal.id })).status).toBe(400);

  // A Beijing district answers to the Beijing organisation: no prefecture stands between them.
  const beijing = (await createOrg({ level: 'provincial', region: '110000', parentId: national.id })).body.organisation;
  expect((await createOrg({ level: 'county', region: '110101', parentId: beijing.id })).status).toBe(201);

  const listed = (await admin.http.get('/api/v1/admin/organisations')).body.items as Array<{ id: string; parentId: string | null }>;
  expect(listed.find((org) => org.id === county.body.organisation.id)?.parentId).toBe(municipal.id);
  expect(await auditOf(county.body.organisation.id, 'organisation.created')).toHaveLength(1);
});

test('an edit that would leave the organisations below out of place is refused; others are audited with old and new', async () => {
  const { provincial, municipal } = await chain();
  const moved = await patch(admin, `/api/v1/admin/organisations/${provincial.id}`, { region: '510000' });
  expect([moved.status, moved.body.error?.code]).toEqual([422, 'org_children_misplaced']);
  const renamed = await patch(admin, `/api/v1/admin/organisations/${municipal.id}`, { name: { zh: '湖州市科协', en: 'Huzhou Science Association' } });
  expect(renamed.status).toBe(200);
  const [event] = await auditOf(municipal.id, 'organisation.updated');
  expect(event?.data).toMatchObject({ old: { name: municipal.name }, new: { name: { zh: '湖州市科协', en: 'Huzhou Science Association' } } });
});

test('an admin creates an account with a password, or invites with a one-time link; edits are audited', async () => {
  const { municipal } = await chain();
  const email = `new-${Date.now()}@test.example`;
  const created = await admin.http.post('/api/v1/admin/users', { name: '张三', email, roles: ['reviewer'], orgId: municipal.id, password: 'a-long-password' });
  expect(created.status).toBe(201);
  expect(created.body.user).toMatchObject({ name: '张三', email, roles: ['reviewer'], orgId: municipal.id, orgName: municipal.name, disabled: false });
  expect(created.body.setPasswordPath).toBeUndefined();
  await new HttpClient(app.baseUrl).login(email, 'a-long-password');
  expect((await admin.http.post('/api/v1/admin/users', { name: 'Again', email, roles: ['reviewer'], orgId: municipal.id })).body.error.code).toBe('email_taken');

  const invitedEmail = `invited-${Date.now()}@test.example`;
  const invited = await admin.http.post('/api/v1/admin/users', { name: '李四', email: invitedEmail, roles: ['lead'], orgId: municipal.id });
  const path = invited.body.setPasswordPath as string;
  expect(path).toMatch(/^\/set-password#[A-Za-z0-9_-]{43}$/);
  const token = path.split('#')[1]!;
  const person = new HttpClient(app.baseUrl);
  expect((await person.post('/api/v1/auth/password', { token, password: 'short' })).status).toBe(400);
  expect((await person.post('/api/v1/auth/password', { token, password: 'my-own-password' })).status).toBe(204);
  await person.login(invitedEmail, 'my-own-password');
  const again = await person.post('/api/v1/auth/password', { token, password: 'another-password' });
  expect([again.status, again.body.error.code]).toEqual([410, 'password_link_invalid']);

  const edited = await patch(admin, `/api/v1/admin/users/${created.body.user.id}`, { roles: ['reviewer', 'lead'] });
  expect(edited.body.user.roles).toEqual(['reviewer', 'lead']);
  const [event] = await auditOf(created.body.user.id, 'user.updated');
  expect(event?.data).toEqual({ old: { roles: ['reviewer'] }, new: { roles: ['reviewer', 'lead'] } });
  const own = await patch(admin, `/api/v1/admin/users/${admin.id}`, { roles: ['lead'] });
  expect([own.status, own.body.error.code]).toEqual([422, 'own_account']);
});

test('a disabled user loses their sessions and cannot log in; enabled again, only a new login works', async () => {
  const user = await createUser({ roles: ['reviewer'] });
  const member = await loggedIn(app.baseUrl, user);
  expect((await member.http.get('/api/v1/auth/me')).status).toBe(200);
  expect((await admin.http.post(`/api/v1/users/${user.id}/disable`)).body.user.disabled).toBe(true);
  expect((await member.http.get('/api/v1/auth/me')).status).toBe(401);
  expect((await new HttpClient(app.baseUrl).post('/api/v1/auth/login', { email: user.email, password: user.password })).status).toBe(401);
  const listed = (await admin.http.get('/api/v1/admin/users')).body.items as Array<{ id: string; disabled: boolean }>;
  expect(listed.find((entry) => entry.id === user.id)?.disabled).toBe(true);

  expect((await admin.http.post(`/api/v1/users/${user.id}/enable`)).body.user.disabled).toBe(false);
  expect((await member.http.get('/api/v1/auth/me')).status).toBe(401);
  await new HttpClient(app.baseUrl).login(user.email, user.password);
});

test('settings are stored, apply to new cases, and every change is audited with its old and new values', async () => {
  const before = (await admin.http.get('/api/v1/admin/settings')).body;
  expect(before.laneHours).toEqual(before.defaults.laneHours);
  const bad = await admin.http.put('/api/v1/admin/settings', { matching: { joinThreshold: 0.3, suggestThreshold: 0.5 } });
  expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);

  const laneHours = { normal: 48, hot: 12, emergency: 2 };
  const changed = await admin.http.put('/api/v1/admin/settings', { laneHours });
  expect(changed.status).toBe(200);
  expect(changed.body.laneHours).toEqual(laneHours);
  expect(changed.body.history[0]).toMatchObject({ setting: 'laneHours', old: before.laneHours, new: laneHours, actor: { id: admin.id } });
  expect(changed.body.history[0].actor.name).toEqual(expect.any(String));
  const events = await AuditEventModel.find({ action: 'settings.changed' }).lean();
  expect(events.map((event) => event.data)).toEqual([{ setting: 'laneHours', old: before.laneHours, new: laneHours }]);
  // The same values again change nothing and are not audited.
  await admin.http.put('/api/v1/admin/settings', { laneHours });
  expect(await AuditEventModel.countDocuments({ action: 'settings.changed' })).toBe(1);

  const platform = await createPlatform();
  const report = await new HttpClient(app.baseUrl, { apiKey: platform.apiKey }).post('/api/v1/claims', buildClaimReport());
  const detail = (await admin.http.get(`/api/v1/cases/${report.body.caseId}`)).body;
  expect(detail.lane).toBe('normal');
  expect(new Date(detail.deadlineAt).getTime() - new Date(detail.createdAt).getTime()).toBe(48 * 3_600_000);
  await admin.http.put('/api/v1/admin/settings', { laneHours: before.defaults.laneHours });
});

test('a report names its region by GB/T 2260 code; the case takes the first one known', async () => {
  const platform = new HttpClient(app.baseUrl, { apiKey: (await createPlatform()).apiKey });
  const unknown = await platform.post('/api/v1/claims', buildClaimReport({ region: '999999' }));
  expect([unknown.status, unknown.body.error.code]).toEqual([400, 'unknown_region']);
  const report = await platform.post('/api/v1/claims', buildClaimReport({ region: '510100' }));
  const detail = (await admin.http.get(`/api/v1/cases/${report.body.caseId}`)).body;
  expect(detail.region).toBe('510100');
  const regions = (await new HttpClient(app.baseUrl).get('/api/v1/regions')).body.items as Array<{ code: string; name: { en: string } }>;
  expect(regions.find((region) => region.code === '510100')?.name.en).toBe('Chengdu');
});
