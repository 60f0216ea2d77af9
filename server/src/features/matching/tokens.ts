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
    if (STOPWORDS.has(word) || (word.length < 2 && !/\d/.test(word))) continue;
    features.add(PorterStemmer.stem(word));
  }
  return [...features].sort();
}
