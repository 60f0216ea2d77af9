import { DEFAULT_DETECTOR_CONFIG, poissonSurprise } from '../../server/src/features/hotspots/detector';
import { HotspotTracker } from '../../server/src/features/hotspots/tracker';
import { triage } from '../../server/src/features/cases/triage';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.UTC(2026, 10, 1);

/** Reports evenly spaced at `perHour` from `from` to `to` (a steady stream has no noise to hide behind). */
function steady(perHour: number, from: number, to: number): number[] {
  const times: number[] = [];
  for (let at = from; at < to; at += HOUR / perHour) times.push(at);
  return times;
}

/** Feeds the times minute by minute and returns when each hotspot was flagged. */
function replay(times: number[], until: number, tracker = new HotspotTracker()): number[] {
  const sorted = [...times].sort((a, b) => a - b);
  const flagged: number[] = [];
  let next = 0;
  for (let now = START + MINUTE; now <= until; now += MINUTE) {
    while (next < sorted.length && sorted[next]! <= now) tracker.record('case:a', sorted[next++]!);
    for (const found of tracker.evaluate(now)) flagged.push(found.windowEnd);
  }
  return flagged;
}

describe('Poisson surprise', () => {
  test('is nothing at or below the expected count and grows with the excess', () => {
    expect(poissonSurprise(0, 3)).toBe(0);
    expect(poissonSurprise(3, 3)).toBe(0);
    // P(X ≥ 10 | 1) ≈ 1.1e-7
    expect(poissonSurprise(10, 1)).toBeCloseTo(6.95, 1);
    expect(poissonSurprise(20, 1)).toBeGreaterThan(poissonSurprise(10, 1));
    expect(Number.isFinite(poissonSurprise(5000, 10))).toBe(true);
  });
});

describe('hotspot detector', () => {
  test('flags a planted burst within minutes, once', () => {
    const background = steady(2, START, START + 24 * HOUR);
    const burstAt = START + 20 * HOUR + 7 * MINUTE;
    const burst = Array.from({ length: 30 }, (_, i) => burstAt + i * 20_000);
    const flagged = replay([...background, ...burst], START + 24 * HOUR);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]! - burstAt).toBeLessThanOrEqual(5 * MINUTE);
    expect(flagged[0]!).toBeGreaterThanOrEqual(burstAt);
  });

  test('never flags a steady stream, quiet or busy, once it is known', () => {
    for (const perHour of [0.5, 4]) expect(replay(steady(perHour, START, START + 48 * HOUR), START + 48 * HOUR)).toEqual([]);
    // A subject that appears at dozens of reports an hour rose from nothing: flagged at its start only.
    for (const perHour of [60, 600]) {
      const flagged = replay(steady(perHour, START, START + 48 * HOUR), START + 48 * HOUR);
      expect(flagged.filter((at) => at > START + HOUR)).toEqual([]);
    }
  });

  test('learns a slow ramp (the rate doubling every three hours) instead of flagging it', () => {
    const times: number[] = [];
    for (let hour = 0; hour < 12; hour += 1) times.push(...steady(6 * 2 ** (hour / 3), START + hour * HOUR, START + (hour + 1) * HOUR));
    expect(replay(times, START + 12 * HOUR)).toEqual([]);
  });

  test('flags the same ramp when it is a jump', () => {
    const times = [...steady(6, START, START + 6 * HOUR), ...steady(96, START + 6 * HOUR, START + 7 * HOUR)];
    expect(replay(times, START + 7 * HOUR)).toHaveLength(1);
  });

  test('needs a handful of reports: a new case with its first few is not a hotspot', () => {
    const few = Array.from({ length: DEFAULT_DETECTOR_CONFIG.minCount - 1 }, (_, i) => START + HOUR + i * MINUTE);
    expect(replay(few, START + 3 * HOUR)).toEqual([]);
  });

  test('a process that starts late derives the same window from the same reports', () => {
    const burstAt = START + 10 * HOUR;
    const times = [...steady(1, START, START + 12 * HOUR), ...Array.from({ length: 12 }, (_, i) => burstAt + i * 10_000)];
    const early = replay(times, START + 12 * HOUR);
    // The other process learns the same history in one go, just before the burst.
    const late = new HotspotTracker();
    for (const at of times.filter((t) => t < burstAt - HOUR)) late.record('case:a', at);
    late.evaluate(burstAt - HOUR);
    const flaggedLate = replay(times.filter((t) => t >= burstAt - HOUR), START + 12 * HOUR, late);
    expect(flaggedLate).toEqual(early);
  });
});

describe('a lead-set lane', () => {
  test('is a floor for the recount: kept when the reports call for less, passed when they call for more', () => {
    const openedAt = new Date(START);
    const quiet = [{ reachScore: 1, emergency: false, receivedAt: openedAt }];
    expect(triage(quiet, openedAt, openedAt, undefined, 'hot').lane).toBe('hot');
    expect(triage(quiet, openedAt, openedAt, undefined, null).lane).toBe('normal');
    const disaster = [{ reachScore: 1, emergency: true, receivedAt: openedAt }];
    expect(triage(disaster, openedAt, openedAt, undefined, 'hot').lane).toBe('emergency');
  });
});
