/**
 * A text read in the other language, word for word, for the known-rumor lookup: "Can earthquake
 * clouds predict earthquakes?" shares no feature with a case whose reports are Chinese
 * (地震云可以预测地震), and "荷兰测试5G信号，几百只鸟当场死亡" none with an English one. The glossary
 * (server/resources/bilingual-glossary.tsv.gz, made at install from CC-CEDICT by
 * scripts/bilingual-glossary.mjs) pairs Chinese words with the stems of one-word English glosses.
 * An English word becomes the (at most two) most common Chinese words glossed with it; a Chinese
 * word, the English words of its first sense. Word-for-word reading is rough (云 is also "to
 * say"), so the lookup only lets such a candidate lead, never answers with it (`lookupRanking.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { REPO_ROOT } from '../../paths';
import { isFigure, isMarker, matchTokens, type Segmentation } from './tokens';
import { backgroundWeights, type FeatureWeights } from './weights';

export const BILINGUAL_GLOSSARY_FILE = path.join(REPO_ROOT, 'server', 'resources', 'bilingual-glossary.tsv.gz');

/** The Chinese words an English stem is read as: the most common of those glossed with it. */
const CHINESE_PER_STEM = 2;
/** The English stems a Chinese word is read as. */
const ENGLISH_PER_WORD = 2;

interface Glossary {
  toChinese: Map<string, string[]>;
  toEnglish: Map<string, string[]>;
}

let glossary: Glossary | undefined;

function readGlossary(weights: FeatureWeights): Glossary {
  if (!fs.existsSync(BILINGUAL_GLOSSARY_FILE)) {
    throw new Error(`${BILINGUAL_GLOSSARY_FILE} is missing: run \`node scripts/bilingual-glossary.mjs\` (npm install makes it)`);
  }
  const chinese = new Map<string, string[]>();
  const english = new Map<string, Array<{ stem: string; sense: number }>>();
  for (const line of zlib.gunzipSync(fs.readFileSync(BILINGUAL_GLOSSARY_FILE)).toString('utf8').split('\n')) {
    const [word, stem, sense] = line.split('\t');
    if (!word || !stem) continue;
    // Appended in place: copying the list for each line made reading the glossary quadratic in
    // the words of a common stem (a second of a server's start).
    const words = chinese.get(stem);
    if (words) words.push(word);
    else chinese.set(stem, [word]);
    const stems = english.get(word);
    if (stems) stems.push({ stem, sense: Number(sense) });
    else english.set(word, [{ stem, sense: Number(sense) }]);
  }
  const toChinese = new Map<string, string[]>();
  for (const [stem, words] of chinese) {
    // The most common first (the lightest): 米饭 and 大米 for rice, not 秧苗.
    toChinese.set(stem, words.sort((a, b) => weights.weight(a) - weights.weight(b) || (a < b ? -1 : 1)).slice(0, CHINESE_PER_STEM));
  }
  const toEnglish = new Map<string, string[]>();
  for (const [word, stems] of english) {
    const first = Math.min(...stems.map(({ sense }) => sense));
    toEnglish.set(word, stems.filter(({ sense }) => sense === first).map(({ stem }) => stem).slice(0, ENGLISH_PER_WORD));
  }
  return { toChinese, toEnglish };
}

const isHanWord = (feature: string) => /^\p{Script=Han}{2,}$/u.test(feature);
const isLatinStem = (feature: string) => /^[a-z][a-z0-9]*$/u.test(feature);
/** Written alike in both languages' texts: 5g, covid, 2020. */
const isLatinOrFigure = (feature: string) => /^[a-z0-9]+$/u.test(feature);

/**
 * The features of a text (`matchTokens`) read in the other language: a Chinese text's words as
 * English stems, an English text's stems as Chinese words and their characters; what both
 * languages write alike (5g, covid in a Chinese text; figures) and the markers (a denial stays a
 * denial) are kept. Empty when nothing is glossed.
 */
/** The glossary, read once per process (about a second of work: a server does it at start). */
export function bilingualGlossary(segmentation: Segmentation): Glossary {
  glossary ??= readGlossary(backgroundWeights(segmentation));
  return glossary;
}

export function translatedFeatures(features: readonly string[], segmentation: Segmentation): string[] {
  const glossary = bilingualGlossary(segmentation);
  const hanWords = features.filter(isHanWord);
  const latinStems = features.filter(isLatinStem);
  const translated = new Set<string>();
  if (hanWords.length >= latinStems.length) {
    for (const word of hanWords) for (const stem of glossary.toEnglish.get(word) ?? []) translated.add(stem);
    if (translated.size === 0) return [];
    for (const feature of features) if (isLatinOrFigure(feature)) translated.add(feature);
  } else {
    const words = latinStems.flatMap((stem) => glossary.toChinese.get(stem) ?? []);
    for (const feature of matchTokens(words.join(' '), segmentation)) if (!isMarker(feature)) translated.add(feature);
    if (translated.size === 0) return [];
    for (const feature of features) if (isFigure(feature) || /^\d/u.test(feature)) translated.add(feature);
  }
  for (const feature of features) if (isMarker(feature)) translated.add(feature);
  return [...translated].sort();
}
