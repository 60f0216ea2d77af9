import { Types } from 'mongoose';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { buildClaimReport } from '../../fixtures/factories';
import { CaseModel } from '../../server/src/features/cases/model';
import { ClaimModel } from '../../server/src/features/claims/model';
import { HttpClient } from '../support/http';
import { createTeam, teamSuite } from '../support/workbench';

const suite = teamSuite();

test('a repeated externalId returns the first result with 200', async () => {
  const report = buildClaimReport();
  const first = await suite.team.platform.http.post('/api/v1/claims', report);
  const second = await suite.team.platform.http.post('/api/v1/claims', report);
  expect(first.status).toBe(201);
  expect(second.status).toBe(200);
  expect(second.body).toEqual(first.body);
});

test('50 concurrent identical requests create one report and one case', async () => {
  const report = buildClaimReport();
  const responses = await Promise.all(Array.from({ length: 50 }, () => suite.team.platform.http.post('/api/v1/claims', report)));
  const statuses = responses.map((response) => response.status);
  expect(statuses.filter((status) => status === 201)).toHaveLength(1);
  expect(statuses.filter((status) => status === 200)).toHaveLength(49);
  expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
  expect(new Set(responses.map((response) => response.body.caseId)).size).toBe(1);

  expect(await ClaimModel.countDocuments({ externalId: report.externalId })).toBe(1);
  const caseRecord = await CaseModel.findById(responses[0]!.body.caseId).lean();
  expect(caseRecord?.reportCount).toBe(1);
});

test('reports of the same normalised text join one open case, also when they arrive together', async () => {
  const variants = [
    '微波炉加热的食物有辐射，吃了会致癌！',
    '转发！微波炉加热的食物有辐射,吃了会致癌!!! 😱',
    '#健康# 微波炉加热的食物有辐射，吃了会致癌 http://example.com/a',
    '@某某 微波炉加热的食物有辐射  吃了会致癌。',
    '微波炉加热的食物有辐射，吃了会致癌！！',
  ];
  const responses = await Promise.all(
    variants.map((text) => suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text, reach: { views: 100, shares: 1 } }))),
  );
  expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
  const caseIds = new Set(responses.map((response) => response.body.caseId));
  expect(caseIds.size).toBe(1);
  const caseRecord = await CaseModel.findById([...caseIds][0]).lean();
  expect(caseRecord).toMatchObject({ reportCount: 5, reach: 5 * (100 + 10), status: 'open', language: 'zh' });

  // Another claim opens its own case. (One that shares only the heavy subject word, 微波炉工作时手机信号会变差,
  // joins under the fitted join rule, which reviewers see; it is never answered with the case's verdict.)
  const other = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text: '手机边充电边打电话会爆炸' }));
  expect(caseIds.has(other.body.caseId)).toBe(false);
});

test('a repeat of an externalId with different content is a conflict and changes nothing', async () => {
  const report = buildClaimReport();
  await suite.team.platform.http.post('/api/v1/claims', report);
  const changed = await suite.team.platform.http.post('/api/v1/claims', { ...report, text: 'something else entirely' });
  expect(changed.status).toBe(409);
  expect(changed.body.error.code).toBe('idempotency_conflict');
  const stored = await ClaimModel.findOne({ externalId: report.externalId }).lean();
  expect(stored?.text).toBe(report.text);
});

test('the same externalId from two platforms is two reports', async () => {
  const other = await createTeam(suite.app.baseUrl);
  const report = buildClaimReport();
  const mine = await suite.team.platform.http.post('/api/v1/claims', report);
  const theirs = await other.platform.http.post('/api/v1/claims', report);
  expect([mine.status, theirs.status]).toEqual([201, 201]);
  expect(mine.body.id).not.toBe(theirs.body.id);
  expect(mine.body.caseId).toBe(theirs.body.caseId);
});

test('a platform sees its own reports only', async () => {
  const other = await createTeam(suite.app.baseUrl);
  const mine = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport());
  expect((await suite.team.platform.http.get(`/api/v1/claims/${mine.body.id}`)).status).toBe(200);
  const foreign = await other.platform.http.get(`/api/v1/claims/${mine.body.id}`);
  expect(foreign.status).toBe(404);
});

test('language is detected when not given, and a given one is kept', async () => {
  const zh = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text: '吃香蕉会致癌' }));
  const en = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text: 'Bananas cause cancer, doctors say' }));
  const forced = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text: 'OK 吃香蕉', language: 'en' }));
  const languages = await Promise.all(
    [zh, en, forced].map(async (response) => (await ClaimModel.findById(response.body.id).lean())?.language),
  );
  expect(languages).toEqual(['zh', 'en', 'en']);
});

test('an emergency rumor opens in the emergency lane with a deadline in hours', async () => {
  const response = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text: '紧急！明天本市将发生8级地震，水库即将溃坝' }));
  const caseRecord = await CaseModel.findById(response.body.caseId).lean();
  expect(caseRecord?.lane).toBe('emergency');
  const hours = (caseRecord!.deadlineAt.getTime() - caseRecord!.openedAt.getTime()) / 3_600_000;
  expect(hours).toBeLessThanOrEqual(6);
  const queue = await suite.team.reviewer.http.get('/api/v1/cases?limit=1');
  expect(queue.body.items[0].lane).toBe('emergency');
});

test('reportedAt, url, region and media are stored as given', async () => {
  const reportedAt = '2026-01-02T03:04:05.000Z';
  const report = buildClaimReport({
    reportedAt,
    url: 'https://video.example/v/1',
    region: '510000',
    media: [{ url: 'https://video.example/v/1.mp4', kind: 'video' }],
  });
  const response = await suite.team.platform.http.post('/api/v1/claims', report);
  const status = await new HttpClient(suite.app.baseUrl, { apiKey: suite.team.platform.apiKey }).get(`/api/v1/claims/${response.body.id}`);
  expect(status.body).toMatchObject({ externalId: report.externalId, reportedAt, status: 'received' });
  const stored = await ClaimModel.findById(response.body.id).lean();
  expect(stored).toMatchObject({ url: report.url, region: '510000', media: [{ url: 'https://video.example/v/1.mp4', kind: 'video' }] });
});

test('a report with no words left after normalisation is accepted and gets a case of its own', async () => {
  const emoji = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text: '😱😱😱 !!!' }));
  const link = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text: 'https://video.example/v/123' }));
  expect([emoji.status, link.status]).toEqual([201, 201]);
  expect(emoji.body.caseId).not.toBe(link.body.caseId);
});

test('the audit trail of a report is completed by a retry after a crash, and never doubled', async () => {
  const body = buildClaimReport({ text: 'Putting onions in your socks at night draws out the flu' });
  const first = await suite.team.platform.http.post('/api/v1/claims', body);
  expect(first.status).toBe(201);
  const trail = async () =>
    (await AuditEventModel.find({ 'subject.id': { $in: [first.body.id, first.body.caseId] } }).lean()).map((event) => event.action).sort();
  expect(await trail()).toEqual(['case.opened', 'case.report_added', 'claim.created']);

  // As if the process had died right after storing the report: its events were never written.
  await AuditEventModel.collection.deleteMany({ 'subject.id': { $in: [new Types.ObjectId(first.body.id), new Types.ObjectId(first.body.caseId)] } });
  expect(await trail()).toEqual([]);
  expect((await suite.team.platform.http.post('/api/v1/claims', body)).status).toBe(200);
  expect(await trail()).toEqual(['case.opened', 'case.report_added', 'claim.created']);
  expect((await suite.team.platform.http.post('/api/v1/claims', body)).status).toBe(200);
  expect(await trail()).toEqual(['case.opened', 'case.report_added', 'claim.created']);

  // Cut short halfway: the events are written in one write, the missing one is added, the others kept once.
  await AuditEventModel.collection.deleteMany({ action: 'case.report_added', 'subject.id': new Types.ObjectId(first.body.caseId) });
  expect((await suite.team.platform.http.post('/api/v1/claims', body)).status).toBe(200);
  expect(await trail()).toEqual(['case.opened', 'case.report_added', 'claim.created']);
});

test('the queue is ordered by lane, then deadline, then priority: an earlier deadline comes before a larger reach', async () => {
  const earlier = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text: 'Chewing gum stays in your stomach for seven years', reach: { views: 10 } }));
  await new Promise((resolve) => setTimeout(resolve, 20));
  const wider = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text: 'Cracking your knuckles gives you arthritis by forty', reach: { views: 5_000_000, shares: 200_000 } }));
  const [first, second] = await Promise.all([CaseModel.findById(earlier.body.caseId).lean(), CaseModel.findById(wider.body.caseId).lean()]);
  expect(first!.lane).toBe(second!.lane);
  expect(first!.deadlineAt.getTime()).toBeLessThan(second!.deadlineAt.getTime());
  expect(first!.priority).toBeLessThan(second!.priority);
  const queue = (await suite.team.reviewer.http.get(`/api/v1/cases?lane=${first!.lane}&limit=100`)).body.items.map((c: { id: string }) => c.id);
  expect(queue.indexOf(earlier.body.caseId)).toBeGreaterThanOrEqual(0);
  expect(queue.indexOf(earlier.body.caseId)).toBeLessThan(queue.indexOf(wider.body.caseId));
});
