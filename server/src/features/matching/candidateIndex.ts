/**
 * Candidate retrieval through this process's in-memory LSH index, then the precise score. No
 * scan of all cases and no database query: a report's band keys select the indexed reports
 * that share any band with it.
 */
import { Types } from 'mongoose';
import { indexReady } from './liveIndex';

export interface ScoredCandidate {
  claimId: Types.ObjectId;
  caseId: Types.ObjectId;
  similarity: number;
}

/** The indexed reports most similar to these features, best first, one per (live) case. */
export async function nearestCases(features: readonly string[], excludeClaimId?: Types.ObjectId): Promise<ScoredCandidate[]> {
  const index = await indexReady();
  return index.nearest(features, excludeClaimId ? String(excludeClaimId) : undefined).map((candidate) => ({
    claimId: new Types.ObjectId(candidate.claimId),
    caseId: new Types.ObjectId(candidate.caseId),
    similarity: candidate.similarity,
  }));
}
