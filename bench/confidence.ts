/** Exact (Clopper–Pearson) confidence bounds for a binomial proportion. */

function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i += 1) sum += Math.log(n - k + i) - Math.log(i);
  return sum;
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
function binomialCdf(k: number, n: number, p: number): number {
  if (p <= 0) return 1;
  if (p >= 1) return k >= n ? 1 : 0;
  let total = 0;
  for (let i = 0; i <= k; i += 1) total += Math.exp(logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log(1 - p));
  return Math.min(1, total);
}

/** The upper end of the two-sided 95% Clopper–Pearson interval of `failures` in `trials`. */
export function clopperPearsonUpper(failures: number, trials: number, confidence = 0.95): number {
  return upperWithTail(failures, trials, (1 - confidence) / 2);
}

/**
 * The exact one-sided upper bound of `failures` in `trials` (Clopper–Pearson): the error rate
 * that at this confidence is not exceeded. With no failure it is 1 − 0.05^(1/n).
 */
export function clopperPearsonOneSidedUpper(failures: number, trials: number, confidence = 0.95): number {
  return upperWithTail(failures, trials, 1 - confidence);
}

/** How many answers, `failures` of them wrong, bring the one-sided 95% upper bound down to `rate`. */
export function trialsToShow(rate: number, failures: number, confidence = 0.95): number {
  let trials = failures + 1;
  while (clopperPearsonOneSidedUpper(failures, trials, confidence) > rate) trials += 1;
  return trials;
}

function upperWithTail(failures: number, trials: number, tail: number): number {
  if (trials === 0 || failures >= trials) return 1;
  let low = failures / trials;
  let high = 1;
  for (let step = 0; step < 60; step += 1) {
    const mid = (low + high) / 2;
    if (binomialCdf(failures, trials, mid) > tail) low = mid;
    else high = mid;
  }
  return high;
}
