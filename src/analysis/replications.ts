import tQuantile from "@stdlib/stats-base-dists-t-quantile";

/** A figure over replications: mean, sample sd, 95 % confidence half-width (Student t), range. */
export interface Estimate {
  mean: number;
  sd: number;
  halfWidth: number;
  min: number;
  max: number;
  /** How many replications the figure exists in, when not all (e.g. the stock-out day). */
  n?: number;
}

/** Mean ± 95 % half-width of one figure over replications (half-width 0 for one value). */
export function estimate(values: readonly number[]): Estimate {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  return {
    mean,
    sd,
    halfWidth: n > 1 ? (tQuantile(0.975, n - 1) * sd) / Math.sqrt(n) : 0,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/**
 * A figure that some replications may lack (null: no stock-out, no request to wait): estimated
 * over those that have it, with their count; null when none has it.
 */
export function estimatePresent(values: readonly (number | null)[]): Estimate | null {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return null;
  const e = estimate(present);
  return present.length < values.length ? { ...e, n: present.length } : e;
}
