/**
 * What two texts share and what sets them apart, in interpretable measures: the inputs of the
 * answer model (`answerModel.ts`) and what a reviewer is shown of why a report joined its case.
 * A same-subject text shares the subject's words (隔夜, 致癌) but brings a heavy word of its own
 * (西瓜) or denies the claim; a rewording shares the claim's rarest words.
 */
import { DENIAL_MARKER } from './tokens';
import type { FeatureWeights } from './weights';

export interface PairEvidence {
  /** The score of `similarity.ts`: weighted cosine blended with containment. */
  similarity: number;
  cosine: number;
  /** Share of the query's weight found in the candidate. */
  queryCoverage: number;
  /** Share of the candidate's weight found in the query. */
  candidateCoverage: number;
  /** The heaviest word of the query missing from the candidate, relative to the heaviest possible. */
  queryNovelty: number;
  /** The same for the candidate: a claim word the query does not repeat. */
  candidateNovelty: number;
  /** How many words (not single characters) both texts hold, as log(1 + n) / log(10). */
  sharedWords: number;
  /** One text denies or debunks, the other does not. */
  denialMismatch: boolean;
  /** The heaviest shared features, as a reviewer reads them. */
  sharedTerms: string[];
}

const SHOWN_TERMS = 8;

/** A feature as a reader sees it: single Han characters are stored marked. */
export const displayTerm = (feature: string) => feature.replace(/^u:/u, '');

/** Single Han characters repeat what the words around them say; novelty is measured on words. */
const isWord = (feature: string) => !feature.startsWith('u:') && feature !== DENIAL_MARKER;

export function pairEvidence(query: readonly string[], candidate: readonly string[], weights: FeatureWeights): PairEvidence {
  const inCandidate = new Set(candidate);
  const inQuery = new Set(query);
  const weightOf = (feature: string) => weights.weight(feature) ** 2;
  let shared = 0;
  let queryMass = 0;
  let candidateMass = 0;
  const sharedFeatures: string[] = [];
  for (const feature of inQuery) {
    queryMass += weightOf(feature);
    if (inCandidate.has(feature)) {
      shared += weightOf(feature);
      if (feature !== DENIAL_MARKER) sharedFeatures.push(feature);
    }
  }
  for (const feature of inCandidate) candidateMass += weightOf(feature);
  if (queryMass === 0 || candidateMass === 0) {
    return { similarity: 0, cosine: 0, queryCoverage: 0, candidateCoverage: 0, queryNovelty: 1, candidateNovelty: 1, sharedWords: 0, denialMismatch: false, sharedTerms: [] };
  }
  const cosine = shared / Math.sqrt(queryMass * candidateMass);
  return {
    similarity: 0.5 * cosine + 0.5 * (shared / Math.min(queryMass, candidateMass)),
    cosine,
    queryCoverage: shared / queryMass,
    candidateCoverage: shared / candidateMass,
    queryNovelty: novelty(inQuery, inCandidate, weights),
    candidateNovelty: novelty(inCandidate, inQuery, weights),
    sharedWords: Math.log1p(sharedFeatures.filter(isWord).length) / Math.LN10,
    denialMismatch: inQuery.has(DENIAL_MARKER) !== inCandidate.has(DENIAL_MARKER),
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

/** The weight of the heaviest word of `own` absent from `other`, relative to the heaviest possible. */
function novelty(own: ReadonlySet<string>, other: ReadonlySet<string>, weights: FeatureWeights): number {
  let heaviestMissing = 0;
  for (const feature of own) {
    if (isWord(feature) && !other.has(feature)) heaviestMissing = Math.max(heaviestMissing, weights.weight(feature));
  }
  return heaviestMissing / weights.maxWeight;
}
