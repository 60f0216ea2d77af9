/**
 * Feature weights for the precise score, IDF-style: the surprise of a feature, -ln p, where p
 * is its share of a large background corpus, so that shared rare words (亚硝酸盐, dioxin) count
 * for much and shared common ones (吃, 专家, say) for little. The background is public word
 * counts (server/resources/term-frequencies.tsv.gz: jieba's dictionary for Chinese, SUBTLEX-US for
 * English; see the README beside it), the same in every process. A Han character counts as
 * often as the dictionary's words hold it. A Chinese word the file does not list (the dictionary
 * lacks it, or holds it no more often than its median word) weighs as the median word (as jieba
 * weighs words it does not know); an English word it does not know (a technical term, a
 * number) counts as rare, unless the team's own texts (fixtures/), the supplement, hold it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { FIXTURES_DIR, REPO_ROOT } from '../../paths';
import { normalizeText } from './normalize';
import { isFigure, isMarker, matchTokens, type Segmentation } from './tokens';

export interface FeatureWeights {
  weight(feature: string): number;
  /** The heaviest any feature can be. */
  readonly maxWeight: number;
  /**
   * Whether the background corpus lists a feature as a word: a bigram across two words (假鸡 of
   * 假鸡蛋) is none, nor is a misspelt English word. Weights without a dictionary take every
   * feature for a word.
   */
  isKnownWord?(feature: string): boolean;
}

// Markers describe a text (a denial) rather than its words: they weigh nothing in a score.

export const UNIFORM_WEIGHTS: FeatureWeights = { weight: (feature) => (isMarker(feature) ? 0 : 1), maxWeight: 1 };

/** Inverse document frequency over a few documents' features: a feature they never hold counts as rare. */
export function idfWeights(documents: readonly (readonly string[])[]): FeatureWeights {
  const documentFrequency = new Map<string, number>();
  for (const features of documents) {
    for (const feature of new Set(features)) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
  }
  const total = documents.length;
  const idf = (count: number) => Math.log((total + 1) / (count + 1)) + 1;
  return { weight: (feature) => (isMarker(feature) ? 0 : idf(documentFrequency.get(feature) ?? 0)), maxWeight: idf(0) };
}

export const TERM_FREQUENCIES_FILE = path.join(REPO_ROOT, 'server', 'resources', 'term-frequencies.tsv.gz');

/** Counts of one kind of feature in the background corpus, and their total. */
interface CountTable {
  counts: Map<string, number>;
  total: number;
}

interface CorpusCounts {
  /** Words above the dictionary's median count; a word not among them weighs as one of the median count. */
  hanWords: CountTable;
  hanMedianCount: number;
  hanCharacters: CountTable;
  /** English words, by their Porter stem (the feature `tokens.ts` makes of them). */
  englishStems: CountTable;
}

function addCount(table: CountTable, key: string, count: number): void {
  table.counts.set(key, (table.counts.get(key) ?? 0) + count);
  table.total += count;
}

function readCorpusCounts(): CorpusCounts {
  const table = (): CountTable => ({ counts: new Map(), total: 0 });
  const corpus = { hanWords: table(), hanMedianCount: 1, hanCharacters: table(), englishStems: table() };
  const text = zlib.gunzipSync(fs.readFileSync(TERM_FREQUENCIES_FILE)).toString('utf8');
  // Lines of language, word and count, read in place: splitting 200,000 lines into arrays took
  // twice as long, in every process and every test file.
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const lineEnd = newline === -1 ? text.length : newline;
    const firstTab = text.indexOf('\t', start);
    const secondTab = firstTab === -1 || firstTab > lineEnd ? -1 : text.indexOf('\t', firstTab + 1);
    if (secondTab !== -1 && secondTab < lineEnd) {
      const language = text.slice(start, firstTab);
      const word = text.slice(firstTab + 1, secondTab);
      const count = Number(text.slice(secondTab + 1, lineEnd));
      if (language === 'zh-median') corpus.hanMedianCount = count;
      if (word && count > 0) {
        if (language === 'zh') addCount(corpus.hanWords, word, count);
        else if (language === 'zh-char') addCount(corpus.hanCharacters, `u:${word}`, count);
        else if (language === 'en') addCount(corpus.englishStems, word, count);
      }
    }
    start = lineEnd + 1;
  }
  return corpus;
}

/** The surprise of a count in its table, -ln p, with a count of one added (never infinite). */
const surprise = (table: CountTable, count: number) => Math.log((table.total + 1) / (count + 1));

const HAN_WORD = /^\p{Script=Han}+$/u;

/**
 * The digits of a figure that say which number it is: 2000 has one (a round number, in many
 * texts), 28018 five. Leading and trailing zeros are left out.
 */
export function significantDigits(figure: string): number {
  return Math.max(1, figure.replace(/^0+/u, '').replace(/0+$/u, '').length);
}

/**
 * Weights from the background corpus. For a feature the corpus does not know (a new compound,
 * a technical term) the team's texts are the background: it weighs no more than the surprise of
 * its share of them. Neither corpus lists figures: a figure weighs the surprise of a text giving
 * any figure (in the team's texts) and of the number it gives among those of its significant
 * digits, each digit one of ten, so that a round 2000 shared says little and 28018 much.
 */
export function corpusWeights(corpus: CorpusCounts, teamDocuments: readonly (readonly string[])[]): FeatureWeights {
  const unknownHanWord = surprise(corpus.hanWords, corpus.hanMedianCount);
  const unknownWord = surprise(corpus.englishStems, 0);
  const maxWeight = Math.max(surprise(corpus.hanWords, 0), surprise(corpus.hanCharacters, 0), unknownWord);
  const documentFrequency = new Map<string, number>();
  for (const features of teamDocuments) for (const feature of new Set(features)) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
  const teamSurprise = (feature: string) => {
    const frequency = documentFrequency.get(feature);
    return frequency === undefined ? Infinity : Math.log((teamDocuments.length + 1) / frequency);
  };
  const textsWithFigures = teamDocuments.filter((features) => features.some(isFigure)).length;
  const anyFigure = Math.log((teamDocuments.length + 1) / (textsWithFigures + 1));
  const fromCorpus = (feature: string): number => {
    if (isFigure(feature)) return Math.min(maxWeight, anyFigure + Math.LN10 * significantDigits(feature), teamSurprise(feature));
    const table = feature.startsWith('u:') ? corpus.hanCharacters : HAN_WORD.test(feature) ? corpus.hanWords : corpus.englishStems;
    const count = table.counts.get(feature);
    if (count !== undefined) return surprise(table, count);
    return Math.min(table === corpus.hanWords ? unknownHanWord : unknownWord, teamSurprise(feature));
  };
  const cache = new Map<string, number>();
  return {
    weight(feature) {
      if (isMarker(feature)) return 0;
      let weight = cache.get(feature);
      if (weight === undefined) {
        weight = fromCorpus(feature);
        if (cache.size < 1_000_000) cache.set(feature, weight);
      }
      return weight;
    },
    maxWeight,
    isKnownWord: (feature) => (HAN_WORD.test(feature) ? corpus.hanWords : corpus.englishStems).counts.has(feature),
  };
}

function backgroundTexts(): string[] {
  const texts: string[] = [];
  const read = (file: string) => {
    const full = path.join(FIXTURES_DIR, file);
    if (!fs.existsSync(full)) return [];
    return JSON.parse(fs.readFileSync(full, 'utf8')) as Array<{ text: string }>;
  };
  for (const example of read('topics/examples.json')) texts.push(example.text);
  for (const claim of read('demo/claims.json')) texts.push(claim.text);
  return texts;
}

/** Raised whenever `corpusWeights` weighs a feature otherwise: index snapshots on older weights are rebuilt. */
const WEIGHTS_VERSION = 2;

/**
 * Names the background the weights come from (the corpus file's bytes, the team's texts and how
 * they combine): an index built on other weights scores otherwise.
 */
export function backgroundFingerprint(): string {
  return createHash('sha256')
    .update(String(WEIGHTS_VERSION))
    .update(fs.readFileSync(TERM_FREQUENCIES_FILE))
    .update(JSON.stringify(backgroundTexts()))
    .digest('hex');
}

const backgrounds = new Map<Segmentation, FeatureWeights>();
let corpusCounts: CorpusCounts | undefined;

export function backgroundWeights(segmentation: Segmentation): FeatureWeights {
  let weights = backgrounds.get(segmentation);
  if (!weights) {
    corpusCounts ??= readCorpusCounts();
    weights = corpusWeights(corpusCounts, backgroundTexts().map((text) => matchTokens(normalizeText(text), segmentation)));
    backgrounds.set(segmentation, weights);
  }
  return weights;
}
