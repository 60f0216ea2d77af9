/**
 * The socket.io gateway: authenticates the session cookie and the Origin at the handshake
 * (`handshake.ts`), checks the user's right on every event (`guard.ts`), keeps presence
 * (`presence.ts`), co-editing (`coediting.ts`) and the personal rooms (`notifications.ts`), and
 * relays domain events to the rooms watching them (`relays.ts`).
 */
import type { Server as HttpServer } from 'node:http';
import type * as RedisAdapter from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { rooms } from '@refute/shared';
import type { TrustProxy } from '../http/proxyTrust';
import { createRedisClient } from '../redis';
import { registerCoediting } from './coediting';
import { guardFor } from './guard';
import { authenticateHandshake } from './handshake';
import { joinUserRoom } from './notifications';
import { registerPresence } from './presence';
import { relayDomainEvents } from './relays';
import type { GatewayServer, GatewaySocket } from './types';
import { loadAtFirstUse } from '../loadAtFirstUse';

export interface GatewayOptions {
  log: Logger;
  /** With a Redis URL, several server processes share rooms and events. */
  redisUrl?: string | undefined;
  /** Origins allowed to open a socket; by default the one the handshake's Host names. */
  publicUrl?: string | undefined;
  /** Which proxies' X-Forwarded-* headers to believe, as for HTTP requests. */
  trustProxy: TrustProxy;
}

export async function attachRealtime(httpServer: HttpServer, options: GatewayOptions): Promise<GatewayServer> {
  const io: GatewayServer = new Server(httpServer, {
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
  io.use(authenticateHandshake(options));

  io.on('connection', (socket) => {
    void joinUserRoom(socket).catch((error: unknown) => options.log.error({ err: error }, 'joining the personal room failed'));
    // A platform's moderators hear of their own platform's reports, and of nobody else's.
    if (socket.data.roles.includes('moderator')) void socket.join(rooms.platform(socket.data.orgId));
    const guarded = guardFor(socket, options.log);
    socket.on('queue.watch', (ack) => void guarded<undefined>(async (_payload, reply) => {
      await socket.join(rooms.queue);
      reply({ ok: true });
    })(undefined, ack));
    registerPresence(io, socket, guarded, options.log);
    registerCoediting(socket, guarded);
  });

  relayDomainEvents(io, httpServer, options.log);
  return io;
}

async function useRedisAdapter(io: GatewayServer, url: string, httpServer: HttpServer, log: Logger): Promise<void> {
  const publisher = createRedisClient({ url });
  const subscriber = publisher.duplicate();
  // node-redis reconnects by itself; an unheard error event would end the process.
  for (const client of [publisher, subscriber]) client.on('error', (error: Error) => log.warn({ err: error }, 'Redis adapter connection error'));
  await Promise.all([publisher.connect(), subscriber.connect()]);
  // Loaded here, with Redis itself (see ../redis.ts).
  const { createAdapter } = loadAtFirstUse<typeof RedisAdapter>('@socket.io/redis-adapter');
  io.adapter(createAdapter(publisher, subscriber));
  httpServer.once('close', () => {
    void publisher.quit().catch(() => undefined);
    void subscriber.quit().catch(() => undefined);
  });
}

export type { GatewaySocket };
