/**
 * The matcher's retrieval and scoring held in memory, for the evaluation and the benchmark:
 * the same band keys and precise score as the database-backed index, and an exhaustive
 * search to compare against.
 */
import { bandKeys, type LshShape } from '../server/src/features/matching/minhash';
import { featureSimilarity } from '../server/src/features/matching/similarity';
import type { FeatureWeights } from '../server/src/features/matching/weights';

export interface Hit {
  id: number;
  similarity: number;
}

export class InMemoryIndex {
  private readonly features: string[][] = [];
  private readonly buckets = new Map<string, number[]>();

  constructor(
    private readonly shape: LshShape,
    private readonly maxCandidates: number,
    private readonly weights: FeatureWeights,
  ) {}

  get size(): number {
    return this.features.length;
  }

  /** Adds a document and returns its id. */
  add(features: string[]): number {
    const id = this.features.length;
    this.features.push(features);
    for (const key of bandKeys(features, this.shape)) {
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(id);
      else this.buckets.set(key, [id]);
    }
    return id;
  }

  /** Best match through the LSH index: only documents sharing a band key are scored. */
  nearest(features: string[]): Hit | null {
    const shared = new Map<number, number>();
    for (const key of bandKeys(features, this.shape)) {
      for (const id of this.buckets.get(key) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    const candidates = [...shared.entries()].sort((a, b) => b[1] - a[1]).slice(0, this.maxCandidates);
    let best: Hit | null = null;
    for (const [id] of candidates) {
      const similarity = featureSimilarity(features, this.features[id]!, this.weights);
      if (!best || similarity > best.similarity) best = { id, similarity };
    }
    return best;
  }

  /** Best match by scoring every document. */
  exhaustiveNearest(features: string[]): Hit | null {
    let best: Hit | null = null;
    for (let id = 0; id < this.features.length; id += 1) {
      const similarity = featureSimilarity(features, this.features[id]!, this.weights);
      if (!best || similarity > best.similarity) best = { id, similarity };
    }
    return best;
  }
}
