import fs from 'node:fs';
import { bandKeys, candidateProbability, minhashSignature } from '../../server/src/features/matching/minhash';
import { normalizeText } from '../../server/src/features/matching/normalize';
import { copySubstitution, pairEvidence } from '../../server/src/features/matching/pairEvidence';
import { featureSimilarity } from '../../server/src/features/matching/similarity';
import { matchTokens } from '../../server/src/features/matching/tokens';
import { backgroundFingerprint, backgroundWeights, idfWeights, significantDigits, TERM_FREQUENCIES_FILE } from '../../server/src/features/matching/weights';

const features = (text: string) => matchTokens(normalizeText(text), 'intl-segmenter');

test('Traditional and Simplified Chinese normalise to the same text', () => {
  expect(normalizeText('喝熱水能殺死病毒，轉發給家人！')).toBe(normalizeText('喝热水能杀死病毒，转发给家人！'));
  expect(normalizeText('疫苗會導致自閉症')).toBe('疫苗会导致自闭症');
});

test('features: Han characters and words or bigrams, stemmed English without stop words', () => {
  expect(matchTokens('隔夜菜', 'bigrams')).toEqual(['u:夜', 'u:菜', 'u:隔', '夜菜', '隔夜'].sort());
  expect(matchTokens('the viruses are killing', 'bigrams')).toEqual(['kill', 'virus']);
  expect(features('喝热水能杀死病毒')).toEqual(expect.arrayContaining(['热水', '病毒', 'u:毒']));
});

test('MinHash keys are deterministic and shared by near-duplicates', () => {
  const a = features('Drinking hot water every fifteen minutes kills the virus in your throat');
  const b = features('Drink hot water every fifteen minutes: it kills the virus in the throat');
  const c = features('The moon will turn red and split in two next Tuesday');
  const shape = { bands: 32, rows: 2 };
  expect(bandKeys(a, shape)).toEqual(bandKeys([...a], shape));
  expect(minhashSignature(a, 8)).toHaveLength(8);
  const shared = (x: string[], y: string[]) => bandKeys(x, shape).filter((key) => bandKeys(y, shape).includes(key)).length;
  expect(shared(a, b)).toBeGreaterThan(shared(a, c));
  expect(bandKeys([], shape)).toEqual([]);
});

test('the LSH shape finds pairs of Jaccard 0.5 almost surely and rarely pairs of 0.05', () => {
  const shape = { bands: 32, rows: 2 };
  expect(candidateProbability(0.5, shape)).toBeGreaterThan(0.999);
  expect(candidateProbability(0.05, shape)).toBeLessThan(0.1);
});

test('similarity: 1 for the same set, 0 for disjoint, rare shared features weigh more', () => {
  expect(featureSimilarity(['a', 'b'], ['a', 'b'])).toBeCloseTo(1);
  expect(featureSimilarity(['a'], ['b'])).toBe(0);
  expect(featureSimilarity([], ['a'])).toBe(0);
  const weights = idfWeights([['common', 'x'], ['common', 'y'], ['common', 'z'], ['rare']]);
  const sharedRare = featureSimilarity(['rare', 'p'], ['rare', 'q'], weights);
  const sharedCommon = featureSimilarity(['common', 'p'], ['common', 'q'], weights);
  expect(sharedRare).toBeGreaterThan(sharedCommon);
});

test('a trimmed repost of a long message still scores high (containment)', () => {
  const long = features('My aunt is a nurse and she says that eating garlic every morning cures high blood pressure within a week');
  const trimmed = features('eating garlic every morning cures high blood pressure');
  expect(featureSimilarity(long, trimmed)).toBeGreaterThan(0.6);
});

test('weights come from a large background corpus: a claim\'s key terms outweigh its framing', () => {
  const weights = backgroundWeights('intl-segmenter');
  const weight = (feature: string) => weights.weight(feature);
  for (const [key, framing] of [
    ['隔夜', '专家'],
    ['西瓜', '千万'],
    ['亚硝酸盐', '转发'],
    ['u:癌', 'u:的'],
    ['coronaviru', 'sai'],
  ] as const) {
    expect(weight(key)).toBeGreaterThan(weight(framing));
  }
  // A term the corpus does not know: an English one (a technical term, a number) counts as rare,
  // a Chinese compound as a median word.
  expect(weight('zzxqvirus')).toBeGreaterThan(weight('tower'));
  expect(weight('zzxqvirus')).toBeLessThanOrEqual(weights.maxWeight);
  expect(weight('隔夜西瓜汁粉')).toBeGreaterThan(weight('的'));
  expect(weight('隔夜西瓜汁粉')).toBeLessThan(weights.maxWeight);
  expect(weights.weight('~denial')).toBe(0);
});

test('a figure weighs by the digits that say which number it is: a shared round number says little', () => {
  expect([significantDigits('2000'), significantDigits('14'), significantDigits('0'), significantDigits('28018'), significantDigits('007')]).toEqual([1, 2, 1, 5, 1]);
  const weights = backgroundWeights('intl-segmenter');
  const weight = (feature: string) => weights.weight(feature);
  expect(weight('2000')).toBeLessThan(weight('14'));
  expect(weight('14')).toBeLessThan(weight('28018'));
  // A round figure weighs less than a common word, a long one as much as a rare word.
  expect(weight('2000')).toBeLessThan(weight('peopl'));
  expect(weight('28018')).toBeGreaterThan(weight('pandem') * 0.7);
  const pizzeria = features('Arizona pizzeria gets $2,000 from anonymous customer, owner uses it to pay staff');
  const deaths = features('2000 people died of COVID-19 in one day in France');
  expect(featureSimilarity(pizzeria, deaths, weights)).toBeLessThan(0.2);
});

test('the background fingerprint names the corpus file: other counts rebuild the index snapshot', () => {
  const fingerprint = backgroundFingerprint();
  expect(fingerprint).toMatch(/^[0-9a-f]{64}$/u);
  expect(backgroundFingerprint()).toBe(fingerprint);
  expect(fs.existsSync(TERM_FREQUENCIES_FILE)).toBe(true);
});

test('pair evidence: a near miss names a heavy word on each side, a rewording does not', () => {
  const weights = backgroundWeights('intl-segmenter');
  const rumor = features('吃隔夜菜会导致胃癌，亚硝酸盐严重超标');
  const nearMiss = pairEvidence(new Set(features('隔夜的西瓜不能吃，会致癌')), rumor, weights);
  const reworded = pairEvidence(new Set(features('隔夜菜千万别吃了！亚硝酸盐超标，吃了会得胃癌')), rumor, weights);
  expect(nearMiss.substitutionPeak).toBeGreaterThan(reworded.substitutionPeak);
  expect(nearMiss.unsharedHeavyShare).toBeGreaterThan(reworded.unsharedHeavyShare);
  for (const evidence of [nearMiss, reworded]) {
    for (const measure of [evidence.queryUnsharedPeak, evidence.candidateUnsharedPeak, evidence.unsharedHeavyShare]) {
      expect(measure).toBeGreaterThanOrEqual(0);
      expect(measure).toBeLessThanOrEqual(1);
    }
  }
});

test('a swap in a near copy: a rumor copied with its subject swapped out counts, a question or a long post restating it barely does', () => {
  const weights = backgroundWeights('bigrams');
  const featuresOf = (text: string) => matchTokens(normalizeText(text), 'bigrams');
  const rumor = featuresOf('注意！市场上出现用塑料做的假大米，煮出来看不出区别，吃了会中毒！');
  const evidence = (text: string) => pairEvidence(new Set(featuresOf(text)), rumor, weights);
  const swapped = evidence('注意！市场上出现用塑料做的假鸡蛋，煮出来看不出区别，吃了会中毒！');
  const question = evidence('塑料大米是真的吗？市场上真有人卖塑料做的假米？');
  const longPost = evidence('我二姨昨天在菜市场买的米，煮出来一股怪味，邻居说市场上出现用塑料做的假大米，吃了会中毒，大家买米一定要小心！');
  expect(swapped.cosine).toBeGreaterThan(0.8);
  expect(copySubstitution(swapped)).toBeGreaterThan(0.3);
  for (const restated of [question, longPost]) expect(copySubstitution(restated)).toBeLessThan(copySubstitution(swapped) / 2);
  // A one-character edit makes bigrams across two words on both sides; they are no words, and no swap.
  expect(weights.isKnownWord!('鸡蛋')).toBe(true);
  expect(weights.isKnownWord!('假鸡')).toBe(false);
  const edited = pairEvidence(new Set(featuresOf('人和动物的区别是什么')), featuresOf('人与动物的区别是什么'), weights);
  expect(edited.substitutionPeak).toBeGreaterThan(0);
  expect(edited.wordSwapPeak).toBe(0);
  // A repost with a comment and a typo (至癌 for 致癌) adds words and swaps none.
  const box = featuresOf('用塑料饭盒放进微波炉加热，会释放大量塑化剂和二噁英，吃了致癌！');
  const repost = pairEvidence(new Set(featuresOf('听着就吓人，转：用塑料饭盒放进微波炉加热，会释放大量塑化剂和二噁英，吃了至癌！')), box, weights);
  expect(repost.cosine).toBeGreaterThan(0.7);
  expect(repost.wordSwapPeak).toBe(0);
  expect(weights.isKnownWord!('arthriti')).toBe(true);
  expect(weights.isKnownWord!('arthritu')).toBe(false);
  // Below the near-copy cosine a swap does not count at all.
  expect(copySubstitution({ cosine: 0.5, wordSwapPeak: 0.9 })).toBe(0);
  expect(copySubstitution({ cosine: 1, wordSwapPeak: 0.4 })).toBeCloseTo(0.4, 12);
});
