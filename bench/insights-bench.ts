/**
 * `npm run bench:insights`: the insight dashboard's data at scale on the local engine. Rollups
 * equivalent to 100k cases and 1M reports over 180 days are seeded directly (filed through the
 * same `incrementsOf` as live updates, realistic skews: topics, regions, platforms, hours of the
 * day; added up in memory and inserted in bulk, 2,000 documents a command, unordered), with 100k
 * case documents (8% active, for the workload), experts, and a matching index of the 1M reports
 * for the ranking. Prints the median and p95 of the summary of a 30-day range (the country, a
 * province) as the dashboard asks it (the ranking and workload kept a few seconds, the rollups of
 * settled days and weeks a few minutes: warm) and with nothing kept (cold), where the time goes, then
 * intake's median latency with and without rollup updates in pairs of blocks, and the median of
 * the pairs' ratios.
 *
 *   npm run bench:insights -- [--reports N] [--cases N] [--runs N] [--intake N] [--pairs N] [--keep DIR] [--budget S] [--skip-intake] [--skip-compaction] [--profile DIR]
 *
 * `--keep DIR` keeps the seeded database in DIR, so the seeding (the longest part) can be done in
 * steps: a run stops writing after `--budget` seconds (540 by default; 0 for no limit, to run it
 * in the background with nohup), saying so, and the same command carries on where it stopped;
 * once seeded, a run only draws the same data again in memory (the matching index) and times.
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import mongoose, { Types, type mongo } from 'mongoose';
import { LANES, TOPICS, VERDICTS, type Lane, type Topic, type Verdict } from '@refute/shared';
import { createApp } from '../server/src/app';
import { bulkWriteInChunks } from '../server/src/db/bulkWriteInChunks';
import { connectDatabase } from '../server/src/db/connect';
import { ensureIndexes } from '../server/src/db/indexes';
import { useConnectedEngine } from '../server/src/engine';
import { issueApiKey } from '../server/src/features/apiKeys/keys';
import { CaseModel } from '../server/src/features/cases/model';
import { dayOf, daysBetween, periodsBetween } from '../server/src/features/insights/buckets';
import { incrementsOf, weekPeriodOf, type InsightFact, type Increment } from '../server/src/features/insights/facts';
import { aggregate } from '../server/src/features/insights/aggregate';
import { startInsightRollups } from '../server/src/features/insights/live';
import { compactSettled } from '../server/src/features/insights/compaction';
import { rollupDocumentOf } from '../server/src/features/insights/writer';
import { ROLLUP_LAYOUT_MARKER } from '../server/src/features/insights/layoutUpgrade';
import { InsightRollupModel, LEGACY_ROLLUP_COLLECTIONS, type RollupRecord } from '../server/src/features/insights/model';
import { countersOf, isSettled } from '../server/src/features/insights/settled';
import { forgetKeptFigures, KEPT_FIGURES_MS, readRollups, SETTLED_KEPT_MS, summaryForScope } from '../server/src/features/insights/summary';
import { rankPublishedCases } from '../server/src/features/insights/ranking';
import { workloadOf } from '../server/src/features/insights/workload';
import { ExpertProfileModel } from '../server/src/features/experts/model';
import { DEFAULT_MATCH_SETTINGS } from '../server/src/features/matching/settings';
import { MemoryIndex } from '../server/src/features/matching/memoryIndex';
import { startMatchIndex, stopMatchIndex } from '../server/src/features/matching/liveIndex';
import { backgroundWeights } from '../server/src/features/matching/weights';
import { ensureOrganisation } from '../server/src/features/organisations/repository';
import { PublicationModel } from '../server/src/features/publications/model';
import { allRegions, regionChain } from '../server/src/features/regions/regions';
import { UserModel } from '../server/src/features/users/model';
import { createScheduler } from '../server/src/jobs/scheduler';
import { createLogger } from '../server/src/logger';
import { percentile, timeCalls } from './timing';
import { seededRandom } from '../server/src/seededRandom';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const REPORTS = arg('reports', 1_000_000);
const CASES = arg('cases', 100_000);
const RUNS = arg('runs', 40);
const INTAKE = arg('intake', 25);
const PAIRS = arg('pairs', 6);
const KEEP = (() => {
  const at = process.argv.indexOf('--keep');
  return at > 0 ? path.resolve(process.argv[at + 1]!) : null;
})();
const BUDGET_MS = arg('budget', 540) * 1000;
const SKIP_INTAKE = process.argv.includes('--skip-intake');
const SKIP_COMPACTION = process.argv.includes('--skip-compaction');
/** `--profile DIR`: a CPU profile of each scope's cold calls, written to DIR (open in Chrome's DevTools). */
const PROFILE_DIR = (() => {
  const at = process.argv.indexOf('--profile');
  return at > 0 ? path.resolve(process.argv[at + 1]!) : null;
})();
const DAYS = 180;
const DAY_MS = 86_400_000;

/** How far the seeding of a kept database got: a later run draws the same data and carries on. */
interface Progress {
  now: number;
  reports: number;
  cases: number;
  /** Documents written per collection, in the order they are drawn. */
  written: Record<string, number>;
  complete: boolean;
  /** The rollup layout seeded: a database kept from a layout before gets its rollups seeded again. */
  layout?: string;
  /** Time spent seeding, over every run. */
  seedMs?: number;
}
/** The product's rollup layout (layoutUpgrade.ts names it the same). */
const LAYOUT = ROLLUP_LAYOUT_MARKER;
const progressFile = KEEP ? path.join(KEEP, 'seeded.json') : null;
const resumed = progressFile && fs.existsSync(progressFile) ? (JSON.parse(fs.readFileSync(progressFile, 'utf8')) as Progress) : null;
if (resumed && (resumed.reports !== REPORTS || resumed.cases !== CASES)) throw new Error(`${KEEP} was seeded with ${resumed.reports} reports and ${resumed.cases} cases`);
const progress: Progress = resumed ?? { now: Date.now(), reports: REPORTS, cases: CASES, written: {}, complete: false, layout: LAYOUT };
const seedingFrom = progress.seedMs ?? 0;
const saveProgress = () => progressFile && fs.writeFileSync(progressFile, JSON.stringify(progress));
const startedAt = performance.now();

class OutOfTime extends Error {}
const isDuplicateOnly = (error: unknown) => {
  const failure = error as { code?: number; writeErrors?: Array<{ code?: number }> | { code?: number } };
  if (failure.code === 11000) return true;
  const writeErrors = Array.isArray(failure.writeErrors) ? failure.writeErrors : failure.writeErrors ? [failure.writeErrors] : [];
  return writeErrors.length > 0 && writeErrors.every((one) => one.code === 11000);
};

/**
 * Inserts from where an earlier run of a kept database stopped, 2,000 at a time; a batch cut off
 * before is written again (its duplicates refused by the unique indexes). With `--keep`, stops
 * once the time budget is spent.
 */
async function insertInSteps(name: string, collection: mongo.Collection, docs: Array<Record<string, unknown>>): Promise<void> {
  for (let i = progress.written[name] ?? 0; i < docs.length; i += 2000) {
    if (KEEP && BUDGET_MS > 0 && performance.now() - startedAt > BUDGET_MS) throw new OutOfTime(`${name}: ${i} of ${docs.length} written`);
    try {
      await collection.insertMany(docs.slice(i, i + 2000), { ordered: false });
    } catch (error) {
      if (!isDuplicateOnly(error)) throw error;
    }
    progress.written[name] = Math.min(docs.length, i + 2000);
    progress.seedMs = seedingFrom + (performance.now() - startedAt);
    saveProgress();
  }
}
const say = (line: string) => process.stdout.write(`${line}\n`);

const rand = seededRandom(20261130);
/** An index in [0, n) drawn with weights 1/(i+1)^s (Zipf). */
function zipf(n: number, s: number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i += 1) cumulative.push((total += 1 / (i + 1) ** s));
  return () => {
    const target = rand() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}
const lognormal = (median: number, sigma: number) => median * Math.exp(sigma * Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand()));

const now = progress.now;
/** Ids drawn in order, so a kept database's ids are drawn again alike. */
let idCounter = 0;
const nextId = () => new Types.ObjectId((0x6a000000 + (idCounter += 1)).toString(16).padStart(24, '0'));
const firstDay = now - (DAYS - 1) * DAY_MS;
/** Daily volume grows a little over the period, weekdays busier; hours follow a day's rhythm. */
const HOUR_WEIGHTS = [2, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 8, 8, 8, 9, 9, 9, 8, 8, 9, 10, 9, 6, 4];
const pickHour = (() => {
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of HOUR_WEIGHTS) cumulative.push((total += weight));
  return () => cumulative.findIndex((bound) => rand() * total < bound);
})();
const pickDay = () => {
  for (;;) {
    const day = Math.floor(rand() * DAYS);
    const weekday = new Date(firstDay + day * DAY_MS).getUTCDay();
    if (rand() < (0.6 + (0.4 * day) / DAYS) * (weekday === 0 || weekday === 6 ? 0.75 : 1)) return day;
  }
};
const instant = () => new Date(Math.min(now, Math.floor((firstDay / DAY_MS + pickDay())) * DAY_MS + pickHour() * 3_600_000 + Math.floor(rand() * 3_600_000)));

const provinces = allRegions().filter((region) => region.level === 'province');
const below = new Map<string, string[]>();
for (const region of allRegions()) if (region.parent) below.set(region.parent, [...(below.get(region.parent) ?? []), region.code]);
const pickProvince = zipf(provinces.length, 0.9);
/** 70% of reports name a region: a province by a skew, then (mostly) a city, often a county. */
function pickRegion(): string | null {
  if (rand() < 0.3) return null;
  let code = provinces[pickProvince()]!.code;
  for (const depth of [0.85, 0.6]) {
    const children = below.get(code);
    if (!children || rand() > depth) break;
    code = children[Math.floor(rand() * children.length)]!;
  }
  return code;
}
const pickTopic = (() => {
  const draw = zipf(TOPICS.length, 1);
  return () => TOPICS[draw()]!;
})();
const pickLane = (): Lane => (rand() < 0.03 ? 'emergency' : rand() < 0.12 ? 'hot' : 'normal');
const pickVerdict = (): Verdict => (rand() < 0.55 ? 'false' : VERDICTS[Math.floor(rand() * VERDICTS.length)]!);
const LANE_HOURS: Record<Lane, number> = { normal: 72, hot: 24, emergency: 4 };

interface SeededCase {
  id: Types.ObjectId;
  topic: Topic;
  lane: Lane;
  region: string | null;
  openedAt: Date;
  published: boolean;
  active: boolean;
  publicationId: Types.ObjectId | null;
}

/** Increments added up per document, then written as plain inserts (the collection starts empty). */
class SeedRollups {
  private readonly docs = new Map<string, Increment>();
  /** Off once the database is seeded: a run then only draws the records again (the same draws). */
  constructor(private readonly enabled: boolean) {}
  add(fact: InsightFact): void {
    if (!this.enabled) return;
    for (const increment of incrementsOf(fact, regionChain)) {
      const id = `${increment.key.period}|${increment.key.scope}|${increment.key.topic}`;
      const held = this.docs.get(id);
      if (!held) this.docs.set(id, { key: increment.key, inc: { ...increment.inc } });
      else for (const [field, by] of Object.entries(increment.inc)) held.inc[field] = (held.inc[field] ?? 0) + by;
    }
  }
  async write(): Promise<number> {
    const docs = [...this.docs.values()].map((increment) => rollupDocumentOf(increment, 'seed'));
    this.docs.clear();
    await insertInSteps('insight_rollups', InsightRollupModel.collection, docs);
    return docs.length;
  }
}

async function seed(platformIds: string[], expertIds: Types.ObjectId[], approverOrg: string, write: boolean) {
  const rollups = new SeedRollups(write);
  const cases: SeededCase[] = [];
  for (let i = 0; i < CASES; i += 1) {
    const openedAt = instant();
    const lane = pickLane();
    const age = (now - openedAt.getTime()) / 3_600_000;
    const published = age > 6 && rand() < 0.62;
    const record: SeededCase = { id: nextId(), topic: pickTopic(), lane, region: pickRegion(), openedAt, published, active: !published && rand() < 0.2, publicationId: published ? nextId() : null };
    cases.push(record);
    rollups.add({ kind: 'opened', at: openedAt, topic: record.topic, lane, region: record.region, language: rand() < 0.92 ? 'zh' : 'en' });
    if (!published) continue;
    const scale = LANE_HOURS[lane] / 72;
    const first = lognormal(2 * 3600 * scale, 0.8);
    const submitted = first + lognormal(20 * 3600 * scale, 0.7);
    const out = submitted + lognormal(6 * 3600 * scale, 0.6);
    const at = (seconds: number) => new Date(Math.min(now, openedAt.getTime() + seconds * 1000));
    rollups.add({ kind: 'milestone', at: at(first), milestone: 'firstExpert', seconds: first, lane, region: record.region });
    rollups.add({ kind: 'milestone', at: at(submitted), milestone: 'submitted', seconds: submitted, lane, region: record.region });
    rollups.add({ kind: 'milestone', at: at(out), milestone: 'published', seconds: out, lane, region: record.region, deadline: { met: out <= LANE_HOURS[lane] * 3600, orgId: approverOrg } });
    rollups.add({ kind: 'published', at: at(out), topic: record.topic, lane, region: record.region, language: 'zh', verdict: pickVerdict() });
  }
  say(`Seeding: ${cases.length} cases drawn`);

  // Reports: popular cases get most of them (Zipf over cases), each after its case opened.
  const index = new MemoryIndex(DEFAULT_MATCH_SETTINGS.lsh, DEFAULT_MATCH_SETTINGS.maxCandidates, backgroundWeights(DEFAULT_MATCH_SETTINGS.segmentation));
  const pickCase = zipf(cases.length, 0.8);
  const pickPlatform = zipf(platformIds.length, 1.1);
  const perCase = new Map<number, number>();
  for (let i = 0; i < REPORTS; i += 1) {
    const c = pickCase();
    const record = cases[c]!;
    const at = new Date(Math.min(now, record.openedAt.getTime() + Math.floor(lognormal(6 * 3_600_000, 1.5))));
    rollups.add({ kind: 'report', at, topic: record.topic, lane: record.lane, region: rand() < 0.5 ? record.region : pickRegion(), platformId: platformIds[pickPlatform()]!, language: rand() < 0.92 ? 'zh' : 'en' });
    index.addReport({ claimId: `r${i}`, caseId: String(record.id), reachScore: 0, emergency: false, receivedAt: at.getTime() });
    perCase.set(c, (perCase.get(c) ?? 0) + 1);
    if ((i + 1) % 250_000 === 0) say(`Seeding: ${i + 1} reports drawn`);
  }
  for (const record of cases) if (record.publicationId) index.setCaseState(String(record.id), { status: 'published', publicationId: String(record.publicationId) });
  if (!write) return index;

  let began = performance.now();
  const written = await rollups.write();
  say(`Seeding: ${written} rollup documents written in ${((performance.now() - began) / 1000).toFixed(1)} s`);

  began = performance.now();
  const docs = cases.map((record, i) => ({
    _id: record.id,
    title: `case ${i}`,
    language: 'zh',
    topic: record.topic,
    lane: record.lane,
    laneRank: LANES.indexOf(record.lane) === 2 ? 0 : LANES.indexOf(record.lane) === 1 ? 1 : 2,
    status: record.published ? 'published' : record.active ? (rand() < 0.4 ? 'open' : rand() < 0.7 ? 'in_review' : 'submitted') : 'in_review',
    queueActive: record.active,
    priority: perCase.get(i) ?? 0,
    reportCount: perCase.get(i) ?? 0,
    reach: 0,
    assigneeIds: record.active && rand() < 0.6 ? [expertIds[Math.floor(rand() * expertIds.length)]!] : [],
    openedAt: record.openedAt,
    deadlineAt: new Date(record.openedAt.getTime() + LANE_HOURS[record.lane] * 3_600_000),
    region: record.region,
    publicationId: record.publicationId,
    publishedVersion: record.published ? 1 : 0,
    stateSeq: 0,
  }));
  await insertInSteps('cases', CaseModel.collection, docs);
  // Publications of the most reported cases: the ones a ranking reads.
  const top = [...perCase].filter(([c]) => cases[c]!.published).sort((a, b) => b[1] - a[1]).slice(0, 3000);
  await insertInSteps(
    'publications',
    PublicationModel.collection,
    top.map(([c]) => {
      const record = cases[c]!;
      return { _id: record.publicationId!, caseId: record.id, version: 1, slug: `case-${c}`, verdict: pickVerdict(), headline: `Rumor ${c}`, summary: 's', rebuttalHtml: '<p>r</p>', evidence: [], topic: record.topic, language: 'zh', claimText: 'c', region: record.region, authorIds: [], approvedBy: expertIds[0], publishedAt: record.openedAt };
    }),
  );
  say(`Seeding: ${docs.length} cases and ${top.length} publications written in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return index;
}

/** Profiles this process's CPU until `stop`, which writes the profile to PROFILE_DIR and answers its path. */
async function startProfile(): Promise<{ stop(label: string): Promise<string> }> {
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return {
    async stop(label) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      fs.mkdirSync(PROFILE_DIR!, { recursive: true });
      const file = path.join(PROFILE_DIR!, `cold-${label.replace(/\W+/g, '-')}-${Date.now()}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

async function main(): Promise<void> {
  const dataDir = KEEP ?? fs.mkdtempSync(path.join(os.tmpdir(), 'refute-insights-bench-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const database = await connectDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, log: () => undefined });
  // Stopped from outside (a time limit): the local engine is stopped with it, the kept data stays.
  process.once('SIGTERM', () => void database.close().finally(() => process.exit(143)));
  try {
    if (!resumed) await mongoose.connection.dropDatabase();
    if (progress.layout !== LAYOUT) {
      // Kept from a layout before: the records stay, the rollups are seeded again.
      const db = mongoose.connection.db!;
      const present = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name));
      for (const name of LEGACY_ROLLUP_COLLECTIONS) if (present.has(name)) await db.dropCollection(name);
      say(`${KEEP} was seeded with the rollup layout before: seeding its rollups again`);
      Object.assign(progress, { layout: LAYOUT, complete: false });
      delete progress.written.insight_rollups;
      saveProgress();
    }
    await ensureIndexes(database.engine);
    await useConnectedEngine();
    const national = await ensureOrganisation({ key: 'bench-national', name: { zh: '国家', en: 'National' }, level: 'national', kind: 'review', region: 'CN' });
    const guangdong = await ensureOrganisation({ key: 'bench-gd', name: { zh: '广东', en: 'Guangdong' }, level: 'provincial', kind: 'review', region: '440000', parentId: national._id });
    const platforms = await Promise.all(Array.from({ length: 12 }, (_, i) => ensureOrganisation({ key: `bench-platform-${i}`, name: { zh: `平台 ${i}`, en: `Platform ${i}` }, kind: 'platform', region: 'CN' })));
    const experts = Array.from({ length: 300 }, (_, i) => ({ _id: nextId(), orgId: i % 3 === 0 ? guangdong._id : national._id, email: `expert-${i}@bench.example`, name: `Expert ${i}`, passwordHash: 'x', roles: ['reviewer'], domains: [], disabled: false, mutedNotifications: [] }));
    if (progress.complete) say(`Reusing the database seeded in ${KEEP}`);
    else await insertInSteps('users', UserModel.collection, experts);
    // The experts are in the pool, each with a profile (routing ranks them by it; the workload sets
    // their cases against its capacity); added to a database kept from before they were seeded.
    await insertInSteps(
      'expert_profiles',
      ExpertProfileModel.collection,
      experts.map((expert, i) => ({ userId: expert._id, domains: [TOPICS[i % TOPICS.length]!], keywords: [], title: '', credentials: '', region: i % 3 === 0 ? '440000' : 'CN', languages: ['zh'], capacity: 3 + (i % 6), leave: [], onCall: false, directAssignment: false, responseMinutes: [], createdAt: new Date(now), updatedAt: new Date(now) })),
    );
    let index: MemoryIndex;
    try {
      index = await seed(platforms.map((platform) => String(platform._id)), experts.map((expert) => expert._id), String(national._id), !progress.complete);
    } catch (error) {
      if (!(error instanceof OutOfTime)) throw error;
      say(`Seeding stopped after ${BUDGET_MS / 1000} s (${error.message}); run the same command again to carry on.`);
      return;
    }
    if (!progress.complete) {
      progress.complete = true;
      progress.seedMs = seedingFrom + (performance.now() - startedAt);
      saveProgress();
    }
    say(`Seeded in ${((progress.seedMs ?? 0) / 1000).toFixed(0)} s of writing and drawing (over every run that seeded it)`);

    const to = dayOf(new Date(now));
    const from = dayOf(new Date(now - 29 * DAY_MS));
    if (!SKIP_COMPACTION) {
      // As the server's compaction does in the background (newest first, every settled period of
      // the last 400 days): here the settled periods the range reads, each scope and topic's
      // documents merged into one settled document.
      const began = performance.now();
      const compacted = await compactSettled({ periods: periodsBetween(from, to).reverse(), now: new Date(), maxPeriods: Infinity });
      say(`Compaction: ${compacted.periods} settled periods, ${compacted.read} documents read, ${compacted.written} settled documents written, ${compacted.deleted} deleted in ${((performance.now() - began) / 1000).toFixed(1)} s (load ${os.loadavg()[0]!.toFixed(1)})`);
    }
    {
      // Writers store their documents packed (writer.ts); a folder seeded before has the present
      // period's documents (the seed's and earlier intake blocks') stored key by key: packed here
      // as a writer of this version writes them.
      // By one period at a time (an equality the local engine serves from its index), in bulk.
      const open: RollupRecord[] = [];
      for (const period of periodsBetween(from, to).filter((one) => !isSettled(one, now))) open.push(...(await InsightRollupModel.find({ period }).lean<RollupRecord[]>()).filter((doc) => typeof doc.packed !== 'string'));
      const packing = open.map((doc) => {
        const counters = countersOf(doc);
        return { updateOne: { filter: { _id: doc._id }, update: { $set: { packed: JSON.stringify(counters) }, $unset: Object.fromEntries(Object.keys(counters).map((field) => [field, ''])) } } };
      });
      await bulkWriteInChunks(InsightRollupModel.collection, packing);
      if (open.length > 0) say(`${open.length} documents of the present period packed as writers now store them`);
    }
    const scopes = [
      { name: 'the country', scope: { orgId: String(national._id), region: 'CN', orgIds: new Set([String(national._id), String(guangdong._id)]) } },
      { name: 'a province (Guangdong)', scope: { orgId: String(guangdong._id), region: '440000', orgIds: new Set([String(guangdong._id)]) } },
    ];
    const results: string[] = [];
    for (const { name, scope } of scopes) {
      let reports = 0;
      const summary = async () => {
        // At the time the data was drawn for: the range's last week is the present one, read afresh.
        reports = (await summaryForScope(scope, { from, to }, { baseUrl: 'http://bench.example', index, now: new Date(now) })).reports.total;
      };
      const timing = await timeCalls(RUNS, summary);
      results.push(`Dashboard data, 30 days, ${name}, warm (ranking and workload kept ${KEPT_FIGURES_MS / 1000} s, settled days' and weeks' rollups ${SETTLED_KEPT_MS / 60_000} min, as the dashboard asks): median ${timing.medianMs.toFixed(0)} ms, p95 ${timing.p95Ms.toFixed(0)} ms (${RUNS} runs back to back; ${reports} reports in range)`);
      say(results[results.length - 1]!);
      const profiler = PROFILE_DIR ? await startProfile() : null;
      const cold = await timeCalls(RUNS, async () => {
        forgetKeptFigures();
        await summary();
      });
      if (profiler) say(`  CPU profile of the cold calls: ${await profiler.stop(name)}`);
      results.push(`  cold (nothing kept: every call reads all its rollups and computes the ranking and workload; the pool's roster is routing's per-process copy, as a running server holds it): median ${cold.medianMs.toFixed(0)} ms, p95 ${cold.p95Ms.toFixed(0)} ms`);
      say(results[results.length - 1]!);
      // Where the time goes: the rollups read, added up, the ranking, the workload, alone.
      const read = await readRollups(scope.region, '*', from, to, new Date(now));
      const bytes = read.counts.reduce((sum, doc) => sum + mongoose.mongo.BSON.calculateObjectSize(doc), 0);
      const parts = {
        'rollups read (nothing kept)': () => {
          forgetKeptFigures();
          return readRollups(scope.region, '*', from, to, new Date(now));
        },
        'rollups read (settled periods kept)': () => readRollups(scope.region, '*', from, to, new Date(now)),
        'added up': () => Promise.resolve(aggregate(daysBetween(from, to), read.counts, read.responses)),
        ranking: () => rankPublishedCases(index, { fromMs: Date.parse(`${from}T00:00:00Z`), toMs: Date.parse(`${to}T00:00:00Z`) + DAY_MS, region: scope.region, topic: undefined, baseUrl: 'http://bench.example' }),
        workload: () => workloadOf(scope),
      };
      const line: string[] = [];
      for (const [part, call] of Object.entries(parts)) {
        const alone = await timeCalls(Math.max(5, Math.floor(RUNS / 2)), async () => void (await call()));
        line.push(`${part} ${alone.medianMs.toFixed(0)} / ${alone.p95Ms.toFixed(0)} ms`);
      }
      const weeks = new Set(periodsBetween(from, to).map((period) => (period.startsWith('w') ? period : weekPeriodOf(period)))).size;
      results.push(`  of which, alone (median / p95): ${line.join(', ')} (${weeks} weeks touched, read one each and the present week's days before today apart; ${read.counts.length} documents, ${(bytes / 1024).toFixed(0)} KB)`);
      say(results[results.length - 1]!);
    }
    if (SKIP_INTAKE) {
      say(`\nSummary (${REPORTS} reports, ${CASES} cases, ${DAYS} days; load average ${os.loadavg()[0]!.toFixed(1)}):\n${results.join('\n')}`);
      return;
    }

    // Intake with and without rollup updates, in alternating blocks (the machine's load drifts).
    await startMatchIndex(() => undefined);
    const { key } = await issueApiKey({ orgId: platforms[0]!._id, scopes: ['claims:write'], label: 'bench' });
    const server = createApp({ log: createLogger('silent') }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let counter = 0;
    const post = async () => {
      counter += 1;
      const began = performance.now();
      const response = await fetch(`${baseUrl}/api/v1/claims`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ externalId: `bench-${process.pid}-${counter}`, text: `传言 ${counter} 号：${counter % 7 === 0 ? '喝醋软化血管' : `第${counter}条无关的说法 ${Math.floor(rand() * 1e9)}`}`, region: pickRegion() ?? undefined }),
      });
      await response.text();
      if (response.status !== 201) throw new Error(`intake answered ${response.status}`);
      return performance.now() - began;
    };
    // Pairs of blocks, one without rollup updates and one with them, in turn first (the machine's
    // load drifts between pairs, less within one): each pair gives a ratio of medians.
    const median = (values: number[]) => percentile(values, 0.5);
    const off: number[] = [];
    const on: number[] = [];
    const ratios: number[] = [];
    const scheduler = createScheduler(() => undefined);
    const block = async (withRollups: boolean) => {
      const rollups = withRollups ? startInsightRollups(scheduler) : null;
      const times: number[] = [];
      for (let i = 0; i < INTAKE; i += 1) times.push(await post());
      await rollups?.close();
      (withRollups ? on : off).push(...times);
      return median(times);
    };
    for (let pair = 0; pair < PAIRS; pair += 1) {
      const [first, second] = pair % 2 === 0 ? [false, true] : [true, false];
      const a = await block(first);
      const b = await block(second);
      ratios.push(first ? a / b : b / a);
    }
    scheduler.stop();
    server.close();
    stopMatchIndex();
    const ratio = median(ratios);
    results.push(`Intake median: ${median(off).toFixed(1)} ms without rollup updates, ${median(on).toFixed(1)} ms with them; median of the ${PAIRS} pairs' ratios (with / without) ${ratio.toFixed(3)} (${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%; ratios ${ratios.map((one) => one.toFixed(2)).join(', ')}; ${INTAKE} reports a block)`);
    say(results[results.length - 1]!);
    say(`\nSummary (${REPORTS} reports, ${CASES} cases, ${DAYS} days; load average ${os.loadavg()[0]!.toFixed(1)}):\n${results.join('\n')}`);
  } finally {
    await database.close();
    if (!KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
