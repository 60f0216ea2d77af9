/**
 * What a case is about, as words: the features most of its reports hold (its core and earliest
 * variants). A rewording keeps them, whatever else it says; a near miss in the same words
 * (生姜 for 大蒜, 葛洲坝 for 三峡大坝) swaps one out, and a report that only shares the subject
 * holds few. Measured on the labelled data, the share of the signature's weight a text holds
 * tells rewordings from hard negatives better than the text's similarity to any one report.
 */
import { isStatementEntry, type MemoryIndex } from './memoryIndex';
import { isMarker } from './tokens';

/** Enough reports to see what they agree on, few enough to read at every lookup. */
const SAMPLE = 8;

/**
 * The claim as reviewed, once the case's team wrote it: what the case is about in so many words.
 * Otherwise the features held by more than half of the sampled reports (all of one, both of two,
 * two of three). A rewording of the statement holds its words however little it shares with the
 * reports; without this, its signature share would be that of the reports, and a near-exact
 * rewording of the claim as reviewed could not clear the answer bar.
 */
export function caseSignature(index: MemoryIndex, caseId: string, excludeClaimId?: string): string[] {
  const statement = index.coresOf(caseId).find(isStatementEntry);
  const stated = statement ? index.featuresOf(statement).filter((feature) => !isMarker(feature)) : [];
  if (stated.length > 0) return stated;
  const sample = index.sampleOf(caseId, SAMPLE + 1).filter((claimId) => claimId !== excludeClaimId).slice(0, SAMPLE);
  const counts = new Map<string, number>();
  for (const claimId of sample) {
    for (const feature of index.featuresOf(claimId)) {
      if (!isMarker(feature)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
    }
  }
  const atLeast = Math.floor(sample.length / 2) + 1;
  return [...counts].filter(([, count]) => count >= atLeast).map(([feature]) => feature);
}

/** The share of the signature's weight the text holds: 1 when it holds all of it. */
export function signatureCoverage(query: ReadonlySet<string>, signature: readonly string[], index: MemoryIndex): number {
  let total = 0;
  let held = 0;
  for (const feature of signature) {
    const weight = index.collectionWeights.weight(feature) ** 2;
    total += weight;
    if (query.has(feature)) held += weight;
  }
  return total > 0 ? held / total : 0;
}
