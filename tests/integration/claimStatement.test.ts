/**
 * The claim as reviewed: a case's team states what the rumor asserts, and the matcher holds
 * reports against it as part of the case's core. A rewording of the statement that shares little
 * with the report the case opened with then finds the case; the statement never counts as a
 * report; an edit replaces it; other processes, and processes started later, match with it.
 */
import type { CaseDetail } from '@refute/shared';
import { buildDraft, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { ClaimStatementModel } from '../../server/src/features/cases/claimStatementModel';
import { CaseModel } from '../../server/src/features/cases/model';
import { PublicationModel } from '../../server/src/features/publications/model';
import { assessCandidates } from '../../server/src/features/matching/assess';
import { matchIndex } from '../../server/src/features/matching/liveIndex';
import { normalizeText } from '../../server/src/features/matching/normalize';
import { matchSettings } from '../../server/src/features/matching/settings';
import { matchTokens } from '../../server/src/features/matching/tokens';
import { HttpClient } from '../support/http';
import { reportText, secondProcess } from '../support/secondProcess';
import { startServerProcess } from '../support/serverProcess';
import { eventually } from '../support/sockets';
import { loggedIn, teamSuite } from '../support/workbench';

const suite = teamSuite();
const other = secondProcess(suite);

const report = (text: string, client: HttpClient = suite.team.platform.http) => reportText(client, text);

const statementUrl = (caseId: string) => `/api/v1/cases/${caseId}/claim-statement`;

/** How similar this process's index finds the case for a text (0 when it is no candidate). */
function similarityHere(text: string, caseId: string): number {
  const features = matchTokens(normalizeText(text), matchSettings().segmentation);
  return assessCandidates(matchIndex(), features).find((candidate) => candidate.caseId === caseId)?.evidence.similarity ?? 0;
}

/** The published cases a process offers for a text: as the text's own answer or as related. */
async function offered(client: HttpClient, text: string): Promise<string[]> {
  const found = (await client.post('/api/v1/match', { text })).body as { matches: Array<{ caseId: string }>; related: Array<{ caseId: string }> };
  return [...found.matches, ...found.related].map((match) => match.caseId);
}

// The opening report rambles about toxins; the reviewer names the claim (nitrite, cancer).
const OPENER = '转发扩散！家里老人一定要看：剩饭剩菜在冰箱里放一夜再热了吃，毒素越积越多，天天这样吃迟早得大病';
const STATEMENT = '隔夜菜含亚硝酸盐，吃了会致癌';
const REWORDED = '隔夜菜里亚硝酸盐超标，吃了容易致癌';

test('a report that rewords the statement joins the case, and the statement is never counted as a report', async () => {
  const opened = await report(OPENER);
  // Measured before: the rewording shares too little with the opening report to be even suggested.
  expect(similarityHere(REWORDED, opened.caseId)).toBeLessThan(matchSettings().suggestThreshold);

  const { reviewer } = suite.team;
  expect((await reviewer.http.post(`/api/v1/cases/${opened.caseId}/claim`)).status).toBe(200);
  const stated = await reviewer.http.put<CaseDetail>(statementUrl(opened.caseId), { text: `  ${STATEMENT} ` });
  expect(stated.status).toBe(200);
  expect(stated.body.claimStatement).toMatchObject({ text: STATEMENT, updatedBy: reviewer.id });
  expect(stated.body.people[reviewer.id]).toBeDefined();
  expect(stated.body.history.filter((entry) => entry.action === 'case.claim_stated')).toHaveLength(1);
  // The same text again stores and audits nothing.
  expect((await reviewer.http.put(statementUrl(opened.caseId), { text: STATEMENT })).status).toBe(200);
  expect(await ClaimStatementModel.countDocuments({ caseId: opened.caseId })).toBe(1);
  expect(await AuditEventModel.countDocuments({ 'subject.id': opened.caseId, action: 'case.claim_stated' })).toBe(1);

  const joined = await report(REWORDED);
  expect(joined.caseId).toBe(opened.caseId);
  const detail = (await reviewer.http.get<CaseDetail>(`/api/v1/cases/${opened.caseId}`)).body;
  // The case shows why: it joined by the statement, with the words they share.
  expect(detail.reports.find((item) => item.id === joined.id)?.match).toMatchObject({ outcome: 'joined', method: 'statement', sharedTerms: expect.arrayContaining(['隔夜', '致癌']) });

  // Two reports, whatever counts them: the case, the index's view of its reports, and what the
  // hotspot monitor reads of arrivals.
  await eventually(async () => (await CaseModel.findById(opened.caseId).lean())?.reportCount === 2, 'the case counting both reports');
  expect(detail.reports).toHaveLength(2);
  expect(matchIndex().reportsOf(opened.caseId)).toHaveLength(2);
  expect(matchIndex().reportsFrom(0).filter((arrival) => arrival.caseId === opened.caseId)).toHaveLength(2);
  expect(await CaseModel.findById(opened.caseId).lean()).toMatchObject({ reportCount: 2 });

});

// The opening report never names 5G; the reviewer first states another claim by mistake.
const TOWERS = 'URGENT share before it gets deleted!! my cousin who works at the hospital says the new towers they put up near the schools are making the kids sick and nobody reports it';
const WRONG_STATEMENT = 'Wi-Fi routers in bedrooms cause insomnia';
const TOWERS_STATEMENT = '5G towers make children ill';
const ONLY_THE_WRONG_ONE = 'Wi-Fi routers in the bedroom cause insomnia';
const ONLY_THE_RIGHT_ONE = 'Do 5G towers make children ill?';

test('an edit replaces the statement, in this process, in another one and in one started later', async () => {
  const opened = await report(TOWERS);
  const { reviewer, lead } = suite.team;
  expect((await reviewer.http.post(`/api/v1/cases/${opened.caseId}/claim`)).status).toBe(200);
  expect((await reviewer.http.put(statementUrl(opened.caseId), { text: WRONG_STATEMENT })).status).toBe(200);
  expect(similarityHere(ONLY_THE_WRONG_ONE, opened.caseId)).toBeGreaterThan(0.9);
  const corrected = await lead.http.put<CaseDetail>(statementUrl(opened.caseId), { text: TOWERS_STATEMENT });
  expect(corrected.status).toBe(200);
  expect(corrected.body.claimStatement).toMatchObject({ text: TOWERS_STATEMENT, updatedBy: lead.id });
  expect(similarityHere(ONLY_THE_WRONG_ONE, opened.caseId)).toBe(0);
  expect(similarityHere(ONLY_THE_RIGHT_ONE, opened.caseId)).toBeGreaterThan(0.9);
  expect((await report(ONLY_THE_WRONG_ONE)).caseId).not.toBe(opened.caseId);

  // Published, the case is offered by POST /match: what each process's index holds shows there.
  expect((await reviewer.http.put(`/api/v1/cases/${opened.caseId}/draft`, buildDraft({ verdict: 'false' }))).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${opened.caseId}/submit`)).status).toBe(200);
  const approved = await lead.http.post<{ publication: { id: string } }>(`/api/v1/cases/${opened.caseId}/approve`);
  expect(approved.status).toBe(200);
  // The publication states the claim as reviewed (ClaimReview's claimReviewed).
  expect(await PublicationModel.findById(approved.body.publication.id).lean()).toMatchObject({ claimStatement: TOWERS_STATEMENT, claimText: TOWERS });
  await eventually(async () => (await offered(other.http, ONLY_THE_RIGHT_ONE)).includes(opened.caseId), 'the other process offers the case for the statement');
  expect(await offered(other.http, ONLY_THE_WRONG_ONE)).not.toContain(opened.caseId);
  // Ranked by reports: the statement is not one.
  expect(matchIndex().publishedCaseReportsBetween(0, Date.now() + 1).get(opened.caseId)).toBe(1);

  const later = await startServerProcess(suite.app.mongodbUri);
  try {
    const viaLater = new HttpClient(later.baseUrl, { apiKey: suite.team.platform.apiKey });
    expect(await offered(viaLater, ONLY_THE_RIGHT_ONE)).toContain(opened.caseId);
    expect(await offered(viaLater, ONLY_THE_WRONG_ONE)).not.toContain(opened.caseId);
  } finally {
    await later.stop();
  }

  // Taken away, it matches nothing any more.
  const removed = await lead.http.put<CaseDetail>(statementUrl(opened.caseId), { text: null });
  expect(removed.status).toBe(200);
  expect(removed.body.claimStatement).toBeNull();
  expect(await offered(suite.team.platform.http, ONLY_THE_RIGHT_ONE)).not.toContain(opened.caseId);
  await eventually(async () => !(await offered(other.http, ONLY_THE_RIGHT_ONE)).includes(opened.caseId), 'the other process no longer offers it');
});

test('only the case team states the claim, on input that makes sense; nothing is stored otherwise', async () => {
  const opened = await report('Cracking your knuckles every day gives you arthritis by the age of forty');
  const url = statementUrl(opened.caseId);
  const { reviewer, lead, platform } = suite.team;
  const text = 'Cracking your knuckles causes arthritis';

  const notAssigned = await reviewer.http.put(url, { text });
  expect(notAssigned.status).toBe(403);
  expect(notAssigned.body.error.code).toBe('not_on_case');
  const moderator = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['moderator'], orgId: platform.orgId }));
  expect((await moderator.http.put(url, { text })).status).toBe(403);
  expect((await new HttpClient(suite.app.baseUrl).put(url, { text })).status).toBe(401);
  expect((await platform.http.put(url, { text })).status).toBe(401);

  for (const body of [{}, { text: '' }, { text: '   ' }, { text: 42 }, { text: 'x'.repeat(201) }, { text, why: 'x' }]) {
    const refused = await lead.http.put(url, body);
    expect({ body, status: refused.status }).toEqual({ body, status: 400 });
  }
  const markup = await lead.http.put(url, { text: '<b></b><script>alert(1)</script>' });
  expect(markup.status).toBe(400);
  expect(markup.body.error.code).toBe('empty_claim_statement');
  expect((await lead.http.put(statementUrl('0123456789abcdef01234567'), { text })).status).toBe(404);
  expect(await ClaimStatementModel.countDocuments({ caseId: opened.caseId })).toBe(0);
  expect(await AuditEventModel.countDocuments({ 'subject.id': opened.caseId, action: 'case.claim_stated' })).toBe(0);

  // Plain text: markup goes, the characters stay.
  const stated = await lead.http.put<CaseDetail>(url, { text: 'Cracking <i>your</i> knuckles causes arthritis & <script>x()</script>swelling' });
  expect(stated.status).toBe(200);
  expect(stated.body.claimStatement?.text).toBe('Cracking your knuckles causes arthritis & swelling');
});
