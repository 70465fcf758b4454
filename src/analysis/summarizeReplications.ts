import type { RunResult } from "../core/pipeline.js";
import { DAY_MIN, type Plan, SLOT_MIN } from "../core/plan.js";
import type { Scenario } from "../scenario/schema.js";
import type { Profit } from "./profit.js";
import { type Estimate, estimate, estimatePresent } from "./replications.js";
import { type Report, summarize } from "./summarize.js";

/** Several replications' report: every figure of the single-run report as an Estimate. */
export interface ReplicationSummary extends Report<Estimate> {
  replications: number;
  /** Each replication's own report, in replication order (replication 0 is the single run). */
  perReplication?: Report[];
}

type Nullable<T> = { [K in keyof T]: number | null };

/**
 * Summarizes replications (runs in replication order): the same sections and keys as one
 * run's report, each figure estimated over the replications (mean, sd, 95 % half-width, min,
 * max). The busiest hour is the hour with the most clicks on average.
 */
export function summarizeReplications(
  scenario: Scenario,
  plan: Plan,
  runs: readonly RunResult[],
  withPerReplication = false,
): ReplicationSummary {
  const reports = runs.map((run) => summarize(scenario, plan, run));
  const first = reports[0];
  const over = (get: (r: Report) => number) => estimate(reports.map(get));
  const each = <T extends Nullable<T>>(get: (r: Report) => T) =>
    Object.fromEntries(
      Object.keys(get(first)).map((k) => [
        k,
        estimatePresent(reports.map((r) => get(r)[k as keyof T] as number | null)),
      ]),
    ) as { [K in keyof T]: Estimate | null };

  const slots = runs[0].clicksBySlot.length;
  let busiest = 0;
  const total = new Float64Array(slots);
  for (const run of runs) for (let s = 0; s < slots; s++) total[s] += run.clicksBySlot[s];
  for (let s = 1; s < slots; s++) if (total[s] > total[busiest]) busiest = s;
  const p = each((r) => {
    const { busiestHour: _h, siteCapacity: _c, ...rest } = r.peak;
    return rest;
  });

  return {
    scenario: first.scenario,
    seed: first.seed,
    currency: first.currency,
    horizonDays: first.horizonDays,
    ...(first.start === undefined ? {} : { start: first.start }),
    replications: reports.length,
    funnel: each((r) => r.funnel) as ReplicationSummary["funnel"],
    revenue: over((r) => r.revenue),
    losses: first.losses.map((l, i) => ({
      ...l,
      agents: over((r) => r.losses[i].agents),
      share: over((r) => r.losses[i].share),
    })),
    ...(first.pending
      ? {
          pending: first.pending.map((l, i) => ({
            ...l,
            agents: over((r) => (r.pending ?? [])[i].agents),
            share: over((r) => (r.pending ?? [])[i].share),
          })),
        }
      : {}),
    kpi: each((r) => r.kpi),
    peak: {
      busiestHour: {
        day: Math.floor((busiest * SLOT_MIN) / DAY_MIN) + 1,
        hour: busiest % 24,
        clicks: estimate(runs.map((run) => run.clicksBySlot[busiest])),
      },
      ...p,
      peakSessions: p.peakSessions as Estimate,
      siteCapacity: first.peak.siteCapacity,
    },
    ...(first.profit
      ? {
          profit: each((r) => r.profit as Profit) as ReplicationSummary["profit"],
        }
      : {}),
    ...(first.timing ? { timing: timingOver(reports, runs) } : {}),
    ...(withPerReplication ? { perReplication: reports } : {}),
  };
}

/** The timing over replications: the period with the most clicks on average, first losses. */
function timingOver(reports: readonly Report[], runs: readonly RunResult[]) {
  const first = reports[0].timing as NonNullable<Report["timing"]>;
  const width = first.resolutionMin;
  const counts = runs.map((r) => r.clicksByPeriod ?? r.clicksBySlot);
  const total = new Float64Array(counts[0].length);
  for (const c of counts) for (let k = 0; k < total.length; k++) total[k] += c[k];
  let busiest = 0;
  for (let k = 1; k < total.length; k++) if (total[k] > total[busiest]) busiest = k;
  return {
    resolutionMin: width,
    busiest: { startMin: busiest * width, clicks: estimate(counts.map((c) => c[busiest])) },
    firstLossMin: Object.fromEntries(
      Object.keys(first.firstLossMin).map((id) => [
        id,
        estimatePresent(reports.map((r) => r.timing?.firstLossMin[id] ?? null)),
      ]),
    ),
  };
}
