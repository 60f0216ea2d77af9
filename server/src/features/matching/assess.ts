/**
 * The few best candidate cases of a text, in rank order (`ranking.ts`), with the evidence that they state the same claim:
 * against the case's most similar report, and against the case's core (the reports that opened
 * it or a case merged into it), so that a case cannot drift toward a neighbouring subject through its variants (A joins
 * with B, C with B, but C says something else than A). Pure: reads the in-memory index only.
 */
import { ANSWER_CALIBRATION } from './answerCalibration';
import { sameClaimProbability } from './answerModel';
import { caseSignature, signatureCoverage } from './caseSignature';
import type { LogisticModel } from './logistic';
import type { Candidate, MemoryIndex } from './memoryIndex';
import { contradicts, pairEvidence, type PairEvidence } from './pairEvidence';
import { inRankOrder, rankFeatures, rankScore, relativeHolds, type RankModel, type RelativeHold } from './ranking';
import { CORE_MARGIN } from './settings';

export interface AssessedCandidate extends RelativeHold {
  caseId: string;
  /** The case's report most similar to the text. */
  claimId: string;
  evidence: PairEvidence;
  /** Against the case's most similar core report, when the most similar report is a variant. */
  coreEvidence: PairEvidence | null;
  /** How far the case's similarity leads the best other case's (negative when it trails). */
  margin: number;
  /** Share of the case's signature (what most of its reports hold) the text holds. */
  signatureCoverage: number;
  /** Its score against the other assessed candidates (`ranking.ts`): the higher, the earlier. */
  rankScore: number;
}

/**
 * The runner-up is counted at least this similar: below it any text has some candidate (the
 * suggestion bar), so a lead over nothing in a small index is no lead over the noise.
 */
const RUNNER_UP_FLOOR = 0.2;

/** Assessed in full: the rest of the candidates are too far below to be the same claim. */
const ASSESSED = 5;

/**
 * The best candidates, best ranked first; with `onlyCases`, the best among the cases it admits
 * (a lookup of published verdicts is not crowded out by open cases).
 */
export function assessCandidates(
  index: MemoryIndex,
  features: readonly string[],
  excludeClaimId?: string,
  onlyCases?: (caseId: string) => boolean,
  rankModel: RankModel = ANSWER_CALIBRATION.rankModel,
): AssessedCandidate[] {
  return assessNearest(index, features, index.nearest(features, excludeClaimId, onlyCases), excludeClaimId, rankModel);
}

/**
 * Assesses the first few of already retrieved candidates (most similar first) against each
 * other, and returns them in rank order.
 */
export function assessNearest(
  index: MemoryIndex,
  features: readonly string[],
  retrieved: readonly Candidate[],
  excludeClaimId?: string,
  rankModel: RankModel = ANSWER_CALIBRATION.rankModel,
): AssessedCandidate[] {
  const nearest = retrieved.slice(0, ASSESSED);
  const query = new Set(features);
  const nearestFeatures = nearest.map((candidate) => index.featuresOf(candidate.claimId));
  const holds = relativeHolds(query, nearestFeatures.map((candidateFeatures) => new Set(candidateFeatures)), index.collectionWeights);
  const assessed = nearest.map((candidate, rank) => {
    const cores = index.coresOf(candidate.caseId).filter((claimId) => claimId !== excludeClaimId);
    const nearestIsCore = cores.length === 0 || cores.includes(candidate.claimId);
    const evidence = pairEvidence(query, nearestFeatures[rank]!, index.collectionWeights);
    const context = {
      margin: candidate.similarity - Math.max(nearest[rank === 0 ? 1 : 0]?.similarity ?? 0, RUNNER_UP_FLOOR),
      signatureCoverage: signatureCoverage(query, caseSignature(index, candidate.caseId, excludeClaimId), index),
      ...holds[rank]!,
    };
    return {
      caseId: candidate.caseId,
      claimId: candidate.claimId,
      evidence,
      coreEvidence: nearestIsCore ? null : nearestCore(query, cores, index),
      ...context,
      rankScore: rankScore(rankModel, rankFeatures(evidence, context)),
    };
  });
  return inRankOrder(assessed);
}

/** The evidence against the most similar of a case's core reports. */
function nearestCore(query: ReadonlySet<string>, cores: readonly string[], index: MemoryIndex): PairEvidence {
  return cores
    .map((claimId) => pairEvidence(query, index.featuresOf(claimId), index.collectionWeights))
    .reduce((best, evidence) => (evidence.similarity > best.similarity ? evidence : best));
}

/**
 * Probability, under one decision's model, that the text states the case's claim: a variant may
 * vouch for the case at most CORE_MARGIN more than the case's core does.
 */
export function caseProbability(candidate: AssessedCandidate, model: LogisticModel): number {
  const probability = sameClaimProbability(candidate.evidence, candidate, model);
  if (!candidate.coreEvidence) return probability;
  return Math.min(probability, sameClaimProbability(candidate.coreEvidence, candidate, model) + CORE_MARGIN);
}

export interface JoinEvidence {
  similarity: number;
  /** Similarity to the case's core; the same as `similarity` when the nearest report is the core. */
  coreSimilarity: number;
  /**
   * One denies what the other asserts, or their figures differ (`contradicts`), or one reports a
   * named source and the other does not, or one reads as news and the other as a rumor passed on
   * (`register.ts`), against the nearest report or the case's core: a long official post holds a
   * short rumor's words in passing (containment scores it high) and states something else; a
   * rumor does not join the case such a post opened either. Or both read as news and are no
   * copy of one post (`NEWS_COPY_COSINE`).
   */
  denialMismatch: boolean;
}

/**
 * Two posts that both read as news or report a named source (`newsPair`) join only at this
 * cosine, a copy of one post with its framing changed. The register, which keeps a news post out
 * of a rumor's case, cannot tell two such posts apart, and the similarity credits containment: a
 * 150–500 character official post holds a shorter post's subject words in passing and scores
 * high while reporting another event (the daily bulletins, two notices on cold-chain testing).
 * The cosine, symmetric, does not credit what only the longer post says. Measured on the
 * labelled data (`npm run eval:matching`, with the true posts mixed in): any bar from 0.5 to 0.8
 * gives the same held-out joins; at the join bar itself (0.35) fewer such pairs are refused.
 */
export const NEWS_COPY_COSINE = 0.6;

/** Both posts read as news and one is not a copy of the other. */
const separateNews = (evidence: PairEvidence) => evidence.newsPair && evidence.cosine < NEWS_COPY_COSINE;

export function joinEvidence(candidate: AssessedCandidate): JoinEvidence {
  const core = candidate.coreEvidence ?? candidate.evidence;
  return {
    similarity: candidate.evidence.similarity,
    coreSimilarity: core.similarity,
    denialMismatch:
      contradicts(candidate.evidence) || [candidate.evidence, core].some((evidence) => evidence.sourceMismatch || evidence.registerMismatch || separateNews(evidence)),
  };
}

/**
 * Whether a report joins an open case: similar enough to its nearest report, close enough to the
 * case's core that the case cannot drift through its variants, not denying what it asserts, and
 * at least `joinProbability` likely under the answer model to state the case's claim (far below
 * the answer bar, since a reviewer sees every join). Readable parts, each fitted on the labelled
 * data for the best F0.5 of joining; a report sharing one heavy word of the claim (微波炉) may
 * still join, and is then never answered with the case's verdict.
 */
export function joinsOpenCase(candidate: JoinEvidence, joinSimilarity: number, coreGap: number, probability = 1, joinProbability = 0): boolean {
  return (
    !candidate.denialMismatch &&
    candidate.similarity >= joinSimilarity &&
    candidate.coreSimilarity >= joinSimilarity - coreGap &&
    probability >= joinProbability
  );
}
