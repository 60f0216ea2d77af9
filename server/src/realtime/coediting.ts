/**
 * Socket events of the co-edited rebuttal: sync on (re)connect, editors' updates stored and
 * relayed to the case room, cursors (Yjs awareness) relayed; saved drafts announced live.
 */
import type { Server as HttpServer } from 'node:http';
import {
  rebuttalSyncSchema,
  rebuttalUpdateSchema,
  rooms,
  type Draft,
  type RebuttalSyncReply,
  type SocketData,
} from '@refute/shared';
import { stampAwareness } from '../features/coediting/awareness';
import { appendRebuttalUpdate, syncRebuttal } from '../features/coediting/document';
import { findCase, toObjectId } from '../features/cases/repository';
import { recordContributor } from '../features/reviews/contributors';
import { caseForEditor } from '../features/reviews/workflow';
import { domainEvents } from './domainEvents';
import type { Guard } from './guard';
import type { TypedServer, TypedSocket } from './types';
import { TokenBucket } from './rateLimit';

const invalid = { ok: false, code: 'validation_failed' } as const;
const notJoined = { ok: false, code: 'not_joined', message: 'Join the case first' } as const;

/** Per socket: rebuttal changes (bytes) and cursor moves (messages) it may send. */
const UPDATE_BYTES = { capacity: 1024 * 1024, perSecond: 64 * 1024 };
const AWARENESS_MESSAGES = { capacity: 60, perSecond: 20 };

export function registerCoediting<D extends SocketData>(socket: TypedSocket<D>, guarded: Guard): void {
  const joined = (caseId: string) => socket.rooms.has(rooms.case(caseId));
  const updateBytes = new TokenBucket(UPDATE_BYTES.capacity, UPDATE_BYTES.perSecond);
  const awarenessMessages = new TokenBucket(AWARENESS_MESSAGES.capacity, AWARENESS_MESSAGES.perSecond);
  /** Cases this socket's user is already recorded as a contributor of. */
  const contributedTo = new Set<string>();
  /**
   * The case's id if this socket's user may edit its rebuttal now (refusals are thrown): checked
   * on every change, two lookups by key, so a submission or an unassignment made through any
   * process stops the next keystroke.
   */
  const editableCase = async (caseId: string) => (await caseForEditor(socket.data.userId, caseId))._id;

  socket.on('rebuttal.sync', guarded<unknown, RebuttalSyncReply>(async (payload, reply) => {
    const parsed = rebuttalSyncSchema.safeParse(payload);
    if (!parsed.success) return reply({ ...invalid, message: 'caseId and a binary stateVector are required' });
    if (!joined(parsed.data.caseId)) return reply(notJoined);
    if (!(await findCase(parsed.data.caseId))) return reply({ ok: false, code: 'not_found', message: 'Case not found' });
    reply({ ok: true, ...(await syncRebuttal(toObjectId(parsed.data.caseId), parsed.data.stateVector)) });
  }));

  socket.on('rebuttal.update', guarded(async (payload, reply) => {
    const parsed = rebuttalUpdateSchema.safeParse(payload);
    if (!parsed.success) return reply({ ...invalid, message: 'caseId and a binary update are required' });
    const { caseId, update } = parsed.data;
    if (!joined(caseId)) return reply(notJoined);
    if (!updateBytes.take(update.byteLength)) return reply({ ok: false, code: 'rate_limited', message: 'Too many changes at once; they are sent again shortly' });
    const editable = await editableCase(caseId);
    // The editor becomes an author (four-eyes) before the change is stored, so no stored change
    // is without its author; then stored before it is relayed, so what others see is never lost.
    if (!contributedTo.has(caseId)) {
      await recordContributor(editable, socket.data.userId, 'coediting');
      contributedTo.add(caseId);
    }
    await appendRebuttalUpdate(editable, socket.data.userId, update);
    socket.to(rooms.case(caseId)).emit('rebuttal.update', { caseId, update });
    reply({ ok: true });
  }));

  // Cursors are relayed, never stored, under the sender's own name; a flood is dropped.
  socket.on('rebuttal.awareness', guarded((payload, reply) => {
    const parsed = rebuttalUpdateSchema.safeParse(payload);
    if (!parsed.success) return reply({ ...invalid, message: 'caseId and a binary update are required' });
    if (!joined(parsed.data.caseId)) return reply(notJoined);
    if (!awarenessMessages.take()) return reply({ ok: false, code: 'rate_limited', message: 'Too many cursor updates' });
    const update = stampAwareness(parsed.data.update, socket.data);
    socket.to(rooms.case(parsed.data.caseId)).emit('rebuttal.awareness', { caseId: parsed.data.caseId, update });
    reply({ ok: true });
  }));
}

/** Announces saved draft revisions to the case room. */
export function relayDrafts<D extends SocketData>(io: TypedServer<D>, httpServer: HttpServer): void {
  const onDraftSaved = (caseId: string, draft: Draft) => void io.to(rooms.case(caseId)).emit('draft.saved', { caseId, draft });
  domainEvents.on('draft.saved', onDraftSaved);
  httpServer.once('close', () => domainEvents.off('draft.saved', onDraftSaved));
}
