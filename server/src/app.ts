import { organisationRoutes } from './features/organisations/routes';
import fs from 'node:fs';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { adminRoutes } from './features/admin/routes';
import { authRoutes } from './features/auth/routes';
import { caseRoutes } from './features/cases/routes';
import { expertRoutes } from './features/experts/routes';
import { caseRoutingRoutes, offerRoutes, pageRoutes } from './features/routing/routes';
import { claimRoutes } from './features/claims/routes';
import { commentRoutes } from './features/comments/routes';
import { notifyAssignments } from './features/notifications/assignments';
import { notificationRoutes } from './features/notifications/routes';
import { regionRoutes } from './features/regions/routes';
import { hotspotRoutes } from './features/hotspots/routes';
import { DEFAULT_CHROMIUM_PATH } from './features/insights/report/pdf';
import { insightRoutes } from './features/insights/routes';
import { userRoutes } from './features/users/routes';
import { webhookRoutes } from './features/webhooks/routes';
import { matchRoutes } from './features/matching/routes';
import { platformConsoleRoutes } from './features/platformConsole/routes';
import { feedRoutes } from './features/publications/routes';
import { publicSiteRoutes } from './features/publicSite/routes';
import type { SearchLimiter } from './features/publicSite/searchLimiter';
import { feedApiRoutes, feedDocumentRoutes } from './features/feeds/routes';
import { feedFastRoute } from './features/feeds/fastPath';
import { publicationPageFastRoute } from './features/publicSite/keptPages';
import type { FastRoute } from './http/fastPath';
import { memoryLoginLimiter, type LoginLimiter } from './features/auth/loginLimiter';
import { apiKeyRoutes } from './features/apiKeys/routes';
import { openApiRoutes } from './features/openapi/routes';
import { importRoutes } from './features/imports/routes';
import { memoryApiKeyLimiter, type ApiKeyLimiter } from './features/apiKeys/rateLimits';
import { sameOriginForCookies } from './http/auth';
import { compileTrustProxy, requestOrigin, warnOnceAboutUntrustedForwarding, type TrustProxy } from './http/proxyTrust';
import { errorHandler, notFoundHandler } from './http/errorHandler';
import { requireJsonBody } from './http/requireJson';
import { securityHeaders } from './http/securityHeaders';
import { CLIENT_DIST_DIR } from './paths';

export const JSON_BODY_LIMIT = '256kb';

export interface AppOptions {
  log: Logger;
  publicUrl?: string | undefined;
  secureCookies?: boolean;
  /** Which proxies' X-Forwarded-* headers to believe (REFUTE_TRUST_PROXY); by default none. */
  trustProxy?: TrustProxy;
  /** By default failed logins are counted in this process. */
  loginLimiter?: LoginLimiter;
  /** By default public searches are counted in this process. */
  searchLimiter?: SearchLimiter;
  /** By default API keys' requests are counted in this process. */
  apiKeyLimiter?: ApiKeyLimiter;
  /** Serve the built web client from this folder when it exists. */
  clientDir?: string;
  /** Chromium, for PDFs (REFUTE_CHROMIUM; by default Debian's). */
  chromiumPath?: string;
}

/**
 * The requests answered before express when the app answered the same one moments ago (feeds,
 * publication pages): the server wraps the app in `withFastPaths(app, publicFastRoutes(…))`.
 */
export const publicFastRoutes = (publicUrl: string | undefined): FastRoute[] => [feedFastRoute(publicUrl), publicationPageFastRoute(publicUrl)];

export function createApp(options: AppOptions): Express {
  const app = express();
  const trustProxy = options.trustProxy ?? compileTrustProxy(false);
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.use(warnOnceAboutUntrustedForwarding(options.log, trustProxy));
  app.locals.publicUrl = options.publicUrl;
  app.locals.apiKeyLimiter = options.apiKeyLimiter ?? memoryApiKeyLimiter();

  app.use(securityHeaders());
  app.use(cookieParser());

  const api = express.Router();
  api.use(requireJsonBody);
  api.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));
  const allowedOrigins = (req: express.Request) => [options.publicUrl ?? requestOrigin(req, trustProxy)];
  api.use(sameOriginForCookies(allowedOrigins));
  api.use('/auth', authRoutes({ secureCookies: options.secureCookies ?? false, loginLimiter: options.loginLimiter ?? memoryLoginLimiter(), allowedOrigins }));
  api.use('/claims', claimRoutes());
  api.use('/cases', caseRoutes());
  api.use('/cases', commentRoutes());
  api.use('/cases', caseRoutingRoutes());
  api.use('/experts', expertRoutes());
  api.use('/offers', offerRoutes());
  api.use('/pages', pageRoutes());
  api.use('/users', userRoutes());
  api.use('/admin', adminRoutes());
  api.use('/regions', regionRoutes());
  api.use('/organisations', organisationRoutes());
  api.use('/notifications', notificationRoutes());
  notifyAssignments(options.log);
  api.use('/hotspots', hotspotRoutes());
  api.use('/insights', insightRoutes({ chromiumPath: options.chromiumPath ?? DEFAULT_CHROMIUM_PATH }));
  api.use('/match', matchRoutes());
  api.use('/webhooks', webhookRoutes());
  api.use('/api-keys', apiKeyRoutes());
  api.use('/platform', platformConsoleRoutes());
  api.use(feedApiRoutes());
  api.use(feedRoutes());
  api.use(notFoundHandler);
  // Uploads are files, not JSON: their router comes before the JSON-only API router.
  app.use('/api/v1/platform/imports', sameOriginForCookies(allowedOrigins), importRoutes());
  app.use('/api/v1', api);
  app.use('/api', openApiRoutes());
  app.use('/api', notFoundHandler);
  // The public site is routed before the web client, whose shell answers every other GET.
  app.use(publicSiteRoutes({ secureCookies: options.secureCookies ?? false, ...(options.searchLimiter ? { searchLimiter: options.searchLimiter } : {}) }));
  app.use(feedDocumentRoutes());

  const clientDir = options.clientDir ?? CLIENT_DIST_DIR;
  const indexHtml = path.join(clientDir, 'index.html');
  if (fs.existsSync(indexHtml)) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // The client routes in the browser: every other GET gets the app shell.
    app.get(/^\/(?!api\/|r\/|embed\/).*/, (_req, res) => res.sendFile(indexHtml));
  }

  app.use(notFoundHandler);
  app.use(errorHandler(options.log));
  return app;
}
