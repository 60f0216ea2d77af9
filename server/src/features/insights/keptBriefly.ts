/**
 * Figures that are not rollups (the ranking, the workload) kept a few seconds per scope: a lead's
 * dashboard asks again on every change of its controls, and several leads of one organisation
 * look at the same figures, which change little in seconds. Concurrent asks share one making; a
 * failure is not kept.
 */
import { LRUCache } from 'lru-cache';

export interface KeptBriefly<T> {
  get(key: string, make: () => Promise<T>): Promise<T>;
  /** Forgets everything (what it shows changed). */
  clear(): void;
}

export function keptBriefly<T extends object>(options: { ttlMs: number; max: number }): KeptBriefly<T> {
  const cache = new LRUCache<string, T, () => Promise<T>>({ max: options.max, ttl: options.ttlMs, fetchMethod: (_key, _stale, { context }) => context() });
  return {
    async get(key, make) {
      const value = await cache.fetch(key, { context: make });
      // fetchMethod never gives undefined: make() resolves to a value or rejects.
      return value!;
    },
    clear: () => cache.clear(),
  };
}
