/**
 * Matching features of a normalised text. Chinese has no spaces: runs of Han characters become
 * their characters and overlapping character bigrams, compared with a segmenter's words in the
 * matching evaluation. Latin words are stemmed with natural's Porter stemmer, stop words
 * dropped.
 */
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import { words as englishStopwords } from 'natural/lib/natural/util/stopwords';
import { isNewsRegister } from './register';

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
  /谣言|辟谣|不实|假消息|是假的|别信|不可信|没有(?:科学)?(?:依据|根据|证据)|并不|并非|不会|不能(?!吃|喝|一起|碰|用|坐|看|睡|开|再)|不可能|不是|杀不死|无法|误区|[软治防杀]不了|[看听做找测]不到|没用|没有(?:作用|效果|用)|\b(?:not|no|nobody|myth|debunked|false|(?:is|does|did|wo|ca|are|was)n t|cannot|no evidence|no link|never been (?:a|any) (?:single )?(?:confirmed|documented|verified|reported|recorded) (?:case|report|instance)s?)\b/iu;

/**
 * Rhetorical questions assert what their negation seems to deny: 难道隔夜菜不会致癌吗 (surely it
 * does), 病毒不是鱼身上带的还能是哪来的 (it came from the fish), 怎么可能不致癌, while 这不是谣言是
 *什么 says it is a rumor. Normalisation has dropped the question mark and 吗, so a clause runs from
 * 难道 to its end (a space, where the punctuation was). Each is read as the statement it makes
 * before the denial and debunk patterns look: the negation inside it is taken out.
 */
const RHETORICAL_FORMS: ReadonlyArray<readonly [RegExp, (match: string, ...groups: string[]) => string]> = [
  [/难道(\S*)/gu, (_, clause: string) => clause.replace(/没有|不|没/gu, '')],
  [/不是(\S{0,24}?)(?:还能|还会|还可能|又)?是(?:哪|谁|什么|啥)\S*/gu, (_, asserted: string) => `是${asserted}`],
  [/怎么(?:可能|会)不/gu, () => ''],
];

/**
 * A-not-A questions ask, they do not deny: 隔夜菜会不会致癌, 是不是都混在一起, 能不能吃, 有没有用
 * hold 不会, 不是, 不能 and 没有用, which the denial pattern reads as a negation. Each is read as the
 * plain verb it asks about (会, 是, 能, 有), so a question about a rumor keeps the rumor's stance.
 */
const A_NOT_A_QUESTION = /([会能是可要有])[不没]\1/gu;

/** The text with each rhetorical question read as the statement it makes, and each A-not-A question as the verb it asks about. */
const withoutRhetoric = (normalizedText: string) =>
  RHETORICAL_FORMS.reduce((text, [pattern, statement]) => text.replace(pattern, statement), normalizedText).replace(A_NOT_A_QUESTION, '$1');

/** Whether a normalised text (apostrophes already turned into spaces) denies a claim. */
export function isDenial(normalizedText: string): boolean {
  return DENIAL_PATTERN.test(withoutRhetoric(normalizedText));
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
 * Marks a text that reports what a named source said or published (据新华社报道, 据…通报, 新闻发布会,
 * "said in a statement", "according to the ministry"): the register of official and media posts.
 * A true news post on a rumor's subject holds the rumor's words in passing, often most of them;
 * what it does not share with a rumor is the register. Rumors cite hearsay (听说, 亲戚说, 据可靠消息),
 * which this leaves out.
 */
export const REPORTED_MARKER = '~reported';
const REPORTED_PATTERN = new RegExp(
  [
    '据(?!说|传|可靠|内部|小道|知情|朋友|网友|我)\\p{Script=Han}{1,16}?(?:报道|通报|通告|公告|消息|统计|监测|测定|网站|官网|发布|数据|科普|报告)',
    '新华社|新华网|央视新闻|人民日报|人民网|中新社|中国新闻网|光明日报|新闻发布会|发布会上|官方微博|接受\\p{Script=Han}{0,6}采访时|截至\\d+月\\d+日\\d+时',
    '\\b(?:according to (?:the )?(?:ministry|officials?|health officials|who|cdc|fda|nasa|usgs|police|researchers)|said (?:on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|in a statement)|told reporters|published in|reuters|associated press|xinhua)\\b',
    '\\b(?:the )?(?:cdc|who|tsa|fda|nhs|usgs|regulators?|officials|researchers|the companies|organization|ministry|agency|authority) (?:said|says|explains?|reported)\\b',
  ].join('|'),
  'iu',
);

/** Whether a normalised text reports a named source (`REPORTED_MARKER`). */
export function isReported(normalizedText: string): boolean {
  return REPORTED_PATTERN.test(normalizedText);
}

/**
 * Marks a text written as news or an official post (`register.ts`: dates, figures, institutions,
 * attribution, a headline) rather than passed on as a rumor (exclamation, alarm, hearsay). Read
 * from the raw text, so only where the caller gives it.
 */
export const NEWS_REGISTER_MARKER = '~news';

/**
 * Marks the way a text's comparison points: "electric cars pollute less than petrol cars" states
 * the opposite of "… pollute more than …" in the same words, and neither denies (`pairEvidence`'s
 * `comparisonFlipped`). Only explicit comparisons with "than" (多于, 低于): 更多 and "more" alone
 * occur in passing in rumors of every kind.
 */
export const LESSER_MARKER = '~lesser';
export const GREATER_MARKER = '~greater';
const LESSER_PATTERN = /\b(?:less|fewer|lower|smaller) than\b|少于|低于/iu;
const GREATER_PATTERN = /\b(?:more|greater|higher|larger|bigger) than\b|多于|高于/iu;

const MARKERS = new Set([DENIAL_MARKER, DEBUNK_MARKER, REPORTED_MARKER, NEWS_REGISTER_MARKER, LESSER_MARKER, GREATER_MARKER]);

/** The markers describe a text (it denies, it debunks, it reports a source, it reads as news, its comparison points one way) rather than hold one of its words. */
export const isMarker = (feature: string) => MARKERS.has(feature);

/** A figure: a number written in digits (2020, 8 of 8级, 28018). */
export const isFigure = (feature: string) => /^\d+$/u.test(feature);

export function isDebunk(normalizedText: string): boolean {
  return DEBUNK_PATTERN.test(withoutRhetoric(normalizedText));
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

/**
 * Which features a text's tokens are made by: stored with each report, so that reports tokenised
 * before a change can be found and tokenised again (`claims/retokenize.ts`). Raised whenever
 * `matchTokens` gives a text other features (a marker added, a pattern changed).
 */
export const TOKENIZER_VERSION = 9;

/**
 * The distinct features of a normalised text, sorted. `rawText`, the text as written, gives the
 * register marker (`NEWS_REGISTER_MARKER`), which reads punctuation and brackets normalisation drops.
 */
export function matchTokens(normalizedText: string, segmentation: Segmentation = 'bigrams', rawText?: string): string[] {
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
  if (isReported(normalizedText)) features.add(REPORTED_MARKER);
  if (LESSER_PATTERN.test(normalizedText)) features.add(LESSER_MARKER);
  if (GREATER_PATTERN.test(normalizedText)) features.add(GREATER_MARKER);
  if (rawText !== undefined && isNewsRegister(rawText)) features.add(NEWS_REGISTER_MARKER);
  return [...features].sort();
}
