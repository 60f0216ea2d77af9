/**
 * Feature weights for the precise score: inverse document frequency over a background corpus,
 * so that shared rare words (亚硝酸盐, dioxin) count for much and shared common ones (吃, say)
 * for little. The background is the team's own labelled texts in fixtures/, the same in every
 * process; a feature it never saw counts as rare.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR } from '../../paths';
import { normalizeText } from './normalize';
import { DEBUNK_MARKER, DENIAL_MARKER, matchTokens, type Segmentation } from './tokens';

export interface FeatureWeights {
  weight(feature: string): number;
  /** The weight of a feature never seen: the heaviest any feature can be. */
  readonly maxWeight: number;
}

/** Markers describe a text (a denial) rather than its words: they weigh nothing in a score. */
const isMarker = (feature: string) => feature === DENIAL_MARKER || feature === DEBUNK_MARKER;

export const UNIFORM_WEIGHTS: FeatureWeights = { weight: (feature) => (isMarker(feature) ? 0 : 1), maxWeight: 1 };

export function idfWeights(documents: readonly (readonly string[])[]): FeatureWeights {
  const documentFrequency = new Map<string, number>();
  for (const features of documents) {
    for (const feature of new Set(features)) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
  }
  const total = documents.length;
  const idf = (count: number) => Math.log((total + 1) / (count + 1)) + 1;
  return { weight: (feature) => (isMarker(feature) ? 0 : idf(documentFrequency.get(feature) ?? 0)), maxWeight: idf(0) };
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

/** Names the background the weights come from: an index built on other weights scores otherwise. */
export function backgroundFingerprint(): string {
  return createHash('sha256').update(JSON.stringify(backgroundTexts())).digest('hex');
}

const backgrounds = new Map<Segmentation, FeatureWeights>();

export function backgroundWeights(segmentation: Segmentation): FeatureWeights {
  let weights = backgrounds.get(segmentation);
  if (!weights) {
    weights = idfWeights(backgroundTexts().map((text) => matchTokens(normalizeText(text), segmentation)));
    backgrounds.set(segmentation, weights);
  }
  return weights;
}
