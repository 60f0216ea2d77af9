/** Timing helpers of the engine benchmark: repeated calls, their median and p95. */
import { performance } from 'node:perf_hooks';

export interface Timing {
  medianMs: number;
  p95Ms: number;
  count: number;
  /** Calls per second over the whole run. */
  rate: number;
}

export const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

/** Runs `call(i)` `count` times, `concurrency` at a time, after `warmUp` untimed calls. */
export async function timeCalls(count: number, call: (i: number) => Promise<void>, options: { concurrency?: number; warmUp?: number } = {}): Promise<Timing> {
  for (let i = 0; i < (options.warmUp ?? 2); i += 1) await call(-1 - i);
  const times: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency ?? 1 }, async () => {
      while (next < count) {
        const i = next++;
        const began = performance.now();
        await call(i);
        times.push(performance.now() - began);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { medianMs: percentile(times, 0.5), p95Ms: percentile(times, 0.95), count, rate: count / seconds };
}
