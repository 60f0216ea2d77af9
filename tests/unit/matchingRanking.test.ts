import { ANSWER_CALIBRATION } from '../../server/src/features/matching/answerCalibration';
import { assessCandidates, caseProbability, joinEvidence, joinsOpenCase } from '../../server/src/features/matching/assess';
import { LOOKUP_CALIBRATION } from '../../server/src/features/matching/lookupCalibration';
import { rankLookup } from '../../server/src/features/matching/lookupRanking';
import { MemoryIndex } from '../../server/src/features/matching/memoryIndex';
import { normalizeText } from '../../server/src/features/matching/normalize';
import { pairEvidence } from '../../server/src/features/matching/pairEvidence';
import { inRankOrder, RANK_FEATURE_SIGNS, rankFeatures, relativeHolds } from '../../server/src/features/matching/ranking';
import { DEFAULT_MATCH_SETTINGS } from '../../server/src/features/matching/settings';
import { isReported, matchTokens, REPORTED_MARKER } from '../../server/src/features/matching/tokens';
import { backgroundWeights } from '../../server/src/features/matching/weights';

const weights = backgroundWeights(DEFAULT_MATCH_SETTINGS.segmentation);
const featuresOf = (text: string) => matchTokens(normalizeText(text), DEFAULT_MATCH_SETTINGS.segmentation);
const fresh = () => new MemoryIndex(DEFAULT_MATCH_SETTINGS.lsh, DEFAULT_MATCH_SETTINGS.maxCandidates, weights);
const add = (index: MemoryIndex, claimId: string, caseId: string, text: string, core = true) =>
  index.addReport({ claimId, caseId, features: featuresOf(text), core, reachScore: 0, emergency: false, receivedAt: 0 });
const { answerModel, joinSimilarity, joinCoreGap, joinProbability } = ANSWER_CALIBRATION;

const SALMON = ['新发地切三文鱼的案板上检测出新冠病毒，三文鱼就是传染源，千万别吃三文鱼了！', '三文鱼携带新冠病毒，吃三文鱼会感染，超市都下架了，转给家人'];
const SALMON_NEWS =
  '【三文鱼等进口冷冻食品逐步恢复上架】据新京报报道，7月以来，本市多家超市陆续恢复销售三文鱼，上架产品均附有核酸检测合格证明和溯源信息，消费者可扫码查询产地、入境时间和检测结果。市场监管局表示，全市已建立进口冷链食品追溯平台，累计录入数据超过30万条。主要产地的三文鱼出口企业正在配合开展检测。';
const SALMON_ESSAY =
  '说句大实话，这次疫情的源头就是三文鱼！新发地切三文鱼的案板上查出来新冠病毒，一个案板天天切三文鱼，病毒肯定是鱼身上带的！进口的三文鱼都是从国外运过来的，冷冻的病毒能活好几个月。我朋友在超市上班，说一夜之间三文鱼全下架了。吃三文鱼就会被感染，日料店的三文鱼刺身千万别点了，家里冰箱里有的赶紧扔掉，转给爱吃日料的朋友。';

test('a text that reports a named source is marked; hearsay is not, and the marker weighs nothing', () => {
  for (const text of [SALMON_NEWS, '#疫情通报#截至2月4日24时，累计报告确诊病例24324例', 'Health officials said in a statement that the shots are safe']) {
    expect(isReported(normalizeText(text))).toBe(true);
  }
  for (const text of [...SALMON, SALMON_ESSAY, '据可靠消息，成都周边24小时内会有强震', '听说今晚有飞机撒消毒药？是真的吗？']) {
    expect(isReported(normalizeText(text))).toBe(false);
  }
  const rumor = featuresOf(SALMON[0]!);
  const marked = pairEvidence(new Set([...rumor, REPORTED_MARKER]), rumor, weights);
  expect(marked.similarity).toBeCloseTo(1, 10);
  expect(marked.sourceMismatch).toBe(true);
});

test('each candidate holds what the others do not: the word that tells siblings of one frame apart', () => {
  const query = new Set(['隔夜', '菜', '致癌']);
  const [dishes, watermelon] = relativeHolds(query, [new Set(['隔夜', '菜', '致癌']), new Set(['隔夜', '西瓜', '致癌'])], weights);
  expect(dishes!.exclusiveShare).toBeGreaterThan(0);
  expect(dishes!.othersOnlyShare).toBe(0);
  expect(watermelon!.exclusiveShare).toBe(0);
  expect(watermelon!.othersOnlyShare).toBeCloseTo(dishes!.exclusiveShare, 12);
  // An unfitted model ranks nothing: the retrieval order stays.
  expect(inRankOrder([{ id: 'a', rankScore: 0 }, { id: 'b', rankScore: 0 }, { id: 'c', rankScore: 1 }]).map((c) => c.id)).toEqual(['c', 'a', 'b']);
  expect(RANK_FEATURE_SIGNS).toHaveLength(rankFeatures(pairEvidence(query, ['隔夜'], weights), { margin: 0, signatureCoverage: 0, ...dishes! }).length);
  expect(ANSWER_CALIBRATION.rankModel.coefficients).toHaveLength(RANK_FEATURE_SIGNS.length);
});

test('a long true news post on a case\'s subject neither joins it nor is answered with it; a long rumor post joins it', () => {
  const index = fresh();
  SALMON.forEach((text, i) => add(index, `s${i}`, 'salmon', text, i === 0));
  const judged = (text: string) => {
    const features = featuresOf(text);
    const assessed = assessCandidates(index, features);
    const candidate = assessed.find((c) => c.caseId === 'salmon')!;
    const probability = caseProbability(candidate, answerModel);
    // Answered as POST /match answers once the case is published: the lookup's model and bar.
    const answer = rankLookup(index, features, assessed).find((c) => c.caseId === 'salmon')!.answerProbability;
    return { answer, joins: joinsOpenCase(joinEvidence(candidate), joinSimilarity, joinCoreGap, probability, joinProbability) };
  };
  const news = judged(SALMON_NEWS);
  expect(news.joins).toBe(false);
  expect(news.answer).toBeLessThan(LOOKUP_CALIBRATION.answerProbability);
  expect(judged(SALMON_ESSAY).joins).toBe(true);
});

test('among sibling claims of one frame, the one whose heavy word the question holds ranks first', () => {
  const index = fresh();
  add(index, 'w', 'watermelon', '隔夜的西瓜不能吃，会致癌，切开的西瓜放一晚上就有毒');
  add(index, 'd', 'dishes', '隔夜菜千万不能吃！放过一夜的剩菜亚硝酸盐严重超标，吃了会致癌');
  add(index, 't', 'tea', '隔夜茶不能喝！茶水放了一夜会产生致癌物，喝了伤胃又伤肝');
  const ranked = assessCandidates(index, featuresOf('隔夜菜会致癌吗？'));
  expect(ranked[0]?.caseId).toBe('dishes');
  expect(ranked.map((c) => c.rankScore)).toEqual([...ranked.map((c) => c.rankScore)].sort((a, b) => b - a));
});
