import { buildClaimReport } from '../../fixtures/factories';
import { completeMerges } from '../../server/src/features/cases/mergeSplit';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { ClaimModel } from '../../server/src/features/claims/model';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();

const report = async (text: string) => (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text }))).body as { id: string; caseId: string };
const actionsOf = async (id: string) => (await AuditEventModel.find({ 'subject.id': id }).lean()).map((event) => event.action);

test('merging folds a case and its reports into another, and later reports follow', async () => {
  const target = await report('Vaccines contain microchips that track your location through 5G');
  const source = await report('疫苗里有芯片，可以通过5G追踪你的位置');
  expect(source.caseId).not.toBe(target.caseId);

  const merged = await suite.team.lead.http.post(`/api/v1/cases/${source.caseId}/merge`, { intoCaseId: target.caseId });
  expect(merged.status).toBe(200);
  expect(merged.body).toMatchObject({ id: target.caseId, reportCount: 2 });
  expect(merged.body.reports.map((r: { id: string }) => r.id).sort()).toEqual([source.id, target.id].sort());
  const folded = await suite.team.reviewer.http.get(`/api/v1/cases/${source.caseId}`);
  expect(folded.body).toMatchObject({ status: 'merged', mergedInto: target.caseId });
  expect(await actionsOf(source.caseId)).toContain('case.merged');
  expect(await actionsOf(target.caseId)).toContain('case.merged_from');

  const queue = (await suite.team.reviewer.http.get('/api/v1/cases?limit=100')).body.items.map((c: { id: string }) => c.id);
  expect(queue).not.toContain(source.caseId);

  const again = await report('疫苗里有芯片，可以通过5G追踪你的位置！！');
  expect(again.caseId).toBe(target.caseId);
});

test('merge refuses nonsense', async () => {
  const a = await report('Eating carrots lets you see in the dark like a cat');
  expect((await suite.team.reviewer.http.post(`/api/v1/cases/${a.caseId}/merge`, { intoCaseId: a.caseId })).status).toBe(422);
  expect((await suite.team.reviewer.http.post(`/api/v1/cases/${a.caseId}/merge`, { intoCaseId: '0123456789abcdef01234567' })).status).toBe(404);
  expect((await suite.team.reviewer.http.post(`/api/v1/cases/${a.caseId}/merge`, { intoCaseId: { $ne: null } })).status).toBe(400);
  expect((await suite.team.platform.http.post(`/api/v1/cases/${a.caseId}/merge`, { intoCaseId: a.caseId })).status).toBe(401);
});

test('moving a report out gives it a case of its own, and reports of its text follow it', async () => {
  const first = await report('Lightning never strikes the same place twice, physicists say');
  const joined = await report('Physicists say lightning never strikes the same place twice!');
  expect(joined.caseId).toBe(first.caseId);

  const moved = await suite.team.lead.http.post(`/api/v1/cases/${first.caseId}/reports/${joined.id}/move-out`);
  expect(moved.status).toBe(201);
  expect(moved.body.id).not.toBe(first.caseId);
  expect(moved.body.reports.map((r: { id: string }) => r.id)).toEqual([joined.id]);
  expect((await ClaimModel.findById(joined.id).lean())?.caseId?.toString()).toBe(moved.body.id);
  expect((await suite.team.reviewer.http.get(`/api/v1/cases/${first.caseId}`)).body.reportCount).toBe(1);
  expect(await actionsOf(moved.body.id)).toContain('case.report_moved');

  const repeat = await report('Physicists say lightning never strikes the same place twice!');
  expect(repeat.caseId).toBe(moved.body.id);

  const last = await suite.team.lead.http.post(`/api/v1/cases/${first.caseId}/reports/${first.id}/move-out`);
  expect(last.status).toBe(422);
  expect(last.body.error.code).toBe('last_report');
});

test('a reviewer corrects the topic; the correction is kept and audited', async () => {
  const opened = await report('Wind turbines cause droughts by blowing the rain clouds away');
  const before = (await suite.team.reviewer.http.get(`/api/v1/cases/${opened.caseId}`)).body;
  expect(before.topicConfidence).toEqual(expect.any(Number));
  const corrected = await suite.team.reviewer.http.put(`/api/v1/cases/${opened.caseId}/topic`, { topic: 'energy' });
  expect(corrected.status).toBe(200);
  expect(corrected.body).toMatchObject({ topic: 'energy', topicConfidence: null });
  await report('Wind turbines cause droughts by blowing the rain clouds away!!');
  expect((await suite.team.reviewer.http.get(`/api/v1/cases/${opened.caseId}`)).body).toMatchObject({ topic: 'energy', reportCount: 2 });
  expect(await actionsOf(opened.caseId)).toContain('case.topic_changed');
  expect((await suite.team.reviewer.http.put(`/api/v1/cases/${opened.caseId}/topic`, { topic: 'astrology' })).status).toBe(400);
});

test('two merges that cross (A into B while B goes into A) cannot both succeed: no case is lost in a cycle', async () => {
  const a = await report('Standing near a 5G tower for an hour weakens the immune system');
  const b = await report('在5G基站旁边站一个小时，免疫力就会下降');
  expect(a.caseId).not.toBe(b.caseId);
  const [aIntoB, bIntoA] = await Promise.all([
    suite.team.otherLead.http.post(`/api/v1/cases/${a.caseId}/merge`, { intoCaseId: b.caseId }),
    suite.team.lead.http.post(`/api/v1/cases/${b.caseId}/merge`, { intoCaseId: a.caseId }),
  ]);
  expect([aIntoB.status, bIntoA.status]).not.toEqual([200, 200]);
  expect([aIntoB.status, bIntoA.status].every((status) => status === 200 || status === 409)).toBe(true);
  const statuses = await Promise.all([a.caseId, b.caseId].map(async (id) => (await suite.team.reviewer.http.get(`/api/v1/cases/${id}`)).body.status));
  expect(statuses.filter((status) => status === 'merged').length).toBeLessThanOrEqual(1);
  // Whatever happened, every report is in a case the queue shows.
  const queue = (await suite.team.reviewer.http.get('/api/v1/cases?limit=100')).body.items.map((c: { id: string }) => c.id);
  expect(queue.some((id: string) => id === a.caseId || id === b.caseId)).toBe(true);
});

test('a report left under a merged case (a stop before the second pass) follows the merge at the next start', async () => {
  const target = await report('Drinking seawater in small sips cures dehydration at sea');
  const source = await report('小口喝海水可以在海上缓解脱水');
  expect((await suite.team.lead.http.post(`/api/v1/cases/${source.caseId}/merge`, { intoCaseId: target.caseId })).status).toBe(200);
  // As if it had been stored under the source after the merge and the process then stopped.
  await ClaimModel.updateOne({ _id: source.id }, { $set: { caseId: source.caseId } });
  expect(await completeMerges()).toBeGreaterThanOrEqual(1);
  expect((await ClaimModel.findById(source.id).lean())?.caseId?.toString()).toBe(target.caseId);
  expect((await suite.team.lead.http.get(`/api/v1/cases/${target.caseId}`)).body.reportCount).toBe(2);
});
