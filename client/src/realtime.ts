/**
 * The client's one socket.io connection, typed with the shared event maps. Everything the UI
 * sends or receives live goes through here.
 */
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PresenceEntry, ServerToClientEvents } from '@refute/shared';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: ClientSocket | null = null;

/** Connects on first use; the session cookie authenticates it. */
function liveSocket(): ClientSocket {
  socket ??= io({ path: '/socket.io', withCredentials: true });
  return socket;
}

/** Closes the connection, for logout. */
export function disconnectLive(): void {
  socket?.disconnect();
  socket = null;
}

/** Calls `handler` for each `case.updated` the user may see, while the component is mounted. */
export function useCaseUpdates(handler: (caseId: string) => void, watchQueue: boolean): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const live = liveSocket();
    const onUpdate = (summary: { id: string }) => latest.current(summary.id);
    const watch = () => live.emit('queue.watch', () => undefined);
    live.on('case.updated', onUpdate);
    if (watchQueue) {
      watch();
      live.on('connect', watch);
    }
    return () => {
      live.off('case.updated', onUpdate);
      live.off('connect', watch);
    };
  }, [watchQueue]);
}

/** Joins the case room while mounted; returns who is here and a way to say what one edits. */
export function useCasePresence(caseId: string) {
  const [present, setPresent] = useState<PresenceEntry[]>([]);
  useEffect(() => {
    const live = liveSocket();
    const join = () => live.emit('case.join', { caseId }, () => undefined);
    const onPresence = (payload: { caseId: string; present: PresenceEntry[] }) => {
      if (payload.caseId === caseId) setPresent(payload.present);
    };
    live.on('presence.updated', onPresence);
    live.on('connect', join);
    join();
    return () => {
      live.off('presence.updated', onPresence);
      live.off('connect', join);
      live.emit('case.leave', { caseId }, () => undefined);
    };
  }, [caseId]);
  const editing = (field: 'verdict' | 'headline' | 'summary' | 'rebuttal' | 'evidence' | null) =>
    liveSocket().emit('presence.field', { caseId, field }, () => undefined);
  return { present, editing };
}
