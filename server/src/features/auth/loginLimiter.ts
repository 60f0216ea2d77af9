/**
 * Slows password guessing, counting failed logins three ways at once: for one account from one
 * address (a user mistyping, or one attacker), for one account from anywhere (guessing spread
 * over many addresses), and for one address over any accounts (one machine trying many
 * accounts). Counts live in Redis when REDIS_URL is set, so every server process sees them;
 * otherwise in this process.
 */
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import { createClient } from 'redis';

export const LOGIN_FAILURES_ALLOWED = 10;

const MINUTE = 60;
const HOUR = 60 * MINUTE;

interface Limit {
  name: string;
  points: number;
  /** Seconds over which failures are counted. */
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
  /** Seconds until a login for this account from this address may be tried again; 0 when it may now. */
  retryAfter(email: string, address: string): Promise<number>;
  /** Counts a failed login; returns the seconds to wait when this failure went over a limit, else 0. */
  failed(email: string, address: string): Promise<number>;
  /** A successful login clears the mistyping count of this account at this address. */
  succeeded(email: string, address: string): Promise<void>;
  close(): Promise<void>;
}

type Counter = { limit: Limit; store: RateLimiterAbstract };

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
const isLimiterAnswer = (value: unknown): value is RateLimiterRes => typeof (value as RateLimiterRes)?.msBeforeNext === 'number';

type RedisClient = ReturnType<typeof createClient>;

/** Counts in Redis when REDIS_URL is set (shared by every process), else in this process. */
export async function createLoginLimiter(options: { redisUrl?: string | undefined } = {}): Promise<LoginLimiter> {
  if (!options.redisUrl) return countingIn(null);
  const redis = createClient({ url: options.redisUrl });
  await redis.connect();
  return countingIn(redis);
}

/** A limiter that counts in this process only. */
export const memoryLoginLimiter = (): LoginLimiter => countingIn(null);

function countingIn(redis: RedisClient | null): LoginLimiter {
  const counters: Counter[] = LIMITS.map((limit) => {
    const settings = { keyPrefix: `refute_login_${limit.name}`, points: limit.points, duration: limit.duration, blockDuration: limit.blockDuration };
    // While Redis is unreachable, each process keeps counting on its own instead of letting guesses through.
    const store = redis
      ? new RateLimiterRedis({ ...settings, storeClient: redis, useRedisPackage: true, insuranceLimiter: new RateLimiterMemory(settings) })
      : new RateLimiterMemory(settings);
    return { limit, store };
  });
  const keyOf = (counter: Counter, email: string, address: string) => counter.limit.key(email.toLowerCase(), address);

  return {
    async retryAfter(email, address) {
      const states = await Promise.all(counters.map((counter) => counter.store.get(keyOf(counter, email, address))));
      const waits = states.map((state, index) => (state && state.consumedPoints > counters[index]!.limit.points ? seconds(state.msBeforeNext) : 0));
      return Math.max(0, ...waits);
    },
    async failed(email, address) {
      const outcomes = await Promise.allSettled(counters.map((counter) => counter.store.consume(keyOf(counter, email, address))));
      const waits = outcomes.map((outcome) => {
        if (outcome.status === 'fulfilled') return 0;
        if (isLimiterAnswer(outcome.reason)) return seconds(outcome.reason.msBeforeNext);
        throw outcome.reason;
      });
      return Math.max(0, ...waits);
    },
    async succeeded(email, address) {
      const counter = counters[0]!;
      await counter.store.delete(keyOf(counter, email, address));
    },
    async close() {
      if (redis) await redis.quit().catch(() => undefined);
    },
  };
}
