import type { RunResult } from "../core/pipeline.js";
import { CAPACITIES } from "../model/stages.js";

/** Hour-by-hour figures of a run (means over replications): what the report's charts draw. */
export interface HourlySeries {
  /** Clicks per hour slot ((day − 1) × 24 + hour). */
  clicks: number[];
  /** Per capacity limit the run counted (its id), the people it turned away per hour slot. */
  turnedAway: { limit: string; perHour: number[] }[];
}

/** The hourly series of replications `runs` (their means, slot by slot). */
export function hourlySeries(runs: readonly RunResult[]): HourlySeries {
  const n = runs.length;
  const mean = (get: (r: RunResult) => ArrayLike<number>) => {
    const first = get(runs[0]);
    const out = new Array<number>(first.length).fill(0);
    for (const r of runs) {
      const v = get(r);
      for (let s = 0; s < out.length; s++) out[s] += v[s] / n;
    }
    return out;
  };
  return {
    clicks: mean((r) => r.clicksBySlot),
    turnedAway: CAPACITIES.filter((c) => c.lostBySlot in runs[0].lostBySlot).map((c) => ({
      limit: c.id,
      perHour: mean((r) => r.lostBySlot[c.lostBySlot]),
    })),
  };
}
