import v8 from 'node:v8';
import { ANSWER_CALIBRATION } from '../../server/src/features/matching/answerCalibration';
import { assessCandidates, caseProbability, joinEvidence, joinsOpenCase } from '../../server/src/features/matching/assess';
import { caseSignature } from '../../server/src/features/matching/caseSignature';
import { rankLookup } from '../../server/src/features/matching/lookupRanking';
import { MemoryIndex, statementEntryId } from '../../server/src/features/matching/memoryIndex';
import { normalizeText } from '../../server/src/features/matching/normalize';
import { DEFAULT_MATCH_SETTINGS as settings } from '../../server/src/features/matching/settings';
import { isMarker, matchTokens } from '../../server/src/features/matching/tokens';
import { backgroundWeights } from '../../server/src/features/matching/weights';
import { toPlainText } from '../../server/src/text/plainText';

const weights = backgroundWeights(settings.segmentation);
const featuresOf = (text: string) => matchTokens(normalizeText(text), settings.segmentation);
/** Each edit is the statement's next version. */
let versions = 0;
const V = () => (versions += 1);

const OPENER = '转发扩散！家里老人一定要看：剩饭剩菜在冰箱里放一夜再热了吃，毒素越积越多，天天这样吃迟早得大病';
const STATEMENT = '隔夜菜含亚硝酸盐，吃了会致癌';
const REWORDINGS = ['隔夜菜里亚硝酸盐超标，吃了容易致癌', '吃隔夜菜会致癌吗？亚硝酸盐是致癌物', '隔夜菜含有亚硝酸盐会致癌'];

function openedCase(): MemoryIndex {
  const index = new MemoryIndex(settings.lsh, settings.maxCandidates, weights);
  index.addReport({ claimId: 'opener', caseId: 'A', features: featuresOf(OPENER), core: true, reachScore: 3, emergency: false, receivedAt: 1000 });
  return index;
}

/** Whether the text joins case A under the calibrated join rule. */
function joinsA(index: MemoryIndex, text: string): boolean {
  const candidate = assessCandidates(index, featuresOf(text)).find((assessed) => assessed.caseId === 'A');
  if (!candidate) return false;
  const probability = caseProbability(candidate, ANSWER_CALIBRATION.answerModel);
  return joinsOpenCase(joinEvidence(candidate), settings.joinThreshold, settings.joinCoreGap, probability, settings.joinProbability);
}

test('rewordings of the claim as reviewed join a case whose opening report they share little with', () => {
  const index = openedCase();
  for (const text of REWORDINGS) expect({ text, joins: joinsA(index, text) }).toEqual({ text, joins: false });
  index.setStatement('A', featuresOf(STATEMENT), V());
  for (const text of REWORDINGS) expect({ text, joins: joinsA(index, text) }).toEqual({ text, joins: true });
  // A denial of the claim is never the claim, whatever words it shares with the statement.
  expect(joinsA(index, '隔夜菜含亚硝酸盐会致癌是谣言，正常冷藏的剩菜吃了不会致癌')).toBe(false);
  expect(index.nearest(featuresOf(REWORDINGS[0]!))[0]).toMatchObject({ caseId: 'A', claimId: statementEntryId('A') });
  expect(index.coresOf('A').sort()).toEqual(['opener', statementEntryId('A')].sort());
});

test('the statement is no report: counts, arrivals, rankings and collection frequencies leave it out; it is the signature', () => {
  const index = openedCase();
  index.setCaseState('A', { status: 'published', publicationId: 'p' });
  const before = { signature: caseSignature(index, 'A'), common: index.collectionWeights.weight('亚硝酸盐') };
  index.setStatement('A', featuresOf(STATEMENT), V());
  expect(index.reportCount).toBe(1);
  expect(index.indexedCount).toBe(1);
  expect(index.lastClaimId).toBe('opener');
  expect(index.reportsOf('A')).toHaveLength(1);
  expect(index.reportsFrom(0)).toEqual([{ caseId: 'A', receivedAt: 1000 }]);
  expect(index.publishedCaseReportsBetween(0, 2000)).toEqual(new Map([['A', 1]]));
  expect(index.reportedCases()).toEqual([{ slot: 0, caseId: 'A', claimId: 'opener' }]);
  expect(index.sampleOf('A', 9)).toEqual(['opener']);
  expect(index.collectionWeights.weight('亚硝酸盐')).toBe(before.common);
  // What the case is about in so many words: a rewording of the statement holds its signature.
  expect(caseSignature(index, 'A').sort()).toEqual(featuresOf(STATEMENT).filter((feature) => !isMarker(feature)).sort());
  expect(caseSignature(index, 'A')).not.toEqual(before.signature);
});

test("a near-exact rewording of the claim as reviewed clears the published-answer bar; the opening report's wording alone did not", () => {
  const index = openedCase();
  index.setCaseState('A', { status: 'published', publicationId: 'p' });
  const answerProbability = (text: string) => {
    // As POST /match judges it: the published candidates, in the known-rumor lookup's order and model.
    const features = featuresOf(text);
    const candidate = rankLookup(index, features, assessCandidates(index, features)).find((assessed) => assessed.caseId === 'A');
    return candidate?.answerProbability ?? 0;
  };
  const question = `听说${STATEMENT}，是真的吗？`;
  expect(answerProbability(question)).toBeLessThan(settings.answerThreshold);
  index.setStatement('A', featuresOf(STATEMENT), V());
  expect(answerProbability(question)).toBeGreaterThanOrEqual(settings.answerThreshold);
  expect(answerProbability('隔夜菜含亚硝酸盐会致癌是谣言，正常冷藏的剩菜吃了不会致癌')).toBe(0);
});

test('an edit replaces the statement, and taking it away leaves the case as it was', () => {
  const index = openedCase();
  index.setStatement('A', featuresOf('Wi-Fi routers in bedrooms cause insomnia'), V());
  expect(joinsA(index, 'Wi-Fi routers in the bedroom cause insomnia')).toBe(true);
  index.setStatement('A', featuresOf(STATEMENT), V());
  expect(index.nearest(featuresOf('Wi-Fi routers in the bedroom cause insomnia'))).toEqual([]);
  expect(index.exhaustiveNearest(featuresOf('Wi-Fi routers in the bedroom cause insomnia'))?.similarity).toBe(0);
  expect(joinsA(index, REWORDINGS[0]!)).toBe(true);
  const stated = caseSignature(index, 'A');
  index.setStatement('A', [], V());
  expect(joinsA(index, REWORDINGS[0]!)).toBe(false);
  expect(index.coresOf('A')).toEqual(['opener']);
  expect(caseSignature(index, 'A')).not.toEqual(stated);
  expect(caseSignature(index, 'A')).toEqual(caseSignature(openedCase(), 'A'));
  expect(index.featuresOf(statementEntryId('A'))).toEqual([]);
});

test('versions read out of order: an older one arriving late changes nothing', () => {
  const index = openedCase();
  index.setStatement('A', featuresOf(STATEMENT), 3);
  index.setStatement('A', featuresOf('Wi-Fi routers in bedrooms cause insomnia'), 2);
  expect(joinsA(index, REWORDINGS[0]!)).toBe(true);
  expect(index.nearest(featuresOf('Wi-Fi routers in the bedroom cause insomnia'))).toEqual([]);
  // Taken away (version 5) before version 4 is read: it stays away.
  index.setStatement('A', [], 5);
  index.setStatement('A', featuresOf(STATEMENT), 4);
  expect(index.coresOf('A')).toEqual(['opener']);
  // The same version again (a retry announcing it) is taken as it is.
  index.setStatement('A', [], 5);
  expect(index.coresOf('A')).toEqual(['opener']);
});

test('a merge takes the statement along, and a snapshot of the index keeps it', () => {
  const index = openedCase();
  index.addReport({ claimId: 'other', caseId: 'B', features: featuresOf('5G towers spread the coronavirus'), core: true, reachScore: 0, emergency: false, receivedAt: 1001 });
  index.setStatement('A', featuresOf(STATEMENT), V());
  index.merge('A', 'B');
  expect(index.nearest(featuresOf(REWORDINGS[2]!))[0]).toMatchObject({ caseId: 'B', claimId: statementEntryId('A') });
  expect(index.coresOf('B').sort()).toEqual(['opener', 'other', statementEntryId('A')].sort());
  const copy = MemoryIndex.fromState(v8.deserialize(v8.serialize(index.exportState())) as ReturnType<MemoryIndex['exportState']>, settings.lsh, settings.maxCandidates, weights);
  expect(copy.nearest(featuresOf(REWORDINGS[2]!))).toEqual(index.nearest(featuresOf(REWORDINGS[2]!)));
  copy.setStatement('A', [], V());
  expect(copy.coresOf('B').sort()).toEqual(['opener', 'other']);
});

test('a statement is stored as plain text', () => {
  expect(toPlainText('  隔夜菜<b>含</b>亚硝酸盐 &amp; <script>alert(1)</script>\n会致癌 <  ')).toBe('隔夜菜含亚硝酸盐 & 会致癌 <');
  expect(toPlainText('<img src=x onerror=alert(1)>')).toBe('');
});

test('a case whose reports were all moved out still brings its statement along when it is merged', () => {
  const index = new MemoryIndex(settings.lsh, settings.maxCandidates, weights);
  index.addReport({ claimId: 'only', caseId: 'A', features: featuresOf(OPENER), core: true, reachScore: 1, emergency: false, receivedAt: 1 });
  index.setStatement('A', featuresOf(STATEMENT), V());
  index.addReport({ claimId: 'only', caseId: 'C', features: featuresOf(OPENER), core: true, reachScore: 1, emergency: false, receivedAt: 1 });
  index.merge('A', 'B');
  expect(index.coresOf('B')).toEqual([statementEntryId('A')]);
  expect(index.nearest(featuresOf(REWORDINGS[0]!))[0]).toMatchObject({ caseId: 'B', claimId: statementEntryId('A') });
});
