/**
 * Carries changes to the expert pool between server processes through the index feed: each
 * `pool.changed` here is written as a `pool` entry, and each such entry of another process marks
 * the person (or everyone) to be read again in this process's copy (poolRoster.ts). Without it, an
 * expert added or put on call on one process stayed unknown to the others' routing and backup
 * pages for up to ROSTER_TTL_MS.
 */
import type { Logger } from 'pino';
import { domainEvents } from '../../realtime/domainEvents';
import { onFeedEntry, publishToIndex } from '../matching/liveIndex';
import { forgetPoolEntry } from './poolRoster';

/** The entry's subject when many people changed at once (an import, a disabled account). */
const EVERYONE = '*';

export function startPoolAcrossProcesses(log?: Logger): () => void {
  const announce = (userId: string | null) => {
    publishToIndex([{ kind: 'pool', caseId: userId ?? EVERYONE }]).catch((error: unknown) =>
      log?.error({ err: error, userId }, 'pool change not announced to the other processes (they see it when their copy expires)'),
    );
  };
  domainEvents.on('pool.changed', announce);
  const stopReading = onFeedEntry((entry) => {
    if (entry.kind === 'pool') forgetPoolEntry(entry.caseId === EVERYONE ? null : entry.caseId);
  });
  return () => {
    domainEvents.off('pool.changed', announce);
    stopReading();
  };
}
