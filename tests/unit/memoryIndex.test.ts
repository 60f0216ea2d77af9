import { MemoryIndex } from '../../server/src/features/matching/memoryIndex';
import { normalizeText } from '../../server/src/features/matching/normalize';
import { DEFAULT_MATCH_SETTINGS } from '../../server/src/features/matching/settings';
import { featureSimilarity } from '../../server/src/features/matching/similarity';
import { matchTokens } from '../../server/src/features/matching/tokens';
import { backgroundWeights } from '../../server/src/features/matching/weights';

const weights = backgroundWeights(DEFAULT_MATCH_SETTINGS.segmentation);
const featuresOf = (text: string) => matchTokens(normalizeText(text), DEFAULT_MATCH_SETTINGS.segmentation);
const fresh = () => new MemoryIndex(DEFAULT_MATCH_SETTINGS.lsh, DEFAULT_MATCH_SETTINGS.maxCandidates, weights);
const report = (claimId: string, caseId: string, text: string, indexed = true) => ({
  claimId,
  caseId,
  features: indexed ? featuresOf(text) : undefined,
  reachScore: 10,
  emergency: false,
  receivedAt: Date.now(),
});

const TEXTS = [
  '医生证实：每天喝热水能杀死喉咙里的新冠病毒，转给家人！',
  'Drinking hot water every fifteen minutes flushes the virus into your stomach',
  '吃隔夜菜会导致胃癌，亚硝酸盐严重超标',
  'Vaccines contain microchips that track your location through 5G',
];

test('scores like similarity.ts and finds the indexed variant of a repost', () => {
  const index = fresh();
  TEXTS.forEach((text, i) => index.addReport(report(`r${i}`, `c${i}`, text)));
  const query = featuresOf('每天喝热水，能杀死喉咙里的新冠病毒，医生证实的');
  const [best] = index.nearest(query);
  expect(best).toMatchObject({ claimId: 'r0', caseId: 'c0' });
  expect(best!.similarity).toBeCloseTo(featureSimilarity(query, featuresOf(TEXTS[0]!), weights), 12);
  expect(index.exhaustiveNearest(query)).toEqual(best);
  expect(index.nearest(featuresOf('The city marathon route changes this Sunday'))).toEqual([]);
});

test('merges and moves change the case a report is found in, and its counts', () => {
  const index = fresh();
  index.addReport(report('a', 'A', TEXTS[1]!));
  index.addReport(report('b', 'B', TEXTS[3]!));
  index.setKey('key-b', 'B');
  index.merge('B', 'A');
  expect(index.nearest(featuresOf(TEXTS[3]!))[0]).toMatchObject({ claimId: 'b', caseId: 'A' });
  expect(index.caseOfKey('key-b')).toBe('A');
  expect(index.reportsOf('A')).toHaveLength(2);
  expect(index.reportsOf('B')).toHaveLength(2);
  // A report stored for the merged case by a process that had not heard of the merge yet.
  index.addReport(report('late', 'B', TEXTS[3]!, false));
  expect(index.caseOfReport('late')).toBe('A');
  index.addReport(report('b', 'N', TEXTS[3]!));
  expect(index.nearest(featuresOf(TEXTS[3]!))[0]).toMatchObject({ claimId: 'b', caseId: 'N' });
  expect(index.reportsOf('A')).toHaveLength(2);
  expect(index.reportsOf('N')).toHaveLength(1);
  expect(index.indexedCount).toBe(2);
  expect(index.reportCount).toBe(3);
});

test('a reworded report sharing the rare words of a rumor is found through its key terms, a single word is not matched', () => {
  const index = fresh();
  TEXTS.forEach((text, i) => index.addReport(report(`r${i}`, `c${i}`, text)));
  index.addReport(report('acid', 'acid-case', '酸性体质是万病之源，癌症病人都是酸性体质，多吃碱性食物才能防癌'));
  // These two share no LSH band at all; what they share is 酸性体质, 碱性食物, 癌症.
  const reworded = featuresOf('酸性體質容易得癌症，要多吃鹼性食物調理身體');
  expect(index.nearest(reworded)[0]).toMatchObject({ claimId: 'acid', caseId: 'acid-case' });
  expect(index.nearest(featuresOf('hot'))).toEqual([]);
});

test("a case's core follows its reports through joins, moves and merges", () => {
  const index = fresh();
  index.addReport({ ...report('opener', 'A', TEXTS[2]!), core: true });
  index.addReport({ ...report('variant', 'A', TEXTS[0]!), core: false });
  index.addReport({ ...report('other', 'B', TEXTS[1]!), core: true });
  expect(index.coresOf('A')).toEqual(['opener']);
  // A reviewer moves the variant out: in its new case it is what that case is about.
  index.addReport({ ...report('variant', 'C', TEXTS[0]!), core: true });
  expect(index.coresOf('A')).toEqual(['opener']);
  expect(index.coresOf('C')).toEqual(['variant']);
  index.merge('B', 'A');
  expect(index.coresOf('A').sort()).toEqual(['opener', 'other']);
  expect(index.coresOf('B').sort()).toEqual(['opener', 'other']);
  // Reports not indexed for matching are no core to compare with.
  index.addReport({ ...report('unindexed', 'D', TEXTS[3]!, false), core: true });
  expect(index.coresOf('D')).toEqual([]);
});

test('reports per published case in a range are counted from the days the range covers, after moves, merges and late arrivals', () => {
  const index = fresh();
  const DAY = 86_400_000;
  const start = Date.parse('2026-03-02T00:00:00Z');
  const at = (day: number, hour: number) => start + day * DAY + hour * 3_600_000;
  const arrivals: Array<[string, string, number]> = [
    ['r1', 'A', at(0, 1)],
    ['r2', 'A', at(1, 23)],
    ['r3', 'B', at(2, 0)],
    ['r4', 'B', at(2, 12)],
    ['r5', 'C', at(3, 6)],
    ['r6', 'A', at(5, 5)],
  ];
  for (const [claimId, caseId, receivedAt] of arrivals) index.addReport({ claimId, caseId, reachScore: 0, emergency: false, receivedAt });
  for (const caseId of ['A', 'B', 'C']) index.setCaseState(caseId, { status: 'published', publicationId: `p${caseId}` });
  // A range cut inside days: only the reports within it count.
  expect(index.publishedCaseReportsBetween(at(1, 12), at(3, 7))).toEqual(new Map([['A', 1], ['B', 2], ['C', 1]]));
  expect(index.publishedCaseReportsBetween(at(2, 1), at(2, 12))).toEqual(new Map());
  // A report moved to another case, a merge, a report arriving after the first count, an unpublished case.
  index.addReport({ claimId: 'r4', caseId: 'C', reachScore: 0, emergency: false, receivedAt: at(2, 12) });
  index.merge('B', 'A');
  index.addReport({ claimId: 'r7', caseId: 'C', reachScore: 0, emergency: false, receivedAt: at(3, 8) });
  index.addReport({ claimId: 'r8', caseId: 'D', reachScore: 0, emergency: false, receivedAt: at(3, 9) });
  expect(index.publishedCaseReportsBetween(at(0, 0), at(7, 0))).toEqual(new Map([['A', 4], ['C', 3]]));
  expect(index.publishedCaseReportsBetween(at(2, 0), at(3, 7))).toEqual(new Map([['A', 1], ['C', 2]]));
  expect(index.publishedCaseReportsBetween(at(2, 0), at(4, 0))).toEqual(new Map([['A', 1], ['C', 3]]));
  expect(index.publishedCaseReportsBetween(-Infinity, Infinity)).toEqual(new Map([['A', 4], ['C', 3]]));
  expect(index.publishedCaseReportsBetween(at(6, 0), at(7, 0))).toEqual(new Map());
  // With a limit, the cases at or above the limit's count, ties kept.
  expect(index.publishedCaseReportsBetween(at(0, 0), at(7, 0), 1)).toEqual(new Map([['A', 4]]));
  expect(index.publishedCaseReportsBetween(at(2, 0), at(4, 0), 1)).toEqual(new Map([['C', 3]]));
  expect(index.publishedCaseReportsBetween(at(0, 0), at(3, 0), 1)).toEqual(new Map([['A', 3]]));
  // A case published and one taken back to open after a count: the next count knows.
  index.setCaseState('D', { status: 'published', publicationId: 'pD' });
  index.setCaseState('C', { status: 'open', publicationId: null });
  expect(index.publishedCaseReportsBetween(at(0, 0), at(7, 0))).toEqual(new Map([['A', 4], ['D', 1]]));
  expect(index.publishedCaseReportsBetween(at(3, 0), at(4, 0), 1)).toEqual(new Map([['D', 1]]));
});

test('a lookup among the cases it admits is not crowded out by near copies in cases of their own', () => {
  // Few places for candidates, so that a few dozen copies fill them as hundreds fill the default.
  const index = new MemoryIndex(DEFAULT_MATCH_SETTINGS.lsh, 16, weights);
  index.addReport(report('published', 'P', '吃隔夜菜会导致胃癌，亚硝酸盐严重超标，千万别再吃了'));
  for (let i = 0; i < 60; i += 1) {
    index.addReport(report(`copy${i}`, `open${i}`, `吃隔夜菜会导致胃癌，亚硝酸盐严重超标，千万别再吃了。来源：老中医养生堂第${i + 1}期，健康知识每日分享，关注我们了解更多`));
  }
  // The next copy of the flood: each copy shares more with it than the published case does.
  const query = featuresOf('吃隔夜菜会导致胃癌，亚硝酸盐严重超标，千万别再吃了。来源：老中医养生堂第99期，健康知识每日分享，关注我们了解更多');
  const isPublished = (caseId: string) => caseId === 'P';
  expect(index.nearest(query).some((candidate) => candidate.caseId === 'P')).toBe(false);
  expect(index.nearest(query, undefined, isPublished)).toEqual([expect.objectContaining({ caseId: 'P', claimId: 'published' })]);
});

test("the collection's frequencies count core reports: reports that join a viral rumor's case do not make its words common", () => {
  const rumor = '隔夜菜千万不能吃！放一晚上亚硝酸盐就超标几十倍，吃了直接致癌';
  // Enough cases for the collection to count (200 core reports), none about leftovers.
  const withBackground = () => {
    const index = fresh();
    for (let i = 0; i < 240; i += 1) index.addReport(report(`b${i}`, `background${i}`, `${TEXTS[i % 2]} 第${i}期 ${['周一', '周二', '周三', '周四', '周五', '周六'][i % 6]}`));
    index.addReport(report('core', 'viral', rumor));
    return index;
  };
  const quiet = withBackground();
  const viral = withBackground();
  for (let i = 0; i < 400; i += 1) viral.addReport({ ...report(`joined${i}`, 'viral', `${rumor}${'！'.repeat(i % 5)} 转发${i}`), core: false });
  expect(viral.collectionWeights.weight('隔夜')).toBe(quiet.collectionWeights.weight('隔夜'));

  // Cases of their own, each opened by a text on leftovers, do make the words common.
  const crowded = withBackground();
  for (let i = 0; i < 400; i += 1) crowded.addReport(report(`own${i}`, `own${i}`, `${rumor} 转发${i}`));
  expect(crowded.collectionWeights.weight('隔夜')).toBeLessThan(quiet.collectionWeights.weight('隔夜') / 2);
  // Joined reports moved out open cases of their own: they count from then on.
  for (let i = 0; i < 30; i += 1) viral.addReport({ ...report(`joined${i}`, `moved${i}`, rumor), core: true });
  expect(viral.collectionWeights.weight('隔夜')).toBeLessThan(quiet.collectionWeights.weight('隔夜'));
});
