/**
 * The precise score between two feature sets, between 0 and 1. It blends the cosine of the
 * binary feature vectors with containment (shared features over the smaller set), so that a
 * trimmed repost of a long message still scores high while two long texts that share only
 * topic words do not.
 */
export function featureSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  const lookup = new Set(large);
  let shared = 0;
  for (const feature of small) if (lookup.has(feature)) shared += 1;
  const cosine = shared / Math.sqrt(a.length * b.length);
  const containment = shared / small.length;
  return 0.6 * cosine + 0.4 * containment;
}
