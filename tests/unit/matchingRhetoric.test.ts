import { normalizeText } from '../../server/src/features/matching/normalize';
import { pairEvidence } from '../../server/src/features/matching/pairEvidence';
import { DEFAULT_MATCH_SETTINGS } from '../../server/src/features/matching/settings';
import { DENIAL_MARKER, isDebunk, isDenial, matchTokens } from '../../server/src/features/matching/tokens';
import { backgroundWeights } from '../../server/src/features/matching/weights';

const denies = (text: string) => isDenial(normalizeText(text));
const featuresOf = (text: string) => matchTokens(normalizeText(text), DEFAULT_MATCH_SETTINGS.segmentation);

test('a rhetorical question asserts the claim: it is no denial', () => {
  expect(denies('病毒不是鱼身上带的还能是哪来的？')).toBe(false);
  expect(denies('难道隔夜菜不会致癌吗？')).toBe(false);
  expect(denies('吃了这么多年，怎么可能不致癌')).toBe(false);
  expect(featuresOf('三文鱼就是传染源！病毒不是鱼身上带的还能是哪来的？')).not.toContain(DENIAL_MARKER);
});

test('a denial stays a denial beside a rhetorical question, and a rhetorical question can debunk', () => {
  expect(denies('隔夜菜不会致癌，难道你不知道吗？')).toBe(true);
  expect(denies('三文鱼不是传染源，病毒是哪来的还在调查')).toBe(true);
  expect(denies('不是所有的剩菜都会致癌')).toBe(true);
  // "If this is not a rumor, what is?": it says the claim is a rumor.
  expect(isDebunk(normalizeText('喝热水杀死新冠病毒，这不是谣言是什么？'))).toBe(true);
});

test('a long rumor post with a rhetorical question is not taken for a denial of its rumor', () => {
  const weights = backgroundWeights(DEFAULT_MATCH_SETTINGS.segmentation);
  const rumor = featuresOf('三文鱼携带新冠病毒，吃三文鱼会感染，转给家人');
  const essay = new Set(featuresOf('新发地切三文鱼的案板上查出新冠病毒，病毒不是鱼身上带的还能是哪来的？吃三文鱼会感染，千万别吃了'));
  expect(pairEvidence(essay, rumor, weights).denialMismatch).toBe(false);
});

test('an A-not-A question asks about the claim: it is no denial, and an answer after it still denies', () => {
  expect(denies('求证：加油的时候接电话会不会把油气点着爆炸？')).toBe(false);
  expect(denies('分好的垃圾最后是不是都混在一起处理了？')).toBe(false);
  expect(denies('隔夜的西瓜能不能吃，吃了会致癌吗')).toBe(false);
  expect(denies('熏醋对流感有没有用？')).toBe(false);
  expect(featuresOf('求证 塑料饭盒微波炉加热 会不会有塑化剂出来 吃了会不会致癌啊')).not.toContain(DENIAL_MARKER);
  expect(denies('隔夜菜会不会致癌？不会，冷藏的剩菜亚硝酸盐很少')).toBe(true);
  expect(denies('微波炉热饭是不是有辐射？当然不是')).toBe(true);
});
