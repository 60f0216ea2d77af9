import { detectLanguage, exactMatchKey, normalizeText } from '../../server/src/features/matching/normalize';

test('removes links, mentions, hashtags, emoji and repost boilerplate', () => {
  expect(normalizeText('转发！#健康# @张三 隔夜菜致癌😱 https://t.cn/abc')).toBe('隔夜菜致癌');
  expect(normalizeText('RT @bob: Bananas cause CANCER!!! #health 🍌 www.example.com/x')).toBe('bananas cause cancer');
});

test('folds full-width characters and punctuation variants', () => {
  expect(normalizeText('５Ｇ基站，传播病毒！')).toBe('5g基站 传播病毒');
  expect(exactMatchKey(normalizeText('５Ｇ基站，传播病毒！'))).toBe(exactMatchKey(normalizeText('5G基站传播病毒')));
});

test('keeps the words that carry the meaning', () => {
  const a = exactMatchKey(normalizeText('微波炉加热的食物有辐射'));
  const b = exactMatchKey(normalizeText('微波炉加热的食物营养流失少'));
  expect(a).not.toBe(b);
});

test('detects Chinese and English', () => {
  expect(detectLanguage('喝热水能杀死病毒')).toBe('zh');
  expect(detectLanguage('Hot water kills the virus')).toBe('en');
  expect(detectLanguage('5G 基站导致 COVID')).toBe('zh');
  expect(detectLanguage('12345 !!!')).toBe('en');
});

test('strips the framing around a claim: alarm, hearsay of experts, requests to check it', () => {
  expect(normalizeText('紧急通知！专家说隔夜菜会致癌，转发给家人')).toBe('隔夜菜会致癌');
  expect(normalizeText('【求证】大家注意了：地震云可以预测地震，是真的吗？')).toBe('地震云可以预测地震');
  expect(normalizeText('BREAKING: doctors say garlic cures COVID, RT')).toBe('garlic cures covid');
  expect(exactMatchKey(normalizeText('速看！医生提醒：隔夜茶会致癌'))).toBe(exactMatchKey(normalizeText('隔夜茶会致癌')));
  // The claim's own words stay, even where they are framing elsewhere.
  expect(normalizeText('专家组发布地震预报')).toBe('专家组发布地震预报');
});

test("Weibo's repost label, fold and link placeholders are not part of the claim", () => {
  const repost = normalizeText('转发微博 //@小明:真的假的 //@健康:5G信号会传播新冠病毒 展开全文c O网页链接 L健康生活的微博视频');
  expect(repost).toBe('5g信号会传播新冠病毒');
  expect(repost).not.toContain('微博');
});

test("Weibo's placeholders never eat the claim's own words, and a figure with a thousands separator stays one figure", () => {
  expect(normalizeText('喝热水可以杀死新冠病毒的微博视频')).toBe('喝热水可以杀死新冠病毒的微博视频');
  expect(normalizeText('展开全文covid spreads')).toBe('covid spreads');
  expect(normalizeText('radio网页链接')).toBe('radio');
  expect(normalizeText('累计确诊28,018例')).toBe(normalizeText('累计确诊28018例'));
});
