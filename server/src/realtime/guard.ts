/**
 * The check every socket event passes: the session is still valid (asked of the database at
 * most every two seconds; logout and disabling cut sockets off at once through domain events)
 * and the user reviews. Refusals of the domain reach the client as they are; anything else is
 * logged and answered as an internal error.
 */
import { parse as parseCookies } from 'cookie';
import type { Logger } from 'pino';
import { hasRole, type Ack } from '@refute/shared';
import { SESSION_COOKIE, userForSession } from '../features/auth/sessions';
import { AppError } from '../http/errors';
import type { GatewaySocket } from './types';

/** Wraps a handler with the per-event session and role check. */
export type Guard = <P, R extends object = object>(
  handler: (payload: P, ack: Ack<R>) => Promise<void> | void,
) => (payload: P, ack?: Ack<R>) => Promise<void>;

const SESSION_RECHECK_MS = 2_000;
const REVIEW_ROLES = ['reviewer', 'lead', 'admin'] as const;

export function guardFor(socket: GatewaySocket, log: Logger): Guard {
  let sessionCheckedAt = Date.now();
  const sessionValid = async () => {
    if (Date.now() - sessionCheckedAt < SESSION_RECHECK_MS) return true;
    const token = parseCookies(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    const valid = Boolean(token && (await userForSession(token)));
    if (valid) sessionCheckedAt = Date.now();
    return valid;
  };
  const mayReview = () => hasRole(socket.data.roles as never, ...REVIEW_ROLES);

  return <P, R extends object = object>(handler: (payload: P, ack: Ack<R>) => Promise<void> | void) =>
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
        if (error instanceof AppError && error.status < 500) return reply({ ok: false, code: error.code, message: error.message });
        log.error({ err: error }, 'socket event failed');
        reply({ ok: false, code: 'internal', message: 'The event could not be handled' });
      }
    };
}
