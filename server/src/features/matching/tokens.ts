/**
 * Matching features of a normalised text. Chinese has no spaces: runs of Han characters become
 * their characters and overlapping character bigrams, compared with a segmenter's words in the
 * matching evaluation. Latin words are stemmed with natural's Porter stemmer, stop words
 * dropped.
 */
import { PorterStemmer } from 'natural/lib/natural/stemmers';
import { words as englishStopwords } from 'natural/lib/natural/util/stopwords';

const STOPWORDS = new Set<string>(englishStopwords);
const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /[\p{Script=Latin}\p{N}]+/gu;

/**
 * Marks a text that denies or debunks rather than asserts ("…不会致癌", "是谣言", "does not
 * cause", "no evidence"). Words such as 不/not are dropped or too common to weigh, yet a denial
 * of a rumor must never be answered with the rumor's verdict as its own: the marker is a feature
 * of its own, weightless in the similarity (`weights.ts`), read by the answer model.
 */
export const DENIAL_MARKER = '~denial';
const DENIAL_PATTERN =
  /谣言|辟谣|不实|假消息|是假的|别信|不可信|没有(?:科学)?(?:依据|根据|证据)|并不|并非|不会|不能(?!吃|喝|一起|碰|用|坐|看|睡|开|再)|不可能|不是|杀不死|无法|误区|[软治防杀]不了|[看听做找测]不到|没用|没有(?:作用|效果|用)|\b(?:not|no|nobody|myth|debunked|false|(?:is|does|did|wo|ca|are|was)n t|cannot|no evidence|no link)\b/iu;

/** Whether a normalised text (apostrophes already turned into spaces) denies a claim. */
export function isDenial(normalizedText: string): boolean {
  return DENIAL_PATTERN.test(normalizedText);
}

/**
 * Marks a text that debunks in so many words (谣言, 没有科学依据, "no evidence", "does not cause").
 * A rumor may carry a plain negation ("scientists won't announce it"), which hides a denial of it
 * from the marker above; the labelled rumors never use these words, their denials often do.
 */
export const DEBUNK_MARKER = '~debunk';
const DEBUNK_PATTERN =
  /谣言|辟谣|不实|假消息|别信|没有(?:科学)?(?:依据|根据|证据)|误区|并非|并不|\b(?:nobody can|no evidence|no link|no record|myth|debunked|not true|there is no|there are no|(?:does|do|did) not (?:cause|make|spread|alter|contain|stop|grow|dissolve)|(?:doesn|don|didn) t (?:cause|make|spread|alter|contain|stop|grow)|cannot be predicted)\b/iu;

/**
 * Marks a text framed as reporting (据…报道, 记者, 日电, 通报, 截至, a health authority or a
 * study as its source; "according to", "officials"): how true posts on a rumor's subject are
 * written. Rumors rarely are (15 of 611 rumor reports of the labelled data's fit part, 65 of
 * its 214 true posts on their subjects), so a report framed otherwise than a case's core is less
 * likely its claim (the join model, `joinModel.ts`).
 */
export const NEWS_MARKER = '~news';
const NEWS_PATTERN =
  /据.{0,15}(?:报道|消息|通报|介绍|统计)|记者|日电|通报|发布会|卫健委|疾控|世卫|世界卫生组织|国务院|新华社|人民日报|央视|研究(?:显示|发现|表明|人员)|数据显示|截至|监测|抽检|\b(?:according to|reported|officials?|announced|ministry|agency|researchers?|study|studies|data show|cdc|who|fda|per cent|percent)\b/iu;

/**
 * Marks a text framed as an alarm or an appeal that normalisation leaves (千万, 赶紧, 别再,
 * 囤, "wake up", "cover up"): how rumors are written (68 of the fit part's 611 rumor reports, 5
 * of its 214 true posts on their subjects).
 */
export const ALARM_MARKER = '~alarm';
const ALARM_PATTERN = /千万|赶紧|一定要|震惊|速看|马上|别再|不要再|快告诉|可怕|吓人|天哪|我的天|囤|抢购|\b(?:share|forward|warning|wake up|they don t want|hiding|cover(?:ed)? up)\b/iu;

const MARKERS = new Set([DENIAL_MARKER, DEBUNK_MARKER, NEWS_MARKER, ALARM_MARKER]);

/** The markers describe a text (it denies, it debunks, it reports, it alarms) rather than hold one of its words. */
export const isMarker = (feature: string) => MARKERS.has(feature);

/** A figure: a number written in digits (2020, 8 of 8级, 28018). */
export const isFigure = (feature: string) => /^\d+$/u.test(feature);

export function isDebunk(normalizedText: string): boolean {
  return DEBUNK_PATTERN.test(normalizedText);
}

export type Segmentation = 'bigrams' | 'intl-segmenter';

const wordSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Single characters carry meaning in Chinese (癌, 毒); they are kept beside the bigrams, marked. */
function hanFeatures(run: string, segmentation: Segmentation): string[] {
  const characters = [...run].map((character) => `u:${character}`);
  if (segmentation === 'intl-segmenter') {
    return [...characters, ...[...wordSegmenter.segment(run)].filter((part) => part.isWordLike).map((part) => part.segment)];
  }
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < run.length; i += 1) bigrams.push(run.slice(i, i + 2));
  return [...characters, ...bigrams];
}

/** The distinct features of a normalised text, sorted. */
export function matchTokens(normalizedText: string, segmentation: Segmentation = 'bigrams'): string[] {
  const features = new Set<string>();
  for (const run of normalizedText.match(HAN_RUN) ?? []) {
    for (const feature of hanFeatures(run, segmentation)) features.add(feature);
  }
  for (const word of normalizedText.match(LATIN_WORD) ?? []) {
    // natural's stop words hold the digits, but a figure (8级, 7级) tells claims apart.
    if (!isFigure(word) && (STOPWORDS.has(word) || word.length < 2)) continue;
    features.add(PorterStemmer.stem(word));
  }
  if (isDenial(normalizedText)) features.add(DENIAL_MARKER);
  if (isDebunk(normalizedText)) features.add(DEBUNK_MARKER);
  if (NEWS_PATTERN.test(normalizedText)) features.add(NEWS_MARKER);
  if (ALARM_PATTERN.test(normalizedText)) features.add(ALARM_MARKER);
  return [...features].sort();
}
