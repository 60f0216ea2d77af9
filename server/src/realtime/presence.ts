/** Who is in a case and what they edit: the case room's members, one entry per person. */
import type { Logger } from 'pino';
import { caseRoomSchema, presenceFieldSchema, rooms, type PresenceEntry } from '@refute/shared';
import { findCase } from '../features/cases/repository';
import type { Guard } from './guard';
import type { GatewayServer, GatewaySocket } from './types';

export async function broadcastPresence(io: GatewayServer, caseId: string): Promise<void> {
  const sockets = await io.in(rooms.case(caseId)).fetchSockets();
  const present = new Map<string, PresenceEntry>();
  for (const socket of sockets) {
    const field = socket.data.editing?.[caseId] ?? null;
    const known = present.get(socket.data.userId);
    if (!known || (!known.field && field)) present.set(socket.data.userId, { userId: socket.data.userId, name: socket.data.name, field });
  }
  io.to(rooms.case(caseId)).emit('presence.updated', { caseId, present: [...present.values()] });
}

/** Joining and leaving case rooms, saying which field one edits, and leaving on disconnect. */
export function registerPresence(io: GatewayServer, socket: GatewaySocket, guarded: Guard, log: Logger): void {
  socket.on('case.join', guarded(async (payload, reply) => {
    const parsed = caseRoomSchema.safeParse(payload);
    if (!parsed.success) return reply({ ok: false, code: 'validation_failed', message: 'caseId must be a case id' });
    if (!(await findCase(parsed.data.caseId))) return reply({ ok: false, code: 'not_found', message: 'Case not found' });
    await socket.join(rooms.case(parsed.data.caseId));
    socket.data.editing[parsed.data.caseId] = null;
    reply({ ok: true });
    await broadcastPresence(io, parsed.data.caseId);
  }));

  socket.on('case.leave', guarded(async (payload, reply) => {
    const parsed = caseRoomSchema.safeParse(payload);
    if (!parsed.success) return reply({ ok: false, code: 'validation_failed', message: 'caseId must be a case id' });
    await socket.leave(rooms.case(parsed.data.caseId));
    delete socket.data.editing[parsed.data.caseId];
    reply({ ok: true });
    await broadcastPresence(io, parsed.data.caseId);
  }));

  socket.on('presence.field', guarded(async (payload, reply) => {
    const parsed = presenceFieldSchema.safeParse(payload);
    if (!parsed.success) return reply({ ok: false, code: 'validation_failed', message: 'Unknown case or field' });
    if (!socket.rooms.has(rooms.case(parsed.data.caseId))) return reply({ ok: false, code: 'not_joined', message: 'Join the case first' });
    socket.data.editing[parsed.data.caseId] = parsed.data.field;
    reply({ ok: true });
    await broadcastPresence(io, parsed.data.caseId);
  }));

  socket.on('disconnecting', () => {
    const cases = [...socket.rooms].filter((room) => room.startsWith('case:')).map((room) => room.slice(5));
    // After the socket has left its rooms, the others see it gone.
    setImmediate(() => cases.forEach((caseId) => void broadcastPresence(io, caseId).catch((error: unknown) => log.warn({ err: error }, 'presence update failed'))));
  });
}
