/**
 * Carries publications between server processes through the index feed (the channel every
 * process already reads several times a second): each version published here is written as a
 * `publication` entry once it is stored, and each such entry of another process is announced
 * here as `publications.changed` (see changes.ts).
 */
import type { Logger } from 'pino';
import { domainEvents } from '../../realtime/domainEvents';
import { onFeedEntry, publishToIndex } from '../matching/liveIndex';

export function startPublicationsAcrossProcesses(log?: Logger): () => void {
  const announce = (publication: { id: string; caseId: string }) => {
    publishToIndex([{ kind: 'publication', caseId: publication.caseId, publicationId: publication.id }]).catch((error: unknown) =>
      log?.error({ err: error, publicationId: publication.id }, 'publication not announced to the other processes (they show it when what they keep expires)'),
    );
  };
  domainEvents.on('publication.created', announce);
  const stopReading = onFeedEntry((entry) => {
    if (entry.kind === 'publication') domainEvents.emit('publications.changed');
  });
  return () => {
    domainEvents.off('publication.created', announce);
    stopReading();
  };
}
