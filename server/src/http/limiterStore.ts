/**
 * Where rate limits count: in Redis when REDIS_URL is set, so every server process sees the same
 * counts, otherwise in this process. Shared by the login limits and the API keys' limits.
 */
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import { createRedisClient, type RedisClient } from '../redis';

export type LimiterRedis = RedisClient;

export interface LimiterSettings {
  keyPrefix: string;
  points: number;
  /** Seconds over which points are counted. */
  duration: number;
  /** Seconds a key stays blocked once it went over (0: until the window ends). */
  blockDuration?: number;
}

export async function connectLimiterRedis(redisUrl: string, onRedisError?: (error: Error) => void): Promise<LimiterRedis> {
  // No offline queue: while Redis is unreachable a command fails at once and the in-process
  // insurance limiter answers, instead of every request waiting for Redis to come back.
  const redis = createRedisClient({ url: redisUrl, disableOfflineQueue: true });
  redis.on('error', (error: Error) => onRedisError?.(error));
  await redis.connect();
  return redis;
}

/** A limiter counting in Redis (with a per-process insurance while Redis is unreachable) or in memory. */
export function limiterStore(redis: LimiterRedis | null, settings: LimiterSettings): RateLimiterAbstract {
  return redis
    ? new RateLimiterRedis({ ...settings, storeClient: redis, useRedisPackage: true, insuranceLimiter: new RateLimiterMemory(settings) })
    : new RateLimiterMemory(settings);
}

/** rate-limiter-flexible rejects with its answer when a key went over, and with an Error otherwise. */
export const isLimiterAnswer = (value: unknown): value is RateLimiterRes => typeof (value as RateLimiterRes)?.msBeforeNext === 'number';

export const secondsUntil = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
