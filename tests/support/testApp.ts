import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import http, { type RequestListener, type Server } from 'node:http';
import mongoose from 'mongoose';
import { createApp, publicFastRoutes } from '../../server/src/app';
import { withFastPaths } from '../../server/src/http/fastPath';
import { ensureIndexes } from '../../server/src/db/indexes';
import { useConnectedEngine } from '../../server/src/engine';
import { createLogger } from '../../server/src/logger';
import { startMatchIndex } from '../../server/src/features/matching/liveIndex';
import { loadStoredSettings, startSettingsRefresh, useEnvironmentSettings } from '../../server/src/features/settings/service';
import { startAuditBackfill } from '../../server/src/features/audit/backfill';
import { scheduler } from '../../server/src/jobs/scheduler';
import { startPublishedBucketsBackfill, startRegionBackfill } from '../../server/src/features/publications/repository';
import { matchSettings } from '../../server/src/features/matching/settings';
import { backgroundWeights } from '../../server/src/features/matching/weights';
import { topicClassifier } from '../../server/src/features/triage/topicClassifier';
import { attachRealtime } from '../../server/src/realtime/gateway';
import { createLoginLimiter } from '../../server/src/features/auth/loginLimiter';
import { createSearchLimiter } from '../../server/src/features/publicSite/searchLimiter';
import { createApiKeyLimiter } from '../../server/src/features/apiKeys/rateLimits';
import { compileTrustProxy, type TrustProxySetting } from '../../server/src/http/proxyTrust';
import type { WebhookSettings } from '../../server/src/features/webhooks/settings';
import { startWebhooks, type Webhooks } from '../../server/src/features/webhooks/start';
import { startImports } from '../../server/src/features/imports/worker';
import { startPublicationsAcrossProcesses } from '../../server/src/features/publications/publicationsAcrossProcesses';
import { startPoolAcrossProcesses } from '../../server/src/features/experts/poolAcrossProcesses';
import { startHotspotMonitor, type HotspotMonitorOptions } from '../../server/src/features/hotspots/monitor';
import { startEscalations, type Escalations } from '../../server/src/features/escalation/start';
import { SettingModel } from '../../server/src/features/settings/model';
import { TOPICS } from '@refute/shared';
import { startRouting, type RoutingOptions } from '../../server/src/features/routing/start';
import { startInsightRollups } from '../../server/src/features/insights/live';
import { closePdfBrowser } from '../../server/src/features/insights/report/pdf';

export interface TestApp {
  baseUrl: string;
  /** The database of this test file, for a second server process. */
  mongodbUri: string;
  /** This app's webhook worker (tests stop it to play a restart). */
  webhooks: Webhooks;
  /** This app's escalation scheduler; tests drive its runner in virtual time (`runDue(now)`). */
  escalations: Escalations;
  /** The express app alone, without the fast paths in front of it (tests compare the two). */
  expressApp: RequestListener;
  close(): Promise<void>;
}

/**
 * Boots the real app on a free port against the real engine, in a database made for this
 * test file and dropped after it.
 */
export async function startTestApp(
  options: {
    clientDir?: string;
    redisUrl?: string;
    trustProxy?: TrustProxySetting;
    webhooks?: Partial<WebhookSettings>;
    /** Hotspot detection runs only when asked for: a test posting a handful of reports in one topic would notify its leads. */
    hotspots?: HotspotMonitorOptions;
    /** Imports run unless a test works through them itself (to play a restart). */
    imports?: boolean;
    /**
     * The built-in review checklists (every topic has one) apply only when asked for: the
     * checklist has its own suites, and the others submit drafts without ticking one, as if an
     * admin had emptied the checklists.
     */
    checklists?: 'default';
    /** Routing runs as at server start; a test may sweep for changed cases more often. */
    routing?: RoutingOptions;
  } = {},
): Promise<TestApp> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: the jest global setup starts the engine');
  const dbName = `refute_test_${randomBytes(6).toString('hex')}`;
  mongoose.set('strictQuery', true);
  mongoose.set('autoIndex', false);
  await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 10_000 });
  // As a server that started its engine: the engine's PostgreSQL is known.
  const postgresUrl = process.env.REFUTE_TEST_POSTGRES_URL;
  const storage = postgresUrl ? { postgresUrl } : undefined;
  await useConnectedEngine(storage);
  await ensureIndexes(storage);
  // As at server start: the defaults, then what admins stored (a fresh database stores nothing).
  useEnvironmentSettings({ matching: {} });
  if (options.checklists !== 'default') {
    await SettingModel.create({ _id: 'checklists', value: Object.fromEntries(TOPICS.map((topic) => [topic, []])), updatedAt: new Date(), updatedBy: null });
  }
  await loadStoredSettings();
  startSettingsRefresh(scheduler);
  // Trained once per process, as at server start, so the first request is not the slow one.
  topicClassifier();
  backgroundWeights(matchSettings().segmentation);
  // As at server start: older documents get their new fields in the background.
  startAuditBackfill();
  startPublishedBucketsBackfill();
  startRegionBackfill();
  await startMatchIndex();
  const stopPublicationsAcrossProcesses = startPublicationsAcrossProcesses();
  const stopPoolAcrossProcesses = startPoolAcrossProcesses();
  const log = createLogger(process.env.REFUTE_LOG_LEVEL ?? 'silent');
  const trustProxy = compileTrustProxy(options.trustProxy ?? false);
  const loginLimiter = await createLoginLimiter({ redisUrl: options.redisUrl });
  const searchLimiter = await createSearchLimiter({ redisUrl: options.redisUrl });
  const apiKeyLimiter = await createApiKeyLimiter({ redisUrl: options.redisUrl });
  const app = createApp({ log, trustProxy, loginLimiter, searchLimiter, apiKeyLimiter, ...(options.clientDir ? { clientDir: options.clientDir } : {}) });
  // As main.ts serves it: repeated feed and page requests are answered before express.
  const server: Server = http.createServer(withFastPaths(app, publicFastRoutes(undefined)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const io = await attachRealtime(server, { log, redisUrl: options.redisUrl, trustProxy });
  const { port } = server.address() as AddressInfo;
  const webhooks = startWebhooks({ scheduler, settings: { publicUrl: `http://127.0.0.1:${port}`, ...options.webhooks } });
  // Imports run unless a test works through them itself (to play a restart).
  if (options.imports !== false) startImports(scheduler);
  if (options.hotspots) startHotspotMonitor(scheduler, options.hotspots);
  const escalations = startEscalations(scheduler, log);
  const stopRouting = startRouting(scheduler, log, options.routing);
  const rollups = startInsightRollups(scheduler, { flushMs: 200 });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    expressApp: app,
    webhooks,
    escalations,
    mongodbUri: `${uri.replace(/\/$/, '')}/${dbName}`,
    async close() {
      await webhooks.stop();
      stopPublicationsAcrossProcesses();
      stopPoolAcrossProcesses();
      escalations.stop();
      stopRouting();
      server.closeAllConnections();
      // Closing socket.io also closes the HTTP server.
      await new Promise((resolve) => void io.close(resolve));
      await loginLimiter.close();
      await searchLimiter.close();
      await apiKeyLimiter.close();
      await closePdfBrowser();
      // Background work of this app stops with it (a migration round after the database is gone would fail).
      scheduler.stop();
      // A round under way finishes (and what is queued is written) before the database goes.
      await rollups.close().catch(() => undefined);
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await mongoose.disconnect();
    },
  };
}
