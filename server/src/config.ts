import path from 'node:path';
import { z } from 'zod';
import type { Lane } from '@refute/shared';
import { assertValidProxyList, type TrustProxySetting } from './http/proxyTrust';

const onOff = z.enum(['on', 'off']);

/** `email:password`, split at the first colon (passwords may contain colons). */
const credentialPair = z
  .string()
  .regex(/^[^:\s]+@[^:\s]+:.{8,}$/, 'must be email:password with a password of at least 8 characters')
  .transform((value) => {
    const at = value.indexOf(':');
    return { email: value.slice(0, at).toLowerCase(), password: value.slice(at + 1) };
  });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  REFUTE_DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z.string().optional(),
  REFUTE_DEMO: onOff.optional(),
  REFUTE_BOOTSTRAP_ADMIN: credentialPair.optional(),
  REFUTE_BOOTSTRAP_API_KEY: z
    .string()
    .regex(/^rf_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{20,}$/, 'must look like rf_<8 alphanumerics>_<secret of 20+ characters>')
    .optional(),
  REFUTE_PUBLIC_URL: z.url().optional(),
  REFUTE_TRUST_PROXY: z
    .string()
    .transform((value, context): TrustProxySetting => {
      const setting = value.trim();
      if (['off', 'false', '0'].includes(setting)) return false;
      if (/^\d+$/.test(setting)) return Number(setting);
      const entries = setting.split(',').map((entry) => entry.trim()).filter(Boolean);
      try {
        assertValidProxyList(entries);
        return entries;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be off, a hop count, or a comma-separated list of addresses, subnets or loopback/linklocal/uniquelocal' });
        return z.NEVER;
      }
    })
    .optional(),
  REFUTE_WEBHOOK_ALLOW_PRIVATE: onOff.default('off'),
  REFUTE_WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  REFUTE_WEBHOOK_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  REFUTE_CHROMIUM: z.string().min(1).default('/usr/bin/chromium'),
  REFUTE_HOTSPOT_TICK_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
  REFUTE_INSIGHTS_FLUSH_MS: z.coerce.number().int().min(100).max(3_600_000).default(1_000),
  REFUTE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  REFUTE_MATCH_JOIN: z.coerce.number().min(0).max(1).optional(),
  REFUTE_MATCH_SUGGEST: z.coerce.number().min(0).max(1).optional(),
  REFUTE_LANE_HOURS: z
    .string()
    .regex(/^normal=\d+(\.\d+)?,hot=\d+(\.\d+)?,emergency=\d+(\.\d+)?$/, 'must look like normal=72,hot=24,emergency=4')
    .transform((value) => Object.fromEntries(value.split(',').map((pair) => pair.split('=')).map(([lane, hours]) => [lane, Number(hours)])) as Record<Lane, number>)
    .optional(),
});

export type Config = ReturnType<typeof parseConfig>;

/** Reads the environment once at boot into a typed object; throws with every problem listed. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env) {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(blanksRemoved);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const env_ = result.data;
  const production = env_.NODE_ENV === 'production';
  return {
    port: env_.PORT,
    host: env_.HOST,
    mongodbUri: env_.MONGODB_URI,
    dataDir: path.resolve(env_.REFUTE_DATA_DIR),
    redisUrl: env_.REDIS_URL,
    // Demo accounts have published passwords: never seeded in production unless asked for.
    demo: (env_.REFUTE_DEMO ?? (production ? 'off' : 'on')) === 'on',
    bootstrapAdmin: env_.REFUTE_BOOTSTRAP_ADMIN,
    bootstrapApiKey: env_.REFUTE_BOOTSTRAP_API_KEY,
    publicUrl: env_.REFUTE_PUBLIC_URL?.replace(/\/$/, ''),
    // Forwarded headers are believed only from proxies named here; by default from none.
    trustProxy: env_.REFUTE_TRUST_PROXY ?? false,
    logLevel: env_.REFUTE_LOG_LEVEL,
    /** Chromium for PDF printing (the monthly insight report). */
    chromiumPath: env_.REFUTE_CHROMIUM,
    insightsFlushMs: env_.REFUTE_INSIGHTS_FLUSH_MS,
    // How often the hotspot detector evaluates (aligned to the clock; the monitor's 15 s unless set).
    hotspotTickMs: env_.REFUTE_HOTSPOT_TICK_MS,
    production,
    matching: {
      ...(env_.REFUTE_MATCH_JOIN !== undefined ? { joinThreshold: env_.REFUTE_MATCH_JOIN } : {}),
      ...(env_.REFUTE_MATCH_SUGGEST !== undefined ? { suggestThreshold: env_.REFUTE_MATCH_SUGGEST } : {}),
    },
    laneHours: env_.REFUTE_LANE_HOURS,
    // Webhooks to loopback and private addresses: only for tests and closed networks.
    webhookAllowPrivate: env_.REFUTE_WEBHOOK_ALLOW_PRIVATE === 'on',
    // Finished webhook deliveries (and their log) are deleted after this many days.
    webhookRetentionDays: env_.REFUTE_WEBHOOK_RETENTION_DAYS,
    // How often each process looks for webhook deliveries that are due.
    webhookPollMs: env_.REFUTE_WEBHOOK_POLL_MS,
  };
}
