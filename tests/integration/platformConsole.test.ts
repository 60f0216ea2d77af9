import { buildClaimReport, buildDraft, createPlatform, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { ClaimModel } from '../../server/src/features/claims/model';
import { connected, nextEvent, recorder, socketClients } from '../support/sockets';
import { loggedIn, teamSuite, type Member } from '../support/workbench';

// The moderators' console: a platform's own reports only, reported from the UI, answered at once.
const suite = teamSuite();
const openSocket = socketClients(() => suite.app.baseUrl);
let moderator: Member;
let otherModerator: Member;
beforeAll(async () => {
  moderator = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['moderator'], orgId: suite.team.platform.orgId }));
  const other = await createPlatform();
  otherModerator = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['moderator'], orgId: other.orgId }));
});

const reports = async (member: Member, query = '') => (await member.http.get(`/api/v1/platform/reports${query}`)).body.items as Array<{ id: string; status: string; verdict?: string; text: string; publication?: { url: string } }>;

test("a moderator reports a claim from the console, as themselves, and sees their platform's reports only", async () => {
  const filed = await moderator.http.post('/api/v1/platform/reports', buildClaimReport({ text: 'Drinking baking soda water cures gout overnight' }));
  expect(filed.status).toBe(201);
  const again = await moderator.http.post('/api/v1/platform/reports', { ...buildClaimReport({ text: 'Drinking baking soda water cures gout overnight' }), externalId: (await import('node:crypto')).randomUUID() });
  expect(again.status).toBe(201);
  const viaApi = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text: 'Eating raw onions before bed cures insomnia' }));

  const listed = await reports(moderator);
  expect(listed.map((item) => item.id)).toEqual(expect.arrayContaining([filed.body.id, again.body.id, viaApi.body.id]));
  expect(listed.find((item) => item.id === filed.body.id)).toMatchObject({ status: 'received', text: 'Drinking baking soda water cures gout overnight' });
  expect(await reports(otherModerator)).toEqual([]);

  const created = await AuditEventModel.findOne({ action: 'claim.created', 'subject.id': filed.body.id }).lean();
  expect(created?.actor?.kind).toBe('user');
  expect(String(created?.actor?.id)).toBe(moderator.id);
});

test('once published, the report shows the verdict and the public page; status and text filter the list; the instant answer finds it', async () => {
  const { reviewer, lead } = suite.team;
  const text = 'Standing barefoot on grass discharges the electricity that causes headaches';
  const filed = (await moderator.http.post('/api/v1/platform/reports', buildClaimReport({ text }))).body;
  expect((await reviewer.http.post(`/api/v1/cases/${filed.caseId}/claim`)).status).toBe(200);
  expect((await reviewer.http.put(`/api/v1/cases/${filed.caseId}/draft`, buildDraft({ verdict: 'pseudoscience' }))).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${filed.caseId}/submit`)).status).toBe(200);
  expect((await lead.http.post(`/api/v1/cases/${filed.caseId}/approve`)).status).toBe(200);

  const published = await reports(moderator, '?status=published');
  expect(published.find((item) => item.id === filed.id)).toMatchObject({ status: 'published', verdict: 'pseudoscience', publication: { url: expect.stringContaining('/r/') } });
  expect((await reports(moderator, '?status=received')).some((item) => item.id === filed.id)).toBe(false);
  expect((await reports(moderator, `?q=${encodeURIComponent('BAREFOOT on grass')}`)).map((item) => item.id)).toEqual([filed.id]);

  const answer = await moderator.http.post('/api/v1/platform/match', { text });
  expect(answer.status).toBe(200);
  expect(answer.body.matches[0]).toMatchObject({ caseId: filed.caseId, verdict: 'pseudoscience' });
});

test('bad input is refused clearly and nobody but moderators uses the console', async () => {
  expect((await moderator.http.get('/api/v1/platform/reports?status=lost')).status).toBe(400);
  expect((await moderator.http.get('/api/v1/platform/reports?cursor=abc')).status).toBe(400);
  expect((await moderator.http.post('/api/v1/platform/reports', { text: '' })).status).toBe(400);
  expect((await moderator.http.post('/api/v1/platform/match', {})).status).toBe(400);
  expect((await suite.team.reviewer.http.get('/api/v1/platform/reports')).status).toBe(403);
  expect((await suite.team.platform.http.get('/api/v1/platform/reports')).status).toBe(401);
});

test("a platform's moderators hear live when a case holding its reports changes state; other platforms do not", async () => {
  const mine = openSocket(moderator);
  const theirs = openSocket(otherModerator);
  await Promise.all([connected(mine), connected(theirs)]);
  const othersHeard = recorder(theirs, 'platform.reports.changed');
  const filed = (await moderator.http.post('/api/v1/platform/reports', buildClaimReport({ text: 'Magnetic bracelets cure arthritis in a month' }))).body;
  const heard = nextEvent(mine, 'platform.reports.changed', (payload) => payload.caseIds.includes(filed.caseId));
  expect((await suite.team.reviewer.http.post(`/api/v1/cases/${filed.caseId}/claim`)).status).toBe(200);
  await heard;
  expect(othersHeard).toEqual([]);
});

test("a platform's moderators hear live when a reviewer merges the case holding their report into another", async () => {
  const mine = openSocket(moderator);
  await connected(mine);
  const filed = (await moderator.http.post('/api/v1/platform/reports', buildClaimReport({ text: 'Copper insoles draw toxins out through the feet overnight' }))).body;
  const other = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text: 'Foot pads turn black because they pull heavy metals from the body' }))).body;
  const heard = nextEvent(mine, 'platform.reports.changed', (payload) => payload.caseIds.includes(other.caseId));
  expect((await suite.team.lead.http.post(`/api/v1/cases/${filed.caseId}/merge`, { intoCaseId: other.caseId })).status).toBe(200);
  await heard;
  expect((await reports(moderator)).find((item) => item.id === filed.id)).toMatchObject({ caseId: other.caseId });
});

test('a report flagged as an emergency by the platform goes to the emergency lane, with its media links kept', async () => {
  const media = [{ url: 'https://cdn.example.org/p/1.png', kind: 'image' as const }];
  const filed = await moderator.http.post('/api/v1/platform/reports', buildClaimReport({ emergency: true, media }));
  expect(filed.status).toBe(201);
  const stored = await ClaimModel.findById(filed.body.id).lean();
  expect(stored).toMatchObject({ emergency: true, media });
  const openedCase = await suite.team.lead.http.get(`/api/v1/cases/${filed.body.caseId}`);
  expect(openedCase.body.lane).toBe('emergency');
  // Without the flag, the same kind of ordinary text stays in the normal lane.
  const plain = await moderator.http.post('/api/v1/platform/reports', buildClaimReport());
  expect((await suite.team.lead.http.get(`/api/v1/cases/${plain.body.caseId}`)).body.lane).toBe('normal');
  expect((await moderator.http.post('/api/v1/platform/reports', buildClaimReport({ emergency: 'yes' as never }))).status).toBe(400);
});
