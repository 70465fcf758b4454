import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import type { Report } from "../report/summarize.js";

/** A figure over replications: mean, sample sd, 95 % confidence half-width (Student t), range. */
export interface Estimate {
  mean: number;
  sd: number;
  halfWidth: number;
  min: number;
  max: number;
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

/** Every funnel counter, revenue and ratio KPI of several replications' reports, estimated. */
export interface ReplicationSummary {
  scenario: string;
  seed: number;
  currency: string;
  replications: number;
  funnel: Record<keyof Report["funnel"], Estimate>;
  revenue: Estimate;
  kpi: Record<keyof Report["kpi"], Estimate | null>;
  perReplication?: Report[];
}

/** Summarizes replications (reports in replication order). */
export function summarizeReplications(
  reports: readonly Report[],
  withPerReplication = false,
): ReplicationSummary {
  const first = reports[0];
  const pick = <T extends Record<string, number | null>>(get: (r: Report) => T) =>
    Object.fromEntries(
      Object.keys(get(first)).map((k) => {
        const values = reports.map((r) => get(r)[k]);
        return [k, values.every((v) => v !== null) ? estimate(values as number[]) : null];
      }),
    );
  return {
    scenario: first.scenario,
    seed: first.seed,
    currency: first.currency,
    replications: reports.length,
    funnel: pick((r) => r.funnel) as ReplicationSummary["funnel"],
    revenue: estimate(reports.map((r) => r.revenue)),
    kpi: pick((r) => r.kpi) as ReplicationSummary["kpi"],
    ...(withPerReplication ? { perReplication: [...reports] } : {}),
  };
}
