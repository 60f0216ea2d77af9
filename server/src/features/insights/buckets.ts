/**
 * The fixed keys rollups are filed under: UTC days and hours, and log buckets of durations.
 * Pure, so live updates and the rebuild file every fact the same way.
 */
import { COUNTRY_REGION, mondayOf } from '@refute/shared';

export { mondayOf };

export const dayOf = (at: Date) => at.toISOString().slice(0, 10);
export const hourOf = (at: Date) => at.toISOString().slice(11, 13);

/** Every UTC day from `from` to `to` (`YYYY-MM-DD`, both included). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

/**
 * The rollup periods that cover a range exactly: each week (from Monday) wholly inside it as its
 * week document (`w` and its Monday), the days at its edges as day documents.
 */
export function periodsBetween(from: string, to: string): string[] {
  const days = daysBetween(from, to);
  const periods: string[] = [];
  for (let i = 0; i < days.length; ) {
    const day = days[i]!;
    if (mondayOf(day) === day && i + 6 < days.length) {
      periods.push(`w${day}`);
      i += 7;
    } else {
      periods.push(day);
      i += 1;
    }
  }
  return periods;
}

/**
 * Durations are counted in buckets whose upper bounds grow by a quarter: bucket i holds
 * (1.25^(i-1), 1.25^i] seconds, bucket 0 everything up to a second. 90 buckets reach past
 * ten years; a median or p90 read from them is within 12% of the true one (the bucket's
 * geometric middle is reported).
 */
const BASE = 1.25;
export const DURATION_BUCKETS = 90;

export function durationBucket(seconds: number): number {
  if (!(seconds > 1)) return 0;
  return Math.min(DURATION_BUCKETS - 1, Math.ceil(Math.log(seconds) / Math.log(BASE) - 1e-9));
}

/** The geometric middle of a bucket, in seconds. */
export function bucketMiddle(bucket: number): number {
  if (bucket === 0) return 1;
  return Math.round(BASE ** (bucket - 0.5));
}

/** The q-quantile (0..1) of a histogram of bucket → count; null when it is empty. */
export function quantileOf(histogram: ReadonlyMap<number, number>, q: number): number | null {
  const total = [...histogram.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bucket)!;
    if (seen >= rank) return bucketMiddle(bucket);
  }
  return null;
}

/**
 * The scopes a fact is counted in: the whole country and each region of the chain from the
 * fact's province down to its own region. An organisation reads the scope of its own region,
 * which holds everything of the regions below it.
 */
export function scopesOf(region: string | null | undefined, chainOf: (code: string) => string[]): string[] {
  if (!region || region === COUNTRY_REGION) return [COUNTRY_REGION];
  return [COUNTRY_REGION, ...chainOf(region)];
}
