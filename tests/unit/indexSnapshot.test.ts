import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSnapshot, writeSnapshot } from '../../server/src/features/matching/indexSnapshot';
import { MemoryIndex } from '../../server/src/features/matching/memoryIndex';
import { normalizeText } from '../../server/src/features/matching/normalize';
import { DEFAULT_MATCH_SETTINGS } from '../../server/src/features/matching/settings';
import { matchTokens } from '../../server/src/features/matching/tokens';
import { backgroundWeights } from '../../server/src/features/matching/weights';

const settings = DEFAULT_MATCH_SETTINGS;
const weights = backgroundWeights(settings.segmentation);
const featuresOf = (text: string) => matchTokens(normalizeText(text), settings.segmentation);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-index-snapshot-'));
const file = path.join(dir, 'match-index.snapshot');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const TEXTS = [
  '吃隔夜菜会导致胃癌，亚硝酸盐严重超标',
  'Vaccines contain microchips that track your location through 5G',
  'Eating bananas at night dissolves kidney stones, a urologist reveals',
];

function builtIndex(): MemoryIndex {
  const index = new MemoryIndex(settings.lsh, settings.maxCandidates, weights);
  TEXTS.forEach((text, i) => index.addReport({ claimId: `r${i}`, caseId: `c${i}`, features: featuresOf(text), reachScore: i, emergency: i === 1, receivedAt: 1000 + i }));
  index.merge('c2', 'c0');
  index.setKey('exact-key', 'c1');
  index.setCaseState('c1', { status: 'published', publicationId: 'p1' });
  return index;
}

test('an index read back from its snapshot answers as the index did', () => {
  const index = builtIndex();
  writeSnapshot(file, index, { settings, databaseId: 'db-1', takenAt: 5000 });
  const read = readSnapshot(file, { settings, weights, databaseId: 'db-1' });
  if (!read.index) throw new Error(`snapshot not read: ${read.reason}`);
  expect(read.header).toMatchObject({ takenAt: 5000, reports: 3, lastClaimId: 'r2' });
  const query = featuresOf('隔夜菜会导致胃癌，因为亚硝酸盐超标');
  expect(read.index.nearest(query)).toEqual(index.nearest(query));
  expect(read.index.caseOfKey('exact-key')).toBe('c1');
  expect(read.index.caseState('c1')).toEqual({ status: 'published', publicationId: 'p1' });
  expect(read.index.reportsOf('c0')).toEqual(index.reportsOf('c0'));
  // The restored index keeps growing like any other.
  read.index.addReport({ claimId: 'r3', caseId: 'c3', features: featuresOf('5G towers spread the coronavirus'), reachScore: 0, emergency: false, receivedAt: 2000 });
  expect(read.index.reportCount).toBe(4);
});

test('a snapshot is refused, with its reason, when anything it depends on differs', () => {
  writeSnapshot(file, builtIndex(), { settings, databaseId: 'db-1', takenAt: 5000 });
  const reasonFor = (expected: Partial<Parameters<typeof readSnapshot>[1]>) => {
    const read = readSnapshot(file, { settings, weights, databaseId: 'db-1', ...expected });
    return read.index ? 'read' : read.reason;
  };
  expect(reasonFor({})).toBe('read');
  expect(reasonFor({ databaseId: 'db-2' })).toBe('taken of another database');
  expect(reasonFor({ settings: { ...settings, lsh: { bands: 16, rows: 4 } } })).toBe('built with other matching settings or weights');

  const bytes = fs.readFileSync(file);
  const headerEnd = bytes.indexOf(0x0a);
  const header = JSON.parse(bytes.subarray(0, headerEnd).toString('utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, layout: 0 })}\n`), bytes.subarray(headerEnd + 1)]));
  expect(reasonFor({})).toMatch(/^written by another version/);

  fs.writeFileSync(file, Buffer.concat([bytes.subarray(0, headerEnd + 1), bytes.subarray(headerEnd + 1, bytes.length - 1)]));
  expect(reasonFor({})).toBe('corrupt (checksum mismatch)');
  fs.writeFileSync(file, 'not a snapshot');
  expect(reasonFor({})).toBe('not a snapshot (no header)');
  fs.rmSync(file);
  expect(reasonFor({})).toBe('none yet');
});

test("an index read back from its snapshot weighs features as the index did: the collection's frequencies and its count of core reports", () => {
  const index = new MemoryIndex(settings.lsh, settings.maxCandidates, weights);
  // 250 cases, enough for the collection's discount; in 50 of them a report joined.
  for (let i = 0; i < 250; i += 1) {
    index.addReport({ claimId: `core${i}`, caseId: `case${i}`, features: featuresOf(`${TEXTS[i % 3]} 第${i}号`), core: true, reachScore: 0, emergency: false, receivedAt: i });
    if (i % 5 === 0) index.addReport({ claimId: `joined${i}`, caseId: `case${i}`, features: featuresOf(TEXTS[0]!), core: false, reachScore: 0, emergency: false, receivedAt: i });
  }
  writeSnapshot(file, index, { settings, databaseId: 'db-1', takenAt: 6000 });
  const read = readSnapshot(file, { settings, weights, databaseId: 'db-1' });
  if (!read.index) throw new Error(`snapshot not read: ${read.reason}`);
  for (const feature of ['隔夜', 'vaccin', 'banana', '号']) {
    expect(read.index.collectionWeights.weight(feature)).toBe(index.collectionWeights.weight(feature));
  }
  expect(index.collectionWeights.weight('隔夜')).toBeLessThan(weights.weight('隔夜'));
});
