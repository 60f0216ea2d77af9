/**
 * The socket.io contract: event maps for both directions, with the same event names as the
 * domain and the API (`case.updated`, `publication.created`, ...). Client payloads are checked
 * on the server with the zod schemas below.
 */
import { z } from 'zod';
import type { CaseSummary } from './schemas/cases';
import type { PublicationView } from './schemas/feed';
import { objectIdSchema } from './schemas/common';

export const caseRoomSchema = z.strictObject({ caseId: objectIdSchema });
export const presenceFieldSchema = z.strictObject({
  caseId: objectIdSchema,
  field: z.enum(['verdict', 'headline', 'summary', 'rebuttal', 'evidence']).nullable(),
});

export interface PresenceEntry {
  userId: string;
  name: string;
  /** The field this person is editing, if any. */
  field: string | null;
}

/** Acknowledgement of a client request: ok, or a stable error code. */
export type Ack = (result: { ok: true } | { ok: false; code: string; message: string }) => void;

export interface ServerToClientEvents {
  'case.updated': (summary: CaseSummary) => void;
  'publication.created': (publication: Pick<PublicationView, 'id' | 'caseId' | 'headline' | 'verdict' | 'publishedAt'>) => void;
  'presence.updated': (payload: { caseId: string; present: PresenceEntry[] }) => void;
}

export interface ClientToServerEvents {
  'queue.watch': (ack: Ack) => void;
  'case.join': (payload: z.infer<typeof caseRoomSchema>, ack: Ack) => void;
  'case.leave': (payload: z.infer<typeof caseRoomSchema>, ack: Ack) => void;
  'presence.field': (payload: z.infer<typeof presenceFieldSchema>, ack: Ack) => void;
}

/** Between server processes (through the Redis adapter when several run). */
export interface InterServerEvents {
  ping: () => void;
}

/** What the server keeps on each authenticated socket. */
export interface SocketData {
  userId: string;
  name: string;
  roles: string[];
  /** The field being edited per case room, for presence. */
  editing: Record<string, string | null>;
}

/** Room names: one per case, one for the review queue. */
export const rooms = {
  queue: 'queue:reviewers',
  case: (caseId: string) => `case:${caseId}`,
};
