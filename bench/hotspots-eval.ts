/**
 * npm run eval:hotspots — the hotspot detector (server/src/features/hotspots/) on replayed report
 * streams, next to a naive rule (a fixed number of reports in the last hour).
 *
 * Streams: a week of background reports per case and per topic, with a daily rhythm (quiet at
 * night, busy in the evening), day-to-day and hour-to-hour noise (the rate of each hour is
 * drawn from a gamma law, so reports are more clustered than Poisson), and bursts of several
 * sizes planted in the last five days (the first two let the baseline learn). A burst adds its
 * reports over twenty minutes. Both methods see the reports minute by minute through the same
 * tracker interface; a detection within two hours of a burst's start is its detection (delay
 * from the start), any other is a false alarm. Seeded: the figures repeat run to run
 * (`-- --seed N` for another draw).
 */
import { DEFAULT_DETECTOR_CONFIG } from '../server/src/features/hotspots/detector';
import { HotspotTracker } from '../server/src/features/hotspots/tracker';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DAYS = 7;
const WARM_UP = 2 * DAY;
const BURST_SPREAD = 20 * MINUTE;
const ATTRIBUTION = 2 * HOUR;
const BURST_SIZES = [6, 10, 20, 50, 100];
const BURSTS_PER_SIZE = 40;
/** The naive rule: this many reports within the last hour (the triage's hot velocity is 5). */
const NAIVE_PER_HOUR = 10;

const seedArg = process.argv.indexOf('--seed');
let seed = seedArg > 0 ? Number(process.argv[seedArg + 1]) : 20261130;
function random(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function poisson(mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k += 1;
    p *= random();
  }
  return k;
}
function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
/** Gamma(shape, 1/shape): mean 1; a smaller shape is burstier. */
function gammaNoise(shape: number): number {
  // Marsaglia–Tsang, shape ≥ 1.
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = gaussian();
    const v = (1 + c * x) ** 3;
    if (v > 0 && Math.log(random()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / shape;
  }
}

interface Subject {
  name: string;
  kind: 'case' | 'topic';
  /** Mean reports per hour over the day. */
  perHour: number;
}
interface Burst {
  subject: string;
  size: number;
  start: number;
}

const subjects: Subject[] = [
  ...Array.from({ length: 60 }, (_, i) => ({ name: `case-${i}`, kind: 'case' as const, perHour: 0.05 * 1.08 ** i })),
  ...Array.from({ length: 10 }, (_, i) => ({ name: `topic-${i}`, kind: 'topic' as const, perHour: 5 * 1.3 ** i })),
];

/** Busiest in the evening, quietest before dawn: 0.3× to 1.7× the mean. */
const rhythm = (at: number) => 1 + 0.7 * Math.sin((2 * Math.PI * (at % DAY - 14 * HOUR)) / DAY);

function backgroundTimes(subject: Subject): number[] {
  const times: number[] = [];
  for (let day = 0; day < DAYS; day += 1) {
    const dayLevel = gammaNoise(6);
    for (let hour = 0; hour < 24; hour += 1) {
      const start = day * DAY + hour * HOUR;
      const mean = subject.perHour * dayLevel * gammaNoise(8) * rhythm(start + HOUR / 2);
      for (let n = poisson(mean); n > 0; n -= 1) times.push(start + random() * HOUR);
    }
  }
  return times;
}

function plantBursts(): Burst[] {
  const bursts: Burst[] = [];
  for (const size of BURST_SIZES) {
    for (let n = 0; n < BURSTS_PER_SIZE; n += 1) {
      const subject = subjects[Math.floor(random() * subjects.length)]!;
      bursts.push({ subject: subject.name, size, start: WARM_UP + random() * (DAYS * DAY - WARM_UP - ATTRIBUTION) });
    }
  }
  // One burst per subject at a time: overlapping bursts would share a detection.
  bursts.sort((a, b) => a.start - b.start);
  const lastStart = new Map<string, number>();
  return bursts.filter((burst) => {
    const previous = lastStart.get(burst.subject);
    if (previous !== undefined && burst.start - previous < 2 * ATTRIBUTION) return false;
    lastStart.set(burst.subject, burst.start);
    return true;
  });
}

/** Flags a subject when its last hour holds `threshold` reports; again only after it fell below. */
class FixedThreshold {
  private readonly times = new Map<string, number[]>();
  private readonly above = new Set<string>();
  constructor(private readonly threshold: number) {}
  record(subject: string, at: number): void {
    const list = this.times.get(subject) ?? [];
    list.push(at);
    this.times.set(subject, list);
  }
  evaluate(now: number): Array<{ subject: string }> {
    const found: Array<{ subject: string }> = [];
    for (const [subject, list] of this.times) {
      while (list.length > 0 && list[0]! <= now - HOUR) list.shift();
      if (list.length >= this.threshold) {
        if (!this.above.has(subject)) found.push({ subject });
        this.above.add(subject);
      } else this.above.delete(subject);
    }
    return found;
  }
}

interface Method {
  record(subject: string, at: number): void;
  evaluate(now: number): Array<{ subject: string }>;
}

function replay(method: Method, events: Array<[number, string]>): Array<{ subject: string; at: number }> {
  const detections: Array<{ subject: string; at: number }> = [];
  let next = 0;
  for (let now = MINUTE; now <= DAYS * DAY; now += MINUTE) {
    while (next < events.length && events[next]![0] <= now) {
      method.record(events[next]![1], events[next]![0]);
      next += 1;
    }
    for (const found of method.evaluate(now)) detections.push({ subject: found.subject, at: now });
  }
  return detections;
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
const minutes = (ms: number) => (Number.isNaN(ms) ? '   –' : (ms / MINUTE).toFixed(1).padStart(5));

function score(name: string, detections: Array<{ subject: string; at: number }>, bursts: Burst[]): void {
  const kindOf = new Map(subjects.map((subject) => [subject.name, subject.kind]));
  const claimed = new Set<number>();
  const delays = new Map<string, number[]>();
  const planted = new Map<string, number>();
  for (const burst of bursts) {
    const key = `${kindOf.get(burst.subject)} ${String(burst.size).padStart(3)}`;
    planted.set(key, (planted.get(key) ?? 0) + 1);
    const index = detections.findIndex((d, i) => !claimed.has(i) && d.subject === burst.subject && d.at >= burst.start && d.at <= burst.start + ATTRIBUTION);
    if (index < 0) continue;
    claimed.add(index);
    delays.set(key, [...(delays.get(key) ?? []), detections[index]!.at - burst.start]);
  }
  console.log(`\n${name}`);
  console.log('  subject  burst  detected   delay median  p90 (minutes)');
  for (const key of [...planted.keys()].sort()) {
    const list = (delays.get(key) ?? []).sort((a, b) => a - b);
    console.log(`  ${key}   ${String(list.length).padStart(3)}/${String(planted.get(key)).padEnd(3)}     ${minutes(percentile(list, 0.5))}  ${minutes(percentile(list, 0.9))}`);
  }
  const days = (DAYS * DAY - WARM_UP) / DAY;
  for (const kind of ['case', 'topic'] as const) {
    const count = kind === 'case' ? subjects.filter((s) => s.kind === 'case').length : subjects.filter((s) => s.kind === 'topic').length;
    const false_ = detections.filter((d, i) => !claimed.has(i) && d.at >= WARM_UP && kindOf.get(d.subject) === kind).length;
    console.log(`  false alarms, ${kind}s: ${(false_ / days).toFixed(2)} per day over ${count} ${kind}s (${(false_ / days / count).toFixed(4)} per ${kind} per day)`);
  }
}

const bursts = plantBursts();
const events: Array<[number, string]> = [];
for (const subject of subjects) for (const at of backgroundTimes(subject)) events.push([at, subject.name]);
for (const burst of bursts) for (let n = 0; n < burst.size; n += 1) events.push([burst.start + random() * BURST_SPREAD, burst.subject]);
events.sort((a, b) => a[0] - b[0]);

const config = DEFAULT_DETECTOR_CONFIG;
console.log(`${subjects.length} subjects (60 cases at 0.05–5 reports/hour, 10 topics at 5–50), ${DAYS} days, ${events.length} reports, ${bursts.length} bursts over ${BURST_SPREAD / MINUTE} minutes`);
console.log(`Poisson surprise: window ${config.windowBins} min, half-life ${config.halfLifeMs / HOUR} h, surprise ≥ ${config.minSurprise}, ratio ≥ ${config.minRatio}, count ≥ ${config.minCount}`);
score('Poisson surprise against the own baseline (the detector)', replay(new HotspotTracker(config), events), bursts);
score(`Naive: ≥ ${NAIVE_PER_HOUR} reports in the last hour`, replay(new FixedThreshold(NAIVE_PER_HOUR), events), bursts);
