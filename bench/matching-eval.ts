/**
 * npm run eval:matching — quality of report grouping and known-rumor lookup on the team's
 * labelled data (fixtures/matching/reports.json), against a plain baseline: exhaustive TF-IDF
 * cosine (natural) with one threshold. Prints a threshold sweep and the calibrated choice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TfIdf } from 'natural/lib/natural/tfidf';
import { DEFAULT_MATCH_SETTINGS } from '../server/src/features/matching/settings';
import { exactMatchKey, normalizeText } from '../server/src/features/matching/normalize';
import { matchTokens, type Segmentation } from '../server/src/features/matching/tokens';
import { FIXTURES_DIR } from '../server/src/paths';
import { backgroundWeights, type FeatureWeights } from '../server/src/features/matching/weights';
import { InMemoryIndex } from './inMemoryIndex';

interface LabelledData {
  groups: Array<{ id: string; topic: string; reports: Array<{ text: string; language: string }> }>;
  unrelated: Array<{ text: string; language: string }>;
}

const data = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'matching', 'reports.json'), 'utf8')) as LabelledData;

interface Report {
  text: string;
  group: number;
  key: string;
}

/** A fixed shuffle, so every run sees the reports in the same order. */
function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const reports: Report[] = shuffled(
  data.groups.flatMap((group, index) =>
    group.reports.map((r) => ({ text: r.text, group: index, key: exactMatchKey(normalizeText(r.text), r.text) })),
  ),
);

function pairwise(predicted: number[]): { precision: number; recall: number; f1: number } {
  let truePositive = 0;
  let predictedPairs = 0;
  let goldPairs = 0;
  for (let i = 0; i < reports.length; i += 1) {
    for (let j = i + 1; j < reports.length; j += 1) {
      const same = predicted[i] === predicted[j];
      const gold = reports[i]!.group === reports[j]!.group;
      if (same) predictedPairs += 1;
      if (gold) goldPairs += 1;
      if (same && gold) truePositive += 1;
    }
  }
  const precision = predictedPairs ? truePositive / predictedPairs : 1;
  const recall = goldPairs ? truePositive / goldPairs : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

type Nearest = (query: number) => { id: number; similarity: number } | null;

/** Greedy online grouping, as intake does it: join the best earlier report's cluster, or open one. */
function group(features: string[][], threshold: number, weights: FeatureWeights, nearestFor: (index: InMemoryIndex, f: string[]) => ReturnType<Nearest>): number[] {
  const index = new InMemoryIndex(DEFAULT_MATCH_SETTINGS.lsh, DEFAULT_MATCH_SETTINGS.maxCandidates, weights);
  const clusterOfDoc: number[] = [];
  const clusterOfKey = new Map<string, number>();
  const clusters: number[] = [];
  reports.forEach((report, i) => {
    let cluster = clusterOfKey.get(report.key);
    let similarity = 1;
    if (cluster === undefined) {
      const best = nearestFor(index, features[i]!);
      similarity = best?.similarity ?? 0;
      cluster = best && best.similarity >= threshold ? clusterOfDoc[best.id]! : i;
    }
    clusterOfKey.set(report.key, cluster);
    clusters.push(cluster);
    if (similarity < 0.9) clusterOfDoc[index.add(features[i]!)] = cluster;
  });
  return clusters;
}

/** Known-rumor lookup: each group's first report is published; the others and unrelated texts ask. */
function lookup(featuresOf: (text: string) => string[], weights: FeatureWeights, threshold: number, exhaustive: boolean) {
  const index = new InMemoryIndex(DEFAULT_MATCH_SETTINGS.lsh, DEFAULT_MATCH_SETTINGS.maxCandidates, weights);
  const groupOfDoc: number[] = [];
  data.groups.forEach((g, i) => (groupOfDoc[index.add(featuresOf(g.reports[0]!.text))] = i));
  let correct = 0;
  let asked = 0;
  data.groups.forEach((g, i) =>
    g.reports.slice(1).forEach((r) => {
      const features = featuresOf(r.text);
      const best = exhaustive ? index.exhaustiveNearest(features) : index.nearest(features);
      asked += 1;
      if (best && best.similarity >= threshold && groupOfDoc[best.id] === i) correct += 1;
    }),
  );
  let falseMatches = 0;
  for (const u of data.unrelated) {
    const features = featuresOf(u.text);
    const best = exhaustive ? index.exhaustiveNearest(features) : index.nearest(features);
    if (best && best.similarity >= threshold) falseMatches += 1;
  }
  return { recallAt1: correct / asked, falseMatchRate: falseMatches / data.unrelated.length };
}

const fmt = (x: number) => x.toFixed(3);

function evaluateEngine(segmentation: Segmentation, threshold: number) {
  const featuresOf = (text: string) => matchTokens(normalizeText(text), segmentation);
  const features = reports.map((r) => featuresOf(r.text));
  const weights = backgroundWeights(segmentation);
  const quality = pairwise(group(features, threshold, weights, (index, f) => index.nearest(f)));
  return { ...quality, ...lookup(featuresOf, weights, threshold, false) };
}

/** Baseline: whitespace/word tokens (natural's tokenizer inside TfIdf), TF-IDF cosine, exhaustive. */
function evaluateBaseline(threshold: number) {
  const tfidf = new TfIdf();
  const corpus = [...reports.map((r) => r.text), ...data.unrelated.map((u) => u.text)].map((t) => normalizeText(t));
  corpus.forEach((text) => tfidf.addDocument(text));
  const vectors = corpus.map((_, i) => {
    const vector = new Map<string, number>();
    for (const term of tfidf.listTerms(i)) vector.set(term.term, term.tfidf);
    return vector;
  });
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
  const cosine = (a: Map<string, number>, b: Map<string, number>) => {
    let dot = 0;
    for (const [term, weight] of a) dot += weight * (b.get(term) ?? 0);
    const denominator = norm(a) * norm(b);
    return denominator ? dot / denominator : 0;
  };
  // Grouping, exhaustive.
  const clusters: number[] = [];
  reports.forEach((_, i) => {
    let best = -1;
    let bestScore = 0;
    for (let j = 0; j < i; j += 1) {
      const score = cosine(vectors[i]!, vectors[j]!);
      if (score > bestScore) [best, bestScore] = [j, score];
    }
    clusters.push(best >= 0 && bestScore >= threshold ? clusters[best]! : i);
  });
  const quality = pairwise(clusters);
  // Lookup: published = first report of each group (by position in the corpus).
  const firstOf = new Map<number, number>();
  reports.forEach((r, i) => {
    if (!firstOf.has(r.group)) firstOf.set(r.group, i);
  });
  let correct = 0;
  let asked = 0;
  reports.forEach((r, i) => {
    if (firstOf.get(r.group) === i) return;
    asked += 1;
    let bestGroup = -1;
    let bestScore = 0;
    for (const [g, j] of firstOf) {
      const score = cosine(vectors[i]!, vectors[j]!);
      if (score > bestScore) [bestGroup, bestScore] = [g, score];
    }
    if (bestScore >= threshold && bestGroup === r.group) correct += 1;
  });
  let falseMatches = 0;
  data.unrelated.forEach((_, u) => {
    const i = reports.length + u;
    const best = Math.max(...[...firstOf.values()].map((j) => cosine(vectors[i]!, vectors[j]!)));
    if (best >= threshold) falseMatches += 1;
  });
  return { ...quality, recallAt1: correct / asked, falseMatchRate: falseMatches / data.unrelated.length };
}

function row(label: string, r: ReturnType<typeof evaluateEngine>) {
  return `${label.padEnd(28)} P ${fmt(r.precision)}  R ${fmt(r.recall)}  F1 ${fmt(r.f1)}  recall@1 ${fmt(r.recallAt1)}  false-match ${fmt(r.falseMatchRate)}`;
}

const thresholds = Array.from({ length: 15 }, (_, i) => 0.1 + i * 0.05);
console.log(`Labelled data: ${data.groups.length} groups, ${reports.length} reports, ${data.unrelated.length} unrelated texts\n`);
const sweeps = (['bigrams', 'intl-segmenter'] as const).map((segmentation) => {
  console.log(`Engine (${segmentation}, MinHash LSH + IDF-weighted cosine/containment), join threshold sweep:`);
  const sweep = thresholds.map((t) => ({ t, segmentation, r: evaluateEngine(segmentation, t) }));
  for (const { t, r } of sweep) console.log(row(`  join ≥ ${t.toFixed(2)}`, r));
  console.log('');
  return sweep;
});
const candidates = sweeps.flat();
const acceptable = candidates.filter(({ r }) => r.falseMatchRate <= 0.01);
const chosen = (acceptable.length ? acceptable : candidates).reduce((a, b) => (b.r.f1 > a.r.f1 ? b : a));
console.log(
  `Calibrated: ${chosen.segmentation}, join ≥ ${chosen.t.toFixed(2)} (best F1 with false-match ≤ 1%); ` +
    `configured: ${DEFAULT_MATCH_SETTINGS.segmentation}, join ≥ ${DEFAULT_MATCH_SETTINGS.joinThreshold}, suggest ≥ ${DEFAULT_MATCH_SETTINGS.suggestThreshold}`,
);

const featuresOf = (text: string) => matchTokens(normalizeText(text), DEFAULT_MATCH_SETTINGS.segmentation);
const configuredWeights = backgroundWeights(DEFAULT_MATCH_SETTINGS.segmentation);
const viaIndex = lookup(featuresOf, configuredWeights, DEFAULT_MATCH_SETTINGS.joinThreshold, false);
const exhaustive = lookup(featuresOf, configuredWeights, DEFAULT_MATCH_SETTINGS.joinThreshold, true);
console.log(`\nCandidate retrieval: known-rumor recall@1 through the LSH index ${fmt(viaIndex.recallAt1)} vs exhaustive scoring ${fmt(exhaustive.recallAt1)}`);

console.log('\nBaseline (exhaustive TF-IDF cosine, natural tokens, one threshold):');
const baseline = thresholds.map((t) => ({ t, r: evaluateBaseline(t) }));
for (const { t, r } of baseline) console.log(row(`  cosine ≥ ${t.toFixed(2)}`, r));
const bestBaseline = baseline.reduce((a, b) => (b.r.f1 > a.r.f1 ? b : a));
console.log(`\nSummary at configured settings vs the baseline's best-F1 threshold (${bestBaseline.t.toFixed(2)}):`);
console.log(row('  engine', evaluateEngine(DEFAULT_MATCH_SETTINGS.segmentation, DEFAULT_MATCH_SETTINGS.joinThreshold)));
console.log(row('  baseline', bestBaseline.r));
