/**
 * The in-process matching index across server processes: what one process learns, the others
 * match within a second; a process started later loads it from the database; merges and
 * move-outs made in one process are followed by the others.
 */
import { Types } from 'mongoose';
import { buildClaimReport, buildDraft } from '../../fixtures/factories';
import { CaseModel } from '../../server/src/features/cases/model';
import { ClaimModel } from '../../server/src/features/claims/model';
import { HttpClient } from '../support/http';
import { reportText, secondProcess } from '../support/secondProcess';
import { startServerProcess } from '../support/serverProcess';
import { eventually } from '../support/sockets';
import { teamSuite } from '../support/workbench';
import { MatchFeedModel, feedSlot } from '../../server/src/features/matching/feedModel';
import { matchIndex } from '../../server/src/features/matching/liveIndex';

const suite = teamSuite();
const other = secondProcess(suite);

/**
 * The other process polls the index feed every 200 ms, and nothing in this process can see its
 * index: a second is what these tests give it. What this process's index knows is awaited.
 */
const otherProcessPolls = () => new Promise((resolve) => setTimeout(resolve, 1000));
const knownHere = (report: { id: string; caseId: string }) =>
  eventually(() => matchIndex().caseOfReport(report.id) === report.caseId, `this process knows report ${report.id}`);

const report = (text: string, client: HttpClient = suite.team.platform.http) => reportText(client, text);

test('a case opened in either process is matched by the other within a second, by exact text and by similarity', async () => {
  const openedThere = await report('Eating bananas at night dissolves kidney stones, a urologist reveals', other.http);
  const openedHere = await report('吃香蕉能把肾结石溶解掉，泌尿科医生透露，晚上吃效果最好');
  await knownHere(openedThere);
  await otherProcessPolls();
  expect((await report('A urologist reveals: eating bananas at night dissolves kidney stones!')).caseId).toBe(openedThere.caseId);
  expect((await report('Eating bananas at night dissolves kidney stones, a urologist reveals')).caseId).toBe(openedThere.caseId);
  expect((await report('泌尿科医生透露：晚上吃香蕉能把肾结石溶解掉', other.http)).caseId).toBe(openedHere.caseId);
});

test('a process started after the cases were opened matches them (the index is loaded from the database)', async () => {
  const opened = await report('Charging your phone overnight makes the battery explode within a year');
  const variant = await report('手机整夜充电，一年之内电池就会爆炸，快告诉家人');
  const later = await startServerProcess(suite.app.mongodbUri);
  try {
    const viaLater = new HttpClient(later.baseUrl, { apiKey: suite.team.platform.apiKey });
    expect((await report('Charging your phone overnight makes its battery explode within a year!', viaLater)).caseId).toBe(opened.caseId);
    expect((await report('整夜给手机充电，一年内电池就会爆炸', viaLater)).caseId).toBe(variant.caseId);
  } finally {
    await later.stop();
  }
});

test('a merge made in one process is followed by the other and by a process started after it', async () => {
  const target = await report('Microwaved water kills house plants because the radiation stays in it');
  const source = await report('微波炉加热过的水会把植物浇死，因为辐射留在水里');
  expect(source.caseId).not.toBe(target.caseId);
  const merged = await suite.team.lead.http.post(`/api/v1/cases/${source.caseId}/merge`, { intoCaseId: target.caseId });
  expect(merged.status).toBe(200);
  await otherProcessPolls();
  expect((await report('微波炉加热过的水会把植物浇死，因为辐射留在了水里！', other.http)).caseId).toBe(target.caseId);
  expect((await report('微波炉加热过的水会把植物浇死，因为辐射留在水里', other.http)).caseId).toBe(target.caseId);

  const later = await startServerProcess(suite.app.mongodbUri);
  try {
    const viaLater = new HttpClient(later.baseUrl, { apiKey: suite.team.platform.apiKey });
    expect((await report('用微波炉加热过的水浇花，植物会死，因为辐射留在水里', viaLater)).caseId).toBe(target.caseId);
  } finally {
    await later.stop();
  }
  // Every process that took a report in writes the count it knows, and looks again until no
  // report it learns of changes it: the last write counts all five.
  await eventually(async () => (await CaseModel.findById(target.caseId).lean())?.reportCount === 5, 'the case counts all five reports', 8000);
});

test('a report moved out in one process takes reports of its text with it in the other', async () => {
  const first = await report('Cold showers cure depression in two weeks, psychiatrists confirm');
  const joined = await report('Psychiatrists confirm cold showers cure depression in just two weeks!');
  expect(joined.caseId).toBe(first.caseId);
  const moved = await suite.team.lead.http.post(`/api/v1/cases/${first.caseId}/reports/${joined.id}/move-out`);
  expect(moved.status).toBe(201);
  // In its new case the report is what the case is about, as an index rebuilt from the database reads it.
  await eventually(() => matchIndex().coresOf(moved.body.id).includes(joined.id), 'the moved report is its new case\'s core');
  await otherProcessPolls();
  expect((await report('Psychiatrists confirm cold showers cure depression in just two weeks!', other.http)).caseId).toBe(moved.body.id);
});

test('a case published through one process answers reports and /match in the other within a second', async () => {
  const opened = await report('Holding your breath for ten seconds every morning proves you do not have lung disease', other.http);
  await knownHere(opened);
  const { reviewer, lead } = suite.team;
  expect((await reviewer.http.post(`/api/v1/cases/${opened.caseId}/claim`)).status).toBe(200);
  expect((await reviewer.http.put(`/api/v1/cases/${opened.caseId}/draft`, buildDraft({ verdict: 'false' }))).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${opened.caseId}/submit`)).status).toBe(200);
  expect((await lead.http.post(`/api/v1/cases/${opened.caseId}/approve`)).status).toBe(200);
  await otherProcessPolls();
  const repost = await other.http.post('/api/v1/claims', buildClaimReport({ text: 'Hold your breath for ten seconds every morning: it proves you have no lung disease!' }));
  expect(repost.body).toMatchObject({ caseId: opened.caseId, status: 'published', match: { caseId: opened.caseId, verdict: 'false' } });
  const found = await other.http.post('/api/v1/match', { text: 'RT: Holding your breath for ten seconds every morning proves you do not have lung disease!!' });
  expect(found.body.matches[0]).toMatchObject({ caseId: opened.caseId, verdict: 'false' });
});

test('one report and one case when the same report and the same text race through both processes', async () => {
  const text = '紧急通知：明天全市自来水含氯超标，千万不要烧开喝，转发给所有人';
  const body = buildClaimReport({ text });
  const clients = [suite.team.platform.http, other.http];
  const repeats = await Promise.all(Array.from({ length: 12 }, (_, i) => clients[i % 2]!.post('/api/v1/claims', body)));
  expect(new Set(repeats.map((r) => r.body.id)).size).toBe(1);
  expect(repeats.filter((r) => r.status === 201)).toHaveLength(1);
  expect(new Set(repeats.map((r) => r.body.caseId)).size).toBe(1);
  expect(await ClaimModel.countDocuments({ externalId: body.externalId })).toBe(1);

  const sameText = await Promise.all(Array.from({ length: 8 }, (_, i) => report(`#转发# ${text}`, clients[i % 2])));
  expect(new Set(sameText.map((r) => r.caseId))).toEqual(new Set([repeats[0]!.body.caseId]));
  // Counts written by both processes settle on every report once each has heard of the others'.
  await eventually(async () => (await CaseModel.findById(repeats[0]!.body.caseId).lean())?.reportCount === 9, 'the case counting all nine reports');
});

test('a report stored without its case (a crash between the two writes) gets its case back when a process starts', async () => {
  const stored = await report('Sleeping next to a Wi-Fi router shrinks the brain of children, a study shows');
  // As if the process had died after storing the report and before writing the case.
  await CaseModel.collection.deleteOne({ _id: new Types.ObjectId(stored.caseId) });
  expect((await suite.team.reviewer.http.get(`/api/v1/cases/${stored.caseId}`)).status).toBe(404);
  const later = await startServerProcess(suite.app.mongodbUri);
  try {
    const detail = await suite.team.reviewer.http.get(`/api/v1/cases/${stored.caseId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.reports.map((r: { id: string }) => r.id)).toEqual([stored.id]);
  } finally {
    await later.stop();
  }
});

test('a feed entry that lands late, stamped seconds before entries already read, is still applied', async () => {
  // The poller has read past this moment: this process's own entry was just stamped.
  await report('Warm lemon water in the morning melts belly fat within a week');
  const caseId = new Types.ObjectId().toHexString();
  const stampedAt = Date.now() - 10_000;
  await MatchFeedModel.create({ _id: new Types.ObjectId(), at: new Date(stampedAt), slot: feedSlot(stampedAt), kind: 'key', key: 'late-key-of-a-slow-writer', caseId });
  await eventually(() => matchIndex().caseOfKey('late-key-of-a-slow-writer') === caseId, 'the late entry applied');
});
