/**
 * Whether a report joins an open case: a logistic model of its own, fitted by
 * `npm run eval:matching -- --fit` on the reports of the labelled data's fit part arriving among
 * the cases of their claims and of the same-subject true posts, denials and near misses around
 * them, and its bar chosen there for precision (`answerCalibration.ts`). The answer model
 * (`answerModel.ts`) decides a published verdict, among published cases; joining is judged
 * against open cases, which hold the true posts on a subject that were reported too, and on the
 * case's core as much as on its nearest variant, so that a case does not drift.
 */
import type { AssessedCandidate } from './assess';
import { predict, type LogisticModel } from './logistic';
import { contradicts, type PairEvidence } from './pairEvidence';

/** An input of the join model: its name, the sign its weight is held to, and how it is read. */
interface JoinInput {
  name: string;
  sign: 1 | -1;
  read: (candidate: AssessedCandidate, nearest: PairEvidence, core: PairEvidence) => number;
}

/**
 * What the text shares with the case counts for the same claim, what sets them apart against it:
 * a heavy word on each side (a substitution, 西瓜 for 菜), the case core's key words missing, or
 * a framing that differs (a report in the words of a news post, 据…报道, against a rumor's case).
 */
const INPUTS: readonly JoinInput[] = [
  { name: 'similarity', sign: 1, read: (_, nearest) => nearest.similarity },
  { name: 'coreSimilarity', sign: 1, read: (_, __, core) => core.similarity },
  { name: 'coreQueryCoverage', sign: 1, read: (_, __, core) => core.queryCoverage },
  { name: 'coreCandidateCoverage', sign: 1, read: (_, __, core) => core.candidateCoverage },
  { name: 'sharedWords', sign: 1, read: (_, nearest) => nearest.sharedWords },
  { name: 'substitutionPeak', sign: -1, read: (_, nearest, core) => Math.max(nearest.substitutionPeak, core.substitutionPeak) },
  { name: 'unsharedHeavyShare', sign: -1, read: (_, __, core) => core.unsharedHeavyShare },
  { name: 'queryKeyMissing', sign: -1, read: (_, __, core) => core.queryKeyMissing },
  { name: 'coreKeyMissing', sign: -1, read: (_, __, core) => core.candidateKeyMissing },
  { name: 'margin', sign: 1, read: (candidate) => candidate.margin },
  { name: 'signatureCoverage', sign: 1, read: (candidate) => candidate.signatureCoverage },
  { name: 'caseDistinctiveMissing', sign: -1, read: (candidate) => candidate.distinctive.caseMissing },
  { name: 'queryDistinctiveMissing', sign: -1, read: (candidate) => candidate.distinctive.queryMissing },
  { name: 'newsMismatch', sign: -1, read: (_, __, core) => Number(core.newsMismatch) },
  { name: 'alarmMismatch', sign: -1, read: (_, __, core) => Number(core.alarmMismatch) },
];

export const JOIN_FEATURE_NAMES: readonly string[] = INPUTS.map((input) => input.name);
export const JOIN_FEATURE_SIGNS: readonly number[] = INPUTS.map((input) => input.sign);

export function joinFeatures(candidate: AssessedCandidate): number[] {
  const core = candidate.coreEvidence ?? candidate.evidence;
  return INPUTS.map((input) => input.read(candidate, candidate.evidence, core));
}

/**
 * Probability that a report states an open case's claim. A denial of it, or other figures
 * (`contradicts`), against its nearest report or its core, is never the same claim.
 */
export function joinProbability(candidate: AssessedCandidate, model: LogisticModel): number {
  if (contradicts(candidate.evidence) || (candidate.coreEvidence && contradicts(candidate.coreEvidence))) return 0;
  return predict(model, joinFeatures(candidate));
}
