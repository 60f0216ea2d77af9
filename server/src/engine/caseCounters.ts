/**
 * Keeps cases' counters (report count, reach, lane, priority) in line with their reports after
 * intake, from what this process's matching index knows of them: one read and one write by
 * _id. The index learns of other processes' reports within a fraction of a second, so each
 * written case is looked at again a little later and written again if reports arrived meanwhile.
 *
 * On MongoDB intake writes its case's counters before it answers. On the local engine an update
 * of one case document can take long under load (FerretDB v1 reads the document, then rewrites
 * it), so intake waits for the write a moment at most: a coalescing writer writes a few cases at
 * a time, several reports of one case share a write, and a case that changes while its write runs
 * is written again.
 */
import mongoose, { Types } from 'mongoose';
import { backgroundLogger } from '../logger';
import { writeCaseStats } from '../features/cases/repository';
import { matchIndex } from '../features/matching/liveIndex';

export interface CaseCounters {
  /** Brings the case's counters in line with its reports (see above for how long it waits). */
  update(caseId: Types.ObjectId): Promise<void>;
  /**
   * At a clean shutdown: takes every later look now and waits for the writes under way, so that
   * a report answered just before the stop is counted (no other process writes counters for
   * reports it did not take in). Gives up after `withinMs`, saying how many cases were left.
   */
  flush(withinMs?: number): Promise<void>;
}

const FLUSH_MS = 5_000;

/** Longer than the index feed's polling, so that reports of the same moment are known by then. */
const SETTLE_MS = 1_500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

const writeFromIndex = (id: string) => writeCaseStats(new Types.ObjectId(id), matchIndex().reportsOf(id));

const fingerprint = (caseId: string) => {
  const reports = matchIndex().reportsOf(caseId);
  return `${reports.length}:${reports.reduce((sum, r) => sum + r.reachScore, 0)}:${reports.some((r) => r.emergency)}`;
};

interface LaterLook {
  /** Looks at the case again `settleMs` from now. */
  schedule(id: string): void;
  /** Takes every look now, handing the cases whose reports changed to `write`. */
  takeAll(): void;
}

/**
 * Looks at each case again `settleMs` after its write, and hands it to `write` if its reports
 * changed; a look that writes is followed by another. A write counts the reports this process
 * knew when it began, and under load it can land after another process's write that counted
 * more: the next look, once the feed has brought those reports here, writes them all.
 */
function laterLook(write: (id: string) => void, settleMs: number): LaterLook {
  const looks = new Map<string, { before: string; timer: NodeJS.Timeout }>();
  let closing = false;
  const schedule = (id: string) => {
    if (closing || looks.has(id)) return;
    looks.set(id, { before: fingerprint(id), timer: setTimeout(() => look(id), settleMs).unref() });
  };
  const look = (id: string): void => {
    const pending = looks.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    looks.delete(id);
    if (fingerprint(id) === pending.before) return;
    write(id);
    schedule(id);
  };
  return {
    schedule,
    takeAll() {
      // At a stop: one last look each, none after it.
      closing = true;
      for (const id of [...looks.keys()]) look(id);
    },
  };
}

const connected = () => mongoose.connection.readyState === mongoose.ConnectionStates.connected;

const warnFailed = (id: string) => (error: unknown) => backgroundLogger().warn({ err: error, caseId: id }, 'writing case counters failed');

/** Resolves when `work` does or after `ms`, whichever comes first: true when `work` did. */
const within = (work: Promise<unknown>, ms: number): Promise<boolean> => Promise.race([work.then(() => true), sleep(ms).then(() => false)]);

const warnUnwritten = (cases: number) => backgroundLogger().warn({ cases }, 'case counters left unwritten at shutdown');

export interface CounterTiming {
  /** How long after its write a case is looked at again. */
  settleMs?: number;
}

/** MongoDB: the write is quick, intake waits for it. */
export function directCounters({ settleMs = SETTLE_MS }: CounterTiming = {}): CaseCounters {
  // Writes under way, which a flush waits for.
  const inFlight = new Set<Promise<unknown>>();
  const tracked = <T>(write: Promise<T>): Promise<T> => {
    inFlight.add(write);
    void write.finally(() => inFlight.delete(write)).catch(() => undefined);
    return write;
  };
  const lookAgain = laterLook((id) => {
    // Once the database is closed there is nothing to write to; the case's next report recounts it.
    if (!connected()) return;
    void tracked(writeFromIndex(id).then(() => undefined, warnFailed(id)));
  }, settleMs);
  return {
    async update(caseId) {
      await tracked(writeFromIndex(String(caseId)));
      lookAgain.schedule(String(caseId));
    },
    async flush(withinMs = FLUSH_MS) {
      lookAgain.takeAll();
      if (!(await within(Promise.allSettled(inFlight), withinMs))) warnUnwritten(inFlight.size);
    },
  };
}

/** How long intake waits for its case's write on the local engine before answering without it. */
const WAIT_MS = 250;
const RETRY_MS = 500;
const WRITES_AT_ONCE = 8;

/** The local engine: a coalescing writer that intake waits for at most WAIT_MS. */
export function coalescingCounters({ settleMs = SETTLE_MS }: CounterTiming = {}): CaseCounters {
  const dirty = new Set<string>();
  const waiting = new Map<string, Array<() => void>>();
  let writer: Promise<void> | null = null;

  const startWriter = (): void => {
    writer ??= writeAll().finally(() => {
      writer = null;
      if (dirty.size > 0) startWriter();
    });
  };
  const queue = (id: string) => {
    dirty.add(id);
    startWriter();
  };
  const lookAgain = laterLook(queue, settleMs);

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
    if (!connected()) {
      resolvers.forEach((resolve) => resolve());
      return true;
    }
    try {
      await writeFromIndex(id);
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

  return {
    async update(caseId) {
      const id = String(caseId);
      const written = new Promise<void>((resolve) => {
        const list = waiting.get(id);
        if (list) list.push(resolve);
        else waiting.set(id, [resolve]);
      });
      queue(id);
      lookAgain.schedule(id);
      await within(written, WAIT_MS);
    },
    async flush(withinMs = FLUSH_MS) {
      lookAgain.takeAll();
      const drained = (async () => {
        // A writer that ends with cases still queued starts the next one.
        while (writer) await writer;
      })();
      if (!(await within(drained, withinMs))) warnUnwritten(dirty.size);
    },
  };
}
