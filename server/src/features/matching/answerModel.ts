/**
 * How sure the matcher is that a text states the same claim as a case: logistic models over the
 * pair's evidence (`pairEvidence.ts`), fitted and calibrated by `npm run eval:matching -- --fit`
 * on the labelled pairs of fixtures/matching (its held-out part is never fitted on). Two
 * decisions, two models and two bars: joining an open case (a reviewer will look) reads this
 * model's probability against the join rule's low bar (`answerCalibration.ts`, `joinsOpenCase`);
 * giving a published verdict as the text's own answer reads the known-rumor lookup's model,
 * which adds the case's vocabulary to these inputs, against its own bar (`lookupRanking.ts`,
 * `lookupCalibration.ts`), calibrated so that at most one answer in a hundred is wrong.
 */
import { predict, type LogisticModel } from './logistic';
import { contradicts, type PairEvidence } from './pairEvidence';

export const EVIDENCE_FEATURES = [
  'similarity',
  'cosine',
  'queryCoverage',
  'candidateCoverage',
  'sharedWords',
  'queryUnsharedPeak',
  'candidateUnsharedPeak',
  'substitutionPeak',
  'unsharedHeavyShare',
  'queryKeyMissing',
  'candidateKeyMissing',
  'sourceMismatch',
] as const;

/**
 * The sign each input's weight is held to when fitted: what the texts share counts for the same
 * claim, what sets them apart against it, and so do a case's lead over the runner-up and the
 * share of its signature the text holds.
 */
export const ANSWER_FEATURE_SIGNS: readonly number[] = [1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, 1, 1];

/** What the model knows of the case beyond the pair: its lead over the runner-up, and how much of its signature the text holds. */
export interface CaseContext {
  margin: number;
  signatureCoverage: number;
}

/**
 * The model's inputs: the pair's evidence, and the margin by which the case leads the text's
 * other candidates (a text as close to two rumors as to one cannot be answered with either).
 */
export function answerFeatures(evidence: PairEvidence, context: CaseContext): number[] {
  return [...EVIDENCE_FEATURES.map((name) => Number(evidence[name])), context.margin, context.signatureCoverage];
}

/**
 * A text that denies what the case asserts (or asserts what it denies), or gives other figures,
 * is never the same claim, however many words they share: the labelled denials share nearly all
 * of a rumor's words, and a learned weight could not keep them from the rumor's verdict.
 */
export function sameClaimProbability(evidence: PairEvidence, context: CaseContext, model: LogisticModel): number {
  if (contradicts(evidence)) return 0;
  return predict(model, answerFeatures(evidence, context));
}
