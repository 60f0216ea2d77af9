/**
 * Candidate retrieval through this process's in-memory index, then the assessment of the best
 * few under both decisions' models. No scan of all cases and no database query: a text's band
 * keys and key terms select the indexed reports to score.
 */
import { Types } from 'mongoose';
import { ANSWER_CALIBRATION } from './answerCalibration';
import { assessCandidates, caseProbability } from './assess';
import { indexReady } from './liveIndex';

export interface ScoredCandidate {
  claimId: Types.ObjectId;
  caseId: Types.ObjectId;
  /** The precise score of the text against the case's most similar report. */
  similarity: number;
  /** Probability of the same claim under the join model and under the answer model. */
  joinProbability: number;
  answerProbability: number;
  /** The heaviest words the text shares with the case's most similar report. */
  sharedTerms: string[];
}

/** The cases nearest to these features (among those `onlyCases` admits), most similar first. */
export async function nearestCases(
  features: readonly string[],
  excludeClaimId?: Types.ObjectId,
  onlyCases?: (caseId: string) => boolean,
): Promise<ScoredCandidate[]> {
  const index = await indexReady();
  return assessCandidates(index, features, excludeClaimId ? String(excludeClaimId) : undefined, onlyCases).map((candidate) => ({
    claimId: new Types.ObjectId(candidate.claimId),
    caseId: new Types.ObjectId(candidate.caseId),
    similarity: candidate.evidence.similarity,
    joinProbability: caseProbability(candidate, ANSWER_CALIBRATION.joinModel),
    answerProbability: caseProbability(candidate, ANSWER_CALIBRATION.answerModel),
    sharedTerms: candidate.evidence.sharedTerms,
  }));
}
