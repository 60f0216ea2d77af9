/**
 * Candidate retrieval over the LSH index in the database, then the precise score. No scan of
 * all cases: a report's band keys select the indexed reports that share any band with it.
 */
import type { Types } from 'mongoose';
import { ClaimModel } from '../claims/model';
import { MatchBucketModel } from './bucketModel';
import { bandKeys } from './minhash';
import type { MatchSettings } from './settings';
import { featureSimilarity } from './similarity';
import { backgroundWeights } from './weights';

export interface ScoredCandidate {
  claimId: Types.ObjectId;
  caseId: Types.ObjectId;
  similarity: number;
}

/** Adds a report to the index; repeating it is harmless. */
export async function indexReport(claimId: Types.ObjectId, features: readonly string[], settings: MatchSettings): Promise<void> {
  const entries = bandKeys(features, settings.lsh).map((key) => ({ _id: `${key}|${String(claimId)}`, key, claimId }));
  if (entries.length === 0) return;
  await MatchBucketModel.insertMany(entries, { ordered: false }).catch((error: { code?: number; writeErrors?: unknown[] }) => {
    // Entries already present (a retried intake) are duplicate-key errors; anything else is real.
    const duplicatesOnly = error.code === 11000 || (Array.isArray(error.writeErrors) && error.writeErrors.every((e) => (e as { code?: number }).code === 11000));
    if (!duplicatesOnly) throw error;
  });
}

/** The indexed reports most similar to these features, best first, one per case. */
export async function nearestCases(features: readonly string[], settings: MatchSettings, excludeClaimId?: Types.ObjectId): Promise<ScoredCandidate[]> {
  const keys = bandKeys(features, settings.lsh);
  if (keys.length === 0) return [];
  const hits = await MatchBucketModel.find({ key: { $in: keys } }, { claimId: 1 }).lean();
  const hitCounts = new Map<string, number>();
  for (const hit of hits) hitCounts.set(String(hit.claimId), (hitCounts.get(String(hit.claimId)) ?? 0) + 1);
  if (excludeClaimId) hitCounts.delete(String(excludeClaimId));
  const mostShared = [...hitCounts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, settings.maxCandidates)
    .map(([id]) => id);
  if (mostShared.length === 0) return [];
  const reports = await ClaimModel.find({ _id: { $in: mostShared }, caseId: { $ne: null } }, { matchTokens: 1, caseId: 1 }).lean();
  const weights = backgroundWeights(settings.segmentation);
  const bestPerCase = new Map<string, ScoredCandidate>();
  for (const report of reports) {
    const similarity = featureSimilarity(features, report.matchTokens ?? [], weights);
    const caseKey = String(report.caseId);
    if ((bestPerCase.get(caseKey)?.similarity ?? -1) < similarity) {
      bestPerCase.set(caseKey, { claimId: report._id, caseId: report.caseId!, similarity });
    }
  }
  return [...bestPerCase.values()].sort((a, b) => b.similarity - a.similarity);
}
