import type { RunResult } from "../core/pipeline.js";
import { CAPACITIES } from "../model/stages.js";

/** Hour-by-hour figures of a run (means over replications): what the report's charts draw. */
export interface HourlySeries {
  /** Clicks per hour slot ((day − 1) × 24 + hour). */
  clicks: number[];
  /**
   * Per capacity limit the run counted (its id, and the counter its losses add to), the people
   * it turned away per hour slot.
   */
  turnedAway: { limit: string; counter: string; perHour: number[] }[];
  /** Most sessions open at once on the site in each hour slot. */
  peakSessions: number[];
  consultants: {
    /** Requests waiting for a consultant, on average over each hour (time average). */
    queue: number[];
    /** Consultants busy, on average over each hour (time average; as utilisation counts). */
    busy: number[];
    /** Consultants on duty, on average over each hour (from the shifts); null: unlimited. */
    onDuty: number[] | null;
  };
  /** The stock by day, when it is limited (null: unlimited). */
  stock: {
    /** Units on the shelf at the end of each day (the last: at the end of the run). */
    left: number[];
    /** Units delivered each day (at its start). */
    restocked: number[];
  } | null;
}

/** The hourly series of replications `runs` (their means, slot by slot). */
export function hourlySeries(runs: readonly RunResult[]): HourlySeries {
  const n = runs.length;
  const mean = (get: (r: RunResult) => ArrayLike<number>, scale = 1) => {
    const first = get(runs[0]);
    const out = new Array<number>(first.length).fill(0);
    for (const r of runs) {
      const v = get(r);
      for (let s = 0; s < out.length; s++) out[s] += v[s] / n;
    }
    return scale === 1 ? out : out.map((v) => v / scale);
  };
  const stockLeft = runs[0].byDay.stockLeft;
  return {
    clicks: mean((r) => r.clicksBySlot),
    turnedAway: CAPACITIES.filter((c) => c.lostBySlot in runs[0].lostBySlot).map((c) => ({
      limit: c.id,
      counter: c.lostBySlot,
      perHour: mean((r) => r.lostBySlot[c.lostBySlot]),
    })),
    peakSessions: mean((r) => r.peakSessionsBySlot),
    consultants: {
      queue: mean((r) => r.queueMinBySlot, 60),
      busy: mean((r) => r.busyMinBySlot, 60),
      onDuty: runs[0].onDutyMinBySlot.every(Number.isFinite)
        ? mean((r) => r.onDutyMinBySlot, 60)
        : null,
    },
    stock: stockLeft?.every(Number.isFinite)
      ? { left: mean((r) => r.byDay.stockLeft), restocked: mean((r) => r.byDay.restocked) }
      : null,
  };
}

/** A figure of a series as `--json` gives it: 3 decimals (means of whole counts stay exact). */
const rounded = (values: readonly number[]) => values.map((v) => Math.round(v * 1000) / 1000);

/**
 * The series as `run --json` gives them: per hour slot, clicks, each limit's people turned away
 * (by the counter they add to: lostHosting, lostAbandon, …), the site's most sessions at once,
 * the consultants' mean queue, mean busy and (when limited) mean on duty; per day, when the
 * stock is limited, units left at the end of the day and units delivered.
 */
export function seriesJson(s: HourlySeries) {
  return {
    perHour: {
      clicks: rounded(s.clicks),
      ...Object.fromEntries(s.turnedAway.map((t) => [t.counter, rounded(t.perHour)])),
      peakSessions: rounded(s.peakSessions),
      queue: rounded(s.consultants.queue),
      busyConsultants: rounded(s.consultants.busy),
      ...(s.consultants.onDuty ? { consultantsOnDuty: rounded(s.consultants.onDuty) } : {}),
    },
    ...(s.stock
      ? { perDay: { stockLeft: rounded(s.stock.left), restocked: rounded(s.stock.restocked) } }
      : {}),
  };
}
