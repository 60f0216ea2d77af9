import { buildClaimReport, buildDraft } from '../../fixtures/factories';
import { ClaimModel } from '../../server/src/features/claims/model';
import { HttpClient } from '../support/http';
import { matchIndex } from '../../server/src/features/matching/liveIndex';
import { startServerProcess } from '../support/serverProcess';
import { eventually } from '../support/sockets';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();

const report = async (text: string, client = suite.team.platform.http) => {
  const response = await client.post('/api/v1/claims', buildClaimReport({ text }));
  expect([200, 201]).toContain(response.status);
  return response.body as { id: string; caseId: string; status: string; match?: { verdict: string; similarity: number } };
};
const decisionOf = async (claimId: string) => (await ClaimModel.findById(claimId).lean())?.match;

async function publish(caseId: string) {
  await suite.team.reviewer.http.post(`/api/v1/cases/${caseId}/claim`);
  await suite.team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ verdict: 'false', headline: 'Hot water does not kill viruses' }));
  await suite.team.reviewer.http.post(`/api/v1/cases/${caseId}/submit`);
  const approved = await suite.team.lead.http.post(`/api/v1/cases/${caseId}/approve`);
  expect(approved.status).toBe(200);
  return approved.body.publication as { url: string };
}

test('a reworded repost joins the case; the decision and thresholds are recorded', async () => {
  const first = await report('医生证实：每天喝热水能杀死喉咙里的新冠病毒，转给家人！');
  const repost = await report('#健康# 每天喝热水，能杀死喉咙里的新冠病毒，医生证实的 https://t.cn/x');
  expect(repost.caseId).toBe(first.caseId);
  const decision = await decisionOf(repost.id);
  expect(decision).toMatchObject({ outcome: 'joined', candidateCaseId: expect.anything(), joinThreshold: expect.any(Number) });
  expect(decision!.similarity).toBeGreaterThanOrEqual(decision!.joinThreshold!);
  // Joining an open case answers nothing: the answer bar is the lookup's, for published cases only.
  expect(decision!.answerable).toBe(false);

  const detail = await suite.team.reviewer.http.get(`/api/v1/cases/${first.caseId}`);
  const shown = detail.body.reports.find((r: { id: string }) => r.id === repost.id);
  expect(shown.match).toMatchObject({ outcome: 'joined' });
});

test('Traditional and Simplified forms of a text share a case', async () => {
  const simplified = await report('吃隔夜菜会导致胃癌，亚硝酸盐严重超标');
  const traditional = await report('吃隔夜菜會導致胃癌，亞硝酸鹽嚴重超標');
  expect(traditional.caseId).toBe(simplified.caseId);
});

test('a similar but different claim opens its own case, linked as a suggestion', async () => {
  const original = await report('微波炉加热过的食物带有辐射，长期吃会致癌');
  const sibling = await report('微波炉用久了会让牛奶里的蛋白质变质');
  expect(sibling.caseId).not.toBe(original.caseId);
  expect(await decisionOf(sibling.id)).toMatchObject({ outcome: 'suggested' });
  const detail = await suite.team.reviewer.http.get(`/api/v1/cases/${sibling.caseId}`);
  expect(detail.body.suggestions).toEqual([expect.objectContaining({ caseId: original.caseId })]);
});

test('an unrelated report opens a new case without suggestions', async () => {
  const unrelated = await report('The city marathon route changes this Sunday because of road works on Main Street');
  expect(await decisionOf(unrelated.id)).toMatchObject({ outcome: 'new' });
  expect((await suite.team.reviewer.http.get(`/api/v1/cases/${unrelated.caseId}`)).body.suggestions).toEqual([]);
});

test('a report of a published rumor gets the verdict in the intake response, and /match finds it', async () => {
  const first = await report('Drinking hot water every fifteen minutes flushes the virus into your stomach where acid kills it');
  const publication = await publish(first.caseId);

  const later = await report('RT: drinking hot water every 15 minutes flushes the virus into the stomach, where acid kills it!!');
  expect(later).toMatchObject({ caseId: first.caseId, status: 'published', match: { verdict: 'false', publicationUrl: publication.url } });
  expect(later.match!.similarity).toBeGreaterThan(0.6);
  expect(await decisionOf(later.id)).toMatchObject({ outcome: 'joined', answerable: true });

  const found = await suite.team.platform.http.post('/api/v1/match', { text: 'Hot water every 15 minutes flushes the virus to your stomach and the acid kills it' });
  expect(found.status).toBe(200);
  expect(found.body.matches[0]).toMatchObject({ caseId: first.caseId, verdict: 'false', headline: 'Hot water does not kill viruses', url: publication.url });

  for (const text of ['Drinking water with lemon every morning detoxes the liver', '今天下午三点市图书馆有科普讲座', 'hot']) {
    const none = await suite.team.platform.http.post('/api/v1/match', { text });
    expect(none.body).toEqual({ matches: [], related: [] });
  }
});

test('a near-miss or a denial of a published rumor is related to it, never answered with its verdict', async () => {
  const first = await report('隔夜菜千万别吃了！放了一晚上的剩菜亚硝酸盐超标，吃多了得胃癌');
  const second = await report('剩菜隔夜以后亚硝酸盐严重超标，经常吃隔夜菜会导致胃癌');
  expect(second.caseId).toBe(first.caseId);
  await publish(first.caseId);
  const lookup = async (text: string) => {
    const response = await suite.team.platform.http.post('/api/v1/match', { text });
    expect(response.status).toBe(200);
    return response.body as { matches: Array<{ caseId: string; verdict: string }>; related: Array<{ caseId: string; verdict: string }> };
  };

  for (const text of ['隔夜的西瓜不能吃，会致癌', '隔夜菜致癌是谣言！正常冷藏的剩菜亚硝酸盐很少，不会导致胃癌。']) {
    const found = await lookup(text);
    expect(found.matches).toEqual([]);
    expect(found.related).toEqual([expect.objectContaining({ caseId: first.caseId, verdict: 'false' })]);
  }
  // The same near-miss reported by a platform opens its own case and gets no verdict.
  const nearMiss = await report('隔夜的西瓜不能吃，会致癌');
  expect(nearMiss.caseId).not.toBe(first.caseId);
  expect(nearMiss.match).toBeUndefined();

  const repost = '转发：隔夜菜千万别吃！放了一晚上的剩菜亚硝酸盐超标，吃多了会得胃癌';
  expect((await lookup(repost)).matches[0]).toMatchObject({ caseId: first.caseId, verdict: 'false' });
  const asked = await report(repost);
  expect(asked).toMatchObject({ caseId: first.caseId, status: 'published', match: { caseId: first.caseId, verdict: 'false' } });
  // A question about the claim is found, as the verdict or as related.
  const question = await lookup('吃隔夜菜会得胃癌，真的吗');
  expect([...question.matches, ...question.related][0]).toMatchObject({ caseId: first.caseId });
});

test('a short question finds the published rumor it asks about', async () => {
  const first = await report('天上出现这种云就是地震云，说明马上要地震了，大家注意！');
  await report('地震云出现后几天内必有地震，这是日本专家研究出来的');
  await publish(first.caseId);
  const found = await suite.team.platform.http.post('/api/v1/match', { text: '地震云可以预测地震' });
  expect([...found.body.matches, ...found.body.related]).toEqual(expect.arrayContaining([expect.objectContaining({ caseId: first.caseId })]));
});

test('the case shows why each report joined: its probability and the words it shares', async () => {
  const first = await report('WiFi router radiation at night causes infertility in young couples, turn it off before bed');
  const joined = await report('Turn off your WiFi router before bed: its radiation causes infertility in young couples!');
  expect(joined.caseId).toBe(first.caseId);
  const detail = await suite.team.reviewer.http.get(`/api/v1/cases/${first.caseId}`);
  const shown = detail.body.reports.find((r: { id: string }) => r.id === joined.id);
  expect(shown.match).toMatchObject({ outcome: 'joined', probability: expect.any(Number), sharedTerms: expect.arrayContaining(['infertil', 'router']) });
  expect(shown.match.similarity).toBeGreaterThanOrEqual(shown.match.joinThreshold);
});

test('/match validates its input and needs the match scope', async () => {
  expect((await suite.team.platform.http.post('/api/v1/match', { text: '' })).status).toBe(400);
  expect((await suite.team.platform.http.post('/api/v1/match', { text: 'x', extra: 1 })).status).toBe(400);
  expect((await new HttpClient(suite.app.baseUrl).post('/api/v1/match', { text: 'x' })).status).toBe(401);
});

test('a case opened by one server process is matched by another within a second', async () => {
  const other = await startServerProcess(suite.app.mongodbUri);
  try {
    const viaOther = new HttpClient(other.baseUrl, { apiKey: suite.team.platform.apiKey });
    const opened = await report('Sunscreen causes more skin cancer than it prevents, a dermatologist admits', viaOther);
    await eventually(() => matchIndex().caseOfReport(opened.id) === opened.caseId, 'this process knows the case opened there');
    const matched = await report('A dermatologist admits: sunscreen causes more skin cancer than it prevents!', suite.team.platform.http);
    expect(matched.caseId).toBe(opened.caseId);
  } finally {
    await other.stop();
  }
});

test('idempotent intake racing with matching: one report, one decision', async () => {
  const text = '紧急扩散：喝板蓝根可以预防禽流感，家里老人孩子都要喝';
  const body = buildClaimReport({ text });
  const [responses] = await Promise.all([
    Promise.all(Array.from({ length: 20 }, () => suite.team.platform.http.post('/api/v1/claims', body))),
    Promise.all(['喝板蓝根可以预防禽流感，老人孩子都要喝', '板蓝根能预防禽流感？家里老人孩子都要喝！'].map((t) => report(t))),
  ]);
  expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
  expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
  expect(await ClaimModel.countDocuments({ externalId: body.externalId })).toBe(1);
});

test("a long true news post on a rumor's subject neither joins its case nor gets its verdict; a long rumor post joins it", async () => {
  const first = await report('新发地切三文鱼的案板上检测出新冠病毒，三文鱼就是传染源，千万别吃三文鱼了！');
  const second = await report('三文鱼携带新冠病毒，吃三文鱼会感染，超市都下架了，转给家人');
  expect(second.caseId).toBe(first.caseId);
  const news = await report(
    '【三文鱼等进口冷冻食品逐步恢复上架】据新京报报道，7月以来，本市多家超市陆续恢复销售三文鱼，上架产品均附有核酸检测合格证明和溯源信息，消费者可扫码查询产地、入境时间和检测结果。市场监管局表示，全市已建立进口冷链食品追溯平台，累计录入数据超过30万条。主要产地的三文鱼出口企业正在配合开展检测。',
  );
  expect(news.caseId).not.toBe(first.caseId);
  const essay = await report(
    '说句大实话，这次疫情的源头就是三文鱼！新发地切三文鱼的案板上查出来新冠病毒，一个案板天天切三文鱼，病毒肯定是鱼身上带的！进口的三文鱼都是从国外运过来的，冷冻的病毒能活好几个月。我朋友在超市上班，说一夜之间三文鱼全下架了。吃三文鱼就会被感染，日料店的三文鱼刺身千万别点了，家里冰箱里有的赶紧扔掉，转给爱吃日料的朋友。',
  );
  expect(essay.caseId).toBe(first.caseId);

  await publish(first.caseId);
  const otherNews =
    '【北京：冷链从业人员每周两次核酸检测】据北京日报报道，自10月起，本市对冷库、农贸市场等冷链相关从业人员实行每周两次核酸检测，对进口三文鱼等冷链食品实行批批检测、件件消毒。市卫健委提醒，居民处理进口冷冻食品时应佩戴手套，处理后及时洗手，食物要烧熟煮透。';
  const lookup = await suite.team.platform.http.post('/api/v1/match', { text: otherNews });
  expect(lookup.status).toBe(200);
  expect(lookup.body.matches).toEqual([]);
  const reported = await report(otherNews);
  expect(reported.caseId).not.toBe(first.caseId);
  expect(reported.match).toBeUndefined();
});

test('a short true post written as news, naming no source, does not join a rumor on its subject, nor the rumor its case', async () => {
  const rumor = await report('每天开窗通风30分钟就能杀死新冠病毒，赶紧转给家人！');
  // No 据…报道 and no news agency: only how it is written tells it from the rumor.
  const news = await report('【疾控提醒】国家疾控中心：室内开窗通风每天2到3次，每次30分钟，可有效降低新冠病毒传播风险。');
  expect(news.caseId).not.toBe(rumor.caseId);
  expect((await decisionOf(news.id))?.outcome).not.toBe('joined');
  const reworded = await report('开窗通风半小时可以杀死新冠病毒，大家赶紧转发！');
  expect(reworded.caseId).not.toBe(news.caseId);
});

test('POST /match and intake give the candidates in one order', async () => {
  const watermelon = await report('隔夜的西瓜不能吃，会致癌，切开的西瓜放一晚上就有毒');
  await publish(watermelon.caseId);
  // Published, the watermelon's case is joined only at the answer bar, which the sibling claim does not clear.
  const dishes = await report('隔夜菜千万不能吃！放过一夜的剩菜亚硝酸盐严重超标，吃了会致癌');
  expect(dishes.caseId).not.toBe(watermelon.caseId);
  if (dishes.status !== 'published') await publish(dishes.caseId);
  const question = '隔夜菜会致癌吗？';
  const found = await suite.team.platform.http.post('/api/v1/match', { text: question });
  const order = [...found.body.matches, ...found.body.related].map((match: { caseId: string }) => match.caseId);
  expect(order).toEqual(expect.arrayContaining([watermelon.caseId]));
  const asked = await report(question);
  expect(String((await decisionOf(asked.id))!.candidateCaseId)).toBe(order[0]);
});
