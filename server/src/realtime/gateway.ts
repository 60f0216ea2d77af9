/**
 * The socket.io gateway: authenticates the session cookie and the Origin at the handshake,
 * checks the user's right on every event, and relays domain events to the rooms watching them.
 */
import type { Server as HttpServer } from 'node:http';
import { parse as parseCookies } from 'cookie';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server, type Socket } from 'socket.io';
import {
  caseRoomSchema,
  hasRole,
  presenceFieldSchema,
  rooms,
  type Ack,
  type ClientToServerEvents,
  type InterServerEvents,
  type PresenceEntry,
  type ServerToClientEvents,
  type SocketData,
} from '@refute/shared';
import type { Logger } from 'pino';
import { activeSession, SESSION_COOKIE, sessionTokenHash, userForSession } from '../features/auth/sessions';
import { findCase } from '../features/cases/repository';
import { presentCaseSummary } from '../features/cases/presenter';
import { AppError } from '../http/errors';
import { requestOrigin, type TrustProxy } from '../http/proxyTrust';
import { registerCoediting, relayDrafts, type Guard } from './coediting';
import { domainEvents } from './domainEvents';
import { joinUserRoom, relayDiscussion } from './notifications';

type Io = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData & { sessionHash: string }>;
type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData & { sessionHash: string }>;

export interface GatewayOptions {
  log: Logger;
  /** With a Redis URL, several server processes share rooms and events. */
  redisUrl?: string | undefined;
  /** Origins allowed to open a socket; by default the one the handshake's Host names. */
  publicUrl?: string | undefined;
  /** Which proxies' X-Forwarded-* headers to believe, as for HTTP requests. */
  trustProxy: TrustProxy;
}

function refuse(code: string, message: string): Error & { data: { code: string } } {
  return Object.assign(new Error(message), { data: { code } });
}

const REVIEW_ROLES = ['reviewer', 'lead', 'admin'] as const;

/**
 * Logging out and disabling an account disconnect the sockets at once (domain events, on every
 * process); the per-event check catches what no event announces, such as an expired session,
 * within this long, without a database round trip for every keystroke of a co-editor.
 */
const SESSION_RECHECK_MS = 2_000;
/** setTimeout's longest delay (about 24.8 days); sessions last far less. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export async function attachRealtime(httpServer: HttpServer, options: GatewayOptions): Promise<Io> {
  const io: Io = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // No connection-state recovery: socket.io restores rooms and replays missed packets before
    // the handshake check runs, which would hand a just-disabled user what was said meanwhile.
    // Clients resync instead (the queue, the case, the rebuttal by state vector, comments, bell).
    // A client whose network drops without closing the connection is noticed within ten
    // seconds (not the default 45), so presence shows them gone soon after.
    pingInterval: 5_000,
    pingTimeout: 5_000,
  });
  if (options.redisUrl) await useRedisAdapter(io, options.redisUrl, httpServer, options.log);

  io.use(async (socket, next) => {
    const headers = socket.handshake.headers;
    const expected = options.publicUrl ?? requestOrigin(socket.request, options.trustProxy);
    // A socket acts with the session cookie, so it must come from the app's own pages. Browsers
    // send Origin on WebSocket handshakes and cross-origin requests, and Sec-Fetch-Site on every
    // request (same-origin polling may omit Origin); a handshake with neither is refused too.
    const fetchSite = headers['sec-fetch-site'];
    const sameOrigin = headers.origin ? headers.origin === expected : fetchSite === 'same-origin';
    if (!sameOrigin) return next(refuse('bad_origin', 'Connections are accepted only from the app itself'));
    const token = parseCookies(headers.cookie ?? '')[SESSION_COOKIE];
    const session = token ? await activeSession(token) : null;
    if (!token || !session) return next(refuse('unauthenticated', 'Log in first'));
    const { user, expiresAt } = session;
    socket.data = { userId: user.id, name: user.name, roles: user.roles, editing: {}, sessionHash: sessionTokenHash(token) };
    // A socket that only listens sends no events to re-check: it is cut off when its session expires.
    const timer = setTimeout(() => socket.disconnect(true), Math.min(Math.max(0, expiresAt.getTime() - Date.now()), MAX_TIMER_MS));
    socket.once('disconnect', () => clearTimeout(timer));
    next();
  });

  io.on('connection', (socket) => {
    void joinUserRoom(socket).catch((error: unknown) => options.log.error({ err: error }, 'joining the personal room failed'));
    const mayReview = () => hasRole(socket.data.roles as never, ...REVIEW_ROLES);
    let sessionCheckedAt = Date.now();
    /** Is the session still valid? Asks the database at most every SESSION_RECHECK_MS. */
    const sessionValid = async () => {
      if (Date.now() - sessionCheckedAt < SESSION_RECHECK_MS) return true;
      const token = parseCookies(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
      const valid = Boolean(token && (await userForSession(token)));
      if (valid) sessionCheckedAt = Date.now();
      return valid;
    };
    /** Every event re-checks the session and the role: a revoked session or disabled account is cut off. */
    const guarded: Guard = <P, R extends object = object>(handler: (payload: P, ack: Ack<R>) => Promise<void>) =>
      async (payload: P, ack?: Ack<R>) => {
        const reply: Ack<R> = typeof ack === 'function' ? ack : () => undefined;
        try {
          if (!(await sessionValid())) {
            reply({ ok: false, code: 'unauthenticated', message: 'The session has ended' });
            socket.disconnect(true);
            return;
          }
          if (!mayReview()) return reply({ ok: false, code: 'forbidden', message: 'Only reviewers and leads can watch cases' });
          await handler(payload, reply);
        } catch (error) {
          // Refusals of the domain (not assigned, wrong state, bad data) reach the client as they are.
          if (error instanceof AppError && error.status < 500) return reply({ ok: false, code: error.code, message: error.message });
          options.log.error({ err: error }, 'socket event failed');
          reply({ ok: false, code: 'internal', message: 'The event could not be handled' });
        }
      };

    socket.on('queue.watch', (ack) => void guarded<undefined>(async (_payload, reply) => {
      await socket.join(rooms.queue);
      reply({ ok: true });
    })(undefined, ack));

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

    registerCoediting(socket, guarded);

    socket.on('disconnecting', () => {
      const cases = [...socket.rooms].filter((room) => room.startsWith('case:')).map((room) => room.slice(5));
      // After the socket has left its rooms, the others see it gone.
      setImmediate(() => cases.forEach((caseId) => void broadcastPresence(io, caseId).catch((error: unknown) => options.log.warn({ err: error }, 'presence update failed'))));
    });
  });

  const onCaseUpdated = async (caseId: string) => {
    const record = await findCase(caseId);
    if (!record) return;
    io.to(rooms.queue).to(rooms.case(caseId)).emit('case.updated', presentCaseSummary(record));
  };
  const onAssigned = (assignment: Parameters<ServerToClientEvents['case.assigned']>[0]) => {
    io.to(rooms.queue).to(rooms.case(assignment.caseId)).emit('case.assigned', assignment);
  };
  const onPublication = (publication: Parameters<ServerToClientEvents['publication.created']>[0]) => {
    io.to(rooms.queue).to(rooms.case(publication.caseId)).emit('publication.created', publication);
  };
  const onSessionRevoked = async (tokenHash: string) => {
    for (const socket of await io.fetchSockets()) if (socket.data.sessionHash === tokenHash) socket.disconnect(true);
  };
  const report = (error: unknown) => options.log.error({ err: error }, 'realtime relay failed');
  const caseListener = (caseId: string) => void onCaseUpdated(caseId).catch(report);
  const sessionListener = (tokenHash: string) => void onSessionRevoked(tokenHash).catch(report);
  domainEvents.on('case.updated', caseListener);
  domainEvents.on('publication.created', onPublication);
  domainEvents.on('case.assigned', onAssigned);
  domainEvents.on('session.revoked', sessionListener);
  relayDiscussion(io, httpServer, options.log);
  relayDrafts(io, httpServer);
  httpServer.once('close', () => {
    domainEvents.off('case.updated', caseListener);
    domainEvents.off('publication.created', onPublication);
    domainEvents.off('case.assigned', onAssigned);
    domainEvents.off('session.revoked', sessionListener);
  });
  return io;
}

async function useRedisAdapter(io: Io, url: string, httpServer: HttpServer, log: Logger): Promise<void> {
  const publisher = createClient({ url });
  const subscriber = publisher.duplicate();
  // node-redis reconnects by itself; an unheard error event would end the process.
  for (const client of [publisher, subscriber]) client.on('error', (error: Error) => log.warn({ err: error }, 'Redis adapter connection error'));
  await Promise.all([publisher.connect(), subscriber.connect()]);
  io.adapter(createAdapter(publisher, subscriber));
  httpServer.once('close', () => {
    void publisher.quit().catch(() => undefined);
    void subscriber.quit().catch(() => undefined);
  });
}

/** Who is in the case room and what they are editing, one entry per person. */
async function broadcastPresence(io: Io, caseId: string): Promise<void> {
  const sockets = await io.in(rooms.case(caseId)).fetchSockets();
  const present = new Map<string, PresenceEntry>();
  for (const socket of sockets) {
    const field = socket.data.editing?.[caseId] ?? null;
    const known = present.get(socket.data.userId);
    if (!known || (!known.field && field)) present.set(socket.data.userId, { userId: socket.data.userId, name: socket.data.name, field });
  }
  io.to(rooms.case(caseId)).emit('presence.updated', { caseId, present: [...present.values()] });
}

export type { GatewaySocket };
