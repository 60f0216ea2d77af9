/**
 * The socket.io contract: event maps for both directions, with the same event names as the
 * domain and the API (`case.updated`, `publication.created`, ...). Client payloads are checked
 * on the server with the zod schemas below.
 */
import { z } from 'zod';
import type { CaseSummary, Draft } from './schemas/cases';
import type { PublicationView } from './schemas/feed';
import { objectIdSchema } from './schemas/common';
import type { CommentView, NotificationView } from './schemas/comments';
import type { HotspotView } from './schemas/hotspots';

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

/** Acknowledgement of a client request: ok (with the reply, if any), or a stable error code. */
export type Ack<Reply extends object = object> = (result: ({ ok: true } & Reply) | { ok: false; code: string; message: string }) => void;

/** A binary Yjs message (an update, a state vector or an awareness update), bounded in size. */
export const YJS_MESSAGE_MAX_BYTES = 256 * 1024;
const yjsBinarySchema = z.custom<Uint8Array>(
  (value) => value instanceof Uint8Array && value.byteLength <= YJS_MESSAGE_MAX_BYTES,
  'expected binary data of at most 256 KiB',
);
/** Co-editing of the rebuttal: a Yjs document per case, carried over socket.io. */
export const rebuttalSyncSchema = z.strictObject({ caseId: objectIdSchema, stateVector: yjsBinarySchema });
export const rebuttalUpdateSchema = z.strictObject({ caseId: objectIdSchema, update: yjsBinarySchema });
export type RebuttalSync = z.infer<typeof rebuttalSyncSchema>;
export type RebuttalUpdate = z.infer<typeof rebuttalUpdateSchema>;
/** The reply to a sync: what the client lacks, and the server's state vector to send back the rest. */
export interface RebuttalSyncReply {
  update: Uint8Array;
  stateVector: Uint8Array;
}

export interface ServerToClientEvents {
  'case.updated': (summary: CaseSummary) => void;
  /** A lead assigned an expert: to the queue and the case room (the expert also gets a notification). */
  'case.assigned': (assignment: { caseId: string; assigneeId: string; assignedBy: string }) => void;
  'publication.created': (publication: Pick<PublicationView, 'id' | 'caseId' | 'headline' | 'verdict' | 'publishedAt'>) => void;
  'presence.updated': (payload: { caseId: string; present: PresenceEntry[] }) => void;
  /** A saved draft revision, to the case room: editors take in the fields they did not touch. */
  'draft.saved': (payload: { caseId: string; draft: Draft }) => void;
  /** Co-editing: another editor's change of the rebuttal, and cursors / selections (awareness). */
  'rebuttal.update': (payload: RebuttalUpdate) => void;
  'rebuttal.awareness': (payload: RebuttalUpdate) => void;
  /** To the case room. */
  'comment.created': (comment: CommentView) => void;
  /** To the recipient's personal room only. */
  'notification.created': (notification: NotificationView) => void;
  /** To the queue room (and the case room for a case): a case or a topic became a hotspot. */
  'hotspot.detected': (hotspot: HotspotView) => void;
  /** To a platform's room: cases holding its reports changed state (in review, published, …), at most twice a second. */
  'platform.reports.changed': (payload: { caseIds: string[] }) => void;
}

export interface ClientToServerEvents {
  'queue.watch': (ack: Ack) => void;
  'case.join': (payload: z.infer<typeof caseRoomSchema>, ack: Ack) => void;
  'case.leave': (payload: z.infer<typeof caseRoomSchema>, ack: Ack) => void;
  'presence.field': (payload: z.infer<typeof presenceFieldSchema>, ack: Ack) => void;
  'rebuttal.sync': (payload: RebuttalSync, ack: Ack<RebuttalSyncReply>) => void;
  'rebuttal.update': (payload: RebuttalUpdate, ack: Ack) => void;
  'rebuttal.awareness': (payload: RebuttalUpdate, ack?: Ack) => void;
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
  /** The user's organisation: a platform's moderators hear of their platform's reports. */
  orgId: string;
  /** The field being edited per case room, for presence. */
  editing: Record<string, string | null>;
}

/** Room names: one per case, one for the review queue. */
export const rooms = {
  queue: 'queue:reviewers',
  case: (caseId: string) => `case:${caseId}`,
  /** A platform organisation's moderators. */
  platform: (orgId: string) => `platform:${orgId}`,
};
