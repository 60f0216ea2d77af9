/**
 * The socket handshake: a socket acts with the session cookie, so it must come from the app's
 * own pages and carry a live session. A socket that only listens sends no events to re-check,
 * so it is cut off when its session expires.
 */
import { parse as parseCookies } from 'cookie';
import type { Socket } from 'socket.io';
import { activeSession, SESSION_COOKIE, sessionTokenHash } from '../features/auth/sessions';
import { requestOrigin, type TrustProxy } from '../http/proxyTrust';
import type { GatewaySocketData } from './types';

/** setTimeout's longest delay (about 24.8 days); sessions last far less. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function refuse(code: string, message: string): Error & { data: { code: string } } {
  return Object.assign(new Error(message), { data: { code } });
}

export function authenticateHandshake(options: { publicUrl?: string | undefined; trustProxy: TrustProxy }) {
  const check = async (socket: Socket): Promise<Error | undefined> => {
    const headers = socket.handshake.headers;
    const expected = options.publicUrl ?? requestOrigin(socket.request, options.trustProxy);
    // Browsers send Origin on WebSocket handshakes and cross-origin requests, and Sec-Fetch-Site
    // on every request (same-origin polling may omit Origin); a handshake with neither is refused.
    const fetchSite = headers['sec-fetch-site'];
    const sameOrigin = headers.origin ? headers.origin === expected : fetchSite === 'same-origin';
    if (!sameOrigin) return refuse('bad_origin', 'Connections are accepted only from the app itself');
    const token = parseCookies(headers.cookie ?? '')[SESSION_COOKIE];
    const session = token ? await activeSession(token) : null;
    if (!token || !session) return refuse('unauthenticated', 'Log in first');
    const { user, expiresAt } = session;
    const data: GatewaySocketData = { userId: user.id, name: user.name, roles: user.roles, orgId: user.orgId, editing: {}, sessionHash: sessionTokenHash(token) };
    socket.data = data;
    const timer = setTimeout(() => socket.disconnect(true), Math.min(Math.max(0, expiresAt.getTime() - Date.now()), MAX_TIMER_MS));
    socket.once('disconnect', () => clearTimeout(timer));
    return undefined;
  };
  return (socket: Socket, next: (error?: Error) => void): void => {
    check(socket).then(next, next);
  };
}
