/**
 * Per-key request limits: each key may make its `perMinute` requests in a minute, counted in
 * Redis across every server process when REDIS_URL is set. Answers carry the IETF draft's
 * `RateLimit-*` headers; a request over the limit is refused with 429 and `Retry-After`.
 */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { connectLimiterRedis, isLimiterAnswer, limiterStore, secondsUntil, type LimiterRedis } from '../../http/limiterStore';

const WINDOW_SECONDS = 60;

export interface KeyAllowance {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends (and, when refused, until a request may be made again). */
  resetSeconds: number;
}

export interface ApiKeyLimiter {
  consume(keyId: string, perMinute: number): Promise<KeyAllowance>;
  close(): Promise<void>;
}

export async function createApiKeyLimiter(options: { redisUrl?: string | undefined; onRedisError?: (error: Error) => void } = {}): Promise<ApiKeyLimiter> {
  if (!options.redisUrl) return countingIn(null);
  return countingIn(await connectLimiterRedis(options.redisUrl, options.onRedisError));
}

export const memoryApiKeyLimiter = (): ApiKeyLimiter => countingIn(null);

function countingIn(redis: LimiterRedis | null): ApiKeyLimiter {
  // One store per limit in use: a key's limit is fixed when it is issued, so there are few.
  const stores = new Map<number, RateLimiterAbstract>();
  const storeFor = (perMinute: number) => {
    let store = stores.get(perMinute);
    if (!store) {
      store = limiterStore(redis, { keyPrefix: `refute_api_key_${perMinute}`, points: perMinute, duration: WINDOW_SECONDS });
      stores.set(perMinute, store);
    }
    return store;
  };
  return {
    async consume(keyId, perMinute) {
      try {
        const answer = await storeFor(perMinute).consume(keyId);
        return { allowed: true, limit: perMinute, remaining: answer.remainingPoints, resetSeconds: secondsUntil(answer.msBeforeNext) };
      } catch (refusal) {
        if (!isLimiterAnswer(refusal)) throw refusal;
        return { allowed: false, limit: perMinute, remaining: 0, resetSeconds: secondsUntil(refusal.msBeforeNext) };
      }
    },
    async close() {
      if (redis) await redis.quit().catch(() => undefined);
    },
  };
}
