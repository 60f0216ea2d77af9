/**
 * The server's in-memory matching index (server/src/features/matching/memoryIndex.ts) behind
 * numbered documents, for the evaluation and the benchmark: each document is a report in a case
 * of its own, so they measure the structure that production matches with.
 */
import { assessCandidates, type AssessedCandidate } from '../server/src/features/matching/assess';
import { translatedFeatures } from '../server/src/features/matching/crossLingual';
import { LOOKUP_CALIBRATION } from '../server/src/features/matching/lookupCalibration';
import { rankLookup, withTranslation } from '../server/src/features/matching/lookupRanking';
import type { LshShape } from '../server/src/features/matching/minhash';
import type { Segmentation } from '../server/src/features/matching/tokens';
import { MemoryIndex } from '../server/src/features/matching/memoryIndex';
import type { FeatureWeights } from '../server/src/features/matching/weights';

export interface Hit {
  id: number;
  similarity: number;
}

export class InMemoryIndex {
  private readonly index: MemoryIndex;
  private count = 0;

  constructor(shape: LshShape, maxCandidates: number, weights: FeatureWeights) {
    this.index = new MemoryIndex(shape, maxCandidates, weights);
  }

  get size(): number {
    return this.count;
  }

  /** Adds a document and returns its id. */
  add(features: string[]): number {
    const id = this.count;
    this.count += 1;
    this.index.addReport({ claimId: String(id), caseId: String(id), features, reachScore: 0, emergency: false, receivedAt: 0 });
    return id;
  }

  /** Best match through the LSH index: only documents sharing a band key are scored. */
  nearest(features: string[]): Hit | null {
    const best = this.index.nearest(features)[0];
    return best ? { id: Number(best.claimId), similarity: best.similarity } : null;
  }

  /**
   * What a decision reads: retrieval through the index, then the evidence of the best few
   * candidates against their nearest report and their core, and their ranking. Returns retrieval's
   * most similar (the one leading the others, not the first ranked), so that recall against
   * exhaustive scoring measures retrieval.
   */
  assess(features: string[]): Hit | null {
    const best = assessCandidates(this.index, features).reduce<AssessedCandidate | undefined>(
      (leader, candidate) => (!leader || candidate.margin > leader.margin ? candidate : leader),
      undefined,
    );
    return best ? { id: Number(best.claimId), similarity: best.evidence.similarity } : null;
  }

  /**
   * What a known-rumor lookup (`POST /match`) reads: the decision's reading, then the candidates'
   * case vocabularies and the lookup's order, and the same for the text read in the other
   * language. Returns how many candidates it lists.
   */
  lookUp(features: string[], segmentation: Segmentation): number {
    const own = rankLookup(this.index, features, assessCandidates(this.index, features));
    const translated = translatedFeatures(features, segmentation);
    const across = translated.length > 0 ? rankLookup(this.index, translated, assessCandidates(this.index, translated)) : [];
    return withTranslation(own, across, LOOKUP_CALIBRATION.crossLingualLead).length;
  }

  /** Best match by scoring every document. */
  exhaustiveNearest(features: string[]): Hit | null {
    const best = this.index.exhaustiveNearest(features);
    return best ? { id: Number(best.claimId), similarity: best.similarity } : null;
  }
}
