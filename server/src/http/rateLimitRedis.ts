import { createClient } from 'redis';

export type RateLimitRedisClient = ReturnType<typeof createClient>;

/**
 * A Redis connection for rate limits shared by every server process. No offline queue: while
 * Redis is unreachable a command fails at once and the limiter's in-process insurance answers,
 * instead of every request waiting for Redis to come back.
 */
export async function connectRateLimitRedis(url: string, onError?: (error: Error) => void): Promise<RateLimitRedisClient> {
  const redis = createClient({ url, disableOfflineQueue: true });
  redis.on('error', (error: Error) => onError?.(error));
  await redis.connect();
  return redis;
}
