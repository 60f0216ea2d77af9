/**
 * How sure the matcher is that a text states the same claim as a case: a logistic model over
 * the pair's evidence (`pairEvidence.ts`), fitted and calibrated by `npm run eval:matching --
 * --fit` on the labelled pairs of fixtures/matching (its held-out part is never fitted on).
 * Two decisions read it with two bars: joining an open case (a reviewer will look) and giving a
 * published verdict as the text's own answer, which must be wrong at most once in a hundred.
 */
import { ANSWER_CALIBRATION } from './answerCalibration';
import { predict, type LogisticModel } from './logistic';
import type { PairEvidence } from './pairEvidence';

export const ANSWER_FEATURES = ['similarity', 'cosine', 'queryCoverage', 'candidateCoverage', 'queryNovelty', 'candidateNovelty', 'sharedWords'] as const;

export function answerFeatures(evidence: PairEvidence): number[] {
  return ANSWER_FEATURES.map((name) => Number(evidence[name]));
}

/**
 * A text that denies what the case asserts (or asserts what it denies) is never the same claim,
 * however many words they share: the labelled denials share nearly all of a rumor's words, and
 * a learned weight could not keep them from the rumor's verdict.
 */
export function sameClaimProbability(evidence: PairEvidence, model: LogisticModel = ANSWER_CALIBRATION.model): number {
  if (evidence.denialMismatch) return 0;
  return predict(model, answerFeatures(evidence));
}
