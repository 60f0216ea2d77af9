import { bucketMiddle, durationBucket, quantileOf, scopesOf } from '../../server/src/features/insights/buckets';
import { incrementsOf } from '../../server/src/features/insights/facts';
import { regionChain } from '../../server/src/features/regions/regions';
import { toCsv, weekOf } from '../../client/src/insights/series';

describe('duration buckets', () => {
  test('a quantile read from the buckets is within 12% of the true one', () => {
    const durations = Array.from({ length: 1000 }, (_, i) => 30 * 1.013 ** i);
    const histogram = new Map<number, number>();
    for (const seconds of durations) histogram.set(durationBucket(seconds), (histogram.get(durationBucket(seconds)) ?? 0) + 1);
    for (const q of [0.5, 0.9]) {
      const exact = durations[Math.ceil(q * durations.length) - 1]!;
      expect(Math.abs(quantileOf(histogram, q)! - exact) / exact).toBeLessThan(0.12);
    }
    expect(quantileOf(new Map(), 0.5)).toBeNull();
  });

  test('a second or less is bucket 0; bucket bounds grow by a quarter', () => {
    expect(durationBucket(0)).toBe(0);
    expect(durationBucket(1)).toBe(0);
    expect(durationBucket(1.25)).toBe(1);
    expect(durationBucket(1.26)).toBe(2);
    expect(bucketMiddle(durationBucket(3600))).toBeGreaterThan(3600 / 1.12);
  });
});

describe('scopes and increments', () => {
  test('a fact counts in the country and every region of its chain; a scope counts the regions one and two levels below it', () => {
    expect(scopesOf('440305', regionChain)).toEqual(['CN', '440000', '440300', '440305']);
    expect(scopesOf(null, regionChain)).toEqual(['CN']);
    const increments = incrementsOf({ kind: 'report', at: new Date('2026-05-01T13:20:00Z'), topic: 'health', lane: 'hot', region: '440305', platformId: 'abc', language: 'zh' }, regionChain);
    const all = increments.filter((increment) => increment.key.scope === 'CN' && 'topic' in increment.key && increment.key.topic === '*')[0]!;
    expect(all.key).toMatchObject({ day: '2026-05-01', month: '2026-05', metric: 'reports' });
    expect(all.inc).toEqual({ n: 1, 'lane.hot': 1, 'lang.zh': 1, 'h.h13': 1, 'platform.pabc': 1, 'region.r440000': 1, 'region.r440300': 1, 'topics.health': 1 });
    const county = increments.filter((increment) => increment.key.scope === '440305');
    expect(county.map((increment) => Object.keys(increment.inc).filter((field) => field.startsWith('region.')))).toEqual([[], []]);
    // Two documents (the topic's and all topics') per scope.
    expect(increments).toHaveLength(8);
  });

  test('a milestone files its duration bucket and, for a publication, the deadline and the approving organisation', () => {
    const [increment] = incrementsOf({ kind: 'milestone', at: new Date('2026-05-01T00:00:00Z'), milestone: 'published', seconds: 7200, lane: 'normal', region: null, deadline: { met: false, orgId: 'o1' } }, regionChain);
    expect(increment).toEqual({ collection: 'responses', key: { day: '2026-05-01', month: '2026-05', read: '2026-05|CN', scope: 'CN', lane: 'normal' }, inc: { [`published.b${durationBucket(7200)}`]: 1, missed: 1, 'org.oo1.missed': 1 } });
  });
});

describe('dashboard helpers', () => {
  test('weeks start on Monday (UTC)', () => {
    expect(weekOf('2026-11-30')).toBe('2026-11-30');
    expect(weekOf('2026-12-06')).toBe('2026-11-30');
    expect(weekOf('2026-12-07')).toBe('2026-12-07');
  });

  test('CSV quotes what needs it and never lets a spreadsheet read a formula', () => {
    expect(toCsv(['a', 'b'], [['x,y', '=SUM(A1)'], ['say "hi"', 3], [null, '-1']])).toBe('\uFEFFa,b\r\n"x,y",\'=SUM(A1)\r\n"say ""hi""",3\r\n,\'-1\r\n');
  });
});
