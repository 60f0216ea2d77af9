import type { Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

export const LOGIN_FAILURES_ALLOWED = 10;
const WINDOW_MS = 15 * 60_000;

/**
 * Slows password guessing: after ten failed logins for one account from one address in a
 * quarter of an hour, that pair gets 429 until the window passes. Counts are per process; with
 * several processes behind a balancer each keeps its own.
 */
export function loginLimiter() {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: LOGIN_FAILURES_ALLOWED,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: Request) => {
      const email = typeof req.body?.email === 'string' ? req.body.email.toLowerCase().slice(0, 254) : '';
      return `${ipKeyGenerator(req.ip ?? '')}|${email}`;
    },
    handler: (_req, res) => {
      res.status(429).json({ error: { code: 'too_many_attempts', message: 'Too many failed logins; try again later' } });
    },
  });
}
