/**
 * Carries one case's rebuttal document (Yjs) and the editors' cursors (Yjs awareness) over the
 * app's socket. On every (re)connect it joins the case and syncs both ways by state vector, so
 * what was typed offline is sent and what others typed meanwhile arrives; while connected, each
 * local change is sent at once. The server stores every change before relaying it.
 */
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { ClientSocket } from '../realtime';

/** Marks changes that came from the server, so they are not sent back. */
const REMOTE = Symbol('remote');
/** An update that carries no change encodes to two bytes. */
const isEmptyUpdate = (update: Uint8Array) => update.byteLength <= 2;

export type SyncState = 'connecting' | 'synced' | 'offline' | 'refused';

export interface CursorUser {
  id: string;
  name: string;
  color: string;
}

/** Waits before syncing again after a refusal: doubling from one second up to half a minute. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

export class RebuttalProvider {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  private state: SyncState = 'connecting';
  private retryDelay = RETRY_FIRST_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<(state: SyncState) => void>();

  constructor(
    private readonly socket: ClientSocket,
    private readonly caseId: string,
    user: CursorUser,
  ) {
    this.awareness.setLocalStateField('user', user);
    this.doc.on('update', this.onLocalUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    socket.on('rebuttal.update', this.onRemoteUpdate);
    socket.on('rebuttal.awareness', this.onRemoteAwareness);
    socket.on('connect', this.sync);
    socket.on('disconnect', this.onDisconnect);
    if (socket.connected) this.sync();
  }

  get syncState(): SyncState {
    return this.state;
  }

  onStateChange(listener: (state: SyncState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets the cursors of people who are no longer in the case. */
  keepCursorsOf(userIds: string[]): void {
    const gone = [...this.awareness.getStates()]
      .filter(([clientId, state]) => clientId !== this.doc.clientID && !userIds.includes((state.user as CursorUser | undefined)?.id ?? ''))
      .map(([clientId]) => clientId);
    if (gone.length > 0) removeAwarenessStates(this.awareness, gone, REMOTE);
  }

  destroy(): void {
    clearTimeout(this.retryTimer);
    removeAwarenessStates(this.awareness, [this.doc.clientID], 'local');
    this.socket.off('rebuttal.update', this.onRemoteUpdate);
    this.socket.off('rebuttal.awareness', this.onRemoteAwareness);
    this.socket.off('connect', this.sync);
    this.socket.off('disconnect', this.onDisconnect);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private setState(state: SyncState): void {
    this.state = state;
    this.listeners.forEach((listener) => listener(state));
  }

  private readonly sync = () => {
    this.setState('connecting');
    this.socket.emit('case.join', { caseId: this.caseId }, (joined) => {
      if (!joined.ok) return this.refused();
      const stateVector = Y.encodeStateVector(this.doc);
      this.socket.emit('rebuttal.sync', { caseId: this.caseId, stateVector }, (reply) => {
        if (!reply.ok) return this.refused();
        Y.applyUpdate(this.doc, new Uint8Array(reply.update), REMOTE);
        // What the server lacks: changes made offline, or before the first sync.
        const missing = Y.encodeStateAsUpdate(this.doc, new Uint8Array(reply.stateVector));
        if (!isEmptyUpdate(missing)) this.send(missing);
        this.retryDelay = RETRY_FIRST_MS;
        this.setState('synced');
        this.sendAwareness([this.doc.clientID]);
      });
    });
  };

  private send(update: Uint8Array): void {
    this.socket.emit('rebuttal.update', { caseId: this.caseId, update }, (result) => {
      // A refused change stays in this document; the next sync offers it again.
      if (!result.ok) this.refused();
    });
  }

  /** Nothing typed is dropped: changes stay in this document and a later sync sends them. */
  private refused(): void {
    if (this.state === 'refused') return;
    this.setState('refused');
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.socket.connected) this.sync();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
  }

  private readonly onLocalUpdate = (update: Uint8Array, origin: unknown) => {
    // Offline changes are not queued: the sync on reconnect sends exactly what the server lacks.
    if (origin === REMOTE || !this.socket.connected || this.state !== 'synced') return;
    this.send(update);
  };

  private readonly onRemoteUpdate = (payload: { caseId: string; update: Uint8Array }) => {
    if (payload.caseId === this.caseId) Y.applyUpdate(this.doc, new Uint8Array(payload.update), REMOTE);
  };

  private readonly onAwarenessUpdate = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === REMOTE) {
      // Someone new: tell them where this editor's cursor is.
      if (change.added.length > 0) this.sendAwareness([this.doc.clientID]);
      return;
    }
    this.sendAwareness([...change.added, ...change.updated, ...change.removed]);
  };

  private sendAwareness(clients: number[]): void {
    if (!this.socket.connected) return;
    this.socket.emit('rebuttal.awareness', { caseId: this.caseId, update: encodeAwarenessUpdate(this.awareness, clients) });
  }

  private readonly onRemoteAwareness = (payload: { caseId: string; update: Uint8Array }) => {
    if (payload.caseId === this.caseId) applyAwarenessUpdate(this.awareness, new Uint8Array(payload.update), REMOTE);
  };

  private readonly onDisconnect = () => this.setState('offline');
}
