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

/** The markers describe a text (it denies, it debunks) rather than hold one of its words. */
export const isMarker = (feature: string) => feature === DENIAL_MARKER || feature === DEBUNK_MARKER;

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
  return [...features].sort();
}
