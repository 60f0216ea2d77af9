import { Router, type Request } from 'express';
import { loginSchema, passwordSetSchema } from '@refute/shared';
import { asyncHandler, requireUser, sameOriginOnly, sessionToken } from '../../http/auth';
import { AppError, unauthorized } from '../../http/errors';
import { parseInput } from '../../http/validate';
import { recordAudit } from '../audit/service';
import { UserModel, type UserRecord } from '../users/model';
import type { LoginLimiter } from './loginLimiter';
import { setPasswordWithLink } from './passwordLinks';
import { UNKNOWN_USER_HASH, verifyPassword } from './passwords';
import { SESSION_COOKIE, createSession, presentSessionUser, revokeSession } from './sessions';

export interface AuthRouteOptions {
  secureCookies: boolean;
  loginLimiter: LoginLimiter;
  /** The app's own origins: logging in is accepted only from its pages. */
  allowedOrigins: (req: Request) => string[];
}

const tooManyAttempts = (retryAfterSeconds: number) =>
  new AppError(429, 'too_many_attempts', 'Too many failed logins; try again later', { retryAfterSeconds });

export function authRoutes(options: AuthRouteOptions): Router {
  const router = Router();
  const limiter = options.loginLimiter;

  router.post(
    '/login',
    sameOriginOnly(options.allowedOrigins),
    asyncHandler(async (req, res) => {
      const { email, password } = parseInput(loginSchema, req.body);
      const address = req.ip ?? 'unknown';
      const refuse = (wait: number) => {
        res.set('Retry-After', String(wait));
        return tooManyAttempts(wait);
      };
      // Counted before the password is checked: guesses sent at once are all counted.
      const wait = await limiter.attempt(email, address);
      if (wait > 0) throw refuse(wait);
      const user = await UserModel.findOne({ email: email.toLowerCase() }).lean<UserRecord>();
      const valid = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
      if (!user || !valid || user.disabled) throw unauthorized('Wrong email or password');
      await limiter.succeeded(email, address);
      const session = await createSession(user._id);
      await recordAudit({
        action: 'auth.login',
        actor: { kind: 'user', id: user._id, orgId: user.orgId },
        subject: { kind: 'user', id: user._id },
        data: { address },
      });
      res.cookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
        path: '/',
        expires: session.expiresAt,
      });
      res.json({ user: presentSessionUser(user) });
    }),
  );

  // An invited person sets their password with the token of their one-time link.
  router.post(
    '/password',
    sameOriginOnly(options.allowedOrigins),
    asyncHandler(async (req, res) => {
      const { token, password } = parseInput(passwordSetSchema, req.body);
      await setPasswordWithLink(token, password);
      res.status(204).end();
    }),
  );

  router.get('/me', requireUser(), (req, res) => {
    res.json({ user: req.user });
  });

  router.post(
    '/logout',
    asyncHandler(async (req, res) => {
      const token = sessionToken(req);
      if (token) await revokeSession(token);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.status(204).end();
    }),
  );

  return router;
}
