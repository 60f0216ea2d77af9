/**
 * How often one client may check a text on the public search: matching is the expensive part of
 * the page, and the search needs no account. Counted per address (an IPv6 /64 as one, as the
 * login limits count) in this process.
 */
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { countedAddress } from '../auth/loginLimiter';

export const SEARCHES_PER_MINUTE = 20;

export interface SearchLimiter {
  /** Counts a search; the seconds to wait when the client went over its limit, else 0. */
  attempt(address: string): Promise<number>;
}

export function memorySearchLimiter(points = SEARCHES_PER_MINUTE, durationSeconds = 60): SearchLimiter {
  const store = new RateLimiterMemory({ keyPrefix: 'refute_public_search', points, duration: durationSeconds });
  return {
    async attempt(address) {
      try {
        await store.consume(countedAddress(address));
        return 0;
      } catch (error) {
        const wait = (error as RateLimiterRes | undefined)?.msBeforeNext;
        if (typeof wait !== 'number') throw error;
        return Math.max(1, Math.ceil(wait / 1000));
      }
    },
  };
}
