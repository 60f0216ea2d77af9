/**
 * What two texts share and what sets them apart, in interpretable measures: the inputs of the
 * answer model (`answerModel.ts`) and what a reviewer is shown of why a report joined its case.
 * A same-subject text shares the subject's words (隔夜, 致癌) but brings a heavy word of its own
 * (西瓜) or denies the claim; a rewording shares the claim's rarest words.
 */
import { DEBUNK_MARKER, DENIAL_MARKER } from './tokens';
import type { FeatureWeights } from './weights';

export interface PairEvidence {
  /** The score of `similarity.ts`: weighted cosine blended with containment. */
  similarity: number;
  cosine: number;
  /** Share of the query's weight found in the candidate. */
  queryCoverage: number;
  /** Share of the candidate's weight found in the query. */
  candidateCoverage: number;
  /** How many words (not single characters) both texts hold, as log(1 + n) / log(10). */
  sharedWords: number;
  /** One text denies or debunks the claim, the other does not (either marker differs). */
  denialMismatch: boolean;
  /** The heaviest shared features, as a reviewer reads them. */
  sharedTerms: string[];
}

const SHOWN_TERMS = 8;

/** A feature as a reader sees it: single Han characters are stored marked. */
const displayTerm = (feature: string) => feature.replace(/^u:/u, '');

/** Single Han characters repeat what the words around them say: words are counted and shown first. */
const isMarker = (feature: string) => feature === DENIAL_MARKER || feature === DEBUNK_MARKER;
const isWord = (feature: string) => !feature.startsWith('u:') && !isMarker(feature);

/**
 * The evidence of a pair. `query` is a set, built once per text: a text is paired with several
 * candidates and their cores. Feature lists hold each feature once.
 */
export function pairEvidence(query: ReadonlySet<string>, candidate: readonly string[], weights: FeatureWeights): PairEvidence {
  const weightOf = (feature: string) => weights.weight(feature) ** 2;
  let shared = 0;
  let queryMass = 0;
  let candidateMass = 0;
  const candidateMarkers = new Set<string>();
  const sharedFeatures: string[] = [];
  for (const feature of query) queryMass += weightOf(feature);
  for (const feature of candidate) {
    const weight = weightOf(feature);
    candidateMass += weight;
    if (isMarker(feature)) candidateMarkers.add(feature);
    else if (query.has(feature)) {
      shared += weight;
      sharedFeatures.push(feature);
    }
  }
  const denialMismatch = [DENIAL_MARKER, DEBUNK_MARKER].some((marker) => query.has(marker) !== candidateMarkers.has(marker));
  if (queryMass === 0 || candidateMass === 0) {
    return { similarity: 0, cosine: 0, queryCoverage: 0, candidateCoverage: 0, sharedWords: 0, denialMismatch, sharedTerms: [] };
  }
  const cosine = shared / Math.sqrt(queryMass * candidateMass);
  return {
    similarity: 0.5 * cosine + 0.5 * (shared / Math.min(queryMass, candidateMass)),
    cosine,
    queryCoverage: shared / queryMass,
    candidateCoverage: shared / candidateMass,
    sharedWords: Math.log1p(sharedFeatures.filter(isWord).length) / Math.LN10,
    denialMismatch,
    sharedTerms: shownTerms(sharedFeatures, weights),
  };
}

/** Heaviest first: the shared words, then the single characters that none of them contains. */
function shownTerms(shared: string[], weights: FeatureWeights): string[] {
  const heaviestFirst = [...shared].sort((a, b) => weights.weight(b) - weights.weight(a) || (a < b ? -1 : 1));
  const words = heaviestFirst.filter(isWord);
  const characters = heaviestFirst.filter((feature) => !isWord(feature)).map(displayTerm).filter((character) => !words.some((word) => word.includes(character)));
  return [...new Set([...words, ...characters])].slice(0, SHOWN_TERMS);
}
