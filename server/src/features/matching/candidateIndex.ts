/**
 * Candidate retrieval through this process's in-memory index, then the assessment of the best
 * few as the same claim or not. No scan of all cases and no database query: a text's band keys
 * and key terms select the indexed reports to score.
 */
import { Types } from 'mongoose';
import { assessCandidates, type AssessedCandidate } from './assess';
import { indexReady } from './liveIndex';

export interface ScoredCandidate extends Omit<AssessedCandidate, 'caseId' | 'claimId'> {
  claimId: Types.ObjectId;
  caseId: Types.ObjectId;
  /** The precise score of the text against the case's most similar report. */
  similarity: number;
}

/** The cases most likely to hold the same claim as these features, most likely first. */
export async function nearestCases(features: readonly string[], excludeClaimId?: Types.ObjectId): Promise<ScoredCandidate[]> {
  const index = await indexReady();
  return assessCandidates(index, features, excludeClaimId ? String(excludeClaimId) : undefined).map((candidate) => ({
    ...candidate,
    claimId: new Types.ObjectId(candidate.claimId),
    caseId: new Types.ObjectId(candidate.caseId),
    similarity: candidate.evidence.similarity,
  }));
}
