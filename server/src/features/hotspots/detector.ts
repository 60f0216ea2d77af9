/**
 * Hotspot detection: a pure function of report times, so that every server process, the
 * evaluation (`npm run eval:hotspots`) and the tests run the same code on the same numbers.
 *
 * Method: a Poisson surprise. Each subject (a case or a topic) keeps one number of its own
 * past, its baseline rate of reports per minute, as an exponentially weighted average over the
 * minutes before the window tested (half-life one hour: short enough to follow the daily rhythm,
 * which a longer memory lags behind by enough to look like a rise every morning; the window's
 * own minutes are learned only once they leave it, and a flagged burst's never). At each
 * evaluation the reports of the last fifteen minutes are set against the count the baseline
 * expects there, and the subject is flagged when
 *   - the count is improbable under the baseline: P(X ≥ count | Poisson(expected)) ≤ 10^-surprise,
 *   - it is at least `minRatio` times the expected count (reports come in clusters, more spread
 *     than Poisson: the ratio keeps a busy subject's ordinary swings from looking improbable),
 *   - and at least `minCount` reports (a handful of reports is never a social hotspot).
 * Why not a robust z-score (median and MAD over past windows): most cases get a report now and
 * then, so most past windows hold zero and the MAD is zero; the z-score is then undefined or
 * infinite, and keeping the windows themselves costs far more state than one rate. The Poisson
 * tail is exact for small counts and needs only the rate.
 *
 * A flag opens an episode, which lasts until the window is unsurprising again; a subject is
 * flagged once per episode, and not again within `cooldownMs` of the episode's end. While the
 * baseline learns, a minute's count is clipped to what the baseline finds plausible, so an
 * unflagged burst barely raises it and a lasting new level is learned over hours. A subject
 * seen for the first time starts at the floor rate: a case that opens with a dozen reports in
 * minutes has risen from nothing and is flagged. A slow ramp (the rate
 * doubling over a few hours) is learned as it rises and is not a hotspot: the triage's velocity
 * and report-count rules (cases/triage.ts) cover steady growth.
 */

export interface DetectorConfig {
  /** The baseline learns per bin. */
  binMs: number;
  /** The window whose count is tested, in bins (the newest one partly elapsed). */
  windowBins: number;
  /** Half-life of the baseline's memory. */
  halfLifeMs: number;
  /** The least rate a subject is assumed to have (reports per bin): a new case starts here. */
  floorRate: number;
  /** -log10 of the tail probability that flags. */
  minSurprise: number;
  /** Below this surprise an episode ends. */
  exitSurprise: number;
  minCount: number;
  minRatio: number;
  /** After an episode ends, how long before the subject can be flagged again. */
  cooldownMs: number;
}

export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = {
  binMs: 60_000,
  windowBins: 15,
  halfLifeMs: 3_600_000,
  // One report in ten hours.
  floorRate: 1 / 600,
  minSurprise: 6,
  exitSurprise: 2,
  minCount: 6,
  minRatio: 4,
  cooldownMs: 3_600_000,
};

export interface SubjectState {
  /** Baseline reports per bin. */
  rate: number;
  /** The newest bin learned into the rate. */
  learnedBin: number;
  /** Counts of the bins not yet learned or still inside the window: [bin, count], oldest first. */
  bins: Array<[number, number]>;
  /** Set while flagged: the window start of the evaluation that flagged. */
  episodeStart: number | null;
  /** When the last episode ended. */
  episodeEnd: number | null;
}

export interface Detection {
  windowStart: number;
  windowEnd: number;
  count: number;
  expected: number;
  /** Baseline reports per hour. */
  baselinePerHour: number;
  /** -log10 P(X ≥ count). */
  surprise: number;
}

export function newSubjectState(firstReportAt: number, config: DetectorConfig = DEFAULT_DETECTOR_CONFIG): SubjectState {
  return { rate: config.floorRate, learnedBin: Math.floor(firstReportAt / config.binMs) - 1, bins: [], episodeStart: null, episodeEnd: null };
}

/** Counts one report into its bin. Reports of bins already learned count in the window only. */
export function addReport(state: SubjectState, at: number, config: DetectorConfig = DEFAULT_DETECTOR_CONFIG): SubjectState {
  const bin = Math.floor(at / config.binMs);
  const bins = state.bins.slice();
  let index = bins.length;
  while (index > 0 && bins[index - 1]![0] > bin) index -= 1;
  if (index > 0 && bins[index - 1]![0] === bin) bins[index - 1] = [bin, bins[index - 1]![1] + 1];
  else bins.splice(index, 0, [bin, 1]);
  return { ...state, bins };
}

/** What the baseline takes of one bin's count: at most a plausible high count. */
const clipped = (count: number, rate: number) => Math.min(count, rate + 3 * Math.sqrt(rate) + 1);

/**
 * Learns every bin before `bin` (the window's first) into the rate; runs of empty minutes decay
 * it at once. The window itself is not learned: it is what the baseline is tested against.
 */
function learnUntil(state: SubjectState, bin: number, config: DetectorConfig): SubjectState {
  const keep = 1 - Math.LN2 / (config.halfLifeMs / config.binMs);
  let { rate, learnedBin } = state;
  const episode = state.episodeStart !== null;
  for (const [b, count] of state.bins) {
    if (b <= learnedBin || b >= bin) continue;
    rate *= keep ** (b - learnedBin - 1);
    // An episode's minutes are not learned: the burst is not the baseline.
    if (!episode) rate = keep * rate + (1 - keep) * clipped(count, rate);
    learnedBin = b;
  }
  if (bin - 1 > learnedBin) {
    rate *= keep ** (bin - 1 - learnedBin);
    learnedBin = bin - 1;
  }
  const bins = state.bins.filter(([b]) => b >= bin);
  return { ...state, rate: Math.max(rate, config.floorRate), learnedBin, bins };
}

/** Brings the subject to `now` and says whether a hotspot starts there. */
export function assess(state: SubjectState, now: number, config: DetectorConfig = DEFAULT_DETECTOR_CONFIG): { state: SubjectState; detection: Detection | null } {
  const bin = Math.floor(now / config.binMs);
  const firstBin = bin - config.windowBins + 1;
  const next = learnUntil(state, firstBin, config);
  const windowStart = firstBin * config.binMs;
  const count = next.bins.reduce((sum, [b, n]) => (b <= bin ? sum + n : sum), 0);
  const elapsedBins = config.windowBins - 1 + (now - bin * config.binMs) / config.binMs;
  const expected = next.rate * elapsedBins;
  const surprise = poissonSurprise(count, expected);
  if (next.episodeStart !== null) {
    if (surprise < config.exitSurprise) return { state: { ...next, episodeStart: null, episodeEnd: now }, detection: null };
    return { state: next, detection: null };
  }
  const cooling = next.episodeEnd !== null && now - next.episodeEnd < config.cooldownMs;
  const flagged = !cooling && count >= config.minCount && count >= config.minRatio * expected && surprise >= config.minSurprise;
  if (!flagged) return { state: next, detection: null };
  return {
    state: { ...next, episodeStart: windowStart },
    detection: {
      windowStart,
      windowEnd: now,
      count,
      expected,
      baselinePerHour: (next.rate * 3_600_000) / config.binMs,
      surprise,
    },
  };
}

/** True when the subject holds nothing the floor rate would not give a new subject. */
export function isIdle(state: SubjectState, config: DetectorConfig = DEFAULT_DETECTOR_CONFIG): boolean {
  return state.bins.length === 0 && state.episodeStart === null && state.rate <= config.floorRate * 1.01;
}

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  if (n < 20_000) {
    for (let i = logFactorials.length; i <= n; i += 1) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
    return logFactorials[n]!;
  }
  // Stirling's series, exact to double precision at this size.
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n);
}

/** -log10 P(X ≥ k) for X ~ Poisson(mu): 0 when k is at or below what is expected. */
export function poissonSurprise(k: number, mu: number): number {
  if (k <= 0) return 0;
  if (mu <= 0) return Infinity;
  // At or below the expected count the tail holds about half the mass or more: no surprise.
  if (k <= mu) return 0;
  // Sum the tail from its first term in log space; its terms shrink fast once past mu.
  const logTerm = (i: number) => -mu + i * Math.log(mu) - logFactorial(i);
  const first = logTerm(k);
  let sum = 0;
  for (let i = k; i < k + 10_000; i += 1) {
    const ratio = Math.exp(logTerm(i) - first);
    sum += ratio;
    if (ratio < 1e-17 * sum) break;
  }
  const logTail = first + Math.log(sum);
  return Math.max(0, -logTail / Math.LN10);
}
