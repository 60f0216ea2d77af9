/**
 * The client's one socket.io connection, typed with the shared event maps. Everything the UI
 * sends or receives live goes through here.
 */
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, CommentView, Draft, NotificationView, PresenceEntry, ServerToClientEvents } from '@refute/shared';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: ClientSocket | null = null;

/** Connects on first use; the session cookie authenticates it. */
export function liveSocket(): ClientSocket {
  socket ??= io({ path: '/socket.io', withCredentials: true });
  return socket;
}

/** Closes the connection, for logout. */
export function disconnectLive(): void {
  socket?.disconnect();
  socket = null;
}

/** Watches the queue while mounted (again after each reconnect): new and changed cases arrive live. */
export function useWatchQueue(): void {
  useEffect(() => {
    const live = liveSocket();
    const watch = () => live.emit('queue.watch', () => undefined);
    watch();
    live.on('connect', watch);
    return () => void live.off('connect', watch);
  }, []);
}

/** Calls `handler` for each `case.updated` the user may see, while the component is mounted. */
export function useCaseUpdates(handler: (caseId: string) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const live = liveSocket();
    const onUpdate = (summary: { id: string }) => latest.current(summary.id);
    live.on('case.updated', onUpdate);
    return () => void live.off('case.updated', onUpdate);
  }, []);
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

/**
 * Calls `handler` when the connection comes back after a drop. The server replays nothing that
 * was missed meanwhile (connection-state recovery is off), so the page reloads what it shows.
 */
export function useResyncAfterReconnect(handler: () => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const live = liveSocket();
    const reconnected = () => latest.current();
    live.io.on('reconnect', reconnected);
    return () => void live.io.off('reconnect', reconnected);
  }, []);
}

/** Calls `handler` with each draft revision saved in the case, while the component is mounted. */
export function useDraftSaved(caseId: string, handler: (draft: Draft) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const live = liveSocket();
    const onSaved = (payload: { caseId: string; draft: Draft }) => {
      if (payload.caseId === caseId) latest.current(payload.draft);
    };
    live.on('draft.saved', onSaved);
    return () => void live.off('draft.saved', onSaved);
  }, [caseId]);
}

/**
 * Calls `onComment` with each new comment on the case, and `onReconnect` after the connection
 * comes back (comments may have been missed meanwhile). The case room is joined by
 * useCasePresence on the same page.
 */
export function useCommentStream(caseId: string, onComment: (comment: CommentView) => void, onReconnect: () => void): void {
  const latest = useRef(onComment);
  latest.current = onComment;
  useEffect(() => {
    const live = liveSocket();
    const received = (comment: CommentView) => {
      if (comment.caseId === caseId) latest.current(comment);
    };
    live.on('comment.created', received);
    return () => void live.off('comment.created', received);
  }, [caseId]);
  useResyncAfterReconnect(onReconnect);
}

/** Calls `onNotification` for each notification of the signed-in user, and `onReconnect` after a reconnect. */
export function useNotificationStream(onNotification: (notification: NotificationView) => void, onReconnect: () => void): void {
  const latest = useRef(onNotification);
  latest.current = onNotification;
  useEffect(() => {
    const live = liveSocket();
    const received = (notification: NotificationView) => latest.current(notification);
    live.on('notification.created', received);
    return () => void live.off('notification.created', received);
  }, []);
  useResyncAfterReconnect(onReconnect);
}

/** Refreshes of a platform's reports start at least this far apart while changes keep coming. */
const PLATFORM_REFRESH_GAP_MS = 5_000;

/**
 * Calls `refresh` when cases holding the moderator's platform's reports change state, and after a
 * reconnect. Changes come in bursts (an import): one refresh runs at a time, and one more follows
 * it when changes came meanwhile, so the list ends current without reads piling up.
 */
export function usePlatformReportChanges(refresh: () => Promise<unknown>): void {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    const live = liveSocket();
    let running = false;
    let changedMeanwhile = false;
    const changed = async () => {
      if (running) {
        changedMeanwhile = true;
        return;
      }
      running = true;
      do {
        changedMeanwhile = false;
        const started = Date.now();
        await latest.current().catch(() => undefined);
        if (changedMeanwhile) await new Promise((resume) => setTimeout(resume, started + PLATFORM_REFRESH_GAP_MS - Date.now()));
      } while (changedMeanwhile);
      running = false;
    };
    const heard = () => void changed();
    live.on('platform.reports.changed', heard);
    return () => void live.off('platform.reports.changed', heard);
  }, []);
  useResyncAfterReconnect(() => void latest.current());
}
