// `staffing`: the consultants per hour that meet an abandonment (or service-level) target with
// the fewest consultant-hours, found by simulation on the scenario's own requests, beside the
// stationary Erlang A (or C) figure per hour. Data only; src/report/staffing.ts writes it.

import { type SeatSchedule, seatSchedule } from "../core/capacity/seats.js";
import { DAY_MIN, SLOT_MIN } from "../core/codes.js";
import { C } from "../core/counters.js";
import { compile, type Plan } from "../core/plan.js";
import {
  drawRequests,
  type QueueCounts,
  type RequestStream,
  replayQueue,
} from "../core/requests.js";
import type { WorkerPool } from "../parallel/pool.js";
import { runVariants } from "../parallel/runs.js";
import { meanOf } from "../rng/samplers.js";
import { BOUNDS } from "../scenario/bounds.js";
import { startWeekday, WEEKDAYS, weekdayOf } from "../scenario/calendar.js";
import type { Scenario } from "../scenario/schema.js";
import { erlangAAbandonment, erlangCServiceLevel, fewest } from "./erlang.js";

/** What the plan must achieve: at most a share abandoning, or at least a share answered in time. */
export type StaffingTarget =
  | { kind: "abandon"; max: number }
  | { kind: "serviceLevel"; withinMin: number; min: number };

/**
 * Where the target holds: over every request of the horizon (what `run` reports), or in every
 * hour of the plan (each hour's requests, pooled over the days it covers and the replications).
 */
export type StaffingScope = "horizon" | "hour";

/** One consultants-per-hour figure for each hour of day; per day (or weekday) with "day". */
export type StaffingBy = "hour" | "day";

/** A shift as the scenario's `sales.shifts` takes it. */
export interface PlannedShift {
  consultants: number;
  hours: [number, number];
  days?: [number, number];
  weekdays?: string[];
}

/** One hour of the plan. */
export interface StaffingCell {
  hour: number;
  /** With --by day: the day of the horizon (1-based), or the weekday when the horizon has a start. */
  day?: number;
  weekday?: string;
  /** Requests made in this hour, per replication (mean over the days it covers, summed). */
  requests: number;
  /** The stationary formula's consultants for the hour's mean arrival rate. */
  erlang: number;
  /** The simulated plan's consultants. */
  simulated: number;
  /**
   * Consultants the scenario as given has on duty in this hour (mean over the days the cell
   * covers; null when they are unlimited).
   */
  onDuty: number | null;
  /** The target's figure in this hour (abandonment or service level) under each plan. */
  erlangFigure: number | null;
  simulatedFigure: number | null;
}

export interface StaffingResult {
  file: string;
  scenario: string;
  seed: number;
  replications: number;
  target: StaffingTarget;
  scope: StaffingScope;
  by: StaffingBy;
  /** The stationary formula beside the plan: Erlang A (abandonment) or Erlang C (service level). */
  formula: "erlangA" | "erlangC";
  /** Mean handle time and patience (minutes; null: waits forever) the formula was given. */
  handleMeanMin: number;
  patienceMeanMin: number | null;
  cells: StaffingCell[];
  /** Requests per replication made after the horizon (the site drains): no shift covers them. */
  requestsAfterHorizon: number;
  /** The plan, ready to paste as `sales.shifts`. */
  shifts: PlannedShift[];
  erlangShifts: PlannedShift[];
  consultantHours: { simulated: number; erlang: number };
  /** The target's figure over the horizon, each plan on the same requests. */
  overall: { simulated: number; erlang: number };
  /**
   * The whole pipeline run on each plan pasted into the scenario (same replications, same
   * visitors): abandoned over requests due in the horizon. It equals the search's own figure.
   */
  pipeline: { simulatedAbandonment: number; erlangAbandonment: number };
  /** Plans the search served (each on every replication's requests). */
  evaluations: number;
}

/** Why a plan cannot be found; the command turns it into exit 2 with the message. */
export class StaffingError extends Error {}

export interface StaffingOptions {
  file: string;
  target: StaffingTarget;
  scope: StaffingScope;
  by: StaffingBy;
  replications: number;
}

/** The cells of a plan and how a request's minute falls into them. */
interface Layout {
  cells: number;
  /** Index `cells` is "after the horizon". */
  cellOf: (minute: number) => number;
  /** Consultant-hours one consultant in the cell puts on duty. */
  hoursOf: Float64Array;
  shifts: (n: Int32Array) => PlannedShift[];
  label: (cell: number) => Pick<StaffingCell, "hour" | "day" | "weekday">;
  /** For each cell, the (day, hour) slots of the horizon it covers. */
  slotsOf: (cell: number) => number[];
}

function layout(s: Scenario, by: StaffingBy): Layout {
  const days = s.horizon.days;
  const horizon = days * DAY_MIN;
  const hourOf = (m: number) => Math.floor(m / SLOT_MIN) % 24;
  const dayOf = (m: number) => Math.floor(m / DAY_MIN); // 0-based
  const runs = (row: ArrayLike<number>, extra: Omit<PlannedShift, "consultants" | "hours">) => {
    const out: PlannedShift[] = [];
    for (let h = 0; h < 24; ) {
      let e = h + 1;
      while (e < 24 && row[e] === row[h]) e++;
      if (row[h] > 0) out.push({ consultants: row[h], hours: [h, e], ...extra });
      h = e;
    }
    return out;
  };
  const nonEmpty = (shifts: PlannedShift[]) =>
    shifts.length > 0 ? shifts : [{ consultants: 0, hours: [0, 24] as [number, number] }];
  if (by === "hour")
    return {
      cells: 24,
      cellOf: (m) => (m >= horizon ? 24 : hourOf(m)),
      hoursOf: new Float64Array(24).fill(days),
      shifts: (n) => nonEmpty(runs(n, {})),
      label: (c) => ({ hour: c }),
      slotsOf: (c) => Array.from({ length: days }, (_, d) => d * 24 + c),
    };
  if (s.horizon.start === undefined) {
    const cells = days * 24;
    return {
      cells,
      cellOf: (m) => (m >= horizon ? cells : dayOf(m) * 24 + hourOf(m)),
      hoursOf: new Float64Array(cells).fill(1),
      shifts: (n) => {
        // Consecutive days with the same hours are one shift over [first, last].
        const out: PlannedShift[] = [];
        for (let d = 0; d < days; ) {
          const row = n.subarray(d * 24, d * 24 + 24);
          let e = d + 1;
          while (e < days && n.subarray(e * 24, e * 24 + 24).every((x, h) => x === row[h])) e++;
          out.push(...runs(row, { days: [d + 1, e] }));
          d = e;
        }
        return nonEmpty(out);
      },
      label: (c) => ({ day: Math.floor(c / 24) + 1, hour: c % 24 }),
      slotsOf: (c) => [c],
    };
  }
  // Weekdays: one row of 24 per weekday, Monday first.
  const firstDay = startWeekday(s);
  const hoursOf = new Float64Array(7 * 24);
  for (let d = 1; d <= days; d++)
    for (let h = 0; h < 24; h++) hoursOf[weekdayOf(firstDay, d) * 24 + h]++;
  return {
    cells: 7 * 24,
    cellOf: (m) => (m >= horizon ? 7 * 24 : weekdayOf(firstDay, dayOf(m) + 1) * 24 + hourOf(m)),
    hoursOf,
    shifts: (n) => {
      // Weekdays with the same hours share their shifts.
      const out: PlannedShift[] = [];
      const done = new Array<boolean>(7).fill(false);
      for (let w = 0; w < 7; w++) {
        if (done[w] || hoursOf[w * 24] === 0) continue;
        const row = n.subarray(w * 24, w * 24 + 24);
        const same = [w];
        for (let v = w + 1; v < 7; v++)
          if (hoursOf[v * 24] > 0 && n.subarray(v * 24, v * 24 + 24).every((x, h) => x === row[h]))
            same.push(v);
        for (const v of same) done[v] = true;
        out.push(...runs(row, { weekdays: same.map((v) => WEEKDAYS[v]) }));
      }
      return nonEmpty(out);
    },
    label: (c) => ({ weekday: WEEKDAYS[Math.floor(c / 24)], hour: c % 24 }),
    slotsOf: (c) => {
      const out: number[] = [];
      for (let d = 1; d <= days; d++)
        if (weekdayOf(firstDay, d) === Math.floor(c / 24)) out.push((d - 1) * 24 + (c % 24));
      return out;
    },
  };
}

/** The requests of each replication, drawn once: every plan is served on these. */
export function requestStreams(plan: Plan, replications: number): RequestStream[] {
  return Array.from({ length: replications }, (_, r) => drawRequests(plan, r));
}

/**
 * Finds the plan. Starts from the formula's figure per hour (the hour's mean arrival rate of
 * requests over the replications), then, on the same requests for every plan: while the target
 * fails, adds a consultant in the hour whose requests miss it by most (abandoned beyond the
 * target's share of them, or answered short of it); then tries taking one away in each hour,
 * least loaded first, keeping each removal after which the target still holds, until none does.
 */
export function findStaffing(
  scenario: Scenario,
  streams: RequestStream[],
  o: StaffingOptions,
): Omit<StaffingResult, "pipeline"> {
  const R = streams.length;
  const L = layout(scenario, o.by);
  const days = scenario.horizon.days;
  const firstDay = startWeekday(scenario);
  const { target } = o;
  const within = target.kind === "serviceLevel" ? target.withinMin : Infinity;
  const seatsOf = (n: Int32Array): SeatSchedule =>
    seatSchedule({ shifts: L.shifts(n) }, days, firstDay);
  let evaluations = 0;
  const evaluate = (n: Int32Array): QueueCounts => {
    evaluations++;
    const counts: QueueCounts = {
      requests: new Float64Array(L.cells + 1),
      abandoned: new Float64Array(L.cells + 1),
      answeredWithin: new Float64Array(L.cells + 1),
    };
    const seats = seatsOf(n);
    for (const s of streams) replayQueue(s, seats, L.cellOf, within, counts);
    return counts;
  };
  // The target's shortfall in a cell: how many requests it misses by (> 0: it fails there).
  const excess = (q: QueueCounts, c: number) =>
    target.kind === "abandon"
      ? q.abandoned[c] - target.max * q.requests[c]
      : target.min * q.requests[c] - q.answeredWithin[c];
  const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
  const figure = (req: number, ab: number, ans: number) =>
    req === 0 ? null : target.kind === "abandon" ? ab / req : ans / req;
  const overallOf = (q: QueueCounts) =>
    figure(sum(q.requests), sum(q.abandoned), sum(q.answeredWithin)) ??
    (target.kind === "abandon" ? 0 : 1);
  const holds = (q: QueueCounts) => {
    if (o.scope === "hour") {
      for (let c = 0; c < L.cells; c++) if (excess(q, c) > 1e-9) return false;
      return true;
    }
    let e = 0;
    for (let c = 0; c <= L.cells; c++) e += excess(q, c);
    return e <= 1e-9;
  };

  // Requests per cell and replication; the most any (day, hour) slot of the cell gets in one
  // replication bounds what the cell can need (a consultant per request: none waits).
  const slotRequests = streams.map((s) => {
    const out = new Float64Array(days * 24);
    for (const m of s.minute) if (m < days * DAY_MIN) out[Math.floor(m / SLOT_MIN)]++;
    return out;
  });
  const requests = new Float64Array(L.cells);
  const cap = new Int32Array(L.cells);
  for (let c = 0; c < L.cells; c++)
    for (const slot of L.slotsOf(c))
      for (const per of slotRequests) {
        requests[c] += per[slot];
        cap[c] = Math.max(cap[c], Math.min(per[slot], BOUNDS.consultants.max));
      }

  const handleMean = meanOf(scenario.sales.handleTime);
  const patienceMean = scenario.sales.patience ? meanOf(scenario.sales.patience) : null;
  const mu = 1 / handleMean;
  const theta = patienceMean === null ? 0 : 1 / patienceMean;
  const erlang = new Int32Array(L.cells);
  for (let c = 0; c < L.cells; c++) {
    const lambda = requests[c] / (R * L.hoursOf[c] * SLOT_MIN);
    if (!(lambda > 0)) continue;
    const a = lambda / mu;
    const most = BOUNDS.consultants.max;
    const from = Math.max(0, Math.floor(a * (target.kind === "abandon" ? 1 - target.max : 1)) - 1);
    const meets = (k: number) =>
      target.kind === "abandon"
        ? erlangAAbandonment(from + k, lambda, mu, theta) <= target.max
        : erlangCServiceLevel(from + k, lambda, mu, target.withinMin) >= target.min;
    erlang[c] = Math.min(from + fewest(meets, most - from), most);
  }

  // The best any plan can do: a consultant for every request of the busiest slot.
  const best = evaluate(cap);
  if (!holds(best)) {
    const bestFigure = overallOf(best);
    throw new StaffingError(unreachable(target, o.scope, bestFigure, best, L.cells, R));
  }

  const n = Int32Array.from(erlang, (x, c) => Math.min(x, cap[c]));
  let q = evaluate(n);
  while (!holds(q)) {
    let pick = -1;
    let worst = -Infinity;
    for (let c = 0; c < L.cells; c++) {
      if (n[c] >= cap[c]) continue;
      const e = excess(q, c);
      if (o.scope === "hour" && !(e > 1e-9)) continue;
      if (e > worst) {
        worst = e;
        pick = c;
      }
    }
    if (pick < 0) {
      n.set(cap);
      q = best;
      break;
    }
    n[pick]++;
    q = evaluate(n);
  }
  for (let changed = true; changed; ) {
    changed = false;
    const order = Array.from({ length: L.cells }, (_, c) => c)
      .filter((c) => n[c] > 0)
      .sort((a, b) => q.requests[a] / n[a] - q.requests[b] / n[b] || a - b);
    for (const c of order) {
      n[c]--;
      const tried = evaluate(n);
      if (holds(tried)) {
        q = tried;
        changed = true;
      } else n[c]++;
    }
  }

  const qErlang = evaluate(erlang);
  const given = onDutyPerSlot(scenario, days, firstDay);
  const hours = (x: Int32Array) => x.reduce((t, k, c) => t + k * L.hoursOf[c], 0);
  return {
    file: o.file,
    scenario: scenario.name,
    seed: scenario.seed,
    replications: R,
    target,
    scope: o.scope,
    by: o.by,
    formula: target.kind === "abandon" ? "erlangA" : "erlangC",
    handleMeanMin: handleMean,
    patienceMeanMin: patienceMean,
    cells: Array.from({ length: L.cells }, (_, c) => c)
      .filter((c) => L.hoursOf[c] > 0)
      .map((c) => ({
        ...L.label(c),
        requests: requests[c] / R,
        erlang: erlang[c],
        simulated: n[c],
        onDuty:
          given === null
            ? null
            : L.slotsOf(c).reduce((t, slot) => t + given[slot], 0) / L.slotsOf(c).length,
        erlangFigure: figure(qErlang.requests[c], qErlang.abandoned[c], qErlang.answeredWithin[c]),
        simulatedFigure: figure(q.requests[c], q.abandoned[c], q.answeredWithin[c]),
      })),
    requestsAfterHorizon: q.requests[L.cells] / R,
    shifts: L.shifts(n),
    erlangShifts: L.shifts(erlang),
    consultantHours: { simulated: hours(n), erlang: hours(erlang) },
    overall: { simulated: overallOf(q), erlang: overallOf(qErlang) },
    evaluations,
  };
}

/** Consultants on duty in each (day, hour) slot of the horizon as the scenario gives them. */
function onDutyPerSlot(s: Scenario, days: number, firstDay: number): Float64Array | null {
  const seats = seatSchedule(s.sales, days, firstDay);
  if (!Number.isFinite(seats.seatCount)) return null;
  const out = new Float64Array(days * 24);
  const end = days * DAY_MIN;
  const iv = seats.seatIntervals;
  // Each on-duty interval adds the share of every hour it covers.
  for (let i = 0; i < iv.length; i += 2) {
    const from = Math.min(iv[i], end);
    const to = Math.min(iv[i + 1], end);
    for (let slot = Math.floor(from / SLOT_MIN); slot * SLOT_MIN < to; slot++) {
      const a = Math.max(from, slot * SLOT_MIN);
      const b = Math.min(to, (slot + 1) * SLOT_MIN);
      if (b > a) out[slot] += (b - a) / SLOT_MIN;
    }
  }
  return out;
}

function unreachable(
  target: StaffingTarget,
  scope: StaffingScope,
  bestFigure: number,
  best: QueueCounts,
  cells: number,
  R: number,
): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const after = best.requests[cells] / R;
  const why =
    after > 0
      ? ` (${after.toFixed(1)} requests per replication are made after the horizon, while the site drains, when no shift is on duty)`
      : "";
  const where = scope === "hour" ? " in every hour" : "";
  return target.kind === "abandon"
    ? `the target cannot be met: even with a consultant for every request, ${pct(bestFigure)} of requests abandon over the horizon, above --abandon ${target.max}${where}${why}`
    : `the target cannot be met: even with a consultant for every request, ${pct(bestFigure)} of requests are answered within ${target.withinMin} min, below --service-level ${target.min}${where}${why}`;
}

/** The abandonment the pipeline reports for a run: abandoned over requests due in the horizon. */
export function abandonmentOf(counters: readonly Float64Array[]): number {
  let lost = 0;
  let due = 0;
  for (const c of counters) {
    lost += c[C.lostAbandon];
    due += c[C.consultRequests] - c[C.pendingConsult];
  }
  return due === 0 ? 0 : lost / due;
}

/**
 * Each plan pasted into the scenario (`scenarios`, validated by the caller), run through the
 * whole pipeline on replications 0..R-1: the same visitors for both (capacity-only variants).
 */
export async function pipelineCheck(
  scenarios: { simulated: Scenario; erlang: Scenario },
  replications: number,
  pool: WorkerPool | null,
  onDone: () => void = () => {},
): Promise<StaffingResult["pipeline"]> {
  const runs = await runVariants(
    [compile(scenarios.simulated), compile(scenarios.erlang)],
    replications,
    pool,
    onDone,
  );
  return {
    simulatedAbandonment: abandonmentOf(runs.map((r) => r[0].counters)),
    erlangAbandonment: abandonmentOf(runs.map((r) => r[1].counters)),
  };
}

/** A scenario's sales with `shifts` instead of its own staffing. */
export function withShifts(s: Scenario, shifts: PlannedShift[]): Scenario {
  const { consultants: _c, shifts: _s, ...sales } = s.sales;
  return { ...s, sales: { ...sales, shifts } } as Scenario;
}

/** Shifts as one line of YAML (flow style): the value of `--set sales.shifts=…`. */
export function shiftsFlow(shifts: readonly PlannedShift[]): string {
  return `[${shifts.map(shiftFlow).join(", ")}]`;
}

/** One shift in flow style, its keys in the order the README writes them. */
export function shiftFlow(sh: PlannedShift): string {
  const parts = [`consultants: ${sh.consultants}`, `hours: [${sh.hours[0]}, ${sh.hours[1]}]`];
  if (sh.days) parts.push(`days: [${sh.days[0]}, ${sh.days[1]}]`);
  if (sh.weekdays) parts.push(`weekdays: [${sh.weekdays.join(", ")}]`);
  return `{ ${parts.join(", ")} }`;
}
