/**
 * Figures that are not rollups (the ranking, the workload) kept a few seconds per key: a lead's
 * dashboard asks again on every change of its controls, and several leads of one organisation
 * look at the same figures, which change little in seconds. Concurrent asks share one making; a
 * failure is not kept.
 */

export interface KeptBriefly<T> {
  get(key: string, make: () => Promise<T>): Promise<T>;
  /** Forgets everything (what it shows changed). */
  clear(): void;
}

export function keptBriefly<T>(options: { ttlMs: number; max: number }): KeptBriefly<T> {
  const entries = new Map<string, { madeAt: number; value: Promise<T> }>();
  return {
    get(key, make) {
      const held = entries.get(key);
      if (held && Date.now() - held.madeAt < options.ttlMs) return held.value;
      const value = make();
      const entry = { madeAt: Date.now(), value };
      entries.delete(key);
      entries.set(key, entry);
      // A Map keeps insertion order: the oldest go first.
      while (entries.size > options.max) entries.delete(entries.keys().next().value!);
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
    clear: () => entries.clear(),
  };
}
