// χ² goodness of fit: the statistic, its degrees of freedom and its exact critical value (the
// regularized incomplete gamma function, inverted by bisection). Test-only code.
import { logGamma } from "./erlang.js";

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a), a > 0, x ≥ 0. */
export function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(a * Math.log(x) - x - logGamma(a));
  if (x < a + 1) {
    // Series of P(a, x): x^a e^-x / Γ(a + 1) · Σ x^n / ((a + 1)…(a + n)).
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - front * sum;
  }
  // Continued fraction of Q(a, x) (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let f = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return front * f;
}

/** P(X > x) for X χ² with k degrees of freedom. */
export function chi2UpperTail(x: number, k: number): number {
  return upperGamma(k / 2, x / 2);
}

/** The x with P(X > x) = q for X χ² with k degrees of freedom, by bisection. */
export function chi2QuantileUpper(q: number, k: number): number {
  let lo = 0;
  let hi = k + 1;
  while (chi2UpperTail(hi, k) > q) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (chi2UpperTail(mid, k) > q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A χ² goodness-of-fit test of counts against cell probabilities. */
export interface Chi2Fit {
  stat: number;
  /** Degrees of freedom: cells (after pooling) − 1. */
  df: number;
  /** Smallest expected count of a cell (after pooling). */
  minExpected: number;
}

/**
 * Pearson's χ² of `observed` counts against `prob` (cell probabilities summing to 1) given
 * the total count: cells expecting fewer than `minExpected` are pooled into one, so each
 * cell's count is near enough normal for the χ² law.
 */
export function chi2Fit(
  observed: ArrayLike<number>,
  prob: ArrayLike<number>,
  minExpected = 5,
): Chi2Fit {
  let n = 0;
  for (let i = 0; i < observed.length; i++) n += observed[i];
  let stat = 0;
  let cells = 0;
  let least = Infinity;
  let pooledObserved = 0;
  let pooledExpected = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = n * prob[i];
    if (e < minExpected) {
      pooledObserved += observed[i];
      pooledExpected += e;
      continue;
    }
    stat += (observed[i] - e) ** 2 / e;
    cells++;
    least = Math.min(least, e);
  }
  if (pooledExpected > 0) {
    stat += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
    cells++;
    least = Math.min(least, pooledExpected);
  } else if (pooledObserved > 0) stat = Infinity; // clicks where none can be
  return { stat, df: cells - 1, minExpected: least };
}
