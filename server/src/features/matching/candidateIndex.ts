/**
 * Candidate retrieval through this process's in-memory index, then the assessment of the best
 * few for both decisions. No scan of all cases and no database query: a text's band
 * keys and key terms select the indexed reports to score.
 */
import { Types } from 'mongoose';
import { ANSWER_CALIBRATION } from './answerCalibration';
import { assessCandidates, assessNearest, caseProbability, joinEvidence, type AssessedCandidate } from './assess';
import { indexReady } from './liveIndex';

export interface ScoredCandidate {
  /** The case's most similar entry: a report's id, or the case's claim as reviewed (`statementEntryId`). */
  entryId: string;
  caseId: Types.ObjectId;
  /** The precise score of the text against the case's most similar report. */
  similarity: number;
  /** Similarity to the case's core (its opening reports and its claim as reviewed). */
  coreSimilarity: number;
  /** One of the text and the case denies what the other asserts, gives other figures, or reports a source the other does not (`joinEvidence`). */
  denialMismatch: boolean;
  /** Probability of the same claim under the answer model. */
  answerProbability: number;
  /** The heaviest words the text shares with the case's most similar report. */
  sharedTerms: string[];
}

function scored(candidate: AssessedCandidate): ScoredCandidate {
  return {
    entryId: candidate.claimId,
    caseId: new Types.ObjectId(candidate.caseId),
    ...joinEvidence(candidate),
    answerProbability: caseProbability(candidate, ANSWER_CALIBRATION.answerModel),
    sharedTerms: candidate.evidence.sharedTerms,
  };
}

/** The cases nearest to these features (among those `onlyCases` admits), best ranked first (`ranking.ts`). */
export async function nearestCases(
  features: readonly string[],
  excludeClaimId?: Types.ObjectId,
  onlyCases?: (caseId: string) => boolean,
): Promise<ScoredCandidate[]> {
  const index = await indexReady();
  return assessCandidates(index, features, excludeClaimId ? String(excludeClaimId) : undefined, onlyCases).map(scored);
}

/**
 * A report's candidates for intake, best ranked first: the nearest cases, and the nearest
 * published cases assessed among themselves as `POST /match` assesses them, so that a report is
 * given a verdict exactly when a lookup of its text would be.
 */
export async function intakeCandidates(features: readonly string[], excludeClaimId: Types.ObjectId, isPublished: (caseId: string) => boolean): Promise<ScoredCandidate[]> {
  const index = await indexReady();
  const nearest = index.nearest(features, String(excludeClaimId));
  const published = assessNearest(index, features, nearest.filter((candidate) => isPublished(candidate.caseId)), String(excludeClaimId));
  const others = assessNearest(index, features, nearest.filter((candidate) => !isPublished(candidate.caseId)), String(excludeClaimId));
  return [...published, ...others].sort((a, b) => b.rankScore - a.rankScore || b.evidence.similarity - a.evidence.similarity).map(scored);
}
