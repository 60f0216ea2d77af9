/**
 * The candidate index of this server process, loaded from the database at start and kept in
 * step with the other processes through the index feed (`feedModel.ts`), which every process
 * polls several times a second. Lookups then cost no database query: on the local engine
 * (FerretDB v1 with SQLite) every query but a bare `_id` lookup reads the whole collection, so
 * an index in the database cannot be fast at 100k cases.
 *
 * The database stays the truth: claims (case and features of each report), case_keys and the
 * cases past `open` (status, publication, merges) are what a start loads; the feed only carries
 * what changed since.
 */
import mongoose, { Types } from 'mongoose';
import { CaseModel } from '../cases/model';
import { ensureCase } from '../cases/openCase';
import { ClaimModel } from '../claims/model';
import { CaseKeyModel } from './caseKeyModel';
import { MatchFeedModel, type MatchFeedRecord } from './feedModel';
import { MemoryIndex } from './memoryIndex';
import { matchSettings } from './settings';
import { backgroundWeights } from './weights';

const POLL_MS = 200;
/**
 * Entries are read again this far back: an entry is stamped by its writer before it is stored,
 * so it can land after later-stamped ones (a write queued behind others, a writer's clock behind).
 */
const LOOKBACK_MS = 20_000;
/** Entries are kept this long; a process that did not poll for longer loads everything again. */
const RETENTION_MS = 60_000;
const PRUNE_EVERY_MS = 5_000;
const PROGRESS_EVERY = 50_000;
const FEATURE_SEPARATOR = '\u0001';

export type FeedEntry = Omit<MatchFeedRecord, '_id' | 'at' | 'features'> & { features?: readonly string[] | undefined };
type Log = (line: string) => void;

function emptyIndex(): MemoryIndex {
  const settings = matchSettings();
  return new MemoryIndex(settings.lsh, settings.maxCandidates, backgroundWeights(settings.segmentation));
}

function apply(index: MemoryIndex, entry: MatchFeedRecord): void {
  if (entry.kind === 'key' && entry.key) index.setKey(entry.key, entry.caseId);
  else if (entry.kind === 'merge' && entry.into) index.merge(entry.caseId, entry.into);
  else if (entry.kind === 'case' && entry.status) index.setCaseState(entry.caseId, { status: entry.status, publicationId: entry.publicationId ?? null });
  else if (entry.kind === 'report' && entry.claimId) {
    index.addReport({
      claimId: entry.claimId,
      caseId: entry.caseId,
      features: entry.features ? entry.features.split(FEATURE_SEPARATOR) : undefined,
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
async function repairMissingCases(index: MemoryIndex, log: Log): Promise<void> {
  const stored = new Uint8Array(index.caseCount);
  for await (const record of CaseModel.find({}, { _id: 1 }).lean().cursor({ batchSize: 5000 })) {
    const slot = index.caseSlotOfId(String(record._id));
    if (slot !== undefined) stored[slot] = 1;
  }
  const missing = index.reportedCases().filter(({ slot }) => !stored[slot]);
  for (const { caseId, claimId } of missing) {
    const claim = await ClaimModel.findById(claimId, { text: 1, language: 1, receivedAt: 1 }).lean();
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
  private newestSeen = 0;
  private lastPolled = 0;
  private lastPruned = 0;
  private polling: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private log: Log = () => undefined;

  start(log: Log): Promise<void> {
    this.log = log;
    this.started ??= (async () => {
      this.newestSeen = Date.now();
      this.lastPolled = Date.now();
      this.timer = setInterval(() => void this.poll(), POLL_MS);
      this.timer.unref();
      await this.reload();
    })();
    return this.started;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.started = null;
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
      features: entry.features && entry.features.length > 0 ? entry.features.join(FEATURE_SEPARATOR) : undefined,
    }));
    for (const doc of docs) this.seen.set(String(doc._id), at.getTime());
    this.newestSeen = Math.max(this.newestSeen, at.getTime());
    await MatchFeedModel.insertMany(docs);
    for (const doc of docs) this.take(doc);
  }

  /** Reads the feed now instead of at the next tick. */
  catchUp(): Promise<void> {
    return this.poll();
  }

  private take(entry: MatchFeedRecord): void {
    apply(this.current, entry);
    this.pending?.push(entry);
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
      const entries = await MatchFeedModel.find({ at: { $gt: new Date(this.newestSeen - LOOKBACK_MS) } }).lean<MatchFeedRecord[]>();
      entries.sort((a, b) => a.at.getTime() - b.at.getTime() || String(a._id).localeCompare(String(b._id)));
      for (const entry of entries) {
        const id = String(entry._id);
        if (this.seen.has(id)) continue;
        this.seen.set(id, entry.at.getTime());
        this.newestSeen = Math.max(this.newestSeen, entry.at.getTime());
        this.take(entry);
      }
      for (const [id, at] of this.seen) if (at < this.newestSeen - 2 * LOOKBACK_MS) this.seen.delete(id);
      this.lastPolled = startedAt;
      if (startedAt - this.lastPruned > PRUNE_EVERY_MS) {
        this.lastPruned = startedAt;
        await MatchFeedModel.deleteMany({ at: { $lt: new Date(startedAt - RETENTION_MS) } });
      }
    } catch (error) {
      // A read cut off by the connection closing at shutdown is not worth a line.
      if (mongoose.connection.readyState === mongoose.ConnectionStates.connected) this.log(`Matching index: reading the feed failed: ${(error as Error).message}`);
    }
  }

  /** Builds a new index from the database while the current one keeps serving, then swaps. */
  private reload(): Promise<void> {
    this.reloading ??= this.load().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  private async load(): Promise<void> {
    const began = Date.now();
    this.pending = [];
    const index = emptyIndex();
    try {
      for (const past of await CaseModel.find({ status: { $ne: 'open' } }, { status: 1, publicationId: 1, mergedInto: 1 }).lean()) {
        index.setCaseState(String(past._id), { status: past.status, publicationId: past.publicationId ? String(past.publicationId) : null });
        if (past.mergedInto) index.merge(String(past._id), String(past.mergedInto));
      }
      for await (const key of CaseKeyModel.find({}, { caseId: 1 }).lean().cursor({ batchSize: 5000 })) {
        index.setKey(key._id, String(key.caseId));
      }
      let reports = 0;
      const claims = ClaimModel.find({ caseId: { $ne: null } }, { caseId: 1, reachScore: 1, emergency: 1, receivedAt: 1, matchTokens: 1, indexed: 1 })
        .lean()
        .cursor({ batchSize: 5000 });
      for await (const claim of claims) {
        index.addReport({
          claimId: String(claim._id),
          caseId: String(claim.caseId),
          // Reports stored before the flag existed are indexed: a few extra variants cost little.
          features: claim.indexed === false ? undefined : claim.matchTokens,
          reachScore: claim.reachScore ?? 0,
          emergency: claim.emergency ?? false,
          receivedAt: claim.receivedAt.getTime(),
        });
        reports += 1;
        if (reports % PROGRESS_EVERY === 0) this.log(`Matching index: ${reports} reports loaded (${((Date.now() - began) / 1000).toFixed(0)} s)`);
      }
      for (const entry of this.pending) apply(index, entry);
      await repairMissingCases(index, this.log);
      this.current = index;
      this.log(`Matching index: ${index.reportCount} reports, ${index.indexedCount} indexed, loaded in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    } finally {
      this.pending = null;
    }
  }
}

const live = new LiveIndex();

/** Loads this process's index and keeps it fresh; resolves when the first load is done. */
export function startMatchIndex(log: Log = () => undefined): Promise<void> {
  return live.start(log);
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
