/**
 * The order of a text's few assessed candidates. Retrieval ranks by similarity, which a short
 * sibling claim in the same frame wins (隔夜的西瓜 for a question about 隔夜菜: fewer words, so more
 * of them shared). The candidates are ranked instead against each other: a linear score over the
 * pair's evidence and over what each candidate holds of the text that the others do not (菜 in
 * 隔夜菜), fitted pairwise on the labelled lookups (`npm run eval:matching -- --fit`): the right
 * case above each wrong one. Intake, `POST /match` and the case page all use this order.
 */
import { answerFeatures, ANSWER_FEATURE_SIGNS, type CaseContext } from './answerModel';
import type { PairEvidence } from './pairEvidence';
import type { FeatureWeights } from './weights';
import { isMarker } from './tokens';

/** What a candidate holds of the text relative to the other assessed candidates. */
export interface RelativeHold {
  /** Share of the text's weight this candidate holds and no other assessed candidate does. */
  exclusiveShare: number;
  /** Share of the text's weight some other assessed candidate holds and this one lacks. */
  othersOnlyShare: number;
}

/** Holding what no other candidate holds counts for a candidate; lacking what others hold, against. */
export const RANK_FEATURE_SIGNS: readonly number[] = [...ANSWER_FEATURE_SIGNS, 1, -1];

export interface RankModel {
  /** One weight per rank feature; a score, not a probability, so no intercept is read. */
  coefficients: readonly number[];
}

export function rankFeatures(evidence: PairEvidence, context: CaseContext & RelativeHold): number[] {
  return [...answerFeatures(evidence, context), context.exclusiveShare, context.othersOnlyShare];
}

export function rankScore(model: RankModel, features: readonly number[]): number {
  let score = 0;
  features.forEach((value, i) => (score += (model.coefficients[i] ?? 0) * value));
  return score;
}

/**
 * Each candidate's hold on the text against the others': `candidates` are the feature sets of
 * the candidates' nearest entries, in any order.
 */
export function relativeHolds(query: ReadonlySet<string>, candidates: ReadonlyArray<ReadonlySet<string>>, weights: FeatureWeights): RelativeHold[] {
  const exclusive = candidates.map(() => 0);
  const othersOnly = candidates.map(() => 0);
  let mass = 0;
  for (const feature of query) {
    if (isMarker(feature)) continue;
    const weight = weights.weight(feature) ** 2;
    mass += weight;
    const holders = candidates.map((features) => features.has(feature));
    const held = holders.filter(Boolean).length;
    holders.forEach((holds, i) => {
      if (holds && held === 1) exclusive[i]! += weight;
      if (!holds && held > 0) othersOnly[i]! += weight;
    });
  }
  return candidates.map((_, i) => ({ exclusiveShare: mass > 0 ? exclusive[i]! / mass : 0, othersOnlyShare: mass > 0 ? othersOnly[i]! / mass : 0 }));
}

/** The candidates, best ranked first; ties (an unfitted model) keep their order. */
export function inRankOrder<T extends { rankScore: number }>(candidates: readonly T[]): T[] {
  return candidates
    .map((candidate, position) => ({ candidate, position }))
    .sort((a, b) => b.candidate.rankScore - a.candidate.rankScore || a.position - b.position)
    .map(({ candidate }) => candidate);
}
