import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@refute/shared';
import type { Member } from './workbench';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Opens real socket.io clients for a member and closes them all after each test. */
export function socketClients(baseUrl: () => string) {
  const opened: ClientSocket[] = [];
  afterEach(() => opened.splice(0).forEach((socket) => socket.disconnect()));
  /** A member's socket (or an anonymous one), from the app's own Origin unless told otherwise (null: none). */
  return function open(member: Member | null, origin: string | null = baseUrl()): ClientSocket {
    const cookie = member?.http.cookieHeader;
    const socket: ClientSocket = connect(baseUrl(), {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { ...(origin ? { origin } : {}), ...(cookie ? { cookie } : {}) },
    });
    opened.push(socket);
    return socket;
  };
}

export const connected = (socket: ClientSocket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

export const refusal = (socket: ClientSocket) =>
  new Promise<{ message: string; data?: { code: string } }>((resolve) => socket.once('connect_error', (error) => resolve(error as never)));

export const ack = <E extends keyof ClientToServerEvents>(socket: ClientSocket, event: E, ...args: unknown[]) =>
  new Promise<{ ok: boolean; code?: string }>((resolve) => (socket.emit as (...a: unknown[]) => void)(event, ...args, resolve));

/** The next `event` whose payload matches, or a rejection after `ms`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  matches: (...args: Parameters<ServerToClientEvents[E]>) => boolean,
  ms = 3000,
) {
  return new Promise<Parameters<ServerToClientEvents[E]>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching ${event} within ${ms} ms`)), ms);
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!matches(...args)) return;
      clearTimeout(timer);
      (socket.off as (e: string, l: unknown) => void)(event, listener);
      resolve(args);
    };
    (socket.on as (e: string, l: unknown) => void)(event, listener);
  });
}

/** Collects every `event` the socket receives, to show that something did not arrive. */
export function recorder<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E) {
  const seen: Array<Parameters<ServerToClientEvents[E]>> = [];
  (socket.on as (e: string, l: unknown) => void)(event, (...args: Parameters<ServerToClientEvents[E]>) => seen.push(args));
  return seen;
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition` holds, checking every 20 ms; fails after `ms`, saying `what`. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await pause(20);
  }
}
