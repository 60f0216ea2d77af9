import { Types } from 'mongoose';
import { aggregate } from '../../server/src/features/insights/aggregate';
import { settledPeriodsSince } from '../../server/src/features/insights/compaction';
import { addCounters, countedRecords, countersOf, isSettled, SETTLED_AFTER_MS, writesClosed } from '../../server/src/features/insights/settled';
import { rollupDocumentOf } from '../../server/src/features/insights/writer';
import { bucketMiddle, daysBetween, durationBucket, periodsBetween, quantileOf, scopesOf } from '../../server/src/features/insights/buckets';
import { incrementsOf, type InsightFact } from '../../server/src/features/insights/facts';
import { keptBriefly } from '../../server/src/features/insights/keptBriefly';
import type { RollupRecord } from '../../server/src/features/insights/model';
import { seededRandom } from '../../server/src/seededRandom';
import { regionChain } from '../../server/src/features/regions/regions';
import { periodDays, toCsv, weekOf } from '../../client/src/insights/series';
import { mostReported } from '../../server/src/features/insights/ranking';

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
    const all = increments.filter((increment) => increment.key.scope === 'CN' && increment.key.topic === '*')[0]!;
    // 2026-05-01 is a Friday: its week began on Monday 27 April, and the day is read with it.
    expect(all.key).toEqual({ period: '2026-05-01', read: 'w2026-04-27|CN|*', scope: 'CN', topic: '*' });
    expect(all.inc).toEqual({
      'reports.n': 1, 'reports.lane.hot': 1, 'reports.lang.zh': 1, 'reports.h.h13': 1, 'reports.platform.pabc': 1,
      'reports.region.r440000': 1, 'reports.region.r440300': 1, 'reports.topics.health': 1,
    });
    const county = increments.filter((increment) => increment.key.scope === '440305');
    expect(county.map((increment) => Object.keys(increment.inc).filter((field) => field.startsWith('reports.region.')))).toEqual([[], [], [], []]);
    // Two documents (the topic's and all topics') per scope, for the day and for its week.
    expect(increments).toHaveLength(16);
    const week = increments.find((increment) => increment.key.scope === 'CN' && increment.key.period.startsWith('w') && increment.key.topic === '*')!;
    expect(week.key).toEqual({ period: 'w2026-04-27', read: 'w2026-04-27|CN|*', scope: 'CN', topic: '*' });
    expect(week.inc).toEqual({
      'reports.n': 1, 'reports.lane.hot': 1, 'reports.lang.zh': 1, 'reports.platform.pabc': 1, 'reports.region.r440000': 1, 'reports.region.r440300': 1, 'reports.topics.health': 1,
      'days.d2026-05-01.reports.n': 1, 'days.d2026-05-01.reports.lane.hot': 1, 'days.d2026-05-01.reports.h.h13': 1, 'days.d2026-05-01.reports.topics.health': 1,
    });
  });

  test('a milestone files its duration bucket and, for a publication, the deadline and the approving organisation, in the documents of all topics', () => {
    const [increment, week] = incrementsOf({ kind: 'milestone', at: new Date('2026-05-01T00:00:00Z'), milestone: 'published', seconds: 7200, lane: 'normal', region: null, deadline: { met: false, orgId: 'o1' } }, regionChain);
    expect(increment).toEqual({ key: { period: '2026-05-01', read: 'w2026-04-27|CN|*', scope: 'CN', topic: '*' }, inc: { [`resp.normal.published.b${durationBucket(7200)}`]: 1, 'resp.normal.missed': 1, 'resp.normal.org.oo1.missed': 1 } });
    expect(week).toEqual({ key: { period: 'w2026-04-27', read: 'w2026-04-27|CN|*', scope: 'CN', topic: '*' }, inc: { ...increment!.inc, 'days.d2026-05-01.resp.normal.missed': 1 } });
  });
});

describe('periods', () => {
  test('a range reads its whole weeks (from Monday) as weeks and its edges as days', () => {
    // Wednesday 2026-11-04 to Tuesday 2026-11-24: two whole weeks between five edge days and two.
    expect(periodsBetween('2026-11-04', '2026-11-24')).toEqual(['2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08', 'w2026-11-09', 'w2026-11-16', '2026-11-23', '2026-11-24']);
    expect(periodsBetween('2026-11-30', '2026-12-06')).toEqual(['w2026-11-30']);
    expect(periodsBetween('2026-11-30', '2026-12-05')).toHaveLength(6);
  });

  test('week documents and day documents give the same figures', () => {
    const random = seededRandom(7);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
    const start = Date.parse('2026-11-02T00:00:00Z');
    const at = () => new Date(start + Math.floor(random() * 21 * 86_400_000));
    const regions = ['440305', '110101', '310000', null];
    const writer = new Map<string, RollupRecord>();
    for (let i = 0; i < 400; i += 1) {
      const common = { at: at(), topic: pick(['health', 'food_safety', 'environment'] as const), lane: pick(['normal', 'hot', 'emergency'] as const), region: pick(regions), language: pick(['zh', 'en'] as const) };
      const facts: InsightFact[] = [
        { kind: 'report', ...common, platformId: pick(['p1', 'p2']) },
        i % 4 === 0 ? { kind: 'opened', ...common } : { kind: 'published', ...common, verdict: pick(['false', 'misleading'] as const) },
        { kind: 'milestone', at: common.at, milestone: pick(['firstExpert', 'submitted', 'published'] as const), seconds: random() * 200_000, lane: common.lane, region: common.region, deadline: i % 3 === 0 ? { met: random() < 0.7, orgId: pick(['o1', 'o2']) } : undefined },
      ];
      for (const increment of facts.flatMap((fact) => incrementsOf(fact, regionChain))) {
        const id = `${increment.key.period}|${increment.key.scope}|${increment.key.topic}`;
        const record = writer.get(id) ?? ({ ...increment.key, writer: 'w' } as unknown as RollupRecord);
        for (const [field, by] of Object.entries(increment.inc)) {
          const parts = field.split('.');
          let into = record as Record<string, unknown>;
          for (const part of parts.slice(0, -1)) into = (into[part] ??= {}) as Record<string, unknown>;
          into[parts.at(-1)!] = ((into[parts.at(-1)!] as number | undefined) ?? 0) + by;
        }
        writer.set(id, record);
      }
    }
    const figuresOf = (from: string, to: string, periods: string[], topic = '*') => {
      const read = (readTopic: string) => [...writer.values()].filter((record) => record.scope === 'CN' && record.topic === readTopic && periods.includes(record.period));
      return aggregate(daysBetween(from, to), read(topic), read('*'));
    };
    for (const [from, to] of [['2026-11-04', '2026-11-20'], ['2026-11-02', '2026-11-22'], ['2026-11-10', '2026-11-11']] as const) {
      const byWeeks = figuresOf(from, to, periodsBetween(from, to));
      expect(byWeeks.reports.total).toBeGreaterThan(0);
      expect(byWeeks).toEqual(figuresOf(from, to, daysBetween(from, to)));
      // A topic's own documents count what the documents of all topics count of it.
      const health = figuresOf(from, to, periodsBetween(from, to), 'health');
      expect(health.reports.total).toBe(byWeeks.reports.byTopic.health);
      expect(health.cases.publishedByTopic).toEqual({ health: byWeeks.cases.publishedByTopic.health });
      expect(health.days.map((day) => day.reportsByTopic)).toEqual(byWeeks.days.map((day) => (day.reportsByTopic.health ? { health: day.reportsByTopic.health } : {})));
      expect(health.response).toEqual(byWeeks.response);
    }
  });
});

describe('figures kept briefly', () => {
  test('concurrent asks share one making; a failure is not kept; an entry expires', async () => {
    let made = 0;
    const kept = keptBriefly<{ n: number }>({ ttlMs: 60_000, max: 2 });
    const make = () => Promise.resolve({ n: (made += 1) });
    const [a, b] = await Promise.all([kept.get('k', make), kept.get('k', make)]);
    expect(a).toBe(b);
    expect(made).toBe(1);
    await expect(kept.get('bad', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await kept.get('bad', make)).toEqual({ n: 2 });
    // The oldest goes when more than `max` are kept.
    await kept.get('third', make);
    expect(await kept.get('k', make)).toEqual({ n: 4 });
    kept.clear();
    expect(await kept.get('k', make)).toEqual({ n: 5 });
    const expired = keptBriefly<{ n: number }>({ ttlMs: 0, max: 10 });
    expect(await expired.get('k', make)).not.toBe(await expired.get('k', make));
  });
});

describe('dashboard helpers', () => {
  test('a period of the time chart covers its days within the range', () => {
    const range = { from: '2026-11-04', to: '2026-12-01' };
    expect(periodDays('2026-11-20T13', 'hour', range)).toEqual({ from: '2026-11-20', to: '2026-11-20' });
    expect(periodDays('2026-11-20', 'day', range)).toEqual({ from: '2026-11-20', to: '2026-11-20' });
    expect(periodDays('2026-11-02', 'week', range)).toEqual({ from: '2026-11-04', to: '2026-11-08' });
    expect(periodDays('2026-11-30', 'week', range)).toEqual({ from: '2026-11-30', to: '2026-12-01' });
  });

  test('weeks start on Monday (UTC)', () => {
    expect(weekOf('2026-11-30')).toBe('2026-11-30');
    expect(weekOf('2026-12-06')).toBe('2026-11-30');
    expect(weekOf('2026-12-07')).toBe('2026-12-07');
  });

  test('CSV quotes what needs it and never lets a spreadsheet read a formula', () => {
    expect(toCsv(['a', 'b'], [['x,y', '=SUM(A1)'], ['say "hi"', 3], [null, '-1']])).toBe('\uFEFFa,b\r\n"x,y",\'=SUM(A1)\r\n"say ""hi""",3\r\n,\'-1\r\n');
  });
});

test('the most reported cases are the first of the full order, ties by id', () => {
  const counts = new Map<string, number>();
  for (let i = 0; i < 500; i += 1) counts.set(`c${String(i).padStart(3, '0')}`, (i * 37) % 23);
  const full = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const limit of [1, 10, 22, 200, 500, 600]) expect(mostReported(counts, limit)).toEqual(full.slice(0, limit));
  expect(mostReported(new Map(), 10)).toEqual([]);
});

describe('settled periods', () => {
  test('a period settles an hour after it ended; writers stop incrementing it half an hour after', () => {
    const end = Date.parse('2026-11-10T00:00:00Z');
    expect(isSettled('2026-11-09', end + SETTLED_AFTER_MS - 1)).toBe(false);
    expect(isSettled('2026-11-09', end + SETTLED_AFTER_MS)).toBe(true);
    expect(writesClosed('2026-11-09', end + SETTLED_AFTER_MS / 2 - 1)).toBe(false);
    expect(writesClosed('2026-11-09', end + SETTLED_AFTER_MS / 2)).toBe(true);
    // The week of Monday 2 November ends with Sunday the 8th.
    expect(isSettled('w2026-11-02', end - 86_400_000 + SETTLED_AFTER_MS - 1)).toBe(false);
    expect(isSettled('w2026-11-02', end - 86_400_000 + SETTLED_AFTER_MS)).toBe(true);
    // Newest first: the days, and each week with its Sunday.
    expect(settledPeriodsSince('2026-11-08', new Date(end + SETTLED_AFTER_MS))).toEqual(['2026-11-09', '2026-11-08', 'w2026-11-02']);
  });

  test('a settled document adding up several writers’ documents gives their figures, whether its sources are still read with it or not', () => {
    const random = seededRandom(11);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
    const start = Date.parse('2026-11-02T00:00:00Z');
    const writers = ['a', 'b', 'c'].map(() => new Map<string, RollupRecord>());
    for (let i = 0; i < 300; i += 1) {
      const common = { at: new Date(start + Math.floor(random() * 7 * 86_400_000)), topic: pick(['health', 'environment'] as const), lane: pick(['normal', 'hot'] as const), region: pick(['440305', '110101', null]), language: pick(['zh', 'en'] as const) };
      const facts: InsightFact[] = [
        { kind: 'report', ...common, platformId: pick(['p1', 'p2']) },
        { kind: 'milestone', at: common.at, milestone: 'published', seconds: random() * 200_000, lane: common.lane, region: common.region, deadline: { met: random() < 0.7, orgId: 'o1' } },
      ];
      const writer = pick(writers);
      for (const increment of facts.flatMap((fact) => incrementsOf(fact, regionChain))) {
        const id = `${increment.key.period}|${increment.key.scope}|${increment.key.topic}`;
        const record = writer.get(id) ?? ({ _id: new Types.ObjectId(), ...increment.key, writer: 'w' });
        addCounters(record as never, rollupDocumentOf(increment, 'w') as never);
        writer.set(id, record);
      }
    }
    // The days' documents (a week's would count its days again).
    const sources = writers.flatMap((writer) => [...writer.values()]).filter((record) => record.scope === 'CN' && record.topic === '*' && !record.period.startsWith('w'));
    const groups = new Map<string, RollupRecord[]>();
    for (const record of sources) groups.set(record.period, [...(groups.get(record.period) ?? []), record]);
    const settled = [...groups].map(([period, group]): RollupRecord => ({ _id: new Types.ObjectId(), period, scope: 'CN', topic: '*', writer: 'settled-1', packed: JSON.stringify(group.reduce((sum, record) => addCounters(sum, countersOf(record)), {})), merged: group.map((record) => record._id) }));
    const days = daysBetween('2026-11-02', '2026-11-08');
    const figures = aggregate(days, sources, sources);
    expect(figures.reports.total).toBe(300);
    for (const read of [settled, [...settled, ...sources], [...sources.slice(0, 5), ...settled]]) {
      const counted = countedRecords(read);
      expect(counted).toHaveLength(settled.length);
      expect(aggregate(days, counted, counted)).toEqual(figures);
    }
  });
});
