/**
 * Candidate retrieval through this process's in-memory index, then the assessment of the best
 * few for both decisions. No scan of all cases and no database query: a text's band
 * keys and key terms select the indexed reports to score.
 */
import { Types } from 'mongoose';
import { ANSWER_CALIBRATION } from './answerCalibration';
import { assessNearest, caseProbability, joinEvidence, type AssessedCandidate } from './assess';
import { indexReady } from './liveIndex';
import { lookupPublished, rankLookup, type LookupCandidate } from './lookupRanking';
import { matchSettings } from './settings';

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

/** An open case's probability comes from the answer model the join rule reads; a published case's from the lookup's (`lookupRanking.ts`). */
function scored(candidate: AssessedCandidate | LookupCandidate): ScoredCandidate {
  return {
    entryId: candidate.claimId,
    caseId: new Types.ObjectId(candidate.caseId),
    ...joinEvidence(candidate),
    answerProbability: 'answerProbability' in candidate ? candidate.answerProbability : caseProbability(candidate, ANSWER_CALIBRATION.answerModel),
    sharedTerms: candidate.evidence.sharedTerms,
  };
}

/**
 * The published cases nearest to these features, in the known-rumor lookup's order
 * (`lookupRanking.ts`), with those the text read in the other language finds (`crossLingual.ts`).
 */
export async function publishedCandidates(features: readonly string[], isPublished: (caseId: string) => boolean): Promise<ScoredCandidate[]> {
  return lookupPublished(await indexReady(), features, isPublished, matchSettings().segmentation).map(scored);
}

/**
 * A report's candidates for intake, best ranked first: the nearest cases, and the nearest
 * published cases assessed among themselves as `POST /match` assesses them, so that a report is
 * given a verdict exactly when a lookup of its text would be.
 */
export async function intakeCandidates(features: readonly string[], excludeClaimId: Types.ObjectId, isPublished: (caseId: string) => boolean): Promise<ScoredCandidate[]> {
  const index = await indexReady();
  const exclude = String(excludeClaimId);
  // Published cases are retrieved among themselves, as a lookup retrieves them (`assessCandidates`).
  const [nearestPublished, nearestOthers] = index.nearestOnEachSide(features, exclude, isPublished);
  const published = assessNearest(index, features, nearestPublished, exclude);
  const others = assessNearest(index, features, nearestOthers, exclude);
  const merged = [...published, ...others].sort((a, b) => b.rankScore - a.rankScore || b.evidence.similarity - a.evidence.similarity);
  // Published cases take the places they hold among all candidates, in the lookup's own order.
  const lookup = rankLookup(index, features, published, exclude);
  let next = 0;
  return merged.map((candidate) => (isPublished(candidate.caseId) ? lookup[next++]! : candidate)).map(scored);
}
