import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '@refute/shared';

/** The gateway's server and sockets, typed with the shared event maps (whatever extra data a socket carries). */
export type TypedServer<D extends SocketData = SocketData> = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, D>;
export type TypedSocket<D extends SocketData = SocketData> = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, D>;

/** What the gateway keeps on each socket: the shared socket data and its session, to cut it off on logout. */
export type GatewaySocketData = SocketData & { sessionHash: string };
export type GatewayServer = TypedServer<GatewaySocketData>;
export type GatewaySocket = TypedSocket<GatewaySocketData>;
