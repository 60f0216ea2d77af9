/**
 * node-redis clients. The package is loaded with the first client, that is only with REDIS_URL:
 * its client and modules are some six hundred files, about a second at every start (and in every
 * test file) for a server that counts and relays in its own process.
 */
import type * as Redis from 'redis';

export type RedisClient = ReturnType<typeof Redis.createClient>;

export function createRedisClient(options: { url: string; disableOfflineQueue?: boolean }): RedisClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('redis') as typeof Redis).createClient(options);
}
