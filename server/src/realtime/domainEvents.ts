import { EventEmitter } from 'node:events';
import type { ServerToClientEvents } from '@refute/shared';

/**
 * Domain events inside one process. Services announce what changed; the socket gateway turns
 * them into socket.io events with the same names.
 */
interface DomainEventMap {
  'case.updated': [caseId: string];
  'publication.created': Parameters<ServerToClientEvents['publication.created']>;
  'session.revoked': [tokenHash: string];
}

export const domainEvents = new EventEmitter<DomainEventMap>();
// Several gateways (one per test app) may listen in one process.
domainEvents.setMaxListeners(100);
