import fs from 'node:fs';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { authRoutes } from './features/auth/routes';
import { caseRoutes } from './features/cases/routes';
import { claimRoutes } from './features/claims/routes';
import { commentRoutes } from './features/comments/routes';
import { notifyAssignments } from './features/notifications/assignments';
import { notificationRoutes } from './features/notifications/routes';
import { hotspotRoutes } from './features/hotspots/routes';
import { userRoutes } from './features/users/routes';
import { webhookRoutes } from './features/webhooks/routes';
import { matchRoutes } from './features/matching/routes';
import { platformConsoleRoutes } from './features/platformConsole/routes';
import { feedRoutes, publicPageRoutes } from './features/publications/routes';
import { memoryLoginLimiter, type LoginLimiter } from './features/auth/loginLimiter';
import { sameOriginForCookies } from './http/auth';
import { compileTrustProxy, requestOrigin, warnOnceAboutUntrustedForwarding, type TrustProxy } from './http/proxyTrust';
import { errorHandler, notFoundHandler } from './http/errorHandler';
import { requireJsonBody } from './http/requireJson';
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
  /** Serve the built web client from this folder when it exists. */
  clientDir?: string;
}

export function createApp(options: AppOptions): Express {
  const app = express();
  const trustProxy = options.trustProxy ?? compileTrustProxy(false);
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.use(warnOnceAboutUntrustedForwarding(options.log, trustProxy));
  app.locals.publicUrl = options.publicUrl;

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null },
      },
    }),
  );
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
  api.use('/users', userRoutes());
  api.use('/notifications', notificationRoutes());
  notifyAssignments(options.log);
  api.use('/hotspots', hotspotRoutes());
  api.use('/match', matchRoutes());
  api.use('/webhooks', webhookRoutes());
  api.use('/platform', platformConsoleRoutes());
  api.use(feedRoutes());
  api.use(notFoundHandler);
  app.use('/api/v1', api);
  app.use('/api', notFoundHandler);
  app.use(publicPageRoutes());

  const clientDir = options.clientDir ?? CLIENT_DIST_DIR;
  const indexHtml = path.join(clientDir, 'index.html');
  if (fs.existsSync(indexHtml)) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // The client routes in the browser: every other GET gets the app shell.
    app.get(/^\/(?!api\/|r\/).*/, (_req, res) => res.sendFile(indexHtml));
  }

  app.use(notFoundHandler);
  app.use(errorHandler(options.log));
  return app;
}
