import { buildClaimReport, buildDraft } from '../../fixtures/factories';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();

type Listed = { caseId: string; verdict: string; similarity: number };

const report = async (text: string) => {
  const response = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text }));
  expect([200, 201]).toContain(response.status);
  return response.body as { id: string; caseId: string; match?: { verdict: string } };
};

async function publish(caseId: string) {
  await suite.team.reviewer.http.post(`/api/v1/cases/${caseId}/claim`);
  await suite.team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ verdict: 'false', headline: '地震云不能预测地震' }));
  await suite.team.reviewer.http.post(`/api/v1/cases/${caseId}/submit`);
  expect((await suite.team.lead.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(200);
}

const lookUp = async (text: string) => {
  const response = await suite.team.platform.http.post('/api/v1/match', { text });
  expect(response.status).toBe(200);
  return response.body as { matches: Listed[]; related: Listed[] };
};

test('the same claim in the other language finds the published rumor, as related and never with its verdict', async () => {
  const first = await report('地震云出现了，说明几天内必有大地震，地震云可以预测地震，大家提前做好准备！');
  await report('天上出现这种云就是地震云，马上要地震了，地震云能预测地震');
  await publish(first.caseId);
  const question = await lookUp('Earthquake clouds can predict an earthquake: is it true?');
  expect(question.matches.map((match) => match.caseId)).not.toContain(first.caseId);
  expect(question.related[0]).toMatchObject({ caseId: first.caseId, verdict: 'false' });
  // An intake of that text is not answered with the verdict either.
  expect((await report('Earthquake clouds can predict an earthquake: is it true?')).match).toBeUndefined();
  // In its own language the lookup finds it first, and a text on another subject finds nothing.
  const own = await lookUp('地震云可以预测地震，是真的吗？');
  expect([...own.matches, ...own.related][0]).toMatchObject({ caseId: first.caseId });
  expect(await lookUp('The city marathon route changes this Sunday because of road works')).toEqual({ matches: [], related: [] });
});
