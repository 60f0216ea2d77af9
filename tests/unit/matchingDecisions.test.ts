import { ANSWER_CALIBRATION } from '../../server/src/features/matching/answerCalibration';
import { ANSWER_FEATURE_SIGNS, answerFeatures, sameClaimProbability } from '../../server/src/features/matching/answerModel';
import { assessCandidates, caseProbability, joinEvidence, joinsOpenCase } from '../../server/src/features/matching/assess';
import { fitLogistic, predict } from '../../server/src/features/matching/logistic';
import { LOOKUP_CALIBRATION } from '../../server/src/features/matching/lookupCalibration';
import { rankLookup } from '../../server/src/features/matching/lookupRanking';
import { MemoryIndex } from '../../server/src/features/matching/memoryIndex';
import { exactMatchKey, normalizeText } from '../../server/src/features/matching/normalize';
import { caseSignature, signatureCoverage } from '../../server/src/features/matching/caseSignature';
import { contradicts, pairEvidence } from '../../server/src/features/matching/pairEvidence';
import { CORE_MARGIN, DEFAULT_MATCH_SETTINGS } from '../../server/src/features/matching/settings';
import { DENIAL_MARKER, isDebunk, isDenial, matchTokens } from '../../server/src/features/matching/tokens';
import { backgroundWeights } from '../../server/src/features/matching/weights';

const weights = backgroundWeights(DEFAULT_MATCH_SETTINGS.segmentation);
const featuresOf = (text: string) => matchTokens(normalizeText(text), DEFAULT_MATCH_SETTINGS.segmentation);
const fresh = () => new MemoryIndex(DEFAULT_MATCH_SETTINGS.lsh, DEFAULT_MATCH_SETTINGS.maxCandidates, weights);
const add = (index: MemoryIndex, claimId: string, caseId: string, text: string, core = true) =>
  index.addReport({ claimId, caseId, features: featuresOf(text), core, reachScore: 0, emergency: false, receivedAt: 0 });
const { answerModel } = ANSWER_CALIBRATION;
/** The published answer as `POST /match` gives it: the known-rumor lookup's model and bar. */
const ANSWER_BAR = LOOKUP_CALIBRATION.answerProbability;
const lookupProbabilities = (index: MemoryIndex, text: string) => {
  const features = featuresOf(text);
  return new Map(rankLookup(index, features, assessCandidates(index, features)).map((candidate) => [candidate.caseId, candidate.answerProbability]));
};

const LEFTOVERS = ['吃隔夜菜会导致胃癌，亚硝酸盐严重超标', '隔夜菜千万别吃了！放了一晚上的剩菜亚硝酸盐超标，吃多了得胃癌'];

test('claim-focused normalisation strips the framing of a question', () => {
  expect(normalizeText('求证：地震云能预测地震吗？')).toBe('地震云能预测地震');
  expect(exactMatchKey(normalizeText('隔夜茶会致癌，是真的吗？'))).toBe(exactMatchKey(normalizeText('隔夜茶会致癌')));
  expect(normalizeText('Is it true that 5G spreads COVID?')).toBe('5g spreads covid');
});

test("a repost is matched on the post it passes on, not on the comments before it", () => {
  const post = normalizeText('隔夜的剩米饭千万别再吃了，里面有毒素，已经有人吃了中毒送医！');
  expect(normalizeText('转给家里人，宁可信其有😭//@用户7553194162:太吓人了//@小鱼爱吃鱼:隔夜的剩米饭千万别再吃了，里面有毒素，已经有人吃了中毒送医！')).toBe(post);
  expect(normalizeText('我妈发给我的，转：隔夜的剩米饭千万别再吃了，里面有毒素，已经有人吃了中毒送医！')).toBe(post);
  expect(normalizeText('【转】隔夜的剩米饭千万别再吃了，里面有毒素，已经有人吃了中毒送医！')).toBe(post);
  expect(normalizeText('Wow 😳 RT @lou_from_jersey: One phone can bring down a plane, switch it off')).toBe(normalizeText('One phone can bring down a plane, switch it off'));
  // A repost whose comment denies what it passes on is a denial, and stays one.
  expect(isDenial(normalizeText('这是谣言，大家别信！//@小鱼爱吃鱼:隔夜的剩米饭千万别再吃了，里面有毒素'))).toBe(true);
  // Traditional markers are read as well.
  expect(normalizeText('【轉】隔夜的剩米飯千萬別再吃了，裡面有毒素，已經有人吃了中毒送醫！')).toBe(post);
  // What follows the last marker is a source line, emoji codes, a link or ordinary prose: the whole text is kept.
  const rice = '隔夜的剩米饭千万别再吃了，里面有毒素，已经有人吃了中毒送医！';
  expect(normalizeText(`${rice}\n转自：健康养生微信公众号`)).toContain('隔夜的剩米饭');
  expect(normalizeText(`${rice}//@小明:[哈哈][哈哈][哈哈]`)).toContain('隔夜的剩米饭');
  expect(normalizeText('Vaccines cause autism, share now RT @bob: https://t.co/AbC123')).toContain('vaccines cause autism');
  expect(normalizeText('患者病情好转，转自ICU后，医生说：没有生命危险')).toContain('患者病情好转');
  expect(normalizeText(`${rice}//@小明:吓死了，我再也不敢吃剩饭了`)).toContain('隔夜的剩米饭');
  // Too little after the last marker to be a claim: the whole text is kept.
  expect(normalizeText('隔夜米饭有毒//@小鱼爱吃鱼:转发')).toContain('隔夜米饭有毒');
});

test('a denial is marked, an assertion of the same words is not', () => {
  expect(isDenial(normalizeText('隔夜菜致癌是谣言，正常冷藏的剩菜不会导致胃癌'))).toBe(true);
  expect(isDenial(normalizeText("5G doesn't spread COVID-19"))).toBe(true);
  expect(isDenial(normalizeText('隔夜的西瓜不能吃，会致癌'))).toBe(false);
  expect(isDenial(normalizeText('5G spreads COVID-19'))).toBe(false);
  expect(featuresOf('5G does not spread COVID')).toContain(DENIAL_MARKER);
  // That something never happened denies a claim that it did; a rumor's "never seen before" does not.
  expect(isDenial(normalizeText('There has never been a confirmed case of HIV-infected needles in cinema seats'))).toBe(true);
  expect(isDenial(normalizeText('There has never been a single documented case of it'))).toBe(true);
  expect(isDenial(normalizeText('HIV needles were found in cinema seats, something never seen before'))).toBe(false);
  expect(isDenial(normalizeText('There have never been so many sudden deaths of athletes as since the vaccine rollout'))).toBe(false);
  expect(isDenial(normalizeText('Lemon water cures cancer, a fact that has never been reported by the media'))).toBe(false);
  // A rumor may hold a plain negation; a denial of it in so many words is still told apart.
  expect(isDebunk(normalizeText('Nobody can predict that an earthquake will hit Los Angeles next Tuesday'))).toBe(true);
  expect(isDebunk(normalizeText("A big earthquake will hit Los Angeles next Tuesday; scientists won't announce it"))).toBe(false);
  const rumor = featuresOf("A big earthquake will hit Los Angeles next Tuesday; scientists won't announce it");
  const denial = new Set(featuresOf('Nobody can predict that a big earthquake will hit Los Angeles next Tuesday'));
  expect(rumor).toContain(DENIAL_MARKER);
  expect(pairEvidence(denial, rumor, weights).denialMismatch).toBe(true);
});

test('pair evidence names the heaviest shared words and sees a denial', () => {
  const rumor = featuresOf(LEFTOVERS[0]!);
  const reworded = pairEvidence(new Set(featuresOf('隔夜菜里亚硝酸盐超标，吃了会得胃癌')), rumor, weights);
  expect(reworded.sharedTerms).toEqual(expect.arrayContaining(['胃癌', '亚硝酸']));
  expect(reworded.sharedTerms.length).toBeLessThanOrEqual(8);
  expect(reworded.denialMismatch).toBe(false);
  const denial = pairEvidence(new Set(featuresOf('隔夜菜致癌是谣言，剩菜亚硝酸盐很少，不会导致胃癌')), rumor, weights);
  expect(denial.denialMismatch).toBe(true);
  expect(sameClaimProbability(denial, { margin: 1, signatureCoverage: 1 }, answerModel)).toBe(0);
  // The marker weighs nothing in the score itself.
  const marked = pairEvidence(new Set([...rumor, DENIAL_MARKER]), rumor, weights);
  expect(marked.similarity).toBeCloseTo(1, 10);
  expect(marked.denialMismatch).toBe(true);
});

test('texts whose figures differ state another fact, however many words they share', () => {
  const bulletin = featuresOf('截至2月5日24时，31个省累计报告确诊病例28018例，累计死亡病例563例');
  const nextDay = pairEvidence(new Set(featuresOf('截至2月6日24时，31个省累计报告确诊病例31161例，累计死亡病例636例')), bulletin, weights);
  expect(nextDay.similarity).toBeGreaterThan(0.6);
  expect(nextDay.figureMismatch).toBe(true);
  expect(sameClaimProbability(nextDay, { margin: 1, signatureCoverage: 1 }, answerModel)).toBe(0);
  expect(joinsOpenCase({ ...nextDay, coreSimilarity: nextDay.similarity, denialMismatch: nextDay.denialMismatch || nextDay.figureMismatch }, 0.3, 0.1)).toBe(false);
  // A repost that keeps the figures, or adds one, or gives none, still agrees.
  const repost = pairEvidence(new Set(featuresOf('转发：截至2月5日24时累计确诊28018例，死亡563例，2020年大家加油')), bulletin, weights);
  expect(repost.figureMismatch).toBe(false);
  expect(pairEvidence(new Set(featuresOf('累计确诊病例又增加了')), bulletin, weights).figureMismatch).toBe(false);
  expect(pairEvidence(new Set(featuresOf('明天成都有8级地震')), featuresOf('明天成都有7级地震'), weights).figureMismatch).toBe(true);
});

test('a comparison that points the other way states the opposite claim, and is never answered with its verdict', () => {
  const rumor = 'Electric cars pollute more than petrol cars over their lifetime';
  const flipped = 'Over their lifetime electric cars pollute less than petrol cars';
  const evidence = pairEvidence(new Set(featuresOf(flipped)), featuresOf(rumor), weights);
  expect(evidence.similarity).toBeGreaterThan(0.8);
  expect(evidence.comparisonFlipped).toBe(true);
  expect(contradicts(evidence)).toBe(true);
  expect(pairEvidence(new Set(featuresOf('电动车的污染低于燃油车')), featuresOf('电动车的污染高于燃油车'), weights).comparisonFlipped).toBe(true);
  // A rewording that makes no comparison, or the same one, or both ways, is no flip.
  expect(pairEvidence(new Set(featuresOf('Electric cars are worse for the planet than petrol cars')), featuresOf(rumor), weights).comparisonFlipped).toBe(false);
  expect(pairEvidence(new Set(featuresOf('EVs pollute more than gas cars once you count the batteries')), featuresOf(rumor), weights).comparisonFlipped).toBe(false);
  expect(pairEvidence(new Set(featuresOf('They pollute less than you think, but more than petrol cars')), featuresOf(rumor), weights).comparisonFlipped).toBe(false);

  const index = fresh();
  add(index, 'r1', 'evs', rumor);
  add(index, 'r2', 'evs', 'Electric cars pollute more than gas cars once you count the batteries.', false);
  expect(lookupProbabilities(index, flipped).get('evs')).toBe(0);
  expect(lookupProbabilities(index, 'Electric cars pollute more than petrol cars over their whole lifetime!').get('evs')).toBeGreaterThanOrEqual(ANSWER_BAR);
});

test('each input of the answer model has its sign', () => {
  const inputs = answerFeatures(pairEvidence(new Set(['a']), ['a'], weights), { margin: 0, signatureCoverage: 0 });
  expect(ANSWER_FEATURE_SIGNS).toHaveLength(inputs.length);
  expect(ANSWER_CALIBRATION.answerModel.coefficients).toHaveLength(inputs.length + 1);
});

test('a fit holds each weight to its sign', () => {
  // The second feature, on its own, goes with the negatives; held to be non-negative it is left out.
  const examples = Array.from({ length: 40 }, (_, i) => ({ features: [i / 40, i < 20 ? 1 : 0], positive: i >= 20 }));
  const free = fitLogistic(examples, { iterations: 3000, rate: 2 });
  const held = fitLogistic(examples, { iterations: 3000, rate: 2, signs: [1, 1] });
  expect(free.coefficients[1]).toBeLessThan(0);
  expect(held.coefficients[1]).toBe(0);
  expect(held.coefficients[0]).toBeGreaterThan(0);
});

test('logistic regression learns a separable rule and predicts probabilities', () => {
  const examples = Array.from({ length: 40 }, (_, i) => ({ features: [i / 40], positive: i >= 20 }));
  const model = fitLogistic(examples, { iterations: 3000, rate: 2 });
  expect(predict(model, [0.9])).toBeGreaterThan(0.8);
  expect(predict(model, [0.1])).toBeLessThan(0.2);
  expect(model.coefficients[0]).toBeGreaterThan(0);
});

test('a near-miss rumor of the same frame is related to a published case but not answered with it', () => {
  const index = fresh();
  LEFTOVERS.forEach((text, i) => add(index, `l${i}`, 'leftovers', text));
  for (const query of ['隔夜的西瓜不能吃，会致癌', '喝隔夜茶会致癌']) {
    const [candidate] = assessCandidates(index, featuresOf(query));
    expect(candidate?.caseId).toBe('leftovers');
    expect(lookupProbabilities(index, query).get('leftovers')).toBeLessThan(ANSWER_BAR);
  }
  expect(lookupProbabilities(index, '转发：隔夜菜千万别吃了！放了一晚的剩菜亚硝酸盐超标，吃多了会得胃癌').get('leftovers')).toBeGreaterThanOrEqual(ANSWER_BAR);
});

test('a case is judged on its core too: a variant cannot carry a text that drifted away from it', () => {
  const index = fresh();
  add(index, 'core', 'A', '微波炉加热过的饭菜带有辐射，长期吃会致癌');
  add(index, 'variant', 'A', '微波炉热饭菜会致癌，塑料饭盒加热还会释放塑化剂', false);
  const drifted = featuresOf('塑料饭盒会释放塑化剂');
  const [candidate] = assessCandidates(index, drifted);
  expect(candidate).toMatchObject({ caseId: 'A', claimId: 'variant' });
  const evidence = joinEvidence(candidate!);
  expect(evidence.coreSimilarity).toBeLessThan(evidence.similarity);
  const { joinSimilarity, joinCoreGap } = ANSWER_CALIBRATION;
  expect(evidence.similarity).toBeGreaterThanOrEqual(joinSimilarity);
  expect(joinsOpenCase(evidence, joinSimilarity, Infinity)).toBe(true);
  expect(joinsOpenCase(evidence, joinSimilarity, joinCoreGap)).toBe(false);
  // The answer model, too, counts a case at most CORE_MARGIN above its core.
  const onVariant = sameClaimProbability(candidate!.evidence, candidate!, answerModel);
  const onCore = sameClaimProbability(candidate!.coreEvidence!, candidate!, answerModel);
  expect(caseProbability(candidate!, answerModel)).toBeCloseTo(Math.min(onVariant, onCore + CORE_MARGIN), 12);
  // A case merged in brings its own core: a report close to it is no longer held back.
  add(index, 'merged', 'B', '塑料饭盒放进微波炉加热会释放塑化剂，吃了致癌');
  index.merge('B', 'A');
  const [afterMerge] = assessCandidates(index, drifted);
  expect(afterMerge?.coreEvidence).toBeNull();
});

test('a denial never joins the case it denies, however similar', () => {
  const index = fresh();
  LEFTOVERS.forEach((text, i) => add(index, `l${i}`, 'leftovers', text));
  const [candidate] = assessCandidates(index, featuresOf('隔夜菜会导致胃癌是谣言，剩菜亚硝酸盐超标的说法没有科学依据'));
  const evidence = joinEvidence(candidate!);
  expect(evidence.similarity).toBeGreaterThanOrEqual(ANSWER_CALIBRATION.joinSimilarity);
  expect(joinsOpenCase(evidence, ANSWER_CALIBRATION.joinSimilarity, ANSWER_CALIBRATION.joinCoreGap)).toBe(false);
});

test('a repost clears the answer bar for its own case only', () => {
  const index = fresh();
  LEFTOVERS.forEach((text, i) => add(index, `l${i}`, 'leftovers', text));
  add(index, 'tea', 'tea', '隔夜茶不能喝！茶水放了一夜会产生致癌物，喝了伤胃又伤肝');
  const probabilities = lookupProbabilities(index, '转发：隔夜菜千万别吃了！放了一晚的剩菜亚硝酸盐超标，吃多了会得胃癌');
  expect([...probabilities].filter(([, probability]) => probability >= ANSWER_BAR).map(([caseId]) => caseId)).toEqual(['leftovers']);
});

test('a lookup among some cases is not crowded out by more similar others', () => {
  const index = fresh();
  const variants = ['今天', '昨天', '刚刚', '听说', '最近', '据说'].map((when) => `${when}有人说吃隔夜菜会导致胃癌，亚硝酸盐严重超标`);
  variants.forEach((text, i) => add(index, `open${i}`, `open-${i}`, text));
  add(index, 'published', 'published', LEFTOVERS[1]!);
  const query = featuresOf('吃隔夜菜会导致胃癌，亚硝酸盐严重超标');
  expect(assessCandidates(index, query).map((c) => c.caseId)).not.toContain('published');
  const onlyPublished = assessCandidates(index, query, undefined, (caseId) => caseId === 'published');
  expect(onlyPublished.map((c) => c.caseId)).toEqual(['published']);
});

test('a same-subject near miss is not answered; a short question of a published claim finds it first', () => {
  const index = fresh();
  LEFTOVERS.forEach((text, i) => add(index, `l${i}`, 'leftovers', text));
  add(index, 'q0', 'quake-clouds', '天上出现了地震云！一条一条的像刀切一样，很快就要地震了');
  add(index, 'q1', 'quake-clouds', '地震云可以预报地震，唐山地震前就出现过，今天我们这也看到了，大家小心', false);
  // 西瓜 is a heavy word of its own: the same frame (隔夜, 致癌), another claim.
  const [nearMiss] = assessCandidates(index, featuresOf('隔夜的西瓜不能吃，会致癌'));
  expect(nearMiss?.caseId).toBe('leftovers');
  expect(nearMiss!.evidence.queryUnsharedPeak).toBeGreaterThan(0.5);
  expect(lookupProbabilities(index, '隔夜的西瓜不能吃，会致癌').get('leftovers')).toBeLessThan(ANSWER_BAR);
  // Stripped of its question framing, the question is the claim: its case comes first, related at least.
  const [question] = assessCandidates(index, featuresOf('地震云可以预测地震吗？'));
  expect(question?.caseId).toBe('quake-clouds');
  expect(question!.evidence.similarity).toBeGreaterThanOrEqual(DEFAULT_MATCH_SETTINGS.relatedThreshold);
  expect(question!.margin).toBeGreaterThan(0);
  expect(caseProbability(question!, answerModel)).toBeGreaterThan(caseProbability(nearMiss!, answerModel));
});

test('the join rule can ask the answer model for a least probability as well', () => {
  const evidence = { similarity: 0.4, coreSimilarity: 0.4, denialMismatch: false };
  expect(joinsOpenCase(evidence, 0.3, 0.1)).toBe(true);
  expect(joinsOpenCase(evidence, 0.3, 0.1, 0.2, 0.35)).toBe(false);
  expect(joinsOpenCase(evidence, 0.3, 0.1, 0.5, 0.35)).toBe(true);
  expect(DEFAULT_MATCH_SETTINGS.joinProbability).toBe(ANSWER_CALIBRATION.joinProbability);
});

test("a case's signature is what most of its reports hold, and a true post on its subject holds less of it than a rewording", () => {
  const index = fresh();
  add(index, 'a', 'garlic', '每天吃生大蒜可以预防新冠肺炎，大蒜素能杀死病毒');
  add(index, 'b', 'garlic', '大蒜能预防新冠！每天生吃两瓣，大蒜素杀病毒', false);
  add(index, 'c', 'garlic', '吃大蒜预防新冠是真的吗', false);
  const signature = caseSignature(index, 'garlic');
  expect(signature).toEqual(expect.arrayContaining(['大蒜', '预防', '新冠']));
  expect(signature).not.toContain('肺炎');
  // Left out of its own case's signature, a report is measured against the others: of two, both must hold a feature.
  expect(caseSignature(index, 'garlic', 'c')).toContain('病毒');
  expect(caseSignature(index, 'garlic', 'c')).not.toContain('两');
  expect(caseSignature(index, 'garlic', 'a')).not.toContain('病毒');
  const coverage = (text: string) => signatureCoverage(new Set(featuresOf(text)), signature, index);
  expect(coverage('生吃大蒜能预防新冠病毒')).toBeGreaterThan(coverage('【健康饮食】大蒜含有大蒜素，是一种健康的调味食物，每天适量吃有益'));
  expect(coverage('生吃大蒜能预防新冠病毒')).toBeGreaterThan(0.7);
  expect(signatureCoverage(new Set(['x']), [], index)).toBe(0);
});

test('features most indexed reports hold weigh less in assessment; retrieval keeps the background weights', () => {
  const index = fresh();
  const background = (feature: string) => weights.weight(feature);
  for (let i = 0; i < 199; i += 1) add(index, `r${i}`, `c${i}`, `新冠病毒 第${i}号通报 编号${i * 7919}`);
  // Too few reports to tell what is common: no discount yet.
  expect(index.collectionWeights.weight('新冠')).toBe(background('新冠'));
  add(index, 'r199', 'c199', '新冠病毒 大蒜');
  expect(index.collectionWeights.weight('新冠')).toBeLessThan(background('新冠') * 0.1);
  expect(index.collectionWeights.weight('大蒜')).toBe(background('大蒜'));
  expect(index.weights.weight('新冠')).toBe(background('新冠'));
});
