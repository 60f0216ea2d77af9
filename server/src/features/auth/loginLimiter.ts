/**
 * Slows password guessing, counting login attempts three ways at once: for one account from one
 * address (a user mistyping, or one attacker), for one account from anywhere (guessing spread
 * over many addresses), and for one address over any accounts (one machine trying many
 * accounts). An attempt is counted before its password is checked, so guesses sent in parallel
 * are counted too; a successful login gives its attempt back. Counts live in Redis when
 * REDIS_URL is set, so every server process sees them; otherwise in this process.
 */
import ipaddr from 'ipaddr.js';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { connectLimiterRedis, isLimiterAnswer, limiterStore, secondsUntil, type LimiterRedis } from '../../http/limiterStore';

export const LOGIN_FAILURES_ALLOWED = 10;

const MINUTE = 60;
const HOUR = 60 * MINUTE;

type LimitName = 'account_address' | 'account' | 'address';

interface Limit {
  name: LimitName;
  points: number;
  /** Seconds over which attempts are counted. */
  duration: number;
  /** Seconds a key stays blocked once it went over. */
  blockDuration: number;
  key: (email: string, address: string) => string;
}

const LIMITS: Limit[] = [
  { name: 'account_address', points: LOGIN_FAILURES_ALLOWED, duration: 15 * MINUTE, blockDuration: 15 * MINUTE, key: (email, address) => `${email}|${address}` },
  { name: 'account', points: 5 * LOGIN_FAILURES_ALLOWED, duration: HOUR, blockDuration: HOUR, key: (email) => email },
  { name: 'address', points: 100, duration: 24 * HOUR, blockDuration: HOUR, key: (_email, address) => address },
];

export interface LoginLimiter {
  /**
   * Counts a login attempt before its password is checked; returns the seconds to wait when it
   * went over a limit (the attempt must then be refused), else 0.
   */
  attempt(email: string, address: string): Promise<number>;
  /** A successful login gives its attempt back and clears the mistyping count of this account at this address. */
  succeeded(email: string, address: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The address as counted: an IPv6 host usually holds a whole /64, so its addresses count as
 * one; an IPv4 address mapped into IPv6 counts as the IPv4 address.
 */
export function countedAddress(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`;
}

/** Counts in Redis when REDIS_URL is set (shared by every process), else in this process. */
export async function createLoginLimiter(options: { redisUrl?: string | undefined; onRedisError?: (error: Error) => void } = {}): Promise<LoginLimiter> {
  if (!options.redisUrl) return countingIn(null);
  return countingIn(await connectLimiterRedis(options.redisUrl, options.onRedisError));
}

/** A limiter that counts in this process only. */
export const memoryLoginLimiter = (): LoginLimiter => countingIn(null);

function countingIn(redis: LimiterRedis | null): LoginLimiter {
  const stores = new Map<LimitName, { limit: Limit; store: RateLimiterAbstract }>(
    LIMITS.map((limit) => {
      const settings = { keyPrefix: `refute_login_${limit.name}`, points: limit.points, duration: limit.duration, blockDuration: limit.blockDuration };
      // While Redis is unreachable, each process keeps counting on its own instead of letting guesses through.
      return [limit.name, { limit, store: limiterStore(redis, settings) }];
    }),
  );
  const keyOf = (name: LimitName, email: string, address: string) => stores.get(name)!.limit.key(email.trim().toLowerCase(), countedAddress(address));

  return {
    async attempt(email, address) {
      const outcomes = await Promise.allSettled([...stores.keys()].map((name) => stores.get(name)!.store.consume(keyOf(name, email, address))));
      const waits = outcomes.map((outcome) => {
        if (outcome.status === 'fulfilled') return 0;
        if (isLimiterAnswer(outcome.reason)) return secondsUntil(outcome.reason.msBeforeNext);
        throw outcome.reason;
      });
      return Math.max(0, ...waits);
    },
    async succeeded(email, address) {
      await Promise.all([
        stores.get('account_address')!.store.delete(keyOf('account_address', email, address)),
        stores.get('account')!.store.reward(keyOf('account', email, address)),
        stores.get('address')!.store.reward(keyOf('address', email, address)),
      ]);
    },
    async close() {
      if (redis) await redis.quit().catch(() => undefined);
    },
  };
}
