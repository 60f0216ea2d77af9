/**
 * Keeps a case's counters in line with its reports after intake. The counts come from this
 * process's index, which learns of other processes' reports within a fraction of a second: so
 * each write is looked at again a little later and repeated if reports arrived meanwhile, and
 * the process that writes last leaves the counts complete.
 */
import mongoose, { Types } from 'mongoose';
import type { CaseRecord } from '../cases/model';
import { writeCaseStats } from '../cases/repository';
import { matchIndex } from '../matching/liveIndex';

/** Longer than the index feed's polling, so that reports of the same moment are known by then. */
const SETTLE_MS = 1_500;
const rechecks = new Map<string, NodeJS.Timeout>();

const fingerprint = (caseId: string) => {
  const reports = matchIndex().reportsOf(caseId);
  return `${reports.length}:${reports.reduce((sum, r) => sum + r.reachScore, 0)}:${reports.some((r) => r.emergency)}`;
};

export async function updateCaseStats(caseId: Types.ObjectId): Promise<CaseRecord | null> {
  const id = String(caseId);
  const record = await writeCaseStats(caseId, matchIndex().reportsOf(id));
  if (!rechecks.has(id)) {
    const written = fingerprint(id);
    const timer = setTimeout(() => {
      rechecks.delete(id);
      if (mongoose.connection.readyState !== 1 || fingerprint(id) === written) return;
      writeCaseStats(caseId, matchIndex().reportsOf(id)).catch(() => undefined);
    }, SETTLE_MS);
    timer.unref();
    rechecks.set(id, timer);
  }
  return record;
}
