import { assessCandidates } from '../../server/src/features/matching/assess';
import { translatedFeatures } from '../../server/src/features/matching/crossLingual';
import { LOOKUP_CALIBRATION } from '../../server/src/features/matching/lookupCalibration';
import {
  caseHolds,
  caseVocabulary,
  COPY_SUBSTITUTION_INPUT,
  LOOKUP_ANSWER_SIGNS,
  LOOKUP_RANK_SIGNS,
  lookupAnswerFeatures,
  lookupRankFeatures,
  rankLookup,
  withCaseHolds,
  withTranslation,
} from '../../server/src/features/matching/lookupRanking';
import { MemoryIndex } from '../../server/src/features/matching/memoryIndex';
import { normalizeText } from '../../server/src/features/matching/normalize';
import { DEFAULT_MATCH_SETTINGS } from '../../server/src/features/matching/settings';
import { DENIAL_MARKER, matchTokens } from '../../server/src/features/matching/tokens';
import { backgroundWeights } from '../../server/src/features/matching/weights';
import { clopperPearsonOneSidedUpper, clopperPearsonUpper, trialsToShow } from '../../bench/confidence';

const weights = backgroundWeights(DEFAULT_MATCH_SETTINGS.segmentation);
const featuresOf = (text: string) => matchTokens(normalizeText(text), DEFAULT_MATCH_SETTINGS.segmentation);
const fresh = () => new MemoryIndex(DEFAULT_MATCH_SETTINGS.lsh, DEFAULT_MATCH_SETTINGS.maxCandidates, weights);
const add = (index: MemoryIndex, claimId: string, caseId: string, text: string, core = true) =>
  index.addReport({ claimId, caseId, features: featuresOf(text), core, reachScore: 0, emergency: false, receivedAt: 0 });
const lookup = (index: MemoryIndex, text: string) => {
  const features = featuresOf(text);
  return rankLookup(index, features, assessCandidates(index, features));
};

test("a case's vocabulary is its reports' and its claim as reviewed together, and a report looked up is left out of it", () => {
  const index = fresh();
  add(index, 'd1', 'dishes', '隔夜菜千万不能吃，会致癌');
  add(index, 'd2', 'dishes', '剩饭剩菜放一夜亚硝酸盐超标', false);
  const vocabulary = caseVocabulary(index, 'dishes');
  expect(vocabulary.has('隔夜')).toBe(true);
  expect(vocabulary.has('亚硝酸')).toBe(true);
  expect(caseVocabulary(index, 'dishes', 'd2').has('亚硝酸')).toBe(false);
  index.setStatement('dishes', featuresOf('隔夜的饭菜含有亚硝酸盐，吃了会得胃癌'), 1);
  expect(caseVocabulary(index, 'dishes').has('胃癌')).toBe(true);
  expect([...vocabulary].some((feature) => feature.startsWith('~'))).toBe(false);
});

test("a case's stance is what most of its entries do: a negation in passing in its opening report does not make every rewording deny it", () => {
  const index = fresh();
  add(index, 'm1', 'mars', 'On August 27 Mars will look as large as the full moon. Two moons in the sky! Nobody alive will see this again.');
  add(index, 'm2', 'mars', 'Mars comes so close to Earth on Aug 27 that it appears the same size as the moon.', false);
  add(index, 'm3', 'mars', 'Look up on August 27: the red planet will be as big as the full moon. Share with everyone!', false);
  expect(featuresOf('On August 27 Mars will look as large as the full moon. Two moons in the sky! Nobody alive will see this again.')).toContain(DENIAL_MARKER);
  expect(caseVocabulary(index, 'mars').has(DENIAL_MARKER)).toBe(false);
  const [rewording] = lookup(index, 'Is it true that Mars will look as big as the full moon on August 27?');
  expect(rewording).toMatchObject({ caseId: 'mars', caseStanceMismatch: false });
  expect(rewording!.answerProbability).toBeGreaterThan(0);
  const [denial] = lookup(index, 'Mars will not look as big as the full moon on August 27.');
  expect(denial).toMatchObject({ caseId: 'mars', caseStanceMismatch: true, answerProbability: 0 });

  const pointless = fresh();
  add(pointless, 'g1', 'sorting', '垃圾分类根本没用，垃圾车一来全部倒在一起拉去烧了');
  add(pointless, 'g2', 'sorting', '分类没用，环卫车把四个桶的垃圾倒进同一个车斗', false);
  add(pointless, 'g3', 'sorting', '辛辛苦苦分好的垃圾最后还是混在一起烧', false);
  expect(caseVocabulary(pointless, 'sorting').has(DENIAL_MARKER)).toBe(true);
  expect(lookup(pointless, '垃圾分类没用，最后都倒在一起烧了')[0]).toMatchObject({ caseId: 'sorting', caseStanceMismatch: false });
});

test('what only one case holds of a question counts for it, what only the others hold against it', () => {
  const query = new Set(featuresOf('隔夜菜会致癌吗？'));
  const [dishes, watermelon] = caseHolds(query, [new Set(featuresOf('隔夜菜会致癌，剩菜里亚硝酸盐超标')), new Set(featuresOf('隔夜的西瓜会致癌'))], weights);
  expect(dishes!.caseCoverage).toBeCloseTo(1, 12);
  expect(dishes!.caseUnsharedPeak).toBe(0);
  expect(dishes!.caseKeyMissing).toBe(0);
  expect(watermelon!.caseCoverage).toBeLessThan(1);
  expect(watermelon!.caseUnsharedPeak).toBeGreaterThan(0);
  expect(watermelon!.caseOthersOnlyShare).toBeCloseTo(dishes!.caseExclusiveShare, 12);
  expect(dishes!.caseOthersOnlyShare).toBe(0);
});

test('the calibration has one weight per input, and the lookup orders and answers with it', () => {
  const index = fresh();
  add(index, 'w', 'watermelon', '隔夜的西瓜不能吃，会致癌，切开的西瓜放一晚上就有毒');
  add(index, 'd', 'dishes', '隔夜菜千万不能吃！放过一夜的剩菜亚硝酸盐严重超标，吃了会致癌');
  add(index, 't', 'tea', '隔夜茶不能喝！茶水放了一夜会产生致癌物，喝了伤胃又伤肝');
  const features = featuresOf('隔夜菜会致癌吗？');
  const held = withCaseHolds(index, features, assessCandidates(index, features));
  expect(LOOKUP_CALIBRATION.rankModel.coefficients).toHaveLength(LOOKUP_RANK_SIGNS.length);
  expect(lookupRankFeatures(held[0]!)).toHaveLength(LOOKUP_RANK_SIGNS.length);
  expect(LOOKUP_CALIBRATION.answerModel.coefficients).toHaveLength(LOOKUP_ANSWER_SIGNS.length + 1);
  expect(lookupAnswerFeatures(held[0]!)).toHaveLength(LOOKUP_ANSWER_SIGNS.length);
  expect(DEFAULT_MATCH_SETTINGS.answerThreshold).toBe(LOOKUP_CALIBRATION.answerProbability);
  const ranked = lookup(index, '隔夜菜会致癌吗？');
  expect(ranked[0]?.caseId).toBe('dishes');
  expect(ranked.every((candidate) => candidate.answerProbability >= 0 && candidate.answerProbability <= 1)).toBe(true);
});

test('a denial of a published claim, a true post on its subject and a near miss are never answered with its verdict; a question restating it is', () => {
  const index = fresh();
  add(index, 'q1', 'quake-clouds', '地震云出现了，预示着几天内就会发生大地震，大家提前做好准备');
  add(index, 'q2', 'quake-clouds', '天上出现地震云就说明要地震了，地震云可以预测地震', false);
  add(index, 'm', 'microwave', '微波炉加热过的饭菜带有辐射，长期吃会致癌，家里有老人孩子的千万注意！');
  index.setStatement('quake-clouds', featuresOf('地震云可以预测地震'), 1);
  const bar = LOOKUP_CALIBRATION.answerProbability;
  const probabilityOf = (text: string, caseId: string) => lookup(index, text).find((candidate) => candidate.caseId === caseId)?.answerProbability ?? 0;
  expect(probabilityOf('地震云可以预测地震，是真的吗？', 'quake-clouds')).toBeGreaterThanOrEqual(bar);
  expect(lookup(index, '地震云可以预测地震吗')[0]?.caseId).toBe('quake-clouds');
  expect(probabilityOf('地震云不能预测地震，这是谣言，没有科学依据', 'quake-clouds')).toBe(0);
  expect(probabilityOf('据中国地震台网报道，今日14时云南发生4.2级地震，震源深度10千米', 'quake-clouds')).toBeLessThan(bar);
  expect(probabilityOf('电磁炉加热过的饭菜带有辐射，长期吃会致癌', 'microwave')).toBeLessThan(bar);
});

test('a copy of a published rumor with its subject swapped out is not answered with its verdict: the swap in a near copy weighs against it', () => {
  const index = fresh();
  add(index, 'r1', 'plastic-rice', '注意！市场上出现用塑料做的假大米，煮出来看不出区别，吃了会中毒！');
  add(index, 'r2', 'plastic-rice', '塑料大米流入超市了，教大家一个辨别方法：用火烧一下，有塑料味的就是假的，赶紧转发', false);
  const bar = LOOKUP_CALIBRATION.answerProbability;
  const probabilityOf = (text: string, calibration = LOOKUP_CALIBRATION) => {
    const features = featuresOf(text);
    return rankLookup(index, features, assessCandidates(index, features), undefined, calibration).find((candidate) => candidate.caseId === 'plastic-rice')?.answerProbability ?? 0;
  };
  const withoutSwap = { ...LOOKUP_CALIBRATION, answerModel: { coefficients: LOOKUP_CALIBRATION.answerModel.coefficients.map((c, k) => (k === COPY_SUBSTITUTION_INPUT ? 0 : c)) } };
  const swapped = '注意！市场上出现用塑料做的假鸡蛋，煮出来看不出区别，吃了会中毒！';
  expect(LOOKUP_CALIBRATION.answerModel.coefficients[COPY_SUBSTITUTION_INPUT]).toBeLessThan(0);
  expect(probabilityOf(swapped, withoutSwap)).toBeGreaterThanOrEqual(bar);
  expect(probabilityOf(swapped)).toBeLessThan(bar);
  expect(probabilityOf('注意！市场上出现塑料做的假大米，煮出来看不出区别，吃了会中毒，转给家人！')).toBeGreaterThanOrEqual(bar);
});

test('the exact one-sided bound, and how many answers it takes to show one wrong in a hundred', () => {
  // With none wrong the bound is 1 − 0.05^(1/n).
  expect(clopperPearsonOneSidedUpper(0, 100)).toBeCloseTo(1 - 0.05 ** (1 / 100), 6);
  expect(clopperPearsonOneSidedUpper(1, 100)).toBeLessThan(clopperPearsonUpper(1, 100));
  expect(trialsToShow(0.01, 0)).toBe(299);
  expect(clopperPearsonOneSidedUpper(1, trialsToShow(0.01, 1))).toBeLessThanOrEqual(0.01);
  expect(clopperPearsonOneSidedUpper(1, trialsToShow(0.01, 1) - 1)).toBeGreaterThan(0.01);
});

describe('a text read in the other language', () => {
  const segmentation = DEFAULT_MATCH_SETTINGS.segmentation;

  test('English words become the common Chinese words glossed with them, Chinese words English stems; markers and 5g stay', () => {
    const chinese = translatedFeatures(featuresOf('Can earthquake clouds predict earthquakes?'), segmentation);
    expect(chinese).toEqual(expect.arrayContaining(['地震', '云', '预测']));
    expect(chinese.some((feature) => /^[a-z0-9]+$/u.test(feature))).toBe(false);
    const english = translatedFeatures(featuresOf('荷兰测试5G信号，几百只鸟当场死亡，5G辐射太可怕了'), segmentation);
    expect(english).toEqual(expect.arrayContaining(['netherland', 'radiat', 'signal', 'test', '5g']));
    expect(english.some((feature) => /\p{Script=Han}/u.test(feature))).toBe(false);
    expect(translatedFeatures(featuresOf('Earthquake clouds cannot predict earthquakes'), segmentation)).toContain('~denial');
    expect(translatedFeatures(featuresOf('12345'), segmentation)).toEqual([]);
  });

  test('the translation lets a case of the other language lead by the calibrated margin, and never answers with it', () => {
    const index = fresh();
    add(index, 'c', 'clouds', '地震云出现了，说明几天内就要发生大地震，地震云可以预测地震');
    add(index, 'w', 'weather', 'Earthquake weather is real: quakes strike on hot, still days, so expect one this week');
    const features = featuresOf('Can earthquake clouds predict earthquakes?');
    const own = lookup(index, 'Can earthquake clouds predict earthquakes?');
    const translated = translatedFeatures(features, segmentation);
    const across = rankLookup(index, translated, assessCandidates(index, translated));
    expect(own[0]?.caseId).toBe('weather');
    expect(across[0]?.caseId).toBe('clouds');
    const lead = across[0]!.evidence.similarity - own[0]!.evidence.similarity;
    expect(lead).toBeGreaterThan(0);
    const led = withTranslation(own, across, lead);
    expect(led.map((candidate) => candidate.caseId)).toEqual(['clouds', 'weather']);
    expect(led[0]!.answerProbability).toBe(0);
    // Short of the margin the lookup's own order stays; the translation's other cases follow it, unanswered.
    expect(withTranslation(own, across, lead + 0.01).map((candidate) => candidate.caseId)).toEqual(['weather', 'clouds']);
    expect(withTranslation(own, [], 0)).toEqual(own);
  });
});
