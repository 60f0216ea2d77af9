/**
 * The discussion side of the gateway: every authenticated socket joins its user's personal
 * room, notifications go to that room, new comments to the case room, and a disabled user's
 * sockets are disconnected. Rooms are emitted to through the adapter, so with Redis this
 * reaches sockets on every server process.
 */
import type { Server as HttpServer } from 'node:http';
import { rooms, type CommentView, type NotificationView, type SocketData } from '@refute/shared';
import type { Logger } from 'pino';
import { UserModel } from '../features/users/model';
import { domainEvents } from './domainEvents';
import type { TypedServer, TypedSocket } from './types';

export const userRoom = (userId: string) => `user:${userId}`;

/**
 * Joins the socket's personal room. The handshake already refused disabled users; the account
 * is checked once more after joining so that a disable landing between the handshake and the
 * join cannot leave a socket behind.
 */
export async function joinUserRoom<D extends SocketData>(socket: TypedSocket<D>): Promise<void> {
  await socket.join(userRoom(socket.data.userId));
  const user = await UserModel.findById(socket.data.userId, { disabled: 1 }).lean();
  if (!user || user.disabled) socket.disconnect(true);
}

/** Relays the discussion's domain events to the sockets; stops when the HTTP server closes. */
export function relayDiscussion<D extends SocketData>(io: TypedServer<D>, httpServer: HttpServer, log: Logger): void {
  const onComment = (comment: CommentView) => {
    io.to(rooms.case(comment.caseId)).emit('comment.created', comment);
  };
  const onNotification = (recipientId: string, notification: NotificationView) => {
    io.to(userRoom(recipientId)).emit('notification.created', notification);
  };
  const onUserDisabled = (userId: string) => {
    try {
      io.in(userRoom(userId)).disconnectSockets(true);
    } catch (error) {
      log.error({ err: error, userId }, 'disconnecting a disabled user failed');
    }
  };
  domainEvents.on('comment.created', onComment);
  domainEvents.on('notification.created', onNotification);
  domainEvents.on('user.disabled', onUserDisabled);
  httpServer.once('close', () => {
    domainEvents.off('comment.created', onComment);
    domainEvents.off('notification.created', onNotification);
    domainEvents.off('user.disabled', onUserDisabled);
  });
}
