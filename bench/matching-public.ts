/**
 * npm run eval:matching-public [-- --data DIR] — the matcher's pair decisions on public
 * paraphrase data the team did not write: LCQMC (Chinese question pairs labelled same meaning or
 * not, many of the "not" pairs sharing most words) and the Chinese STS-B pairs (a pair whose
 * similarity is rated 4 or 5 of 5 counts as the same meaning). It reads the data from the
 * workplace's calibration folder (by default ../shared/data beside the repository); the data is
 * never copied into the repository and no test needs it. Without it, the script says so and stops.
 *
 * Each pair is scored as the server scores a text against an index holding one case of one
 * report: the similarity; the join rule in force, as intake joins an open case (the text's
 * features with its register, the join model's probability); and the published answer, as
 * `POST /match` gives it when the case is published (the known-rumor lookup's order, model and
 * bar, the text also read in the other language, an identical text by its key; a case less
 * similar than the suggest bar is not listed); next to the TF-IDF baseline's cosine (document
 * frequencies from blocks of 500 pairs). Printed: ROC AUC of each score, and precision and
 * recall of the decisions at their calibrated bars.
 *
 * True claims on a rumor's subject, in English (covid19_rumor_en/news.csv, claims fact-checked
 * during the COVID-19 pandemic, each labelled true, false or unverified): every false claim is
 * a published case of one report, and every true claim is looked up among them as `POST /match`
 * looks it up. A true claim answered with a false claim's verdict is a false answer; the share of
 * true claims so answered is printed, with those answers, beside the share the former single
 * similarity rule (0.35) would have answered.
 *
 * Tweets of the same months (covid19_rumor_en/twitter.csv, each labelled true, false or
 * unverified): with every false claim open as a case, each true or false tweet is judged as
 * intake judges a report, whether it joins one of them (it is not added itself). The share of true tweets that join a false claim's case is the share of
 * true posts a rumor's case absorbs; beside it, the share of false tweets that find a case, and
 * the TF-IDF baseline's best case at 0.15. `--claims-only` runs these two parts alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { ANSWER_CALIBRATION } from '../server/src/features/matching/answerCalibration';
import { assessCandidates, caseProbability, joinEvidence, joinsOpenCase, type AssessedCandidate } from '../server/src/features/matching/assess';
import { lookupPublished } from '../server/src/features/matching/lookupRanking';
import { MemoryIndex } from '../server/src/features/matching/memoryIndex';
import { exactMatchKey, normalizeText } from '../server/src/features/matching/normalize';
import { DEFAULT_MATCH_SETTINGS } from '../server/src/features/matching/settings';
import { matchTokens } from '../server/src/features/matching/tokens';
import { backgroundWeights } from '../server/src/features/matching/weights';
import { REPO_ROOT } from '../server/src/paths';
import { bestByCosine, cosine, tfidfVectors } from './matching-baseline';

interface Pair {
  a: string;
  b: string;
  same: boolean;
}

const dataArg = process.argv.indexOf('--data');
/** `--claims-only`: only the fact-checked COVID-19 claims and tweets (a minute instead of several). */
const claimsOnly = process.argv.includes('--claims-only');
const dataDir = dataArg > 0 ? process.argv[dataArg + 1]! : path.join(REPO_ROOT, '..', 'shared', 'data');

function readPairs(file: string, same: (label: number) => boolean): Pair[] | null {
  const full = path.join(dataDir, file);
  if (!fs.existsSync(full)) return null;
  return fs
    .readFileSync(full, 'utf8')
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((fields) => fields.length >= 3 && fields[0] && fields[1])
    .map((fields) => ({ a: fields[0]!, b: fields[1]!, same: same(Number(fields[2])) }));
}

const settings = DEFAULT_MATCH_SETTINGS;
const weights = backgroundWeights(settings.segmentation);
/** As intake makes a report's features: with the raw text, which the register is read from. */
const reportFeatures = (text: string) => matchTokens(normalizeText(text), settings.segmentation, text);
/** As `POST /match` makes a looked-up text's features. */
const lookupFeatures = (text: string) => matchTokens(normalizeText(text), settings.segmentation);
const joinModel = ANSWER_CALIBRATION.answerModel;

interface LabelledClaim {
  text: string;
  label: string;
}

const CLAIM_COLUMNS = ['id', 'label', 'text', 'count'];

/** A fact-check file's claims: rows of id, label (T, F or U), claim text and a count, without a header. */
function readClaims(file: string): LabelledClaim[] | null {
  const full = path.join(dataDir, file);
  if (!fs.existsSync(full)) return null;
  const rows = parseCsv<Record<string, string>>(fs.readFileSync(full, 'utf8'), { columns: CLAIM_COLUMNS, bom: true, relax_column_count: true });
  return rows.filter((row) => row.label && row.text).map((row) => ({ label: row.label!, text: row.text! }));
}

/** An index holding each claim as a case of one report, and the text of each case. */
function casesOfOneReport(claims: readonly LabelledClaim[]): { index: MemoryIndex; textOfCase: Map<string, string> } {
  const index = new MemoryIndex(settings.lsh, settings.maxCandidates, weights);
  const textOfCase = new Map<string, string>();
  claims.forEach((claim, i) => {
    index.addReport({ claimId: `f${i}`, caseId: `false-${i}`, features: reportFeatures(claim.text), core: true, reachScore: 0, emergency: false, receivedAt: i });
    textOfCase.set(`false-${i}`, claim.text);
  });
  return { index, textOfCase };
}

/** The false claims published as cases of one report each, and the true claims looked up among them. */
function trueClaimAnswers(all: readonly LabelledClaim[]): void {
  const falseClaims = all.filter((claim) => claim.label === 'F');
  const trueClaims = all.filter((claim) => claim.label === 'T');
  const { index, textOfCase } = casesOfOneReport(falseClaims);
  const keys = new Set(falseClaims.map((claim) => exactMatchKey(normalizeText(claim.text), claim.text)));
  const looked = trueClaims.map((claim) => {
    const first = lookupPublished(index, lookupFeatures(claim.text), () => true, settings.segmentation)[0];
    const identical = keys.has(exactMatchKey(normalizeText(claim.text), claim.text));
    return {
      text: claim.text,
      caseText: first ? textOfCase.get(first.caseId)! : '',
      answered: identical || (first !== undefined && first.answerProbability >= settings.answerThreshold),
      related: first !== undefined && first.evidence.similarity >= settings.relatedThreshold,
      similar: first !== undefined && first.evidence.similarity >= 0.35,
    };
  });
  const share = (count: number) => `${count} (${(count / Math.max(1, looked.length)).toFixed(3)})`;
  console.log(`COVID-19 claims (English, fact-checked): ${falseClaims.length} false claims published, ${trueClaims.length} true claims looked up`);
  console.log(`  answered with a false claim's verdict at the answer bar (p ≥ ${settings.answerThreshold}): ${share(looked.filter((l) => l.answered).length)}`);
  console.log(`  listed as related (similarity ≥ ${settings.relatedThreshold}): ${share(looked.filter((l) => l.related).length)}`);
  console.log(`  answered by the former single rule (similarity ≥ 0.35): ${share(looked.filter((l) => l.similar).length)}`);
  for (const answer of looked.filter((l) => l.answered)) console.log(`    true: ${answer.text.slice(0, 90)}\n    case: ${answer.caseText.slice(0, 90)}`);
  console.log('');
}

/** Tweets of the same months: a header row, the label in `label` (T, F or U), the text in `content`. */
function readTweets(file: string): LabelledClaim[] | null {
  const full = path.join(dataDir, file);
  if (!fs.existsSync(full)) return null;
  const rows = parseCsv<Record<string, string>>(fs.readFileSync(full, 'utf8'), { columns: true, bom: true, relax_column_count: true });
  return rows.filter((row) => row.label && row.content).map((row) => ({ label: row.label!, text: row.content! }));
}

/** The open case intake would join a report to among its assessed candidates: the first in rank order that the join rule in force admits. */
function caseJoined(candidates: readonly AssessedCandidate[]): AssessedCandidate | undefined {
  return candidates.find((candidate) =>
    joinsOpenCase(joinEvidence(candidate), settings.joinThreshold, settings.joinCoreGap, caseProbability(candidate, joinModel), settings.joinProbability),
  );
}

/**
 * The false claims open as cases of one report each, and each tweet judged against them as
 * intake judges a report (tweets are not added to the index): a true tweet that joins a false claim's case puts true news in a rumor's
 * case (the failure the platforms see once the case is published). False tweets show how many
 * rumor posts find a case at all. Next to the TF-IDF baseline: its best case at 0.15 or more.
 */
function tweetJoins(all: readonly LabelledClaim[], tweets: readonly LabelledClaim[]): void {
  const falseClaims = all.filter((claim) => claim.label === 'F');
  const { index, textOfCase } = casesOfOneReport(falseClaims);
  const labelled = tweets.filter((tweet) => tweet.label === 'T' || tweet.label === 'F');
  const vectors = tfidfVectors([...falseClaims.map((claim) => claim.text), ...labelled.map((tweet) => tweet.text)]);
  const caseVectors = vectors.slice(0, falseClaims.length);
  const joined = labelled.map((tweet, i) => {
    const joinedCase = caseJoined(assessCandidates(index, reportFeatures(tweet.text)));
    return { ...tweet, joins: joinedCase !== undefined, caseText: joinedCase ? textOfCase.get(joinedCase.caseId)! : '', baseline: bestByCosine(vectors[falseClaims.length + i]!, caseVectors).score >= 0.15 };
  });
  console.log(`COVID-19 tweets (English) judged as reports against ${falseClaims.length} false claims open as cases:`);
  for (const [label, name] of [['T', 'true'], ['F', 'false']] as const) {
    const group = joined.filter((tweet) => tweet.label === label);
    const rate = (count: number) => `${count} (${(count / Math.max(1, group.length)).toFixed(3)})`;
    console.log(`  ${name} tweets ${group.length}: join a false claim's case ${rate(group.filter((t) => t.joins).length)}; TF-IDF baseline ≥ 0.15 ${rate(group.filter((t) => t.baseline).length)}`);
  }
  for (const tweet of joined.filter((t) => t.label === 'T' && t.joins)) console.log(`    true: ${tweet.text.slice(0, 90)}\n    case: ${tweet.caseText.slice(0, 90)}`);
  console.log('');
}

interface Scored {
  same: boolean;
  similarity: number;
  /** The published answer's probability under the known-rumor lookup's model; 0 when the case is not listed. */
  probability: number;
  joins: boolean;
  baseline: number;
}

/** The case's published answer to the text, as `POST /match` (`publishedMatches.ts`) gives it. */
function lookupProbability(index: MemoryIndex, text: string, caseText: string): number {
  if (exactMatchKey(normalizeText(text), text) === exactMatchKey(normalizeText(caseText), caseText)) return 1;
  const candidate = lookupPublished(index, lookupFeatures(text), () => true, settings.segmentation)[0];
  return candidate && candidate.evidence.similarity >= settings.suggestThreshold ? candidate.answerProbability : 0;
}

/**
 * The baseline's document frequencies come from blocks of this many pairs: natural finds a
 * term's frequency by scanning every document, which over all 17,000 texts takes an hour.
 */
const BASELINE_BLOCK = 500;

function baselineVectors(pairs: Pair[]) {
  const vectors = [];
  for (let start = 0; start < pairs.length; start += BASELINE_BLOCK) {
    vectors.push(...tfidfVectors(pairs.slice(start, start + BASELINE_BLOCK).flatMap((pair) => [pair.a, pair.b])));
  }
  return vectors;
}

function score(pairs: Pair[]): Scored[] {
  const vectors = baselineVectors(pairs);
  return pairs.map((pair, i) => {
    const index = new MemoryIndex(settings.lsh, settings.maxCandidates, weights);
    index.addReport({ claimId: 'b', caseId: 'case', features: reportFeatures(pair.b), core: true, reachScore: 0, emergency: false, receivedAt: 0 });
    const candidates = assessCandidates(index, reportFeatures(pair.a));
    return {
      same: pair.same,
      similarity: candidates[0]?.evidence.similarity ?? 0,
      probability: lookupProbability(index, pair.a, pair.b),
      joins: caseJoined(candidates) !== undefined,
      baseline: cosine(vectors[2 * i]!, vectors[2 * i + 1]!),
    };
  });
}

/** The chance that a random same-meaning pair scores above a random other pair (ties count half). */
function rocAuc(scored: Scored[], value: (s: Scored) => number): number {
  const sorted = [...scored].sort((x, y) => value(x) - value(y));
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && value(sorted[j]!) === value(sorted[i]!)) j += 1;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k += 1) {
      if (!sorted[k]!.same) continue;
      rankSum += averageRank;
      positives += 1;
    }
    i = j;
  }
  const negatives = sorted.length - positives;
  return positives && negatives ? (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives) : 0;
}

function decision(scored: Scored[], decide: (s: Scored) => boolean): string {
  const taken = scored.filter(decide);
  const right = taken.filter((s) => s.same).length;
  const positives = scored.filter((s) => s.same).length;
  const precision = taken.length ? right / taken.length : 1;
  const recall = positives ? right / positives : 0;
  return `taken ${String(taken.length).padStart(5)}  P ${precision.toFixed(3)}  R ${recall.toFixed(3)}  F1 ${(precision + recall ? (2 * precision * recall) / (precision + recall) : 0).toFixed(3)}`;
}

const sets: Array<{ name: string; pairs: Pair[] | null }> = [
  { name: 'LCQMC dev (Chinese questions)', pairs: readPairs('lcqmc/dev.txt', (label) => label === 1) },
  { name: 'STS-B Chinese test (rated ≥ 4 of 5 = same)', pairs: readPairs('sts_b/zh_STS-B.test.data', (label) => label >= 4) },
];
const claims = readClaims('covid19_rumor_en/news.csv');
if (sets.every((set) => !set.pairs) && !claims) {
  console.log(`No public data under ${dataDir} (lcqmc/dev.txt, sts_b/zh_STS-B.test.data, covid19_rumor_en/news.csv); pass --data DIR.`);
  process.exit(0);
}
for (const { name, pairs } of sets) {
  if (!pairs || claimsOnly) continue;
  const scored = score(pairs);
  console.log(`${name}: ${pairs.length} pairs, ${scored.filter((s) => s.same).length} of the same meaning`);
  console.log(`  ROC AUC: similarity ${rocAuc(scored, (s) => s.similarity).toFixed(3)}, lookup's answer model ${rocAuc(scored, (s) => s.probability).toFixed(3)}, TF-IDF baseline ${rocAuc(scored, (s) => s.baseline).toFixed(3)}`);
  console.log(`  join rule in force        ${decision(scored, (s) => s.joins)}`);
  console.log(`  answer bar (p ≥ ${settings.answerThreshold})    ${decision(scored, (s) => s.probability >= settings.answerThreshold)}`);
  for (const bar of [0.5, 0.9]) console.log(`  lookup's model p ≥ ${bar.toFixed(2)}   ${decision(scored, (s) => s.probability >= bar)}`);
  console.log(`  TF-IDF baseline ≥ 0.15    ${decision(scored, (s) => s.baseline >= 0.15)}`);
  console.log(`  TF-IDF baseline ≥ 0.50    ${decision(scored, (s) => s.baseline >= 0.5)}`);
  console.log('');
}
if (claims) trueClaimAnswers(claims);
const tweets = readTweets('covid19_rumor_en/twitter.csv');
if (claims && tweets) tweetJoins(claims, tweets);
