import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildDraft } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { PairDecisionModel } from '../../server/src/features/matching/pairDecisionModel';
import { HttpClient } from '../support/http';
import { reportText, secondProcess } from '../support/secondProcess';
import { startServerProcess } from '../support/serverProcess';
import { eventually } from '../support/sockets';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const other = secondProcess(suite);

const report = (text: string, client: HttpClient = suite.team.platform.http) => reportText(client, text);

const separatedAudits = (caseId: string) => AuditEventModel.countDocuments({ 'subject.id': caseId, action: 'case.separated' });
const matchedCases = async (client: HttpClient, text: string) => {
  const found = (await client.post('/api/v1/match', { text })).body as { matches: Array<{ caseId: string }>; related: Array<{ caseId: string }> };
  return { matches: found.matches.map((match) => match.caseId), related: found.related.map((match) => match.caseId) };
};

test('a report marked not the same claim: a re-report of its text opens a new case, and marking again changes nothing', async () => {
  const first = await report('Lightning never strikes the same place twice, physicists say');
  const variant = 'Physicists say lightning never strikes the same place twice!';
  const joined = await report(variant);
  expect(joined.caseId).toBe(first.caseId);

  const marked = await suite.team.lead.http.post(`/api/v1/cases/${first.caseId}/not-same-claim`, { claimId: joined.id });
  expect(marked.status).toBe(200);
  expect(marked.body.reports.find((r: { id: string }) => r.id === joined.id)).toMatchObject({ notSameClaim: true });
  expect(marked.body.reports.find((r: { id: string }) => r.id === first.id).notSameClaim).toBeUndefined();
  const again = await suite.team.lead.http.post(`/api/v1/cases/${first.caseId}/not-same-claim`, { claimId: joined.id });
  expect(again.status).toBe(200);
  expect(await PairDecisionModel.countDocuments({ claimId: joined.id })).toBe(1);
  expect(await separatedAudits(first.caseId)).toBe(1);

  const rereport = await report(variant);
  expect(rereport.caseId).not.toBe(first.caseId);
  expect((await suite.team.reviewer.http.get(`/api/v1/cases/${rereport.caseId}`)).body.reports.map((r: { id: string }) => r.id)).toEqual([rereport.id]);
  // The new case holds that text from now on; the marked case keeps its other reports' rewordings.
  expect((await report(variant)).caseId).toBe(rereport.caseId);
  expect((await report('Lightning never strikes the same place twice, physicists say!!')).caseId).toBe(first.caseId);

  const own = await suite.team.lead.http.post(`/api/v1/cases/${first.caseId}/not-same-claim`, { claimId: first.id });
  expect(own.status).toBe(422);
  expect(own.body.error.code).toBe('case_own_text');
});

test('only the case team decides, on input that makes sense; nothing is stored otherwise', async () => {
  const first = await report('Cold showers cure depression in two weeks, psychiatrists confirm');
  const joined = await report('Psychiatrists confirm cold showers cure depression in just two weeks!');
  expect(joined.caseId).toBe(first.caseId);
  const url = `/api/v1/cases/${first.caseId}/not-same-claim`;
  const notAssigned = await suite.team.reviewer.http.post(url, { claimId: joined.id });
  expect(notAssigned.status).toBe(403);
  expect(notAssigned.body.error.code).toBe('not_on_case');
  expect((await suite.team.platform.http.post(url, { claimId: joined.id })).status).toBe(401);
  expect((await suite.team.lead.http.post(url, { claimId: 'not-an-id' })).status).toBe(400);
  expect((await suite.team.lead.http.post(url, { claimId: joined.id, caseId: first.caseId })).status).toBe(400);
  expect((await suite.team.lead.http.post(url, { claimId: joined.id, why: 'x' })).status).toBe(400);
  expect((await suite.team.lead.http.post(url, { caseId: first.caseId })).body.error.code).toBe('same_case');
  expect((await suite.team.lead.http.post(url, { claimId: '0123456789abcdef01234567' })).status).toBe(404);
  expect(await PairDecisionModel.countDocuments({ fromCaseId: first.caseId })).toBe(0);
  expect(await separatedAudits(first.caseId)).toBe(0);

  // The assigned reviewer may.
  expect((await suite.team.reviewer.http.post(`/api/v1/cases/${first.caseId}/claim`)).status).toBe(200);
  expect((await suite.team.reviewer.http.post(url, { claimId: joined.id })).status).toBe(200);
});

test("a published verdict: once marked, its case neither answers the text nor takes it, in this process or another", async () => {
  const opened = await report('Holding your breath for ten seconds every morning proves you do not have lung disease');
  const { reviewer, lead } = suite.team;
  expect((await reviewer.http.post(`/api/v1/cases/${opened.caseId}/claim`)).status).toBe(200);
  expect((await reviewer.http.put(`/api/v1/cases/${opened.caseId}/draft`, buildDraft({ verdict: 'false' }))).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${opened.caseId}/submit`)).status).toBe(200);
  expect((await lead.http.post(`/api/v1/cases/${opened.caseId}/approve`)).status).toBe(200);
  const text = 'Hold your breath for ten seconds every morning: it proves you have no lung disease!';
  const answered = await report(text);
  expect(answered).toMatchObject({ caseId: opened.caseId, match: { caseId: opened.caseId } });
  await eventually(async () => (await matchedCases(other.http, text)).matches.includes(opened.caseId), 'the other process answers with the verdict');

  const marked = await lead.http.post(`/api/v1/cases/${opened.caseId}/not-same-claim`, { claimId: answered.id });
  expect(marked.status).toBe(200);
  const here = await matchedCases(suite.team.platform.http, text);
  expect([...here.matches, ...here.related]).not.toContain(opened.caseId);
  await eventually(async () => {
    const there = await matchedCases(other.http, text);
    return ![...there.matches, ...there.related].includes(opened.caseId);
  }, 'the other process no longer offers the case for the text');
  const rereport = await report(text, other.http);
  expect(rereport.caseId).not.toBe(opened.caseId);
  expect(rereport.match ?? null).toBeNull();
});

test("once the case's claim is stated, a labelled pair holds the statement as what the case is about, not its first report", async () => {
  const first = await report('My cousin says eating burnt toast every morning gives you cancer, share with your family');
  const joined = await report('Burnt toast every morning gives you cancer, my cousin says!');
  expect(joined.caseId).toBe(first.caseId);
  const statement = 'Eating burnt toast causes cancer';
  expect((await suite.team.lead.http.put(`/api/v1/cases/${first.caseId}/claim-statement`, { text: statement })).status).toBe(200);
  expect((await suite.team.lead.http.post(`/api/v1/cases/${first.caseId}/not-same-claim`, { claimId: joined.id })).status).toBe(200);
  expect(await PairDecisionModel.findOne({ claimId: joined.id }).lean()).toMatchObject({ kind: 'marked', same: false, textA: 'Burnt toast every morning gives you cancer, my cousin says!', textB: statement });
});

test('a process started after the decision keeps it', async () => {
  const first = await report('Microwaved water kills house plants because the radiation stays in it');
  const variant = 'The radiation stays in microwaved water, so it kills house plants!';
  const joined = await report(variant);
  expect(joined.caseId).toBe(first.caseId);
  expect((await suite.team.lead.http.post(`/api/v1/cases/${first.caseId}/not-same-claim`, { claimId: joined.id })).status).toBe(200);
  const later = await startServerProcess(suite.app.mongodbUri);
  try {
    const viaLater = new HttpClient(later.baseUrl, { apiKey: suite.team.platform.apiKey });
    expect((await report(variant, viaLater)).caseId).not.toBe(first.caseId);
  } finally {
    await later.stop();
  }
});

test('moves out, suggestions ruled out and merges become labelled pairs, which matching:decisions writes as JSON Lines', async () => {
  const first = await report('Drinking seawater in small sips cures dehydration at sea');
  const joined = await report('Small sips of seawater cure dehydration at sea, sailors say!');
  expect(joined.caseId).toBe(first.caseId);
  const moved = await suite.team.lead.http.post(`/api/v1/cases/${first.caseId}/reports/${joined.id}/move-out`);
  expect(moved.status).toBe(201);
  expect(await PairDecisionModel.findOne({ claimId: joined.id }).lean()).toMatchObject({ kind: 'moved_out', same: false, textB: 'Drinking seawater in small sips cures dehydration at sea' });

  const unrelated = await report('Wind turbines cause droughts by blowing the rain clouds away');
  const ruledOut = await suite.team.lead.http.post(`/api/v1/cases/${unrelated.caseId}/not-same-claim`, { caseId: first.caseId });
  expect(ruledOut.status).toBe(200);
  expect(ruledOut.body.suggestions.map((s: { caseId: string }) => s.caseId)).not.toContain(first.caseId);

  const source = await report('小口喝海水可以在海上缓解脱水');
  expect((await suite.team.lead.http.post(`/api/v1/cases/${source.caseId}/merge`, { intoCaseId: first.caseId })).status).toBe(200);
  expect(await PairDecisionModel.findOne({ fromCaseId: source.caseId }).lean()).toMatchObject({ kind: 'merged', same: true, textA: '小口喝海水可以在海上缓解脱水' });

  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'refute-decisions-')), 'pairs.jsonl');
  // The server is built (the second process runs from server/dist).
  const command = path.resolve(__dirname, '../../server/dist/features/matching/pairDecisionsCommand.js');
  const { stderr } = await promisify(execFile)(process.execPath, [command, '--out', out], { env: { ...process.env, MONGODB_URI: suite.app.mongodbUri } });
  const pairs = fs.readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(pairs).toContainEqual({ textA: 'Small sips of seawater cure dehydration at sea, sailors say!', textB: 'Drinking seawater in small sips cures dehydration at sea', same: false, kind: 'moved_out', decidedAt: expect.any(String) });
  expect(pairs).toContainEqual(expect.objectContaining({ textA: 'Wind turbines cause droughts by blowing the rain clouds away', textB: 'Drinking seawater in small sips cures dehydration at sea', same: false, kind: 'suggestion' }));
  expect(pairs).toContainEqual(expect.objectContaining({ textA: '小口喝海水可以在海上缓解脱水', textB: 'Drinking seawater in small sips cures dehydration at sea', same: true, kind: 'merged' }));
  expect(pairs.length).toBe(await PairDecisionModel.countDocuments({}));
  const times = pairs.map((pair) => String(pair.decidedAt));
  expect([...times].sort()).toEqual(times);
  expect(stderr).toMatch(/labelled pairs/);
});
