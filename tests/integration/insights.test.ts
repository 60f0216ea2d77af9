import { isDeepStrictEqual } from 'node:util';
import { Types } from 'mongoose';
import { mondayOf, type InsightsRanking, type InsightsSummary } from '@refute/shared';
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { ensureOrganisation } from '../../server/src/features/organisations/repository';
import { rebuildRollups } from '../../server/src/features/insights/rebuild';
import { KEPT_FIGURES_MS } from '../../server/src/features/insights/summary';
import { ROLLUP_LAYOUT_MARKER, upgradeRollupLayout } from '../../server/src/features/insights/layoutUpgrade';
import { InsightRollupModel, LEGACY_ROLLUP_COLLECTIONS } from '../../server/src/features/insights/model';
import { OnceModel } from '../../server/src/features/meta/onceModel';
import { ExpertProfileModel } from '../../server/src/features/experts/model';
import { ROSTER_TTL_MS, rosterReads } from '../../server/src/features/experts/poolRoster';
import { UserModel } from '../../server/src/features/users/model';
import { backgroundLogger } from '../../server/src/logger';
import { createExpert } from '../support/experts';
import { publishCase } from '../support/publishing';
import { eventually } from '../support/sockets';
import { loggedIn, teamSuite, type Member } from '../support/workbench';
import { rolledUp } from '../support/insightFigures';

/**
 * The insight rollups, live and rebuilt: reports, cases and a publication made over HTTP are
 * counted as they happen; a rebuild from the records gives the same figures; a provincial
 * organisation sees its province only; bad queries are refused.
 */
const suite = teamSuite();
const today = new Date().toISOString().slice(0, 10);
const SHENZHEN_NANSHAN = '440305';
const BEIJING_DONGCHENG = '110101';


async function summaryOf(member: Member, query = ''): Promise<InsightsSummary> {
  const response = await member.http.get(`/api/v1/insights/summary?to=${today}${query}`);
  expect(response.status).toBe(200);
  return response.body as InsightsSummary;
}

/**
 * The present week read whole (its week documents) counts what its days read apart do (day
 * documents: the range ends today, so the week is not whole).
 */
async function expectWeekAsItsDays(member: Member): Promise<void> {
  const monday = mondayOf(today);
  const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  const read = async () => {
    const week = (await member.http.get(`/api/v1/insights/summary?from=${monday}&to=${sunday}`)).body as InsightsSummary;
    const days = (await member.http.get(`/api/v1/insights/summary?from=${monday}&to=${today}`)).body as InsightsSummary;
    return { week: { ...rolledUp(week), days: week.days.filter((day) => day.day <= today) }, days: rolledUp(days) };
  };
  // A flush of live updates may land between the two reads: they are read again until it has.
  let last = await read();
  await eventually(async () => isDeepStrictEqual((last = await read()).week, last.days), 'the week reads as its days').catch(() => undefined);
  expect(last.week.reports.total).toBeGreaterThan(0);
  expect(last.week).toEqual(last.days);
}

let provincialLead: Member;
let nationalOrgId: string;

beforeAll(async () => {
  const { team, app } = suite;
  // The lead's own organisation is national; a provincial one is placed below it.
  nationalOrgId = ((await team.lead.http.get('/api/v1/auth/me')).body as { user: { orgId: string } }).user.orgId;
  const province = await ensureOrganisation({
    key: `insights-${team.lead.id}`,
    name: { zh: '广东', en: 'Guangdong' },
    level: 'provincial',
    kind: 'review',
    region: '440000',
    parentId: new Types.ObjectId(nationalOrgId),
  });
  provincialLead = await loggedIn(app.baseUrl, await createUser({ roles: ['lead'], orgId: String(province._id) }));
});

test('reports, cases and a publication are counted live, and a rebuild from the records agrees', async () => {
  const { team } = suite;
  const repeated = buildClaimReport({ region: SHENZHEN_NANSHAN, language: 'zh' });
  expect((await team.platform.http.post('/api/v1/claims', repeated)).status).toBe(201);
  expect((await team.platform.http.post('/api/v1/claims', { ...repeated, externalId: `${repeated.externalId}-again` })).status).toBe(201);
  expect((await team.platform.http.post('/api/v1/claims', buildClaimReport({ region: BEIJING_DONGCHENG }))).status).toBe(201);
  // A retried request is not a new report.
  expect((await team.platform.http.post('/api/v1/claims', repeated)).status).toBe(200);
  const publication = await publishCase(team, { report: { region: SHENZHEN_NANSHAN }, draft: { verdict: 'false' }, leadUnitId: nationalOrgId });

  let live: InsightsSummary | undefined;
  await eventually(async () => {
    live = await summaryOf(team.lead);
    return live.reports.total === 4 && live.cases.published === 1 && live.response.published.normal.count + live.response.published.hot.count + live.response.published.emergency.count === 1;
  }, 'the live rollups count four reports and one publication');
  const summary = live!;
  expect(summary.cases.opened).toBe(3);
  expect(summary.cases.byVerdict).toEqual({ false: 1 });
  // The country counts provinces and cities; counties are counted in their province's scope.
  expect(summary.reports.byRegion).toEqual({ '440000': 3, '440300': 3, '110000': 1, [BEIJING_DONGCHENG]: 1 });
  expect(summary.reports.byPlatform).toEqual({ [team.platform.orgId]: 4 });
  expect(Object.values(summary.reports.byHour).reduce((sum, count) => sum + count, 0)).toBe(4);
  expect(summary.names[team.platform.orgId]).toBeDefined();
  const lane = (['normal', 'hot', 'emergency'] as const).find((name) => summary.response.published[name].count === 1)!;
  expect(summary.response.firstExpert[lane].median).not.toBeNull();
  expect(summary.response.submitted[lane].count).toBe(1);
  expect(summary.deadlinesMet[lane]).toBe(1);
  expect(summary.deadlinesByOrg).toEqual([{ orgId: expect.any(String), met: 1, missed: 0 }]);
  expect(summary.ranking).toEqual([expect.objectContaining({ caseId: publication.caseId, reports: 1, verdict: 'false', url: publication.url })]);
  expect(summary.workload.unassigned).toBe(2);
  const month = (await team.lead.http.get(`/api/v1/insights/ranking?month=${today.slice(0, 7)}`)).body as InsightsRanking;
  expect(month.overall).toEqual(summary.ranking);
  expect(month.byTopic[publication.topic]).toEqual(summary.ranking);
  expect((await team.lead.http.get('/api/v1/insights/ranking?month=2020-01')).body.overall).toEqual([]);

  await expectWeekAsItsDays(team.lead);

  await rebuildRollups();
  expect(rolledUp(await summaryOf(team.lead))).toEqual(rolledUp(summary));
  await expectWeekAsItsDays(team.lead);

  // After the rebuild, live updates add to it.
  expect((await team.platform.http.post('/api/v1/claims', buildClaimReport({ region: SHENZHEN_NANSHAN }))).status).toBe(201);
  // Its case is opened in the same flush or the next: both are waited for, so the next test reads settled figures.
  await eventually(async () => {
    const after = await summaryOf(team.lead);
    return after.reports.total === 5 && after.cases.opened === 4;
  }, 'a report after the rebuild, and its case, are counted');
});

test('rollups written in the layout before are rebuilt once at start, by one process, and its collections dropped', async () => {
  const { team } = suite;
  const before = rolledUp(await summaryOf(team.lead));
  // A database of the layout before: its rollups are in collections read by nothing now.
  await OnceModel.deleteOne({ _id: ROLLUP_LAYOUT_MARKER });
  await InsightRollupModel.deleteMany({});
  const database = InsightRollupModel.db.db!;
  for (const name of LEGACY_ROLLUP_COLLECTIONS) await database.collection(name).insertOne({ day: '2026-05-01', read: '2026-05-01|CN|*', n: 1 });
  const legacyPresent = async () => (await database.listCollections({}, { nameOnly: true }).toArray()).filter((collection) => (LEGACY_ROLLUP_COLLECTIONS as readonly string[]).includes(collection.name)).length;
  expect(await legacyPresent()).toBe(2);
  expect((await summaryOf(team.lead)).reports.total).toBe(0);

  // Another process has just taken the upgrade: this one leaves it.
  await OnceModel.create({ _id: ROLLUP_LAYOUT_MARKER, startedAt: new Date() });
  expect(await upgradeRollupLayout(() => undefined)).toBe(false);
  expect((await summaryOf(team.lead)).reports.total).toBe(0);
  // That process died an hour ago: this one takes over.
  await OnceModel.updateOne({ _id: ROLLUP_LAYOUT_MARKER }, { $set: { startedAt: new Date(Date.now() - 3_600_000) } });
  const lines: string[] = [];
  expect(await upgradeRollupLayout((line) => lines.push(line))).toBe(true);
  expect(lines[0]).toMatch(/rebuilding/);
  expect(rolledUp(await summaryOf(team.lead))).toEqual(before);
  expect((await OnceModel.findById(ROLLUP_LAYOUT_MARKER).lean())?.completedAt).toBeInstanceOf(Date);
  expect(await legacyPresent()).toBe(0);
  // Once is enough.
  expect(await upgradeRollupLayout(() => undefined)).toBe(false);
});

test('an organisation sees its region and the organisations below it, no other', async () => {
  const { team } = suite;
  await eventually(async () => (await summaryOf(provincialLead)).reports.total >= 3, 'the province counts its reports');
  const provincial = await summaryOf(provincialLead);
  expect(provincial.scope.region).toBe('440000');
  expect(provincial.reports.byRegion).toMatchObject({ '440300': provincial.reports.total, [SHENZHEN_NANSHAN]: provincial.reports.total });
  expect(Object.keys(provincial.reports.byRegion).every((code) => code.startsWith('44'))).toBe(true);
  expect(provincial.ranking.every((entry) => entry.caseId)).toBe(true);
  // The national organisation is above it, not below.
  const refused = await provincialLead.http.get(`/api/v1/insights/summary?org=${nationalOrgId}`);
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('org_outside_scope');
  // The national lead may look at the province's figures.
  const below = await team.lead.http.get(`/api/v1/insights/summary?org=${provincial.scope.orgId}&to=${today}`);
  expect(below.status).toBe(200);
  expect(rolledUp(below.body as InsightsSummary)).toEqual(rolledUp(provincial));
});

test.each([
  ['from after to', '?from=2026-05-02&to=2026-05-01'],
  ['a day that does not exist', '?from=2026-02-30'],
  ['a range over a year', '?from=2024-01-01&to=2026-01-01'],
  ['an unknown parameter', '?days=7'],
  ['an unknown topic', '?topic=astrology'],
  ['a malformed organisation', '?org=nope'],
])('%s is refused with 400 and nothing else', async (_what, query) => {
  const response = await suite.team.lead.http.get(`/api/v1/insights/summary${query}`);
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('validation_failed');
});

test('reviewers are refused; an unknown organisation is 404', async () => {
  expect((await suite.team.reviewer.http.get('/api/v1/insights/summary')).status).toBe(403);
  const unknown = await suite.team.lead.http.get('/api/v1/insights/summary?org=0123456789abcdef01234567');
  expect(unknown.status).toBe(404);
});

test('the workload sets each expert’s active cases against their profile’s capacity, and each organisation’s against the sum', async () => {
  const { team, app } = suite;
  const expert = await createExpert(app.baseUrl, team.lead, { capacity: 1 }, nationalOrgId);
  const first = (await team.platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId as string;
  expect((await expert.http.post(`/api/v1/cases/${first}/claim`)).status).toBe(200);
  // A claim stops at capacity; a lead may go past it.
  const second = (await team.platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId as string;
  expect((await team.lead.http.post(`/api/v1/cases/${second}/assign`, { userId: expert.id })).status).toBe(200);
  let workload: InsightsSummary['workload'] | undefined;
  await eventually(async () => {
    workload = (await summaryOf(team.lead)).workload;
    return workload.experts.some((row) => row.userId === expert.id && row.working === 2);
  }, 'the expert carries two cases');
  const row = workload!.experts.find((one) => one.userId === expert.id)!;
  expect(row.capacity).toBe(1);
  const organisation = workload!.organisations.find((one) => one.orgId === row.orgId)!;
  const listed = workload!.experts.filter((one) => one.orgId === row.orgId);
  expect(organisation.capacity).toBe(listed.reduce((sum, one) => sum + (one.capacity ?? 0), 0));
  // The team's own reviewer has no profile: no capacity to set against.
  expect(workload!.experts.filter((one) => one.userId === team.reviewer.id).every((one) => one.capacity === null)).toBe(true);
});

test('the workload names experts from the pool as renamed there, and an assignee outside the pool too', async () => {
  const { team, app } = suite;
  const admin = await loggedIn(app.baseUrl, await createUser({ roles: ['admin'], orgId: nationalOrgId }));
  const expert = await createExpert(app.baseUrl, team.lead, { capacity: 4 }, nationalOrgId);
  const outside = await loggedIn(app.baseUrl, await createUser({ roles: ['reviewer'], orgId: nationalOrgId }));
  for (const member of [expert, outside]) {
    const caseId = (await team.platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId as string;
    expect((await team.lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: member.id })).status).toBe(200);
  }
  const rowOf = async (userId: string) => (await summaryOf(team.lead)).workload.experts.find((row) => row.userId === userId);
  await eventually(async () => (await rowOf(expert.id))?.working === 1 && (await rowOf(outside.id))?.working === 1, 'both carry their case');
  // Without a profile: named from the account, no capacity to set against.
  expect(await rowOf(outside.id)).toEqual(expect.objectContaining({ orgId: nationalOrgId, capacity: null, name: expect.any(String) }));
  expect((await rowOf(expert.id))?.capacity).toBe(4);
  // The roster routing keeps is told of the rename: the workload shows the new name once the
  // figures kept a few seconds are made again, not after the roster's half minute.
  expect((await admin.http.request('PATCH', `/api/v1/admin/users/${expert.id}`, { json: { name: 'Renamed expert' } })).status).toBe(200);
  await eventually(async () => (await rowOf(expert.id))?.name === 'Renamed expert', 'the new name shows', 2 * KEPT_FIGURES_MS + 1000);
});

test('the workload answers from the roster’s copy past its half minute while the roster is read again, and keeps the copy when that read fails', async () => {
  const { team } = suite;
  const expert = await createExpert(suite.app.baseUrl, team.lead, { capacity: 2 }, nationalOrgId);
  const caseId = (await team.platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId as string;
  expect((await team.lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: expert.id })).status).toBe(200);
  const rowOf = async (userId: string) => (await summaryOf(team.lead)).workload.experts.find((row) => row.userId === userId);
  await eventually(async () => (await rowOf(expert.id))?.working === 1, 'the expert carries the case');
  const named = (await rowOf(expert.id))!.name;
  // Renamed by another process: no event here, seen when the copy is read again.
  await UserModel.updateOne({ _id: expert.id }, { $set: { name: 'Renamed elsewhere' } });
  const realNow = Date.now.bind(Date);
  let shift = ROSTER_TTL_MS + 1000;
  const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + shift);
  try {
    const reads = rosterReads();
    // Past the half minute: the old copy answers at once, one read of the roster begins.
    expect((await rowOf(expert.id))?.name).toBe(named);
    expect(rosterReads()).toBe(reads + 1);
    await eventually(async () => (await rowOf(expert.id))?.name === 'Renamed elsewhere', 'the new name shows', 2 * KEPT_FIGURES_MS + 2000);
    expect(rosterReads()).toBe(reads + 1);

    // Half a minute more, and the roster's read fails: logged, the copy kept and answered.
    shift += ROSTER_TTL_MS + 1000;
    const logged = jest.spyOn(backgroundLogger(), 'error');
    const profiles = jest.spyOn(ExpertProfileModel, 'find').mockImplementationOnce((() => ({ lean: () => Promise.reject(new Error('the engine is away')) })) as never);
    try {
      expect((await rowOf(expert.id))?.name).toBe('Renamed elsewhere');
      await eventually(() => logged.mock.calls.some(([, message]) => String(message).includes('pool roster')), 'the failed read is logged');
      expect(rosterReads()).toBe(reads + 2);
      expect((await rowOf(expert.id))?.working).toBe(1);
    } finally {
      profiles.mockRestore();
      logged.mockRestore();
    }
  } finally {
    clock.mockRestore();
  }
});
