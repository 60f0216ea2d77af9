/**
 * The candidate index as one process holds it in memory: MinHash LSH bands over the reports
 * that are variants of their case's text, which case each report belongs to, the exact-text keys,
 * merges, and what triage needs of each report. A plain data structure: `liveIndex.ts` fills it
 * from the database and keeps it in step with the other processes.
 *
 * Entries name reports, so a merge or a move-out changes a report's case, never the bands.
 * Laid out for a million cases: one table per band with 30-bit integer keys (V8 caps a Map at
 * 2^24 entries, and small integers cost no allocation), features as ids into one dictionary,
 * reports and cases as slots in parallel arrays.
 */
import { bandHashes, type LshShape } from './minhash';
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

export interface CaseState {
  status: string;
  publicationId: string | null;
}

export interface Candidate {
  claimId: string;
  caseId: string;
  similarity: number;
}

/** Followed at most this far: a longer chain of merges would be a cycle. */
const MAX_REDIRECTS = 32;

/** A band table's value: the one report in the bucket, or all of them. */
type Bucket = number | number[];

export class MemoryIndex {
  private readonly bands: Array<Map<number, Bucket>>;
  /** Feature dictionary: id per feature and its squared weight. */
  private readonly featureIds = new Map<string, number>();
  private readonly featureMass: number[] = [];

  private readonly slotOf = new Map<string, number>();
  private readonly claimIds: string[] = [];
  private readonly caseSlotOfReport: number[] = [];
  private readonly features: Array<number[] | undefined> = [];
  private readonly mass: number[] = [];
  private readonly reach: number[] = [];
  private readonly emergency: boolean[] = [];
  private readonly receivedAt: number[] = [];
  private indexed = 0;

  private readonly caseSlotOf = new Map<string, number>();
  private readonly caseIds: string[] = [];
  private readonly reportsOfCase: Array<number[] | undefined> = [];

  private readonly keys = new Map<string, string>();
  private readonly mergedInto = new Map<string, string>();
  /** Cases past `open` only: every case not named here is open. */
  private readonly states = new Map<string, CaseState>();

  constructor(
    private readonly shape: LshShape,
    private readonly maxCandidates: number,
    private readonly weights: FeatureWeights,
  ) {
    this.bands = Array.from({ length: shape.bands }, () => new Map<number, Bucket>());
  }

  get reportCount(): number {
    return this.claimIds.length;
  }

  get indexedCount(): number {
    return this.indexed;
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
    return slot === undefined ? undefined : this.caseIds[this.caseSlotOfReport[slot]!];
  }

  caseState(caseId: string): CaseState {
    return this.states.get(caseId) ?? { status: 'open', publicationId: null };
  }

  setCaseState(caseId: string, state: CaseState): void {
    if (state.status === 'open') this.states.delete(caseId);
    else this.states.set(caseId, state);
  }

  setKey(key: string, caseId: string): void {
    this.keys.set(key, caseId);
  }

  /** Records a merge and moves the source's reports along. Repeating it changes nothing. */
  merge(sourceId: string, targetId: string): void {
    if (sourceId === targetId) return;
    this.mergedInto.set(sourceId, targetId);
    const source = this.caseSlotOf.get(sourceId);
    const moved = source === undefined ? undefined : this.reportsOfCase[source];
    if (source === undefined || !moved) return;
    this.reportsOfCase[source] = undefined;
    const target = this.caseSlot(this.liveCase(targetId));
    const into = this.reportsOfCase[target] ?? [];
    for (const slot of moved) {
      this.caseSlotOfReport[slot] = target;
      into.push(slot);
    }
    this.reportsOfCase[target] = into;
  }

  /**
   * Adds a report, or moves a known one to the case named (reports arriving for a case that was
   * merged meanwhile go to the case it was merged into). Features are added once.
   */
  addReport(entry: ReportEntry): void {
    const caseSlot = this.caseSlot(this.liveCase(entry.caseId));
    let slot = this.slotOf.get(entry.claimId);
    if (slot === undefined) {
      slot = this.claimIds.length;
      this.slotOf.set(entry.claimId, slot);
      this.claimIds.push(entry.claimId);
      this.caseSlotOfReport.push(caseSlot);
      this.features.push(undefined);
      this.mass.push(0);
      this.reach.push(entry.reachScore);
      this.emergency.push(entry.emergency);
      this.receivedAt.push(entry.receivedAt);
      this.attach(slot, caseSlot);
    } else if (this.caseSlotOfReport[slot] !== caseSlot) {
      this.detach(slot, this.caseSlotOfReport[slot]!);
      this.caseSlotOfReport[slot] = caseSlot;
      this.attach(slot, caseSlot);
    }
    if (entry.features && entry.features.length > 0 && !this.features[slot]) this.addFeatures(slot, entry.features);
  }

  /** What triage needs of the case's reports. */
  reportsOf(caseId: string): ReportStats[] {
    const caseSlot = this.caseSlotOf.get(this.liveCase(caseId));
    return (caseSlot === undefined ? [] : (this.reportsOfCase[caseSlot] ?? [])).map((slot) => ({
      reachScore: this.reach[slot]!,
      emergency: this.emergency[slot]!,
      receivedAt: new Date(this.receivedAt[slot]!),
    }));
  }

  /**
   * The indexed reports most similar to these features, best first, one per (live) case. Only
   * reports sharing a band are scored, those sharing most bands first.
   */
  nearest(features: readonly string[], excludeClaimId?: string): Candidate[] {
    if (features.length === 0) return [];
    const shared = new Map<number, number>();
    const count = (slot: number) => shared.set(slot, (shared.get(slot) ?? 0) + 1);
    bandHashes(features, this.shape).forEach((hash, band) => {
      const bucket = this.bands[band]!.get(hash);
      if (typeof bucket === 'number') count(bucket);
      else if (bucket) bucket.forEach(count);
    });
    const excluded = excludeClaimId === undefined ? undefined : this.slotOf.get(excludeClaimId);
    if (excluded !== undefined) shared.delete(excluded);
    const slots = [...shared.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, this.maxCandidates)
      .map(([slot]) => slot);
    const query = this.queryOf(features);
    const bestPerCase = new Map<number, Candidate>();
    for (const slot of slots) {
      const similarity = this.score(query, slot);
      const caseSlot = this.caseSlotOfReport[slot]!;
      if ((bestPerCase.get(caseSlot)?.similarity ?? -1) < similarity) {
        bestPerCase.set(caseSlot, { claimId: this.claimIds[slot]!, caseId: this.caseIds[caseSlot]!, similarity });
      }
    }
    return [...bestPerCase.values()].sort((a, b) => b.similarity - a.similarity);
  }

  /** The best match by scoring every indexed report: the benchmark's reference. */
  exhaustiveNearest(features: readonly string[]): Candidate | null {
    const query = this.queryOf(features);
    let best: Candidate | null = null;
    for (let slot = 0; slot < this.features.length; slot += 1) {
      if (!this.features[slot]) continue;
      const similarity = this.score(query, slot);
      if (!best || similarity > best.similarity) {
        best = { claimId: this.claimIds[slot]!, caseId: this.caseIds[this.caseSlotOfReport[slot]!]!, similarity };
      }
    }
    return best;
  }

  private queryOf(features: readonly string[]): { mass: number; massOf: Map<number, number> } {
    const massOf = new Map<number, number>();
    let mass = 0;
    for (const feature of features) {
      const w = this.weights.weight(feature) ** 2;
      mass += w;
      const id = this.featureIds.get(feature);
      if (id !== undefined) massOf.set(id, w);
    }
    return { mass, massOf };
  }

  /** The score of `similarity.ts` (weighted cosine blended with containment) over feature ids. */
  private score(query: { mass: number; massOf: Map<number, number> }, slot: number): number {
    const indexed = this.features[slot]!;
    const massB = this.mass[slot]!;
    if (query.mass === 0 || massB === 0) return 0;
    let shared = 0;
    for (const id of indexed) shared += query.massOf.get(id) ?? 0;
    const cosine = shared / Math.sqrt(query.mass * massB);
    const containment = shared / Math.min(query.mass, massB);
    return 0.5 * cosine + 0.5 * containment;
  }

  private addFeatures(slot: number, features: readonly string[]): void {
    const ids: number[] = [];
    let mass = 0;
    for (const feature of features) {
      let id = this.featureIds.get(feature);
      if (id === undefined) {
        id = this.featureMass.length;
        this.featureIds.set(feature, id);
        this.featureMass.push(this.weights.weight(feature) ** 2);
      }
      ids.push(id);
      mass += this.featureMass[id]!;
    }
    this.features[slot] = ids;
    this.mass[slot] = mass;
    this.indexed += 1;
    bandHashes(features, this.shape).forEach((hash, band) => {
      const table = this.bands[band]!;
      const bucket = table.get(hash);
      if (bucket === undefined) table.set(hash, slot);
      else if (typeof bucket === 'number') table.set(hash, [bucket, slot]);
      else bucket.push(slot);
    });
  }

  private caseSlot(caseId: string): number {
    let slot = this.caseSlotOf.get(caseId);
    if (slot === undefined) {
      slot = this.caseIds.length;
      this.caseSlotOf.set(caseId, slot);
      this.caseIds.push(caseId);
      this.reportsOfCase.push(undefined);
    }
    return slot;
  }

  private attach(slot: number, caseSlot: number): void {
    const list = this.reportsOfCase[caseSlot];
    if (list) list.push(slot);
    else this.reportsOfCase[caseSlot] = [slot];
  }

  private detach(slot: number, caseSlot: number): void {
    const list = this.reportsOfCase[caseSlot];
    if (!list) return;
    const at = list.indexOf(slot);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.reportsOfCase[caseSlot] = undefined;
  }
}
