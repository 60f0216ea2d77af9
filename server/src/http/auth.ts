import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ApiKeyScope, Role, SessionUser } from '@refute/shared';
import { hasRole } from '@refute/shared';
import { authenticateApiKey, type AuthenticatedKey } from '../features/apiKeys/keys';
import type { ApiKeyLimiter } from '../features/apiKeys/rateLimits';
import { SESSION_COOKIE, userForSession } from '../features/auth/sessions';
import { AppError, forbidden, unauthorized } from './errors';

declare module 'express-serve-static-core' {
  interface Request {
    user?: SessionUser;
    apiKey?: AuthenticatedKey;
  }
}

type AsyncHandler = (req: Request, res: Response, next: NextFunction) => Promise<void>;

/** Express 5 forwards rejected promises to the error handler; this keeps handler types tidy. */
export const asyncHandler =
  (handler: AsyncHandler): RequestHandler =>
  (req, res, next) =>
    handler(req, res, next).catch(next);

export function sessionToken(req: Request): string | undefined {
  const token = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof token === 'string' ? token : undefined;
}

/** Requires a logged-in user with one of the given roles (any role when none are given). */
export function requireUser(...roles: Role[]): RequestHandler {
  return asyncHandler(async (req, _res, next) => {
    const token = sessionToken(req);
    const user = token ? await userForSession(token) : null;
    if (!user) throw unauthorized();
    if (roles.length > 0 && !hasRole(user.roles, ...roles)) {
      throw forbidden('forbidden', `This needs one of the roles: ${roles.join(', ')}`);
    }
    req.user = user;
    next();
  });
}

/** The app's per-key limiter (`createApp` sets it), read per request so routers need no wiring. */
const apiKeyLimiterOf = (req: Request) => (req.app.locals as { apiKeyLimiter: ApiKeyLimiter }).apiKeyLimiter;

/**
 * Requires `Authorization: Bearer <api key>` with the given scope. Every request of a valid key
 * counts against its per-minute limit, told in `RateLimit-*` headers; over it the answer is 429
 * with `Retry-After`.
 */
export function requireApiKey(scope: ApiKeyScope): RequestHandler {
  return asyncHandler(async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError(401, 'unauthenticated', 'An API key is required: Authorization: Bearer <key>');
    const key = await authenticateApiKey(match[1]!);
    if (!key) throw new AppError(401, 'invalid_api_key', 'The API key is not valid');
    const allowance = await apiKeyLimiterOf(req).consume(String(key.id), key.perMinute);
    res.set({ 'RateLimit-Limit': String(allowance.limit), 'RateLimit-Remaining': String(allowance.remaining), 'RateLimit-Reset': String(allowance.resetSeconds) });
    if (!allowance.allowed) {
      res.set('Retry-After', String(allowance.resetSeconds));
      throw new AppError(429, 'rate_limited', `This API key may make ${allowance.limit} requests a minute; retry in ${allowance.resetSeconds} s`);
    }
    if (!key.scopes.includes(scope)) throw forbidden('insufficient_scope', `The API key lacks the scope ${scope}`);
    req.apiKey = key;
    next();
  });
}

/**
 * For a public route that a platform may also call as itself: a request without an
 * Authorization header passes as anyone; one that presents a key is checked like
 * `requireApiKey(scope)` (valid, within its limit, holding the scope) and served as that key.
 */
export function apiKeyIfPresented(scope: ApiKeyScope): RequestHandler {
  const keyed = requireApiKey(scope);
  return (req, res, next) => {
    if (req.get('authorization') === undefined) next();
    else keyed(req, res, next);
  };
}

/**
 * Does the request come from one of these origins? Browsers send Origin with every POST and
 * Sec-Fetch-Site with every request; a request with neither is not from a browser page (a
 * script or curl) and cannot carry out a cross-site attack.
 */
function fromAllowedOrigin(req: Request, allowedOrigins: string[]): boolean {
  const origin = req.get('origin');
  if (origin) return allowedOrigins.includes(origin);
  const fetchSite = req.get('sec-fetch-site');
  return fetchSite ? ['same-origin', 'none'].includes(fetchSite) : true;
}

const crossOrigin = () => forbidden('cross_origin', 'Cross-origin requests with the session cookie are refused');

/**
 * Refuses state-changing requests that carry the session cookie but come from another site:
 * the cookie is SameSite=Lax, and this checks Origin / Sec-Fetch-Site as well.
 */
export function sameOriginForCookies(allowedOrigins: (req: Request) => string[]): RequestHandler {
  return (req, _res, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || !sessionToken(req)) {
      next();
      return;
    }
    next(fromAllowedOrigin(req, allowedOrigins(req)) ? undefined : crossOrigin());
  };
}

/** For requests that set the session cookie (login): only from the app's own pages, cookie or not. */
export function sameOriginOnly(allowedOrigins: (req: Request) => string[]): RequestHandler {
  return (req, _res, next) => {
    next(fromAllowedOrigin(req, allowedOrigins(req)) ? undefined : forbidden('cross_origin', 'Logging in is accepted only from the app itself'));
  };
}
