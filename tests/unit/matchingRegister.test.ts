import { ANSWER_CALIBRATION } from '../../server/src/features/matching/answerCalibration';
import { assessCandidates, caseProbability, joinEvidence, joinsOpenCase, NEWS_COPY_COSINE } from '../../server/src/features/matching/assess';
import { MemoryIndex } from '../../server/src/features/matching/memoryIndex';
import { normalizeText } from '../../server/src/features/matching/normalize';
import { pairEvidence } from '../../server/src/features/matching/pairEvidence';
import { isNewsRegister, newsRegisterProbability } from '../../server/src/features/matching/register';
import { REGISTER_CALIBRATION } from '../../server/src/features/matching/registerCalibration';
import { DEFAULT_MATCH_SETTINGS } from '../../server/src/features/matching/settings';
import { isMarker, matchTokens, NEWS_REGISTER_MARKER } from '../../server/src/features/matching/tokens';
import { backgroundWeights } from '../../server/src/features/matching/weights';

const settings = DEFAULT_MATCH_SETTINGS;
const weights = backgroundWeights(settings.segmentation);
/** As intake makes them: with the raw text, which the register is read from. */
const featuresOf = (text: string) => matchTokens(normalizeText(text), settings.segmentation, text);

const NEWS = '【口罩使用指引】教育部：5月12日起，中小学生在校园内非必要不戴口罩，体育课等剧烈运动时不戴口罩，以免缺氧。';
const RUMOR = '体育课戴口罩跑步会缺氧猝死，中小学生千万不要戴口罩上体育课！';
const LONG_RUMOR =
  '家人们一定要看完！我表姐的孩子上体育课戴着口罩跑了两圈，当场就晕倒了，送到医院说是缺氧，差点没抢救过来！戴口罩剧烈运动会缺氧猝死，中小学生千万不要戴口罩上体育课，转给所有有孩子的家长！！';

function joins(caseText: string, text: string, features: (text: string) => string[] = featuresOf): boolean {
  const index = new MemoryIndex(settings.lsh, settings.maxCandidates, weights);
  index.addReport({ claimId: 'opener', caseId: 'case', features: features(caseText), core: true, reachScore: 0, emergency: false, receivedAt: 0 });
  const candidate = assessCandidates(index, features(text))[0];
  if (!candidate) return false;
  const probability = caseProbability(candidate, ANSWER_CALIBRATION.answerModel);
  return joinsOpenCase(joinEvidence(candidate), settings.joinThreshold, settings.joinCoreGap, probability, settings.joinProbability);
}

test('a post written as news reads as news; a rumor passed on, long or short, does not', () => {
  expect(newsRegisterProbability(NEWS)).toBeGreaterThanOrEqual(REGISTER_CALIBRATION.bar);
  expect(isNewsRegister('Officials said on Monday that the ministry reported 1,200 new cases, 3% fewer than a week before, according to the agency.')).toBe(true);
  for (const rumor of [RUMOR, LONG_RUMOR, '听说喝隔夜茶会致癌，是真的吗？', 'SHARE THIS NOW!!! 5G towers are spreading the virus, they don t want you to know!']) {
    expect(isNewsRegister(rumor)).toBe(false);
  }
});

test('the register marker comes from the raw text, weighs nothing and changes no other feature', () => {
  const normalized = normalizeText(NEWS);
  const withRaw = matchTokens(normalized, settings.segmentation, NEWS);
  expect(withRaw).toContain(NEWS_REGISTER_MARKER);
  expect(withRaw.filter((feature) => feature !== NEWS_REGISTER_MARKER)).toEqual(matchTokens(normalized, settings.segmentation));
  expect(isMarker(NEWS_REGISTER_MARKER)).toBe(true);
  expect(weights.weight(NEWS_REGISTER_MARKER)).toBe(0);
  const evidence = pairEvidence(new Set(featuresOf(RUMOR)), featuresOf(NEWS), weights);
  expect(evidence.registerMismatch).toBe(true);
  expect(pairEvidence(new Set(featuresOf(LONG_RUMOR)), featuresOf(RUMOR), weights).registerMismatch).toBe(false);
});

test('a rumor does not join the case a news post on its subject opened, nor the reverse; a long rumor post joins the rumor', () => {
  // Without the register the two read as one claim: the rule, not the words, keeps them apart.
  expect(joins(NEWS, RUMOR, (text) => matchTokens(normalizeText(text), settings.segmentation))).toBe(true);
  expect(joins(NEWS, RUMOR)).toBe(false);
  expect(joins(RUMOR, NEWS)).toBe(false);
  expect(joins(RUMOR, LONG_RUMOR)).toBe(true);
});

test('two posts that read as news join only as copies of one post: a longer notice naming the first one\'s words reports another event', () => {
  const OTHER_NEWS =
    '【返校复课】5月12日，多地中小学生返校复课。教育部表示，学校要做好校园防疫，学生在校园内非必要不戴口罩，上体育课时不戴口罩。记者在北京一所小学看到，学生们入校时测体温、洗手，教室里课桌间隔一米。校方介绍，食堂实行错峰就餐，每张餐桌只坐一人，家长不得进入校园。';
  const index = new MemoryIndex(settings.lsh, settings.maxCandidates, weights);
  index.addReport({ claimId: 'opener', caseId: 'case', features: featuresOf(NEWS), core: true, reachScore: 0, emergency: false, receivedAt: 0 });
  const candidate = assessCandidates(index, featuresOf(OTHER_NEWS))[0]!;
  // Containment scores the longer notice above the join bar, and the answer model would take it.
  expect(candidate.evidence.newsPair).toBe(true);
  expect(candidate.evidence.similarity).toBeGreaterThanOrEqual(settings.joinThreshold);
  expect(caseProbability(candidate, ANSWER_CALIBRATION.answerModel)).toBeGreaterThanOrEqual(settings.joinProbability);
  expect(candidate.evidence.cosine).toBeLessThan(NEWS_COPY_COSINE);
  expect(joins(NEWS, OTHER_NEWS)).toBe(false);
  // A repost of the notice, framing added or punctuation changed, is a copy and joins.
  expect(joins(NEWS, `转发：${NEWS}`)).toBe(true);
  expect(joins(NEWS, `${NEWS.replace('，以免', '；以免')}转给家长们`)).toBe(true);
});
