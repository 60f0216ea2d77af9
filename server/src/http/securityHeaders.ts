import type { RequestHandler } from 'express';
import helmet from 'helmet';

const CSP_DIRECTIVES = { 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null };

/** helmet's headers for every response: among them, no site may frame ours. */
export const securityHeaders = (): RequestHandler => helmet({ contentSecurityPolicy: { directives: CSP_DIRECTIVES } });

const frameableCsp = helmet.contentSecurityPolicy({ directives: { ...CSP_DIRECTIVES, 'frame-ancestors': ['*'] } });

/**
 * For the one page meant to be framed by other sites (the embed card): any ancestor may frame it,
 * and it may be loaded across origins. Runs after `securityHeaders`, whose headers it replaces.
 */
export const allowFramingByAnySite: RequestHandler = (req, res, next) => {
  res.removeHeader('X-Frame-Options');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  frameableCsp(req, res, next);
};

/** For resources other sites may load (share images hot-linked by chat apps and aggregators). */
export const allowCrossOriginLoads: RequestHandler = (_req, res, next) => {
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  next();
};
