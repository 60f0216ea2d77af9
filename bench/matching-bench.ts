/**
 * npm run bench:matching [-- --sizes 10000,100000,1000000 --queries 300 --api 100000 --requests 500]
 *
 * Synthetic corpora of cases; prints median and p95 latency of a match decision's reading of the
 * server's in-memory index (retrieval, then the evidence of the best candidates against their
 * nearest report and their case's core) and of exhaustive scoring, the speed-up, recall@1 of the index against
 * exhaustive search, and heap memory per case. Then intake throughput (reports per second, with
 * matching) through the real HTTP API and the local engine with --api cases seeded by bulk
 * inserts (--api 0 skips it).
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_MATCH_SETTINGS } from '../server/src/features/matching/settings';
import { normalizeText } from '../server/src/features/matching/normalize';
import { matchTokens } from '../server/src/features/matching/tokens';
import { backgroundWeights } from '../server/src/features/matching/weights';
import { InMemoryIndex } from './inMemoryIndex';
import { intakeThroughput } from './intakeThroughput';
import { caseText, random, repost } from './syntheticText';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const sizes = (args.get('sizes') ?? '10000,100000,1000000').split(',').map(Number);
const queryCount = Number(args.get('queries') ?? 300);
const apiCases = Number(args.get('api') ?? 100_000);
const apiRequests = Number(args.get('requests') ?? 500);

const features = (text: string) => matchTokens(normalizeText(text), DEFAULT_MATCH_SETTINGS.segmentation);

/** Similarity from which a candidate can be joined (the join model rarely clears its bar below it). */
const REPOST_SIMILARITY = 0.35;

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const ms = (x: number) => `${x.toFixed(3)} ms`;

function benchSize(size: number) {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const index = new InMemoryIndex(DEFAULT_MATCH_SETTINGS.lsh, DEFAULT_MATCH_SETTINGS.maxCandidates, backgroundWeights(DEFAULT_MATCH_SETTINGS.segmentation));
  const texts: string[] = [];
  const heapBefore = process.memoryUsage().heapUsed;
  const buildStart = performance.now();
  for (let i = 0; i < size; i += 1) {
    const text = caseText();
    texts.push(text);
    index.add(features(text));
  }
  const buildSeconds = (performance.now() - buildStart) / 1000;
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;

  const isRepost = (q: number) => q % 5 !== 4;
  const queries = Array.from({ length: queryCount }, (_, q) => (isRepost(q) ? repost(texts[Math.floor(random() * size)]!) : caseText())).map(features);
  // Retrieval alone, then the whole decision's reading (retrieval and assessment), timed apart.
  const retrievalTimes: number[] = [];
  for (const query of queries) {
    const start = performance.now();
    index.nearest(query);
    retrievalTimes.push(performance.now() - start);
  }
  const lshTimes: number[] = [];
  const lshHits = queries.map((query) => {
    const start = performance.now();
    const hit = index.assess(query);
    lshTimes.push(performance.now() - start);
    return hit;
  });
  const lookupTimes: number[] = [];
  index.lookUp(queries[0]!, DEFAULT_MATCH_SETTINGS.segmentation);
  for (const query of queries) {
    const start = performance.now();
    index.lookUp(query, DEFAULT_MATCH_SETTINGS.segmentation);
    lookupTimes.push(performance.now() - start);
  }
  // Exhaustive search is slow at scale: a sample of the queries is enough for its timing and recall.
  const exhaustiveSample = Math.max(20, Math.min(queryCount, Math.floor(60_000_000 / size)));
  const exhaustiveTimes: number[] = [];
  // Recall@1 is counted over the queries whose true best match can change a decision: reposts
  // whose best match is at least REPOST_SIMILARITY, any query at or above it, and any query at
  // or above the suggest threshold (it is at least linked to it).
  const recall = { reposts: { agree: 0, of: 0 }, join: { agree: 0, of: 0 }, suggest: { agree: 0, of: 0 } };
  for (let q = 0; q < exhaustiveSample; q += 1) {
    const start = performance.now();
    const truth = index.exhaustiveNearest(queries[q]!);
    exhaustiveTimes.push(performance.now() - start);
    if (!truth) continue;
    const found = lshHits[q]?.id === truth.id || lshHits[q]?.similarity === truth.similarity ? 1 : 0;
    if (truth.similarity >= REPOST_SIMILARITY && isRepost(q)) {
      recall.reposts.of += 1;
      recall.reposts.agree += found;
    }
    if (truth.similarity >= REPOST_SIMILARITY) {
      recall.join.of += 1;
      recall.join.agree += found;
    }
    if (truth.similarity >= DEFAULT_MATCH_SETTINGS.suggestThreshold) {
      recall.suggest.of += 1;
      recall.suggest.agree += found;
    }
  }
  const rate = ({ agree, of }: { agree: number; of: number }) => `${of ? (agree / of).toFixed(3) : 'n/a'} of ${of}`;
  const lshMedian = percentile(lshTimes, 0.5);
  console.log(
    `${String(size).padStart(8)} cases | build ${buildSeconds.toFixed(1)} s, heap +${heapMb.toFixed(0)} MiB (${((heapMb * 1048576) / size).toFixed(0)} B/case)` +
      ` | match median ${ms(lshMedian)}, p95 ${ms(percentile(lshTimes, 0.95))}` +
      ` (retrieval alone median ${ms(percentile(retrievalTimes, 0.5))}, p95 ${ms(percentile(retrievalTimes, 0.95))})` +
      ` | known-rumor lookup (both languages) median ${ms(percentile(lookupTimes, 0.5))}, p95 ${ms(percentile(lookupTimes, 0.95))}` +
      ` | exhaustive median ${ms(percentile(exhaustiveTimes, 0.5))} (${exhaustiveSample} queries)` +
      ` | speed-up ×${(percentile(exhaustiveTimes, 0.5) / lshMedian).toFixed(0)}` +
      ` | recall@1 vs exhaustive: reposts ${rate(recall.reposts)}; all queries with a best match ≥ ${REPOST_SIMILARITY} ${rate(recall.join)}, ≥ suggest ${DEFAULT_MATCH_SETTINGS.suggestThreshold} ${rate(recall.suggest)}`,
  );
}

async function main() {
  console.log(`Matching benchmark: LSH ${DEFAULT_MATCH_SETTINGS.lsh.bands}×${DEFAULT_MATCH_SETTINGS.lsh.rows}, ${queryCount} queries per size (80% reposts of a case, 20% new texts)`);
  for (const size of sizes) benchSize(size);
  if (apiCases > 0) {
    const result = await intakeThroughput({ cases: apiCases, requests: apiRequests, newText: () => caseText(), repost, log: (line) => console.error(line) });
    console.log(
      `API intake through HTTP and the local engine with ${result.cases} cases (seeded in ${result.seedSeconds.toFixed(0)} s, index loaded in ${result.loadSeconds.toFixed(1)} s): ` +
        `${result.reportsPerSecond.toFixed(1)} reports/s over ${result.requests} reports, ${result.joined} joined a case ` +
        `(concurrency ${result.concurrency}; latency median ${ms(result.medianMs)}, p95 ${ms(result.p95Ms)})`,
    );
  }
}

void main();
