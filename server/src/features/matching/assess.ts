/**
 * The few best candidate cases of a text, each assessed as the same claim or not: the evidence
 * against the case's most similar report, and against the case's core (the report that opened
 * it), so that a case cannot drift toward a neighbouring subject through its variants (A joins
 * with B, C with B, but C says something else than A). Pure: reads the in-memory index only.
 */
import { sameClaimProbability } from './answerModel';
import type { LogisticModel } from './logistic';
import type { MemoryIndex } from './memoryIndex';
import { pairEvidence, type PairEvidence } from './pairEvidence';

export interface AssessedCandidate {
  caseId: string;
  /** The case's report most similar to the text. */
  claimId: string;
  evidence: PairEvidence;
  /** Probability that the text states the case's claim, judged on its most similar report. */
  probability: number;
  /** The same judged on the case's core; equal to `probability` when that report is the core. */
  coreProbability: number;
}

/** Assessed in full: the rest of the candidates are too far below to be the same claim. */
const ASSESSED = 5;

export function assessCandidates(index: MemoryIndex, features: readonly string[], excludeClaimId?: string, model?: LogisticModel): AssessedCandidate[] {
  return index
    .nearest(features, excludeClaimId)
    .slice(0, ASSESSED)
    .map((candidate) => {
      const evidence = pairEvidence(features, index.featuresOf(candidate.claimId), index.weights);
      const probability = sameClaimProbability(evidence, model);
      const core = index.coreOf(candidate.caseId);
      const coreProbability =
        core === undefined || core === candidate.claimId || core === excludeClaimId
          ? probability
          : sameClaimProbability(pairEvidence(features, index.featuresOf(core), index.weights), model);
      return { caseId: candidate.caseId, claimId: candidate.claimId, evidence, probability, coreProbability };
    })
    .sort((a, b) => b.probability - a.probability);
}

/** The case-level score: a variant may not vouch for more than the case's core allows, beyond a margin. */
export function caseProbability(candidate: Pick<AssessedCandidate, 'probability' | 'coreProbability'>, coreMargin: number): number {
  return Math.min(candidate.probability, candidate.coreProbability + coreMargin);
}
