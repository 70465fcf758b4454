// Stationary queueing formulas for the staffing comparison: Erlang C (M/M/c) and Erlang A
// (M/M/c+M, exponential patience). test/theory/erlang.ts holds the test suite's own copies
// (with the transient and the statistics); test/analysis/staffing.test.ts checks these agree.

/** Erlang B: blocking of M/G/c/c at offered load a (the stable recursion). */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: P(wait > 0) in M/M/c at offered load a < c; 1 when a ≥ c (the queue grows). */
export function erlangC(c: number, a: number): number {
  if (!(a < c)) return 1;
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

/**
 * Erlang C service level: P(wait ≤ t) in M/M/c = 1 − C(c, a)·e^(−(cμ − λ)t); 0 when the
 * queue grows (λ ≥ cμ). λ per minute, μ = 1 / mean handle time, t in minutes.
 */
export function erlangCServiceLevel(c: number, lambda: number, mu: number, t: number): number {
  if (!(lambda < c * mu)) return 0;
  return 1 - erlangC(c, lambda / mu) * Math.exp(-(c * mu - lambda) * t);
}

/**
 * Erlang A: the share of arrivals that abandon in M/M/c+M (arrivals λ, service μ, patience
 * rate θ; per minute), θ·E[queue]/λ from the birth–death chain's stationary law, computed in
 * log space and cut where the tail is below 1e-18 of the mode.
 */
export function erlangAAbandonment(c: number, lambda: number, mu: number, theta: number): number {
  if (lambda <= 0) return 0;
  if (!(theta > 0)) return 0;
  const death = (n: number) => Math.min(n, c) * mu + Math.max(n - c, 0) * theta;
  const logPi: number[] = [0];
  let logMax = 0;
  for (let n = 0; ; n++) {
    const r = lambda / death(n + 1);
    const next = logPi[n] + Math.log(r);
    if (n >= c && r < 1 && logPi[n] - logMax + Math.log(r / (1 - r)) < Math.log(1e-18)) break;
    logPi.push(next);
    logMax = Math.max(logMax, next);
  }
  let sum = 0;
  let queue = 0;
  logPi.forEach((l, n) => {
    const p = Math.exp(l - logMax);
    sum += p;
    queue += Math.max(n - c, 0) * p;
  });
  return (theta * queue) / sum / lambda;
}

/**
 * The fewest consultants, at most `most`, at which `meets(c)` holds (the figures improve with
 * c); `most` + 1 when none does.
 */
export function fewest(meets: (c: number) => boolean, most: number): number {
  for (let c = 0; c <= most; c++) if (meets(c)) return c;
  return most + 1;
}
