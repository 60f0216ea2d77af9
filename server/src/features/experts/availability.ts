/** When an expert is away: leave periods are calendar days in China time, both ends included. */
import type { LeavePeriod } from '@refute/shared';

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Today's date in China (`YYYY-MM-DD`), where the pool works. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last day of the leave the expert is on at `at`, or null when they are available. */
export function onLeaveUntil(leave: readonly Pick<LeavePeriod, 'from' | 'to'>[], at: Date): string | null {
  const today = chinaDay(at);
  const current = leave.filter((period) => period.from <= today && today <= period.to);
  if (current.length === 0) return null;
  return current.map((period) => period.to).sort().at(-1)!;
}

/** The median of the numbers, or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
