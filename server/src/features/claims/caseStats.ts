/**
 * Keeps cases' counters in line with their reports after intake. On the local engine an update
 * of one case document can take long under load (FerretDB v1 reads the document, then rewrites
 * it), so intake does not wait for it longer than a moment: a few cases are written at a time
 * per process, several reports of one case share a write, and a case is written again if it
 * changes while its write runs. The counts come from this process's matching index, which
 * learns of other processes' reports within a fraction of a second, so each written case is
 * looked at again a little later and written again if reports arrived meanwhile.
 */
import mongoose, { Types } from 'mongoose';
import { backgroundLogger } from '../../logger';
import { writeCaseStats } from '../cases/repository';
import { matchIndex } from '../matching/liveIndex';

/** How long intake waits for its case's write before answering without it. */
const WAIT_MS = 250;
/** Longer than the index feed's polling, so that reports of the same moment are known by then. */
const SETTLE_MS = 1_500;
const RETRY_MS = 500;
const WRITES_AT_ONCE = 8;

const dirty = new Set<string>();
/** What the index knew of a case's reports when it was queued, for the later look. */
const queuedWith = new Map<string, string>();
const waiting = new Map<string, Array<() => void>>();
const rechecks = new Map<string, NodeJS.Timeout>();
let writer: Promise<void> | null = null;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

const fingerprint = (caseId: string) => {
  const reports = matchIndex().reportsOf(caseId);
  return `${reports.length}:${reports.reduce((sum, r) => sum + r.reachScore, 0)}:${reports.some((r) => r.emergency)}`;
};

/** Queues the case's counters for writing; resolves when written, or after a short wait. */
export function updateCaseStats(caseId: Types.ObjectId): Promise<void> {
  const id = String(caseId);
  const written = new Promise<void>((resolve) => {
    const list = waiting.get(id);
    if (list) list.push(resolve);
    else waiting.set(id, [resolve]);
  });
  dirty.add(id);
  startWriter();
  scheduleRecheck(id);
  return Promise.race([written, sleep(WAIT_MS)]);
}

function startWriter(): void {
  writer ??= writeAll().finally(() => {
    writer = null;
    if (dirty.size > 0) startWriter();
  });
}

async function writeAll(): Promise<void> {
  while (dirty.size > 0) {
    // Different cases are written side by side; one case is never in two writes at once.
    const batch = [...dirty].slice(0, WRITES_AT_ONCE);
    for (const id of batch) dirty.delete(id);
    const failed = (await Promise.all(batch.map(writeOne))).some((ok) => !ok);
    if (failed) await sleep(RETRY_MS);
  }
}

/** Writes one case's counters; false when it failed (the case is queued again). */
async function writeOne(id: string): Promise<boolean> {
  const resolvers = waiting.get(id) ?? [];
  waiting.delete(id);
  if (mongoose.connection.readyState !== mongoose.ConnectionStates.connected) {
    resolvers.forEach((resolve) => resolve());
    return true;
  }
  try {
    await writeCaseStats(new Types.ObjectId(id), matchIndex().reportsOf(id));
    resolvers.forEach((resolve) => resolve());
    return true;
  } catch (error) {
    // The case stays queued and is tried again; a lasting failure shows in the log.
    backgroundLogger().warn({ err: error, caseId: id }, 'writing case counters failed; retrying');
    dirty.add(id);
    waiting.set(id, [...resolvers, ...(waiting.get(id) ?? [])]);
    return false;
  }
}

function scheduleRecheck(id: string): void {
  if (rechecks.has(id)) return;
  const timer = setTimeout(() => {
    rechecks.delete(id);
    if (fingerprint(id) !== queuedWith.get(id)) {
      dirty.add(id);
      startWriter();
    }
    queuedWith.delete(id);
  }, SETTLE_MS);
  timer.unref();
  rechecks.set(id, timer);
  queuedWith.set(id, fingerprint(id));
}
