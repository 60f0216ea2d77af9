/** The ranking of experts for a case: a pure function, its reasons adding up to the score. */
import { balanceKey, bestOnCall, loadSteps, POINTS, rankCandidates, routingOrder, tierToAsk, type CaseFacts, type ExpertFacts } from '../../server/src/features/routing/ranking';
import { chinaDay, median, onLeaveUntil } from '../../server/src/features/experts/availability';

const hangzhouCase: CaseFacts = { topic: 'health', lane: 'normal', language: 'zh', text: '接种新冠疫苗会改变DNA', region: { code: '330102', province: '330000' } };

function expert(userId: string, overrides: Partial<ExpertFacts> = {}): ExpertFacts {
  return {
    userId,
    name: `Expert ${userId}`,
    domains: ['health'],
    keywords: [],
    region: { code: '110101', province: '110000' },
    languages: ['zh'],
    capacity: 4,
    openCases: 0,
    onLeaveUntil: null,
    onCall: false,
    responseMinutes: [],
    ...overrides,
  };
}

test('domain fit, then region (same place before same province) and load against capacity decide the order: an expert in place three quarters full ranks below a free one elsewhere', () => {
  const ranked = rankCandidates(hangzhouCase, [
    expert('a-elsewhere'),
    expert('b-province', { region: { code: '330106', province: '330000' } }),
    expert('c-same', { region: { code: '330102', province: '330000' } }),
    expert('d-same-busy', { region: { code: '330102', province: '330000' }, openCases: 3 }),
    expert('e-wrong-domain', { domains: ['energy'], region: { code: '330102', province: '330000' } }),
  ]);
  expect(ranked.map((candidate) => candidate.userId)).toEqual(['c-same', 'b-province', 'a-elsewhere', 'd-same-busy', 'e-wrong-domain']);
  for (const candidate of ranked) expect(candidate.score).toBeCloseTo(candidate.reasons.reduce((sum, reason) => sum + reason.points, 0), 5);
  expect(ranked.find((candidate) => candidate.userId === 'e-wrong-domain')).toMatchObject({ eligible: false });
  expect(ranked[0]!.reasons).toEqual(
    expect.arrayContaining([
      { kind: 'domain', fits: true, points: POINTS.domain },
      { kind: 'region', fit: 'same', points: POINTS.sameRegion },
      { kind: 'load', open: 0, capacity: 4, points: POINTS.load },
    ]),
  );
});

test('an expert on leave or at capacity is never eligible, however well they fit', () => {
  const ranked = rankCandidates(hangzhouCase, [
    expert('away', { region: { code: '330102', province: '330000' }, onLeaveUntil: '2026-12-01' }),
    expert('full', { region: { code: '330102', province: '330000' }, openCases: 4 }),
    expert('free'),
  ]);
  expect(ranked[0]!.userId).toBe('free');
  expect(ranked.filter((candidate) => candidate.eligible).map((candidate) => candidate.userId)).toEqual(['free']);
  expect(ranked.find((candidate) => candidate.userId === 'away')!.reasons).toContainEqual({ kind: 'availability', available: false, until: '2026-12-01', points: POINTS.onLeave });
});

test('keywords found in the case, languages and quick answers add points; on call counts in emergencies only', () => {
  const pool = [expert('quick', { responseMinutes: [5, 7, 9] }), expert('keyword', { keywords: ['疫苗', 'vaccine'] }), expert('on-call', { onCall: true })];
  const normal = rankCandidates(hangzhouCase, pool);
  expect(normal.find((candidate) => candidate.userId === 'keyword')!.reasons).toContainEqual({ kind: 'keywords', matched: ['疫苗'], points: POINTS.keyword });
  expect(normal.find((candidate) => candidate.userId === 'quick')!.reasons).toContainEqual({ kind: 'response', medianMinutes: 7, points: 9.7 });
  expect(normal.find((candidate) => candidate.userId === 'on-call')!.reasons).toContainEqual({ kind: 'on_call', onCall: true, points: 0 });

  const emergency = rankCandidates({ ...hangzhouCase, lane: 'emergency' }, pool);
  expect(emergency[0]!.userId).toBe('on-call');
  expect(bestOnCall(emergency, pool)?.userId).toBe('on-call');
  expect(bestOnCall(rankCandidates(hangzhouCase, [expert('x')]), [expert('x')])).toBeNull();
});

test('a case without a region gives nobody region points', () => {
  const ranked = rankCandidates({ ...hangzhouCase, region: null }, [expert('a', { region: { code: '330102', province: '330000' } })]);
  expect(ranked[0]!.reasons).toContainEqual({ kind: 'region', fit: 'unknown', points: 0 });
});

test('leave periods are calendar days in China time, both ends included', () => {
  // 2026-03-01 16:30 UTC is already 2 March in China.
  const at = new Date('2026-03-01T16:30:00Z');
  expect(chinaDay(at)).toBe('2026-03-02');
  expect(onLeaveUntil([{ from: '2026-03-02', to: '2026-03-02' }], at)).toBe('2026-03-02');
  expect(onLeaveUntil([{ from: '2026-02-20', to: '2026-03-01' }], at)).toBeNull();
  expect(onLeaveUntil([{ from: '2026-02-20', to: '2026-03-05' }, { from: '2026-03-01', to: '2026-03-09' }], at)).toBe('2026-03-09');
  expect(median([])).toBeNull();
  expect(median([4, 1, 3, 2])).toBe(2.5);
});

test('routing orders by load against capacity in quarters, fit deciding among the equally free; across levels (an emergency\'s on-call search, a round once every level was asked) a quarter more per level above the units', () => {
  const inPlace = { region: { code: '330102', province: '330000' } };
  const units = rankCandidates(hangzhouCase, [
    expert('unit-half', { ...inPlace, capacity: 4, openCases: 2 }),
    expert('unit-sixth', { ...inPlace, capacity: 6, openCases: 1 }),
    expert('unit-free-elsewhere', { capacity: 4, openCases: 0 }),
    expert('unit-full', { ...inPlace, capacity: 2, openCases: 2 }),
  ]);
  const parent = rankCandidates(hangzhouCase, [expert('parent-free', { capacity: 4 }), expert('parent-quarter', { capacity: 4, openCases: 1 })]);
  const top = rankCandidates(hangzhouCase, [expert('top-free', { capacity: 4 })]);

  expect(units.map((candidate) => loadSteps(candidate))).toEqual(expect.arrayContaining([0, 0, 2, 4]));
  const ordered = routingOrder([units, parent, top]);
  // One case of six is less than a quarter: as free as none, and the better fit (same place) goes first.
  // The parent's free expert counts a quarter on, after the units' free ones; the top level's free
  // one two quarters on, level with the unit's expert half full (fit decides: the one in place).
  expect(ordered.map((candidate) => [candidate.userId, candidate.key])).toEqual([
    ['unit-sixth', 0],
    ['unit-free-elsewhere', 0],
    ['parent-free', 1],
    ['unit-half', 2],
    ['top-free', 2],
    ['parent-quarter', 2],
  ]);
  // Nobody full, on leave or outside the domain is in the order at all.
  expect(ordered.map((candidate) => candidate.userId)).not.toContain('unit-full');
  expect(balanceKey(units.find((candidate) => candidate.userId === 'unit-half')!, 1)).toBe(3);
});

test("a round asks the nearest tier with someone not yet asked: the case's units while they can, then each organisation above in turn; once all were asked, everyone again", () => {
  const ordered = [
    { userId: 'parent-a', tier: 1 },
    { userId: 'unit-a', tier: 0 },
    { userId: 'top-a', tier: 2 },
    { userId: 'parent-b', tier: 1 },
  ];
  const ids = (asked: string[]) => tierToAsk(ordered, new Set(asked)).map((candidate) => candidate.userId);
  expect(ids([])).toEqual(['unit-a']);
  expect(ids(['unit-a'])).toEqual(['parent-a', 'parent-b']);
  // One of the parent's still to ask: the parent's tier, in routing's order (the one asked before is the round's to skip or ask again).
  expect(ids(['unit-a', 'parent-a'])).toEqual(['parent-a', 'parent-b']);
  expect(ids(['unit-a', 'parent-a', 'parent-b'])).toEqual(['top-a']);
  expect(ids(['unit-a', 'parent-a', 'parent-b', 'top-a'])).toEqual(['parent-a', 'unit-a', 'top-a', 'parent-b']);
});
