/**
 * The candidate index as one process holds it in memory: MinHash LSH band keys over the reports
 * that are variants of their case's text, which case each report belongs to, the exact-text keys,
 * merges, and what triage needs of each report. A plain data structure: `liveIndex.ts` fills it
 * from the database and keeps it in step with the other processes.
 *
 * Entries name reports, so a merge or a move-out changes a report's case, never the band keys.
 */
import { bandKeys, type LshShape } from './minhash';
import { featureSimilarity } from './similarity';
import type { FeatureWeights } from './weights';

export interface ReportEntry {
  claimId: string;
  caseId: string;
  /** Present when the report is indexed as a variant of its case's text. */
  features?: readonly string[] | undefined;
  reachScore: number;
  emergency: boolean;
  receivedAt: number;
}

export interface ReportStats {
  reachScore: number;
  emergency: boolean;
  receivedAt: Date;
}

export interface Candidate {
  claimId: string;
  caseId: string;
  similarity: number;
}

/** Followed at most this far: a longer chain of merges would be a cycle. */
const MAX_REDIRECTS = 32;

export class MemoryIndex {
  private readonly slotOf = new Map<string, number>();
  private readonly claimIds: string[] = [];
  private readonly caseOf: string[] = [];
  private readonly features: Array<readonly string[] | undefined> = [];
  private readonly reach: number[] = [];
  private readonly emergency: boolean[] = [];
  private readonly receivedAt: number[] = [];
  private readonly buckets = new Map<string, number[]>();
  private readonly reportsOfCase = new Map<string, number[]>();
  private readonly keys = new Map<string, string>();
  private readonly mergedInto = new Map<string, string>();

  constructor(
    private readonly shape: LshShape,
    private readonly maxCandidates: number,
    private readonly weights: FeatureWeights,
  ) {}

  get reportCount(): number {
    return this.claimIds.length;
  }

  get indexedCount(): number {
    return this.features.reduce((count, f) => count + (f ? 1 : 0), 0);
  }

  /** The case that now holds a case's reports: itself, or where merges took them. */
  liveCase(caseId: string): string {
    let current = caseId;
    for (let hop = 0; hop < MAX_REDIRECTS; hop += 1) {
      const next = this.mergedInto.get(current);
      if (!next) return current;
      current = next;
    }
    return current;
  }

  caseOfKey(key: string): string | undefined {
    const caseId = this.keys.get(key);
    return caseId === undefined ? undefined : this.liveCase(caseId);
  }

  caseOfReport(claimId: string): string | undefined {
    const slot = this.slotOf.get(claimId);
    return slot === undefined ? undefined : this.caseOf[slot];
  }

  setKey(key: string, caseId: string): void {
    this.keys.set(key, caseId);
  }

  /** Records a merge and moves the source's reports along. Repeating it changes nothing. */
  merge(sourceId: string, targetId: string): void {
    if (sourceId === targetId) return;
    this.mergedInto.set(sourceId, targetId);
    const moved = this.reportsOfCase.get(sourceId);
    if (!moved) return;
    this.reportsOfCase.delete(sourceId);
    const live = this.liveCase(targetId);
    const into = this.reportsOfCase.get(live) ?? [];
    for (const slot of moved) {
      this.caseOf[slot] = live;
      into.push(slot);
    }
    this.reportsOfCase.set(live, into);
  }

  /**
   * Adds a report, or moves a known one to the case named (reports arriving for a case that was
   * merged meanwhile go to the case it was merged into). Features are added once.
   */
  addReport(entry: ReportEntry): void {
    const caseId = this.liveCase(entry.caseId);
    let slot = this.slotOf.get(entry.claimId);
    if (slot === undefined) {
      slot = this.claimIds.length;
      this.slotOf.set(entry.claimId, slot);
      this.claimIds.push(entry.claimId);
      this.caseOf.push(caseId);
      this.features.push(undefined);
      this.reach.push(entry.reachScore);
      this.emergency.push(entry.emergency);
      this.receivedAt.push(entry.receivedAt);
      this.attach(slot, caseId);
    } else if (this.caseOf[slot] !== caseId) {
      this.detach(slot, this.caseOf[slot]!);
      this.caseOf[slot] = caseId;
      this.attach(slot, caseId);
    }
    if (entry.features && entry.features.length > 0 && !this.features[slot]) {
      this.features[slot] = entry.features;
      for (const key of bandKeys(entry.features, this.shape)) {
        const bucket = this.buckets.get(key);
        if (bucket) bucket.push(slot);
        else this.buckets.set(key, [slot]);
      }
    }
  }

  /** What triage needs of the case's reports. */
  reportsOf(caseId: string): ReportStats[] {
    return (this.reportsOfCase.get(this.liveCase(caseId)) ?? []).map((slot) => ({
      reachScore: this.reach[slot]!,
      emergency: this.emergency[slot]!,
      receivedAt: new Date(this.receivedAt[slot]!),
    }));
  }

  /**
   * The indexed reports most similar to these features, best first, one per (live) case. Only
   * reports sharing a band key are scored, those sharing most first.
   */
  nearest(features: readonly string[], excludeClaimId?: string): Candidate[] {
    if (features.length === 0) return [];
    const shared = new Map<number, number>();
    for (const key of bandKeys(features, this.shape)) {
      for (const slot of this.buckets.get(key) ?? []) shared.set(slot, (shared.get(slot) ?? 0) + 1);
    }
    const excluded = excludeClaimId === undefined ? undefined : this.slotOf.get(excludeClaimId);
    if (excluded !== undefined) shared.delete(excluded);
    const slots = [...shared.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, this.maxCandidates)
      .map(([slot]) => slot);
    const bestPerCase = new Map<string, Candidate>();
    for (const slot of slots) {
      const similarity = featureSimilarity(features, this.features[slot]!, this.weights);
      const caseId = this.caseOf[slot]!;
      if ((bestPerCase.get(caseId)?.similarity ?? -1) < similarity) {
        bestPerCase.set(caseId, { claimId: this.claimIds[slot]!, caseId, similarity });
      }
    }
    return [...bestPerCase.values()].sort((a, b) => b.similarity - a.similarity);
  }

  /** The best match by scoring every indexed report: the benchmark's reference. */
  exhaustiveNearest(features: readonly string[]): Candidate | null {
    let best: Candidate | null = null;
    for (let slot = 0; slot < this.features.length; slot += 1) {
      const indexed = this.features[slot];
      if (!indexed) continue;
      const similarity = featureSimilarity(features, indexed, this.weights);
      if (!best || similarity > best.similarity) best = { claimId: this.claimIds[slot]!, caseId: this.caseOf[slot]!, similarity };
    }
    return best;
  }

  private attach(slot: number, caseId: string): void {
    const list = this.reportsOfCase.get(caseId);
    if (list) list.push(slot);
    else this.reportsOfCase.set(caseId, [slot]);
  }

  private detach(slot: number, caseId: string): void {
    const list = this.reportsOfCase.get(caseId);
    if (!list) return;
    const at = list.indexOf(slot);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.reportsOfCase.delete(caseId);
  }
}
