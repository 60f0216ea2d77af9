/**
 * The candidate index of this server process, loaded at start and kept in step with the other
 * processes through the index feed (`feedModel.ts`), which every process polls several times a
 * second. Lookups then cost no database query: on the local engine (FerretDB v1) only equality
 * filters are served by an index, so a similarity index in the database could not be fast.
 *
 * The database stays the truth: claims (case and features of each report), case_keys, the
 * cases past `open` (status, publication, merges) and the claims as reviewed (claim_statements)
 * are what a full load reads. A start reads the
 * snapshot this process last wrote (indexSnapshot.ts) and the feed since it instead, when the
 * snapshot is whole, of this database and of these settings, and the feed still holds
 * everything since it; snapshots are written every few minutes, after a full load and at stop.
 */
import mongoose, { Types } from 'mongoose';
import { CaseModel } from '../cases/model';
import { ensureCase } from '../cases/openCase';
import { claimExists, findClaimSeed, indexedReportsCursor } from '../claims/repository';
import { scheduler } from '../../jobs/scheduler';
import { insertOnce } from '../../db/insertOnce';
import { CaseKeyModel } from './caseKeyModel';
import { MatchFeedModel, feedSlot, type MatchFeedRecord } from './feedModel';
import { readSnapshot, writeSnapshot } from './indexSnapshot';
import { IndexMarkModel } from './indexMarksModel';
import { MemoryIndex } from './memoryIndex';
import { matchSettings } from './settings';
import { loadStatements } from './statements';
import { backgroundWeights } from './weights';

/** How often the feed is read while the processes are busy (entries seen or written lately)… */
const POLL_MS = 200;
/** …and while they are quiet, so that an idle server leaves the engine idle too. */
const IDLE_POLL_MS = 500;
/** Busy means an entry was seen or written this recently. */
const BUSY_FOR_MS = 30_000;
/**
 * Each read covers the slots of the entries stamped since shortly before the previous read: an
 * entry usually lands within moments of its stamp.
 */
const RECENT_MS = 2_000;
/**
 * Every few seconds a read goes this far back: an entry is stamped by its writer before it is
 * stored, so it can land after later-stamped ones (a write queued behind others, a writer's
 * clock behind).
 */
const LOOKBACK_MS = 20_000;
const LOOKBACK_EVERY_MS = 2_000;
/**
 * Entries are kept this long: a process that did not poll for longer loads everything again, and
 * a snapshot older than this is brought up to date only if no process pruned the feed meanwhile.
 */
const RETENTION_MS = 15 * 60_000;
const PRUNE_EVERY_MS = 60_000;
/** Well within the retention, so that a crash leaves a snapshot the feed can complete. */
const SNAPSHOT_EVERY_MS = 5 * 60_000;
const PROGRESS_EVERY = 50_000;
const FEATURE_SEPARATOR = '\u0001';

export type FeedEntry = Omit<MatchFeedRecord, '_id' | 'at' | 'slot' | 'features'> & { features?: readonly string[] | undefined };
type Log = (line: string) => void;

export interface IndexOptions {
  /** Where this process keeps its snapshot (none: every start loads from the database). */
  snapshotFile?: string | undefined;
}

/** Told of each entry other processes add to the feed (see `onFeedEntry`). */
const feedListeners = new Set<(entry: MatchFeedRecord) => void>();

/** Feed entries in the order they were stamped (ties by id): the order they are applied in. */
const inStampOrder = (a: MatchFeedRecord, b: MatchFeedRecord) => a.at.getTime() - b.at.getTime() || String(a._id).localeCompare(String(b._id));

function emptyIndex(): MemoryIndex {
  const settings = matchSettings();
  return new MemoryIndex(settings.lsh, settings.maxCandidates, backgroundWeights(settings.segmentation));
}

/** A report that opened a case, or that a reviewer moved out, is part of its case's core. */
export function isCoreReport(claim: { match?: { outcome?: string | null } | null; movedOut?: boolean | null }): boolean {
  return claim.match?.outcome !== 'joined' || claim.movedOut === true;
}

function apply(index: MemoryIndex, entry: MatchFeedRecord): void {
  if (entry.kind === 'key' && entry.key) index.setKey(entry.key, entry.caseId);
  else if (entry.kind === 'merge' && entry.into) index.merge(entry.caseId, entry.into);
  else if (entry.kind === 'case' && entry.status) index.setCaseState(entry.caseId, { status: entry.status, publicationId: entry.publicationId ?? null });
  else if (entry.kind === 'statement') index.setStatement(entry.caseId, entry.features ? entry.features.split(FEATURE_SEPARATOR) : [], entry.version ?? 0);
  else if (entry.kind === 'report' && entry.claimId) {
    index.addReport({
      claimId: entry.claimId,
      caseId: entry.caseId,
      features: entry.features ? entry.features.split(FEATURE_SEPARATOR) : undefined,
      core: entry.core,
      reachScore: entry.reachScore ?? 0,
      emergency: entry.emergency ?? false,
      receivedAt: entry.receivedAt ?? entry.at.getTime(),
    });
  }
}

/**
 * A report is stored with its case id before the case document is written; a crash in between
 * leaves a report in a case nobody can see. A load finds such cases and writes them from their
 * first report (as intake would have).
 */
async function repairMissingCases(index: MemoryIndex, log: Log, onlyCases?: ReadonlySet<string>): Promise<void> {
  const stored = new Uint8Array(index.caseCount);
  const storedIds = onlyCases
    ? await Promise.all([...onlyCases].map(async (caseId) => ((await CaseModel.exists({ _id: caseId })) ? caseId : null)))
    : null;
  if (storedIds) {
    for (const caseId of storedIds) {
      const slot = caseId === null ? undefined : index.caseSlotOfId(caseId);
      if (slot !== undefined) stored[slot] = 1;
    }
  } else {
    for await (const record of CaseModel.find({}, { _id: 1 }).lean().cursor({ batchSize: 5000 })) {
      const slot = index.caseSlotOfId(String(record._id));
      if (slot !== undefined) stored[slot] = 1;
    }
  }
  const missing = index.reportedCases().filter(({ slot, caseId }) => !stored[slot] && (!onlyCases || onlyCases.has(caseId)));
  for (const { caseId, claimId } of missing) {
    const claim = await findClaimSeed(claimId);
    if (claim) await ensureCase(new Types.ObjectId(caseId), { text: claim.text, language: claim.language, receivedAt: claim.receivedAt });
  }
  if (missing.length > 0) log(`Matching index: wrote ${missing.length} case(s) whose reports were stored without them`);
}

class LiveIndex {
  current = emptyIndex();
  private started: Promise<void> | null = null;
  private reloading: Promise<void> | null = null;
  /** Entries that arrive while a load runs, applied to the loaded index after it. */
  private pending: MatchFeedRecord[] | null = null;
  private readonly seen = new Map<string, number>();
  private lastPolled = 0;
  /** When the last read that went LOOKBACK_MS back started. */
  private lastLookback = 0;
  /** When an entry was last seen from another process or written by this one. */
  private lastActive = 0;
  private lastPruned = 0;
  private polling: Promise<void> | null = null;
  private cancelTimers: Array<() => void> = [];
  private log: Log = () => undefined;
  private snapshotFile: string | undefined;
  /** Entries applied since the last snapshot: none, and a new snapshot would say nothing new. */
  private changesSinceSnapshot = 0;

  start(log: Log, options: IndexOptions = {}): Promise<void> {
    this.log = log;
    this.snapshotFile = options.snapshotFile;
    this.started ??= (async () => {
      this.lastPolled = Date.now();
      this.lastLookback = Date.now();
      this.cancelTimers = [
        scheduler.every('match-index.poll', POLL_MS, () => this.tick()),
        scheduler.every('match-index.snapshot', SNAPSHOT_EVERY_MS, () => this.snapshot()),
      ];
      await this.reload();
    })();
    return this.started;
  }

  /** Stops following the feed; with a snapshot file, writes the index there first. */
  stop(): void {
    for (const cancel of this.cancelTimers) cancel();
    this.cancelTimers = [];
    if (this.started && !this.reloading) this.snapshot();
    this.started = null;
  }

  /** Writes the index to its snapshot file, if it has one and changed since the last. */
  snapshot(): void {
    if (!this.snapshotFile || !this.databaseId || this.changesSinceSnapshot === 0) return;
    const began = Date.now();
    try {
      const header = writeSnapshot(this.snapshotFile, this.current, { settings: matchSettings(), databaseId: this.databaseId, takenAt: began });
      this.changesSinceSnapshot = 0;
      this.log(`Matching index: snapshot of ${header.reports} reports written in ${Date.now() - began} ms`);
    } catch (error) {
      this.log(`Matching index: writing the snapshot failed: ${(error as Error).message}`);
    }
  }

  /** Waits for the first load; matching before it would miss every existing case. */
  ready(): Promise<void> {
    return this.started ?? Promise.resolve();
  }

  /** Stores entries in the feed and applies them here at once. */
  async publish(entries: FeedEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const at = new Date();
    const docs: MatchFeedRecord[] = entries.map((entry) => ({
      ...entry,
      _id: new Types.ObjectId(),
      at,
      slot: feedSlot(at.getTime()),
      features: entry.features && entry.features.length > 0 ? entry.features.join(FEATURE_SEPARATOR) : undefined,
    }));
    for (const doc of docs) this.seen.set(String(doc._id), at.getTime());
    this.lastActive = at.getTime();
    await MatchFeedModel.insertMany(docs);
    for (const doc of docs) this.take(doc);
  }

  /** Reads the feed now instead of at the next tick. */
  catchUp(): Promise<void> {
    return this.poll();
  }

  private take(entry: MatchFeedRecord): void {
    apply(this.current, entry);
    this.changesSinceSnapshot += 1;
    this.pending?.push(entry);
  }

  private databaseId: string | null = null;

  /** The scheduler's tick: a read, unless the processes are quiet and the last read was moments ago. */
  private tick(): Promise<void> {
    const now = Date.now();
    if (now - this.lastActive > BUSY_FOR_MS && now - this.lastPolled < IDLE_POLL_MS - POLL_MS / 2) return Promise.resolve();
    return this.poll();
  }

  private poll(): Promise<void> {
    this.polling ??= this.readFeed().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async readFeed(): Promise<void> {
    if (mongoose.connection.readyState !== mongoose.ConnectionStates.connected) return;
    const startedAt = Date.now();
    try {
      if (startedAt - this.lastPolled > RETENTION_MS - LOOKBACK_MS && !this.reloading) {
        this.log(`Matching index: no feed read for ${Math.round((startedAt - this.lastPolled) / 1000)} s, loading it again`);
        void this.reload();
      }
      // One equality read per ten seconds read: no read of the whole feed. Usually one slot;
      // every LOOKBACK_EVERY_MS the slots back to LOOKBACK_MS before the previous such read, so
      // an entry that landed within LOOKBACK_MS of its stamp is read by the next one after it.
      // (Reading back from the newest entry seen instead read ever more slots while idle.)
      const lookback = startedAt - this.lastLookback >= LOOKBACK_EVERY_MS;
      const from = lookback ? Math.min(startedAt, this.lastLookback) - LOOKBACK_MS : Math.min(startedAt, this.lastPolled) - RECENT_MS;
      const entries: MatchFeedRecord[] = [];
      for (let slot = feedSlot(from); slot <= feedSlot(startedAt); slot += 1) {
        entries.push(...(await MatchFeedModel.find({ slot }).lean<MatchFeedRecord[]>()));
      }
      entries.sort(inStampOrder);
      for (const entry of entries) {
        const id = String(entry._id);
        if (this.seen.has(id)) continue;
        this.seen.set(id, entry.at.getTime());
        this.lastActive = startedAt;
        this.take(entry);
        for (const listener of feedListeners) listener(entry);
      }
      // Entries are remembered as long as a read may return them again.
      for (const [id, at] of this.seen) if (at < startedAt - 2 * LOOKBACK_MS - LOOKBACK_EVERY_MS) this.seen.delete(id);
      this.lastPolled = startedAt;
      if (lookback) this.lastLookback = startedAt;
      if (startedAt - this.lastPruned > PRUNE_EVERY_MS) {
        this.lastPruned = startedAt;
        await pruneFeed(new Date(startedAt - RETENTION_MS));
      }
    } catch (error) {
      // A read cut off by the connection closing at shutdown is not worth a line.
      if (mongoose.connection.readyState === mongoose.ConnectionStates.connected) this.log(`Matching index: reading the feed failed: ${(error as Error).message}`);
    }
  }

  /** Builds a new index from the database while the current one keeps serving, then swaps. */
  private reload(fromDatabase = false): Promise<void> {
    this.reloading ??= this.load(fromDatabase).finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  /**
   * Loads the index again from the database, not from a snapshot: the stored reports changed
   * under it (re-tokenised). Waits for a load under way, which may have read the old reports.
   */
  async rebuild(): Promise<void> {
    if (!this.started) return;
    await this.reloading;
    await this.reload(true);
  }

  private async load(fromDatabase = false): Promise<void> {
    const began = Date.now();
    this.pending = [];
    try {
      this.databaseId ??= await databaseIdentity();
      const fromSnapshot = this.snapshotFile && !fromDatabase ? await this.loadSnapshot(this.snapshotFile, this.databaseId) : null;
      const index = fromSnapshot ?? (await this.loadFromDatabase(began));
      for (const entry of this.pending) apply(index, entry);
      this.current = index;
      const source = fromSnapshot ? 'from its snapshot and the feed since' : 'from the database';
      this.log(`Matching index: ${index.reportCount} reports, ${index.indexedCount} indexed, loaded ${source} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
      if (!fromSnapshot) {
        this.changesSinceSnapshot = index.reportCount + 1;
        scheduler.after('match-index.snapshot', 0, () => this.snapshot());
      }
    } finally {
      this.pending = null;
    }
  }

  /** The snapshot brought up to date from the feed, or null (with the reason logged). */
  private async loadSnapshot(file: string, databaseId: string): Promise<MemoryIndex | null> {
    const settings = matchSettings();
    const read = readSnapshot(file, { settings, weights: backgroundWeights(settings.segmentation), databaseId });
    if (!read.index) {
      this.log(`Matching index: snapshot not used, ${read.reason}; loading from the database`);
      return null;
    }
    const since = read.header.takenAt - LOOKBACK_MS;
    const prunedBefore = await IndexMarkModel.findById('feed-pruned-before').lean();
    if (prunedBefore && prunedBefore.at.getTime() > since) {
      this.log('Matching index: snapshot not used, the feed no longer holds everything since it; loading from the database');
      return null;
    }
    if (read.header.lastClaimId && !(await claimExists(read.header.lastClaimId))) {
      this.log('Matching index: snapshot not used, it names reports this database does not hold; loading from the database');
      return null;
    }
    const entries = await MatchFeedModel.find({ at: { $gt: new Date(since) } }).lean<MatchFeedRecord[]>();
    entries.sort(inStampOrder);
    for (const entry of entries) apply(read.index, entry);
    this.changesSinceSnapshot = entries.length;
    await repairMissingCases(read.index, this.log, new Set(entries.filter((entry) => entry.kind === 'report').map((entry) => entry.caseId)));
    return read.index;
  }

  private async loadFromDatabase(began: number): Promise<MemoryIndex> {
    const index = emptyIndex();
    for (const past of await CaseModel.find({ status: { $ne: 'open' } }, { status: 1, publicationId: 1, mergedInto: 1 }).lean()) {
      index.setCaseState(String(past._id), { status: past.status, publicationId: past.publicationId ? String(past.publicationId) : null });
      if (past.mergedInto) index.merge(String(past._id), String(past.mergedInto));
    }
    for await (const key of CaseKeyModel.find({}, { caseId: 1 }).lean().cursor({ batchSize: 5000 })) {
      index.setKey(key._id, String(key.caseId));
    }
    let reports = 0;
    for await (const claim of indexedReportsCursor()) {
      index.addReport({
        claimId: String(claim._id),
        caseId: String(claim.caseId),
        // Reports stored before the flag existed are indexed: a few extra variants cost little.
        features: claim.indexed === false ? undefined : claim.matchTokens,
        core: isCoreReport(claim),
        reachScore: claim.reachScore ?? 0,
        emergency: claim.emergency ?? false,
        receivedAt: claim.receivedAt.getTime(),
      });
      reports += 1;
      if (reports % PROGRESS_EVERY === 0) this.log(`Matching index: ${reports} reports loaded (${((Date.now() - began) / 1000).toFixed(0)} s)`);
    }
    const statements = await loadStatements(index);
    if (statements > 0) this.log(`Matching index: ${statements} case(s) with a claim as reviewed`);
    await repairMissingCases(index, this.log);
    return index;
  }
}

/** Names this database for the snapshot; stamped by the first process that asks. */
async function databaseIdentity(): Promise<string> {
  await insertOnce(IndexMarkModel, { _id: 'database', at: new Date() });
  const mark = await IndexMarkModel.findById('database').lean();
  if (!mark) throw new Error('The database mark vanished after it was written');
  return `${mongoose.connection.name}:${mark.at.getTime()}`;
}

/** Deletes entries stamped before `before`, after marking that the feed no longer holds them. */
async function pruneFeed(before: Date): Promise<void> {
  await IndexMarkModel.updateOne({ _id: 'feed-pruned-before' }, { $max: { at: before } }, { upsert: true });
  await MatchFeedModel.deleteMany({ at: { $lt: before } });
}

const live = new LiveIndex();

/** Calls `listener` with each entry other processes add to the feed, as this process reads it. */
export function onFeedEntry(listener: (entry: MatchFeedRecord) => void): () => void {
  feedListeners.add(listener);
  return () => feedListeners.delete(listener);
}

/** Loads this process's index and keeps it fresh; resolves when the first load is done. */
export function startMatchIndex(log: Log = () => undefined, options: IndexOptions = {}): Promise<void> {
  return live.start(log, options);
}

/** Loads this process's index again from the database (see `LiveIndex.rebuild`). */
export function rebuildMatchIndex(): Promise<void> {
  return live.rebuild();
}

export function stopMatchIndex(): void {
  live.stop();
}

export function matchIndex(): MemoryIndex {
  return live.current;
}

export async function indexReady(): Promise<MemoryIndex> {
  await live.ready();
  return live.current;
}

export function publishToIndex(entries: FeedEntry[]): Promise<void> {
  return live.publish(entries);
}

export function catchUpIndex(): Promise<void> {
  return live.catchUp();
}
