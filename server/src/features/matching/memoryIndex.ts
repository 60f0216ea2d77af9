/**
 * The candidate index as one process holds it in memory: MinHash LSH bands over the reports
 * that are variants of their case's text, which case each report belongs to, the exact-text keys,
 * merges, and what triage needs of each report. A plain data structure: `liveIndex.ts` fills it
 * from the database and keeps it in step with the other processes.
 *
 * Entries name reports, so a merge or a move-out changes a report's case, never the bands.
 * Besides reports, a case may hold its claim as reviewed (a reviewer's statement of what the
 * rumor asserts): an entry of the case's core that retrieval finds and assessment weighs like a
 * core report, but that is no report: it has no slot among them (bands and key terms name it by
 * a negative slot), so nothing that counts or samples reports ever sees it.
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
  /**
   * Part of what its case is about: it opened a case (its own, or one merged in since) or was
   * placed by a reviewer. A report that joined is a variant. Unknown counts as core.
   */
  core?: boolean | undefined;
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
  /** The case's most similar entry: a report's id, or its statement's (`statementEntryId`). */
  claimId: string;
  caseId: string;
  similarity: number;
}

/** A statement's entry id: reports are named by their ObjectId, so the two never meet. */
const STATEMENT_PREFIX = 'statement:';

/** How the candidates and cores name the claim as reviewed of `caseId`. */
export function statementEntryId(caseId: string): string {
  return `${STATEMENT_PREFIX}${caseId}`;
}

export function isStatementEntry(entryId: string): boolean {
  return entryId.startsWith(STATEMENT_PREFIX);
}

/** Statements sit in the bands and key terms under negative slots: statement k is -1 - k. */
const statementSlot = (k: number) => -1 - k;
const statementOf = (slot: number) => -1 - slot;

/** Followed at most this far: a longer chain of merges would be a cycle. */
const MAX_REDIRECTS = 32;
const DAY_MS = 86_400_000;

/** A band table's value: the one report in the bucket, or all of them. */
type Bucket = number | number[];

/** Adds a report to the bucket under `key`, unless the bucket already holds `max`. */
function addToBucket(table: Map<number, Bucket>, key: number, slot: number, max = Infinity): void {
  const bucket = table.get(key);
  if (bucket === undefined) table.set(key, slot);
  else if (typeof bucket === 'number') table.set(key, [bucket, slot]);
  else if (bucket.length < max) bucket.push(slot);
}

/** The reports in a bucket; none when it holds more than `max` (too common to tell apart). */
function bucketSlots(bucket: Bucket | undefined, max: number): readonly number[] {
  if (bucket === undefined) return [];
  if (typeof bucket === 'number') return [bucket];
  return bucket.length > max ? [] : bucket;
}

/** A bucket with `slot` added (once). */
function withSlot(bucket: Bucket | undefined, slot: number): Bucket {
  if (bucket === undefined) return slot;
  if (typeof bucket === 'number') return bucket === slot ? bucket : [bucket, slot];
  if (!bucket.includes(slot)) bucket.push(slot);
  return bucket;
}

/** A bucket with `slot` removed; none when it held only that. */
function withoutSlot(bucket: Bucket | undefined, slot: number): Bucket | undefined {
  if (bucket === undefined || bucket === slot) return undefined;
  if (typeof bucket === 'number') return bucket;
  const rest = bucket.filter((other) => other !== slot);
  return rest.length === 1 ? rest[0] : rest;
}

/**
 * Key terms: beside the LSH bands, each report is listed under its few heaviest (rarest)
 * features, and a query looks up its own heaviest ones. Reworded reports that keep the rare
 * words of a rumor (亚硝酸盐, microwave, 5G) but share too little else for the bands are found
 * this way. A key term listed for very many reports stops taking more and is not looked up:
 * it is no longer what sets a rumor apart.
 */
const KEY_TERMS_INDEXED = 8;
const KEY_TERMS_QUERIED = 12;
const KEY_TERM_LIST_MAX = 2000;
/** Fewer features than this are never matched (containment would call "hot" a repost). */
const MIN_QUERY_FEATURES = 3;
/** A band bucket this full holds texts too common to tell apart: it is not looked into. */
const BUCKET_LOOKUP_MAX = 5000;

/**
 * Everything an index holds, for a snapshot (indexSnapshot.ts). Raise LAYOUT_VERSION whenever
 * this layout, or what is derived from it (the key terms, the bands), changes: a snapshot of
 * another layout is then rebuilt instead of read.
 */
export const LAYOUT_VERSION = 4;

/** Below this many indexed core reports (about as many cases), how often a feature occurs says little: no discount. */
const COLLECTION_MINIMUM = 200;
/** Features in more than one core report in 20 are discounted (`collectionWeights`). */
const COMMON_SURPRISE = Math.log(20);
export interface MemoryIndexState {
  bands: Array<Map<number, Bucket>>;
  keyTerms: Map<number, Bucket>;
  featureIds: Map<string, number>;
  featureMass: number[];
  featureNames: string[];
  documentFrequency: number[];
  slotOf: Map<string, number>;
  claimIds: string[];
  caseSlotOfReport: number[];
  features: Array<number[] | undefined>;
  mass: number[];
  reach: number[];
  emergency: boolean[];
  receivedAt: number[];
  core: boolean[];
  indexed: number;
  coresIndexed: number;
  caseSlotOf: Map<string, number>;
  caseIds: string[];
  reportsOfCase: Array<number[] | undefined>;
  coresOfCase: Array<Bucket | undefined>;
  keys: Map<string, string>;
  mergedInto: Map<string, string>;
  states: Map<string, CaseState>;
  statementCaseIds: string[];
  statementOfCase: Map<string, number>;
  statementCaseSlot: number[];
  statementFeatures: Array<number[] | undefined>;
  statementMass: number[];
  statementVersion: number[];
}

/** A query's mass and the squared weight of each of its features the index knows (by id). */
interface Query {
  mass: number;
  massOf: Map<number, number>;
}

/** What a query found before the candidates' places are capped (`MemoryIndex.nearest`). */
interface Retrieved {
  query: Query;
  /** Entries by the number of bands they share with the query. */
  shared: Map<number, number>;
  /** Entries by the key-term weight they share with the query. */
  byKeyTerms: Map<number, number>;
}

/** Case kinds of `caseKinds`: counted in rankings, or counted under the case it was merged into. */
const CASE_PUBLISHED = 1;
const CASE_MERGED = 2;

export class MemoryIndex {
  private readonly bands: Array<Map<number, Bucket>>;
  /** Reports by key term (feature id); a full list (KEY_TERM_LIST_MAX) is no longer used. */
  private readonly keyTerms = new Map<number, Bucket>();
  /** Feature dictionary: id per feature and its squared weight. */
  private readonly featureIds = new Map<string, number>();
  private readonly featureMass: number[] = [];
  private readonly featureNames: string[] = [];
  /**
   * How many indexed core reports hold each feature (by id): what `collectionWeights` discounts
   * by. Core reports, not all reports: a case's core states its claim once, and the hundreds of
   * reports that join a viral rumor's case must not make its own words common.
   */
  private readonly documentFrequency: number[] = [];

  private readonly slotOf = new Map<string, number>();
  private readonly claimIds: string[] = [];
  private readonly caseSlotOfReport: number[] = [];
  private readonly features: Array<number[] | undefined> = [];
  private readonly mass: number[] = [];
  private readonly reach: number[] = [];
  private readonly emergency: boolean[] = [];
  private readonly receivedAt: number[] = [];
  private readonly core: boolean[] = [];
  private indexed = 0;
  /** Indexed core reports: the denominator of `documentFrequency`. */
  private coresIndexed = 0;
  /**
   * Reports by the UTC day they arrived (a report keeps its slot and time): their slots, and how
   * many each case holds (moves and merges carry the counts along), filed lazily up to
   * `filedByDay`. Counts over a range add up the case counts of the days it covers whole and walk
   * the reports of a day it cuts, not every report. Not part of the state: an index restored
   * from it files its reports again at the first count.
   */
  private readonly slotsByDay = new Map<number, number[]>();
  private readonly caseCountsByDay = new Map<number, Map<number, number>>();
  /**
   * A day's case counts as two flat arrays, made at a count and dropped when the day's counts
   * change: a month of days adds up tens of thousands of entries, which an array hands over
   * several times faster than a Map's entries.
   */
  private readonly flatCountsByDay = new Map<number, { caseSlots: Int32Array; counts: Int32Array }>();
  private filedByDay = 0;
  private firstDay = Infinity;
  private lastDay = -Infinity;

  private readonly caseSlotOf = new Map<string, number>();
  private readonly caseIds: string[] = [];
  private readonly reportsOfCase: Array<number[] | undefined> = [];
  /** Each case's core reports (see `ReportEntry.core`); most cases have one, held as a number. */
  private readonly coresOfCase: Array<Bucket | undefined> = [];

  private readonly keys = new Map<string, string>();
  private readonly mergedInto = new Map<string, string>();
  /** Cases past `open` only: every case not named here is open. */
  private readonly states = new Map<string, CaseState>();
  /** Per case slot, published or merged (`caseKinds`): made at a count, kept up by `setCaseState` and `merge`. */
  private kindOfCase: Uint8Array | null = null;

  /**
   * Statements (the claim as reviewed), by statement number k: the case each was written on,
   * the case holding it now (merges move it along, like a core report), its feature ids and mass.
   */
  private readonly statementCaseIds: string[] = [];
  private readonly statementOfCase = new Map<string, number>();
  private readonly statementCaseSlot: number[] = [];
  private readonly statementFeatures: Array<number[] | undefined> = [];
  private readonly statementMass: number[] = [];
  /** The version each statement is at: an older one arriving late (the feed's order) is ignored. */
  private readonly statementVersion: number[] = [];

  constructor(
    private readonly shape: LshShape,
    private readonly maxCandidates: number,
    readonly weights: FeatureWeights,
  ) {
    this.bands = Array.from({ length: shape.bands }, () => new Map<number, Bucket>());
    this.collectionWeights = {
      weight: (feature) => weights.weight(feature) * this.commonnessDiscount(feature),
      maxWeight: weights.maxWeight,
      isKnownWord: (feature) => weights.isKnownWord?.(feature) ?? true,
    };
  }

  /**
   * The weights a pair is assessed with: the background's, discounted for features that many of
   * the cases hold (their indexed core reports). A background corpus cannot know what this stream
   * talks about: in a month of posts about an epidemic 新冠, 病毒 and 疫情 are in most texts and
   * say nothing about which claim a text makes, however rare they were in the corpus. Retrieval keeps the
   * background weights, which never change (the bands and stored masses depend on them).
   */
  readonly collectionWeights: FeatureWeights;

  /**
   * 1 for a feature held by at most 1 in 20 of the core reports (COMMON_SURPRISE), falling with the surprise
   * of its share above that; 1 for all while the index is too small to tell.
   */
  private commonnessDiscount(feature: string): number {
    if (this.coresIndexed < COLLECTION_MINIMUM) return 1;
    const id = this.featureIds.get(feature);
    const held = id === undefined ? 0 : (this.documentFrequency[id] ?? 0);
    const surprise = -Math.log((held + 1) / (this.coresIndexed + 1));
    return Math.min(1, surprise / COMMON_SURPRISE);
  }

  /** An index holding `state` (taken with `exportState` under the same shape and weights). */
  static fromState(state: MemoryIndexState, shape: LshShape, maxCandidates: number, weights: FeatureWeights): MemoryIndex {
    return Object.assign(new MemoryIndex(shape, maxCandidates, weights), state);
  }

  /** The index's structures as they are (not copies): serialize them before changing the index. */
  exportState(): MemoryIndexState {
    const { bands, keyTerms, featureIds, featureMass, featureNames, documentFrequency, slotOf, claimIds, caseSlotOfReport, features, mass, reach, emergency, receivedAt, core, indexed, coresIndexed } = this;
    const { caseSlotOf, caseIds, reportsOfCase, coresOfCase, keys, mergedInto, states } = this;
    const { statementCaseIds, statementOfCase, statementCaseSlot, statementFeatures, statementMass, statementVersion } = this;
    return {
      ...{ bands, keyTerms, featureIds, featureMass, featureNames, documentFrequency, slotOf, claimIds, caseSlotOfReport, features, mass, reach, emergency, receivedAt, core, indexed, coresIndexed },
      ...{ caseSlotOf, caseIds, reportsOfCase, coresOfCase, keys, mergedInto, states },
      ...{ statementCaseIds, statementOfCase, statementCaseSlot, statementFeatures, statementMass, statementVersion },
    };
  }

  /** The last report added (the newest slot), to check a snapshot against the database. */
  get lastClaimId(): string | undefined {
    return this.claimIds.at(-1);
  }

  get reportCount(): number {
    return this.claimIds.length;
  }

  get indexedCount(): number {
    return this.indexed;
  }

  get caseCount(): number {
    return this.caseIds.length;
  }

  caseSlotOfId(caseId: string): number | undefined {
    return this.caseSlotOf.get(caseId);
  }

  /** Every case holding reports, with its slot and one of its reports. */
  reportedCases(): Array<{ slot: number; caseId: string; claimId: string }> {
    const cases: Array<{ slot: number; caseId: string; claimId: string }> = [];
    this.reportsOfCase.forEach((reports, slot) => {
      const first = reports?.[0];
      if (first !== undefined) cases.push({ slot, caseId: this.caseIds[slot]!, claimId: this.claimIds[first]! });
    });
    return cases;
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
    const caseSlot = this.caseSlotOf.get(caseId);
    if (this.kindOfCase && caseSlot !== undefined && caseSlot < this.kindOfCase.length && this.kindOfCase[caseSlot] !== CASE_MERGED) this.kindOfCase[caseSlot] = state.publicationId ? CASE_PUBLISHED : 0;
  }

  setKey(key: string, caseId: string): void {
    this.keys.set(key, caseId);
  }

  /** Records a merge and moves the source's reports along. Repeating it changes nothing. */
  merge(sourceId: string, targetId: string): void {
    if (sourceId === targetId) return;
    this.mergedInto.set(sourceId, targetId);
    const source = this.caseSlotOf.get(sourceId);
    if (this.kindOfCase && source !== undefined && source < this.kindOfCase.length) this.kindOfCase[source] = CASE_MERGED;
    // A case whose reports were all moved out still holds its statement, which moves along.
    if (source === undefined || (!this.reportsOfCase[source] && !this.coresOfCase[source])) return;
    const target = this.caseSlot(this.liveCase(targetId));
    const moved = this.reportsOfCase[source];
    if (moved) {
      this.reportsOfCase[source] = undefined;
      const into = this.reportsOfCase[target] ?? [];
      for (const slot of moved) {
        this.setCaseOfReport(slot, target);
        into.push(slot);
      }
      this.reportsOfCase[target] = into;
    }
    // The merged case's core (its statement too) joins the target's: both are what the case is now about.
    for (const slot of bucketSlots(this.coresOfCase[source], Infinity)) {
      if (slot < 0) this.statementCaseSlot[statementOf(slot)] = target;
      this.coresOfCase[target] = withSlot(this.coresOfCase[target], slot);
    }
    this.coresOfCase[source] = undefined;
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
      this.core.push(entry.core ?? true);
      this.attach(slot, caseSlot);
    } else if (this.caseSlotOfReport[slot] !== caseSlot) {
      this.detach(slot, this.caseSlotOfReport[slot]!);
      this.setCaseOfReport(slot, caseSlot);
      this.attach(slot, caseSlot);
    }
    if (entry.core !== undefined && entry.core !== this.core[slot]) this.setCore(slot, entry.core);
    if (entry.features && entry.features.length > 0 && !this.features[slot]) this.addFeatures(slot, entry.features);
  }

  /**
   * Sets version `version` of the claim as reviewed of `caseId` (`statementEntryId`), replacing
   * an older one; no features take it away. Part of the case's core, never one of its reports.
   */
  setStatement(caseId: string, features: readonly string[], version: number): void {
    let k = this.statementOfCase.get(caseId);
    if (k !== undefined && version < this.statementVersion[k]!) return;
    if (k === undefined) {
      k = this.statementCaseIds.length;
      const caseSlot = this.caseSlot(this.liveCase(caseId));
      this.statementOfCase.set(caseId, k);
      this.statementCaseIds.push(caseId);
      this.statementCaseSlot.push(caseSlot);
      this.statementFeatures.push(undefined);
      this.statementMass.push(0);
      this.statementVersion.push(version);
      this.coresOfCase[caseSlot] = withSlot(this.coresOfCase[caseSlot], statementSlot(k));
    } else {
      this.unlistStatement(k);
    }
    this.statementVersion[k] = version;
    if (features.length > 0) this.listStatement(k, features);
  }

  /** The features a report (or a statement, by its entry id) was indexed with; none when it is not indexed. */
  featuresOf(entryId: string): string[] {
    const slot = isStatementEntry(entryId) ? this.statementSlotOf(entryId) : this.slotOf.get(entryId);
    const ids = slot === undefined ? undefined : this.featuresAt(slot);
    return ids ? ids.map((id) => this.featureNames[id]!) : [];
  }

  /**
   * What a case is about: its indexed core reports (see `ReportEntry.core`) and its claim as
   * reviewed (`setStatement`), against which a report is checked besides its nearest variant,
   * so the case does not drift through variants. Entry ids: reports' ids and statements'.
   */
  coresOf(caseId: string): string[] {
    const caseSlot = this.caseSlotOf.get(this.liveCase(caseId));
    const cores = caseSlot === undefined ? undefined : this.coresOfCase[caseSlot];
    return bucketSlots(cores, Infinity)
      .filter((slot) => this.featuresAt(slot) !== undefined)
      .map((slot) => this.entryIdAt(slot));
  }

  /**
   * The reports added at or after `fromSlot` (reports keep their slot; new ones are appended),
   * each with its live case and time: how the hotspot monitor follows what arrives.
   */
  reportsFrom(fromSlot: number): Array<{ caseId: string; receivedAt: number }> {
    const reports: Array<{ caseId: string; receivedAt: number }> = [];
    for (let slot = Math.max(0, fromSlot); slot < this.claimIds.length; slot += 1) {
      reports.push({ caseId: this.liveCase(this.caseIds[this.caseSlotOfReport[slot]!]!), receivedAt: this.receivedAt[slot]! });
    }
    return reports;
  }

  /**
   * Up to `limit` indexed reports of a case, its core first, then its earliest variants: the
   * sample its signature (`caseSignature.ts`) is drawn from.
   */
  sampleOf(caseId: string, limit: number): string[] {
    const caseSlot = this.caseSlotOf.get(this.liveCase(caseId));
    if (caseSlot === undefined) return [];
    const sample: number[] = [];
    // Reports only: a statement (a negative slot) is no report of the case.
    const take = (slot: number) => {
      if (slot >= 0 && sample.length < limit && this.features[slot] !== undefined && !sample.includes(slot)) sample.push(slot);
    };
    bucketSlots(this.coresOfCase[caseSlot], Infinity).forEach(take);
    for (const slot of this.reportsOfCase[caseSlot] ?? []) {
      if (sample.length >= limit) break;
      take(slot);
    }
    return sample.map((slot) => this.claimIds[slot]!);
  }

  /**
   * Reports received in [fromMs, toMs) per published case (its live case), without building a
   * list of every report: what the insights' ranking of the most reported rumors counts. With a
   * `limit`, only the cases at or above the `limit`-th case's count (ties kept): a ranking wants
   * the few hundred most reported of the thousands reported in a month.
   */
  publishedCaseReportsBetween(fromMs: number, toMs: number, limit = Infinity): Map<string, number> {
    this.fileByDay();
    const perCaseSlot = new Int32Array(this.caseIds.length);
    const touched: number[] = [];
    const lastDay = Math.min(this.lastDay, Math.floor(toMs / DAY_MS));
    const add = (caseSlot: number, count: number) => {
      if (perCaseSlot[caseSlot]! === 0) touched.push(caseSlot);
      perCaseSlot[caseSlot] = perCaseSlot[caseSlot]! + count;
    };
    for (let day = Math.max(this.firstDay, Math.floor(fromMs / DAY_MS)); day <= lastDay; day += 1) {
      if (day * DAY_MS >= fromMs && (day + 1) * DAY_MS <= toMs) {
        const flat = this.flatCountsOf(day);
        if (!flat) continue;
        const { caseSlots, counts } = flat;
        for (let i = 0; i < caseSlots.length; i += 1) add(caseSlots[i]!, counts[i]!);
        continue;
      }
      for (const slot of this.slotsByDay.get(day) ?? []) {
        const at = this.receivedAt[slot]!;
        if (at >= fromMs && at < toMs) add(this.caseSlotOfReport[slot]!, 1);
      }
    }
    const kinds = this.caseKinds();
    // A merge moves the source's reports to its target: counts left under a merged case (none
    // normally) are its live case's.
    for (let i = 0; i < touched.length; i += 1) {
      const caseSlot = touched[i]!;
      if (kinds[caseSlot] !== CASE_MERGED) continue;
      const live = this.caseSlotOf.get(this.liveCase(this.caseIds[caseSlot]!));
      if (live === undefined || live === caseSlot) continue;
      add(live, perCaseSlot[caseSlot]!);
      perCaseSlot[caseSlot] = 0;
    }
    const published = touched.filter((caseSlot) => perCaseSlot[caseSlot]! > 0 && kinds[caseSlot] === CASE_PUBLISHED);
    let least = 1;
    if (published.length > limit) {
      const descending = Float64Array.from(published, (caseSlot) => -perCaseSlot[caseSlot]!).sort();
      least = -descending[limit - 1]!;
    }
    const counts = new Map<string, number>();
    for (const caseSlot of published) if (perCaseSlot[caseSlot]! >= least) counts.set(this.caseIds[caseSlot]!, perCaseSlot[caseSlot]!);
    return counts;
  }

  /**
   * What each case slot is, for counting: published, merged into another, or neither; made at a
   * count from `states` and `mergedInto` (an index restored from its state has none yet), kept
   * up as either changes, and extended for the cases added since.
   */
  private caseKinds(): Uint8Array {
    let kinds = this.kindOfCase;
    if (kinds && kinds.length === this.caseIds.length) return kinds;
    const from = kinds ? kinds.length : 0;
    const grown = new Uint8Array(this.caseIds.length);
    if (kinds) grown.set(kinds);
    kinds = grown;
    for (let caseSlot = from; caseSlot < kinds.length; caseSlot += 1) {
      const caseId = this.caseIds[caseSlot]!;
      kinds[caseSlot] = this.mergedInto.has(caseId) ? CASE_MERGED : this.states.get(caseId)?.publicationId ? CASE_PUBLISHED : 0;
    }
    this.kindOfCase = kinds;
    return kinds;
  }

  /** A day's case counts as flat arrays, made again after they changed. */
  private flatCountsOf(day: number): { caseSlots: Int32Array; counts: Int32Array } | undefined {
    let flat = this.flatCountsByDay.get(day);
    if (flat) return flat;
    const map = this.caseCountsByDay.get(day);
    if (!map) return undefined;
    flat = { caseSlots: new Int32Array(map.size), counts: new Int32Array(map.size) };
    let i = 0;
    for (const [caseSlot, count] of map) {
      flat.caseSlots[i] = caseSlot;
      flat.counts[i] = count;
      i += 1;
    }
    this.flatCountsByDay.set(day, flat);
    return flat;
  }

  /** Files the reports added since the last count under their day. */
  private fileByDay(): void {
    for (let slot = this.filedByDay; slot < this.claimIds.length; slot += 1) {
      const day = Math.floor(this.receivedAt[slot]! / DAY_MS);
      const list = this.slotsByDay.get(day);
      if (list) list.push(slot);
      else this.slotsByDay.set(day, [slot]);
      this.countByDay(slot, this.caseSlotOfReport[slot]!, 1);
      if (day < this.firstDay) this.firstDay = day;
      if (day > this.lastDay) this.lastDay = day;
    }
    this.filedByDay = this.claimIds.length;
  }

  /** Adds `by` to the reports a case holds on a filed report's day. */
  private countByDay(slot: number, caseSlot: number, by: number): void {
    const day = Math.floor(this.receivedAt[slot]! / DAY_MS);
    this.flatCountsByDay.delete(day);
    let counts = this.caseCountsByDay.get(day);
    if (!counts) this.caseCountsByDay.set(day, (counts = new Map()));
    const count = (counts.get(caseSlot) ?? 0) + by;
    if (count === 0) counts.delete(caseSlot);
    else counts.set(caseSlot, count);
  }

  /** Sets the case of a report, carrying its day's count along once it is filed. */
  private setCaseOfReport(slot: number, caseSlot: number): void {
    if (slot < this.filedByDay) {
      this.countByDay(slot, this.caseSlotOfReport[slot]!, -1);
      this.countByDay(slot, caseSlot, 1);
    }
    this.caseSlotOfReport[slot] = caseSlot;
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
   * reports sharing a band are scored, those sharing most bands first. With `admitCase`, only
   * reports of the cases it admits compete for those places: a lookup of published verdicts is
   * not crowded out by hundreds of near copies that each opened a case of their own.
   */
  nearest(features: readonly string[], excludeClaimId?: string, admitCase?: (caseId: string) => boolean): Candidate[] {
    const found = this.retrieve(features, excludeClaimId);
    if (!found) return [];
    return this.bestOf(admitCase ? this.keeping(found, this.caseTest(admitCase)) : found);
  }

  /**
   * `nearest` on each side of `side` from one retrieval: the cases it admits, and the others,
   * each competing for places only among themselves (intake: published and open cases).
   */
  nearestOnEachSide(features: readonly string[], excludeClaimId: string, side: (caseId: string) => boolean): [Candidate[], Candidate[]] {
    const found = this.retrieve(features, excludeClaimId);
    if (!found) return [[], []];
    const onSide = this.caseTest(side);
    return [this.bestOf(this.keeping(found, onSide)), this.bestOf(this.keeping(found, (slot) => !onSide(slot)))];
  }

  /** The reports a query finds before their places are capped: by the bands and by the key-term weight they share. */
  private retrieve(features: readonly string[], excludeClaimId?: string): Retrieved | null {
    // A word or two is contained in many texts: it says too little to be matched to any.
    if (features.length < MIN_QUERY_FEATURES) return null;
    const shared = new Map<number, number>();
    const count = (slot: number) => shared.set(slot, (shared.get(slot) ?? 0) + 1);
    bandHashes(features, this.shape).forEach((hash, band) => bucketSlots(this.bands[band]!.get(hash), BUCKET_LOOKUP_MAX).forEach(count));
    const query = this.queryOf(features);
    const byKeyTerms = this.keyTermMatches(query.massOf);
    const excluded = excludeClaimId === undefined ? undefined : this.slotOf.get(excludeClaimId);
    if (excluded !== undefined) {
      shared.delete(excluded);
      byKeyTerms.delete(excluded);
    }
    return { query, shared, byKeyTerms };
  }

  /** The reports sharing most bands, and those sharing most key-term weight (each list capped), scored: the best per case. */
  private bestOf({ query, shared, byKeyTerms }: Retrieved): Candidate[] {
    const best = (counts: Map<number, number>) =>
      [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, this.maxCandidates)
        .map(([slot]) => slot);
    const slots = new Set([...best(shared), ...best(byKeyTerms)]);
    const bestPerCase = new Map<number, Candidate>();
    for (const slot of slots) {
      const similarity = this.score(query, slot);
      const caseSlot = this.caseSlotAt(slot);
      if ((bestPerCase.get(caseSlot)?.similarity ?? -1) < similarity) {
        bestPerCase.set(caseSlot, { claimId: this.entryIdAt(slot), caseId: this.caseIds[caseSlot]!, similarity });
      }
    }
    return [...bestPerCase.values()].sort((a, b) => b.similarity - a.similarity);
  }

  /** Whether an entry's case is admitted, asking `admitCase` once per case. */
  private caseTest(admitCase: (caseId: string) => boolean): (slot: number) => boolean {
    const admitted = new Map<number, boolean>();
    return (slot) => {
      const caseSlot = this.caseSlotAt(slot);
      let admit = admitted.get(caseSlot);
      if (admit === undefined) admitted.set(caseSlot, (admit = admitCase(this.caseIds[caseSlot]!)));
      return admit;
    };
  }

  /** What was retrieved, with only the entries `keep` admits (in the order they were found). */
  private keeping({ query, shared, byKeyTerms }: Retrieved, keep: (slot: number) => boolean): Retrieved {
    const kept = (counts: Map<number, number>) => new Map([...counts].filter(([slot]) => keep(slot)));
    return { query, shared: kept(shared), byKeyTerms: kept(byKeyTerms) };
  }

  /** Reports listed under the query's heaviest features, with the weight they share. */
  private keyTermMatches(massOf: Map<number, number>): Map<number, number> {
    const found = new Map<number, number>();
    const heaviest = [...massOf.entries()].sort((a, b) => b[1] - a[1]).slice(0, KEY_TERMS_QUERIED);
    for (const [id, mass] of heaviest) {
      // A full list stops taking reports (addFeatures) and is not looked up.
      for (const slot of bucketSlots(this.keyTerms.get(id), KEY_TERM_LIST_MAX - 1)) found.set(slot, (found.get(slot) ?? 0) + mass);
    }
    return found;
  }

  /** The best match by scoring every indexed report: the benchmark's reference. */
  exhaustiveNearest(features: readonly string[]): Candidate | null {
    const query = this.queryOf(features);
    let best: Candidate | null = null;
    for (let slot = -this.statementFeatures.length; slot < this.features.length; slot += 1) {
      if (!this.featuresAt(slot)) continue;
      const similarity = this.score(query, slot);
      if (!best || similarity > best.similarity) {
        best = { claimId: this.entryIdAt(slot), caseId: this.caseIds[this.caseSlotAt(slot)]!, similarity };
      }
    }
    return best;
  }

  private queryOf(features: readonly string[]): Query {
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
  private score(query: Query, slot: number): number {
    const indexed = this.featuresAt(slot)!;
    const massB = slot < 0 ? this.statementMass[statementOf(slot)]! : this.mass[slot]!;
    if (query.mass === 0 || massB === 0) return 0;
    let shared = 0;
    for (const id of indexed) shared += query.massOf.get(id) ?? 0;
    const cosine = shared / Math.sqrt(query.mass * massB);
    const containment = shared / Math.min(query.mass, massB);
    return 0.5 * cosine + 0.5 * containment;
  }

  private addFeatures(slot: number, features: readonly string[]): void {
    // Each feature once: a feature counted twice in a report would be held by more reports than there are.
    const ids = [...new Set(features.map((feature) => this.featureId(feature)))];
    this.features[slot] = ids;
    this.mass[slot] = this.massOf(ids);
    this.indexed += 1;
    if (this.core[slot]) this.countCore(ids, 1);
    this.list(slot, ids, features);
  }

  /** Lists a statement for retrieval; unlike a report's, its features count toward no frequency. */
  private listStatement(k: number, features: readonly string[]): void {
    const ids = features.map((feature) => this.featureId(feature));
    this.statementFeatures[k] = ids;
    this.statementMass[k] = this.massOf(ids);
    this.list(statementSlot(k), ids, features);
  }

  /** Takes a statement out of the bands and key terms: it is replaced or taken away. */
  private unlistStatement(k: number): void {
    const ids = this.statementFeatures[k];
    if (!ids) return;
    const slot = statementSlot(k);
    const drop = (table: Map<number, Bucket>, key: number) => {
      const rest = withoutSlot(table.get(key), slot);
      if (rest === undefined) table.delete(key);
      else table.set(key, rest);
    };
    for (const id of this.heaviestOf(ids)) drop(this.keyTerms, id);
    bandHashes(ids.map((id) => this.featureNames[id]!), this.shape).forEach((hash, band) => drop(this.bands[band]!, hash));
    this.statementFeatures[k] = undefined;
    this.statementMass[k] = 0;
  }

  /** Puts an entry under its key terms and band hashes, where retrieval looks. */
  private list(slot: number, ids: readonly number[], features: readonly string[]): void {
    for (const id of this.heaviestOf(ids)) addToBucket(this.keyTerms, id, slot, KEY_TERM_LIST_MAX);
    bandHashes(features, this.shape).forEach((hash, band) => addToBucket(this.bands[band]!, hash, slot));
  }

  private heaviestOf(ids: readonly number[]): number[] {
    return [...new Set(ids)].sort((a, b) => this.featureMass[b]! - this.featureMass[a]!).slice(0, KEY_TERMS_INDEXED);
  }

  private massOf(ids: readonly number[]): number {
    let mass = 0;
    for (const id of ids) mass += this.featureMass[id]!;
    return mass;
  }

  /** The feature's id in the dictionary, added when new. */
  private featureId(feature: string): number {
    let id = this.featureIds.get(feature);
    if (id === undefined) {
      id = this.featureMass.length;
      this.featureIds.set(feature, id);
      this.featureMass.push(this.weights.weight(feature) ** 2);
      this.featureNames.push(feature);
      this.documentFrequency.push(0);
    }
    return id;
  }

  /** An entry's feature ids: a report's (slot ≥ 0) or a statement's (slot < 0). */
  private featuresAt(slot: number): number[] | undefined {
    return slot < 0 ? this.statementFeatures[statementOf(slot)] : this.features[slot];
  }

  private caseSlotAt(slot: number): number {
    return slot < 0 ? this.statementCaseSlot[statementOf(slot)]! : this.caseSlotOfReport[slot]!;
  }

  private entryIdAt(slot: number): string {
    return slot < 0 ? statementEntryId(this.statementCaseIds[statementOf(slot)]!) : this.claimIds[slot]!;
  }

  private statementSlotOf(entryId: string): number | undefined {
    const k = this.statementOfCase.get(entryId.slice(STATEMENT_PREFIX.length));
    return k === undefined ? undefined : statementSlot(k);
  }

  private caseSlot(caseId: string): number {
    let slot = this.caseSlotOf.get(caseId);
    if (slot === undefined) {
      slot = this.caseIds.length;
      this.caseSlotOf.set(caseId, slot);
      this.caseIds.push(caseId);
      this.reportsOfCase.push(undefined);
      this.coresOfCase.push(undefined);
    }
    return slot;
  }

  /** Counts an indexed core report's features in (1) or out (-1) of the collection's frequencies. */
  private countCore(ids: readonly number[], sign: 1 | -1): void {
    for (const id of ids) this.documentFrequency[id]! += sign;
    this.coresIndexed += sign;
  }

  private attach(slot: number, caseSlot: number): void {
    const list = this.reportsOfCase[caseSlot];
    if (list) list.push(slot);
    else this.reportsOfCase[caseSlot] = [slot];
    if (this.core[slot]) this.coresOfCase[caseSlot] = withSlot(this.coresOfCase[caseSlot], slot);
  }

  private detach(slot: number, caseSlot: number): void {
    this.coresOfCase[caseSlot] = withoutSlot(this.coresOfCase[caseSlot], slot);
    const list = this.reportsOfCase[caseSlot];
    if (!list) return;
    const at = list.indexOf(slot);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.reportsOfCase[caseSlot] = undefined;
  }

  private setCore(slot: number, core: boolean): void {
    const caseSlot = this.caseSlotOfReport[slot]!;
    const ids = this.features[slot];
    if (ids) this.countCore(ids, core ? 1 : -1);
    this.core[slot] = core;
    this.coresOfCase[caseSlot] = core ? withSlot(this.coresOfCase[caseSlot], slot) : withoutSlot(this.coresOfCase[caseSlot], slot);
  }
}
