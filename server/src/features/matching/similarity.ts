import { UNIFORM_WEIGHTS, type FeatureWeights } from './weights';

/**
 * The precise score between two feature sets, between 0 and 1: the weighted cosine of their
 * binary feature vectors, blended with weighted containment (the shared weight over the smaller
 * side's), so that a trimmed repost of a long message still scores high.
 */
export function featureSimilarity(a: readonly string[], b: readonly string[], weights: FeatureWeights = UNIFORM_WEIGHTS): number {
  if (a.length === 0 || b.length === 0) return 0;
  const lookup = new Set(b);
  let shared = 0;
  let massA = 0;
  let massB = 0;
  for (const feature of a) {
    const w = weights.weight(feature) ** 2;
    massA += w;
    if (lookup.has(feature)) shared += w;
  }
  for (const feature of b) massB += weights.weight(feature) ** 2;
  const cosine = shared / Math.sqrt(massA * massB);
  const containment = shared / Math.min(massA, massB);
  return 0.5 * cosine + 0.5 * containment;
}
