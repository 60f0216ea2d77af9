/**
 * How often one client may check a text on the public search: matching is the expensive part of
 * the page, and the search needs no account. Counted per address (an IPv6 /64 as one, as the
 * login limits count), in Redis when REDIS_URL is set so every process sees the same count,
 * otherwise in this process.
 */
import { connectLimiterRedis, isLimiterAnswer, limiterStore, secondsUntil, type LimiterRedis } from '../../http/limiterStore';
import { countedAddress } from '../auth/loginLimiter';

export const SEARCHES_PER_MINUTE = 20;

export interface SearchLimiter {
  /** Counts a search; the seconds to wait when the client went over its limit, else 0. */
  attempt(address: string): Promise<number>;
  close(): Promise<void>;
}

const SETTINGS = { keyPrefix: 'refute_public_search', points: SEARCHES_PER_MINUTE, duration: 60 };

export async function createSearchLimiter(options: { redisUrl?: string | undefined; onRedisError?: (error: Error) => void } = {}): Promise<SearchLimiter> {
  if (!options.redisUrl) return countingIn(null);
  return countingIn(await connectLimiterRedis(options.redisUrl, options.onRedisError));
}

/** A limiter that counts in this process only. */
export const memorySearchLimiter = (): SearchLimiter => countingIn(null);

function countingIn(redis: LimiterRedis | null): SearchLimiter {
  // While Redis is unreachable, each process counts on its own.
  const store = limiterStore(redis, SETTINGS);
  return {
    async attempt(address) {
      try {
        await store.consume(countedAddress(address));
        return 0;
      } catch (error) {
        if (!isLimiterAnswer(error)) throw error;
        return secondsUntil(error.msBeforeNext);
      }
    },
    async close() {
      if (redis) await redis.quit().catch(() => undefined);
    },
  };
}
