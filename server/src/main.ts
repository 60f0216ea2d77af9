/** Starts Refute: configuration, database (or the local engine), demo data, HTTP server. */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp, publicFastRoutes } from './app';
import { withFastPaths } from './http/fastPath';
import { applyBootstrap } from './bootstrap';
import { parseConfig, type Config } from './config';
import { connectDatabase, type Database } from './db/connect';
import { ensureIndexes } from './db/indexes';
import { startAuditBackfill } from './features/audit/backfill';
import { prepareFeed, startPublishedBucketsBackfill, startRegionBackfill } from './features/publications/repository';
import { createLoginLimiter } from './features/auth/loginLimiter';
import { createSearchLimiter } from './features/publicSite/searchLimiter';
import { createApiKeyLimiter } from './features/apiKeys/rateLimits';
import { completeMerges } from './features/cases/mergeSplit';
import { backfillQueueActive } from './features/cases/queueBackfill';
import { grantFeedReadToEarlierKeys } from './features/apiKeys/feedScopeGrant';
import { backfillContributors } from './features/reviews/contributors';
import { compileTrustProxy } from './http/proxyTrust';
import { scheduler } from './jobs/scheduler';
import { engine, useConnectedEngine } from './engine';
import { seedDemoIfEmpty } from './demo/seed';
import { startMatchIndex, stopMatchIndex } from './features/matching/liveIndex';
import { loadSeparations } from './features/matching/separations';
import { startRetokenizing } from './features/claims/retokenize';
import { matchSettings } from './features/matching/settings';
import { loadStoredSettings, startSettingsRefresh, useEnvironmentSettings } from './features/settings/service';
import { backgroundWeights } from './features/matching/weights';
import { bilingualGlossary } from './features/matching/crossLingual';
import { topicClassifier } from './features/triage/topicClassifier';
import { createLogger, useBackgroundLogger } from './logger';
import { attachRealtime } from './realtime/gateway';
import { startWebhooks, type Webhooks } from './features/webhooks/start';
import { startImports } from './features/imports/worker';
import { startPublicationsAcrossProcesses } from './features/publications/publicationsAcrossProcesses';
import { startPoolAcrossProcesses } from './features/experts/poolAcrossProcesses';
import { startHotspotMonitor } from './features/hotspots/monitor';
import { startEscalations } from './features/escalation/start';
import { startRouting } from './features/routing/start';
import { upgradeRollupLayout } from './features/insights/layoutUpgrade';
import { startInsightRollups, type InsightRollups } from './features/insights/live';
import { startRollupCompaction } from './features/insights/compaction';
import { closePdfBrowser } from './features/insights/report/pdf';

const say = (line: string) => process.stdout.write(`${line}\n`);
/** Set by a stop signal; a start interrupted by it is not an error. */
let stopping = false;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const log = createLogger(config.logLevel);
  useBackgroundLogger(log);
  useEnvironmentSettings({ laneHours: config.laneHours, matching: config.matching });
  // Train the topic classifier, and read the feature weights and the bilingual glossary, now
  // rather than on the first report or lookup.
  topicClassifier();
  backgroundWeights(matchSettings().segmentation);
  bilingualGlossary(matchSettings().segmentation);
  if (config.production && !config.publicUrl) {
    log.warn('REFUTE_PUBLIC_URL is not set: absolute links will follow the Host header of each request');
  }
  // Registered before the engine starts: a stop during a long start (loading the matching
  // index) must stop the engine too, or it would be left running.
  let database: Database | undefined;
  let server: http.Server | undefined;
  let loginLimiter: Awaited<ReturnType<typeof createLoginLimiter>> | undefined;
  let searchLimiter: Awaited<ReturnType<typeof createSearchLimiter>> | undefined;
  let apiKeyLimiter: Awaited<ReturnType<typeof createApiKeyLimiter>> | undefined;
  let webhooks: Webhooks | undefined;
  let rollups: InsightRollups | undefined;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server?.close();
    server?.closeAllConnections();
    await webhooks?.stop();
    // Counters of the last reports taken in: no other process writes them.
    await engine().counters.flush().catch((error: unknown) => log.error({ err: error }, 'case counters not written at shutdown'));
    // What was counted since the last flush is written before the database closes.
    await rollups?.close().catch((error: unknown) => log.error({ err: error }, 'insight rollups not written at shutdown'));
    scheduler.stop();
    stopMatchIndex();
    await closePdfBrowser();
    await loginLimiter?.close();
    await searchLimiter?.close();
    await apiKeyLimiter?.close();
    await database?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // Each step of the start is timed: a slow start says where its time went.
  const steps: string[] = [];
  const startedAt = Date.now();
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const began = Date.now();
    const result = await work();
    steps.push(`${name} ${((Date.now() - began) / 1000).toFixed(1)} s`);
    return result;
  };

  database = await step('database', () => connectDatabase({
    mongodbUri: config.mongodbUri,
    dataDir: config.dataDir,
    log: say,
    onEngineCrash: (message) => {
      process.stderr.write(`${message}\nRefute stops: it cannot serve without its database.\n`);
      process.exit(1);
    },
  }));
  if (database.engine) say(`Local engine: FerretDB on PostgreSQL at ${database.engine.uri} with data in ${config.dataDir}`);
  const engineStarted = database.engine;
  await useConnectedEngine(engineStarted);
  await step('indexes', () => ensureIndexes(engineStarted));
  // Settings an admin stored apply before the first request, and follow changes made elsewhere.
  await step('settings', () => loadStoredSettings());
  startSettingsRefresh(scheduler);
  await step('contributors', () => backfillContributors());
  const followed = await step('merges', () => completeMerges());
  if (followed > 0) say(`Merges: ${followed} reports moved to the cases their case was merged into`);
  startAuditBackfill();
  startPublishedBucketsBackfill();
  startRegionBackfill();
  const granted = await step('key scopes', () => grantFeedReadToEarlierKeys());
  if (granted > 0) say(`API keys: ${granted} issued before the feed:read scope now hold it`);
  const backfilled = await step('queue fields', () => backfillQueueActive());
  if (backfilled > 0) say(`Queue: marked ${backfilled} stored cases as active or done`);
  // Matching answers from memory: every existing case is loaded before the first report.
  await step('insight rollups', () => upgradeRollupLayout(say));
  await step('matching index', () => startMatchIndex(say, { snapshotFile: path.join(config.dataDir, 'match-index.snapshot') }));
  await step('matching separations', () => loadSeparations());
  startPublicationsAcrossProcesses(log);
  startPoolAcrossProcesses(log);
  await step('bootstrap', () => applyBootstrap(config));
  // Counting starts before the demo is seeded, so its reports are on the dashboard too.
  rollups = startInsightRollups(scheduler, { flushMs: config.insightsFlushMs });
  const demo = config.demo ? await step('demo data', () => seedDemoIfEmpty(say)) : null;

  const trustProxy = compileTrustProxy(config.trustProxy);
  loginLimiter = await createLoginLimiter({
    redisUrl: config.redisUrl,
    onRedisError: (error) => log.warn({ err: error }, 'Redis unreachable for the login limits: counting in this process meanwhile'),
  });
  searchLimiter = await createSearchLimiter({
    redisUrl: config.redisUrl,
    onRedisError: (error) => log.warn({ err: error }, 'Redis unreachable for the public search limit: counting in this process meanwhile'),
  });
  apiKeyLimiter = await createApiKeyLimiter({
    redisUrl: config.redisUrl,
    onRedisError: (error) => log.warn({ err: error }, 'Redis unreachable for the API key limits: counting in this process meanwhile'),
  });
  const app = createApp({ log, chromiumPath: config.chromiumPath, publicUrl: config.publicUrl, secureCookies: config.publicUrl?.startsWith('https:') ?? false, trustProxy, loginLimiter, searchLimiter, apiKeyLimiter });
  const httpServer = http.createServer(withFastPaths(app, publicFastRoutes(config.publicUrl)));
  server = httpServer;
  await attachRealtime(httpServer, { log, publicUrl: config.publicUrl, redisUrl: config.redisUrl, trustProxy });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('listening', resolve);
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host);
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  say(`Started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${steps.join(', ')}`);
  say(`Refute listening on http://${host}:${port}`);
  scheduler.after('queue.prepare', 0, () => engine().cases.prepare());
  scheduler.after('feed.prepare', 0, () => prepareFeed());
  startHotspotMonitor(scheduler, { tickMs: config.hotspotTickMs });
  startRollupCompaction(scheduler);
  webhooks = startWebhooks({
    scheduler,
    log,
    settings: { allowPrivate: config.webhookAllowPrivate, retentionMs: config.webhookRetentionDays * 86_400_000, pollMs: config.webhookPollMs, publicUrl: config.publicUrl ?? `http://${host}:${port}` },
  });
  startImports(scheduler);
  startRetokenizing(say);
  startEscalations(scheduler, log);
  startRouting(scheduler, log);
  if (demo) {
    for (const login of demo.logins) say(`Demo login ${login.role}: ${login.email} ${login.password}`);
    say(`Demo platform API key: ${demo.apiKey}`);
  }
}

main().catch((error: unknown) => {
  if (stopping) return;
  process.stderr.write(`Refute could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
