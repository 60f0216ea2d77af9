import { Router } from 'express';
import { loginSchema } from '@refute/shared';
import { asyncHandler, requireUser, sessionToken } from '../../http/auth';
import { unauthorized } from '../../http/errors';
import { parseInput } from '../../http/validate';
import { recordAudit } from '../audit/service';
import { UserModel, type UserRecord } from '../users/model';
import { loginLimiter } from './loginLimiter';
import { UNKNOWN_USER_HASH, verifyPassword } from './passwords';
import { SESSION_COOKIE, createSession, presentSessionUser, revokeSession } from './sessions';

export function authRoutes(options: { secureCookies: boolean }): Router {
  const router = Router();

  router.post(
    '/login',
    loginLimiter(),
    asyncHandler(async (req, res) => {
      const { email, password } = parseInput(loginSchema, req.body);
      const user = await UserModel.findOne({ email: email.toLowerCase() }).lean<UserRecord>();
      const valid = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
      if (!user || !valid || user.disabled) throw unauthorized('Wrong email or password');
      const session = await createSession(user._id);
      await recordAudit({ action: 'auth.login', actor: { kind: 'user', id: user._id, orgId: user.orgId }, subject: { kind: 'user', id: user._id } });
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
