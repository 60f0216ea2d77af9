/**
 * node-redis clients. The package is loaded with the first client, that is only with REDIS_URL:
 * its client and modules are some six hundred files, about a second at every start (and in every
 * test file) for a server that counts and relays in its own process.
 */
import type * as Redis from 'redis';
import { loadAtFirstUse } from './loadAtFirstUse';

export type RedisClient = ReturnType<typeof Redis.createClient>;

export function createRedisClient(options: { url: string; disableOfflineQueue?: boolean }): RedisClient {
  return loadAtFirstUse<typeof Redis>('redis').createClient(options);
}
