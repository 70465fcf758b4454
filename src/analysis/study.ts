import { seatSchedule } from "../core/capacity/seats.js";
import { C, COUNTER_NAMES } from "../core/counters.js";
import { compile, type Plan } from "../core/plan.js";
import { CAPACITIES, lossesOf } from "../model/stages.js";
import { DEPARTMENTS, type Department } from "../model/vocabulary.js";
import type { WorkerPool } from "../parallel/pool.js";
import { shareOut } from "../parallel/runs.js";
import type { Task } from "../parallel/tasks.js";
import { together, variantsWork, type Workload } from "../parallel/workload.js";
import { startWeekday } from "../scenario/calendar.js";
import type { Scenario } from "../scenario/schema.js";
import type { CapacityDepartment } from "./departments.js";
import { drawSignature } from "./drawSignature.js";
import { type Estimate, estimate } from "./replications.js";
import type { Study, StudyPoint } from "./studyPoints.js";

/** A point's figures, each over the replications. */
export interface PointFigures {
  revenue: Estimate;
  purchased: Estimate;
  /** People lost, by the department their loss is charged to. */
  lost: Record<Department, Estimate>;
  /**
   * The capacity department that turned away the most people who meant to buy (mean over
   * replications), or "none": a cheap sign of which limit binds at the point (explain
   * attributes properly).
   */
  mostBuyersLostTo: CapacityDepartment | "none";
}

/** A point of a study with its figures and its change from the base. */
export interface PointResult extends PointFigures {
  settings: StudyPoint["settings"];
  name?: string;
  note?: string;
  /**
   * Revenue and purchases minus the base's, replication by replication (same seed-keyed
   * streams, so the same visitors wherever only capacities differ): a paired interval.
   */
  change: { revenue: Estimate; purchased: Estimate };
  /** Cost of the point over the base's, in the scenario currency, where the scenario gives costs. */
  extraCost: number | null;
  /** Each replication's counters (indexed by C), when asked for (runStudy's `keepCounters`). */
  counters?: Float64Array[];
}

/** A study's results: the base and every point, in the study's order. */
export interface StudyResult {
  file: string;
  scenario: string;
  currency: string;
  seed: number;
  replications: number;
  kind: Study["kind"];
  keys: string[];
  base: PointFigures;
  points: PointResult[];
}

/**
 * Runs a study: for each replication, every group of points that share their visitors (same
 * draw signature: they differ only in capacities) is drawn once and served once per point,
 * as one unit of work; points that change the visitors get their own. Work units are claimed
 * by the threads and results kept by unit, so the outcome is the same for any thread count.
 * The base is run alongside (or taken from a point identical to it).
 */
export async function runStudy(
  study: Study,
  pool: WorkerPool | null,
  /** Told how many units of work there are; returns what to call as each finishes (progress). */
  onStart: (units: number) => () => void = () => () => {},
  /** Keep each point's counters per replication in the result (for checks and per-replication output). */
  keepCounters = false,
  planned: StudyPlan = planStudy(study),
): Promise<StudyResult> {
  const R = study.replications;
  const { scenarios, firstOf, plans, members } = planned;
  const tasks: Task[] = [];
  for (const group of members)
    for (let r = 0; r < R; r++)
      tasks.push({ kind: "counters", plans: group.map((i) => plans[i]), replication: r });
  const results = await shareOut<Float64Array>(tasks, pool, onStart(tasks.length));

  // counters[i][r]: scenario i's counters in replication r.
  const counters: Float64Array[][] = scenarios.map(() => new Array<Float64Array>(R));
  let t = 0;
  for (const group of members)
    for (let r = 0; r < R; r++, t++)
      group.forEach((i, j) => {
        counters[i][r] = results[t].subarray(
          j * COUNTER_NAMES.length,
          (j + 1) * COUNTER_NAMES.length,
        );
      });
  const of = (i: number) => counters[firstOf[i]];
  const revenue = (i: number) => of(i).map((c) => c[C.revenue]);
  const base = figures(of(0), revenue(0), plans[firstOf[0]]);
  const baseRevenue = revenue(0);
  const points = study.points.map((p, k): PointResult => {
    const i = k + 1;
    const rev = revenue(i);
    return {
      settings: p.settings,
      ...(p.name === undefined ? {} : { name: p.name }),
      ...(p.note === undefined ? {} : { note: p.note }),
      ...figures(of(i), rev, plans[firstOf[i]]),
      change: {
        revenue: estimate(rev.map((x, r) => x - baseRevenue[r])),
        purchased: estimate(of(i).map((c, r) => c[C.purchased] - of(0)[r][C.purchased])),
      },
      extraCost: extraCost(study.base, p.scenario),
      ...(keepCounters ? { counters: of(i) } : {}),
    };
  });
  return {
    file: study.file,
    scenario: study.base.name,
    currency: study.base.currency,
    seed: study.base.seed,
    replications: R,
    kind: study.kind,
    keys: study.keys,
    base,
    points,
  };
}

/**
 * The plans a study runs (the base first, then each point; a point identical to the base, or
 * to an earlier point, is not run twice: `firstOf`) and the groups that share their visitors.
 */
export function planStudy(study: Study): StudyPlan {
  const scenarios = [study.base, ...study.points.map((p) => p.scenario)];
  const keyOf = scenarios.map((s) => JSON.stringify({ ...s, study: undefined }));
  const firstOf = keyOf.map((k) => keyOf.indexOf(k));
  const plans: Plan[] = scenarios.map((s, i) => (firstOf[i] === i ? compile(s) : (null as never)));
  const groups = new Map<string, number[]>();
  scenarios.forEach((s, i) => {
    if (firstOf[i] !== i) return;
    const key = drawSignature(s);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  return { scenarios, firstOf, plans, members: [...groups.values()] };
}

/** A study's scenarios compiled, each once, in groups that share their visitors. */
export interface StudyPlan {
  scenarios: Scenario[];
  /** For each scenario, the first identical one (itself, or an earlier one it repeats). */
  firstOf: number[];
  /** Compiled plans, at the indices of `firstOf`'s values. */
  plans: Plan[];
  /** Groups of scenario indices with the same draws. */
  members: number[][];
}

/** What a planned study will cost, before it runs. */
export function studyWork(planned: StudyPlan, replications: number): Workload {
  return together(
    ...planned.members.map((g) =>
      variantsWork(
        g.map((i) => planned.plans[i]),
        replications,
        false,
      ),
    ),
  );
}

export function figures(runs: Float64Array[], revenue: number[], plan: Plan): PointFigures {
  const losses = lossesOf(plan);
  const lostBy = (d: Department) =>
    estimate(
      runs.map((c) =>
        losses
          .filter((l) => l.department === d)
          .reduce(
            (n, l) =>
              n + (l.counter === "notClicked" ? c[C.reached] - c[C.clicked] : c[C[l.counter]]),
            0,
          ),
      ),
    );
  let most: CapacityDepartment | "none" = "none";
  let mostMean = 0;
  // The people who meant to buy that each limit turned away (its declared counters).
  for (const limit of CAPACITIES) {
    const m =
      runs.reduce((a, c) => a + limit.buyersLost.reduce((n, k) => n + c[C[k]], 0), 0) / runs.length;
    if (m > mostMean) {
      mostMean = m;
      most = limit.id;
    }
  }
  return {
    revenue: estimate(revenue),
    purchased: estimate(runs.map((c) => c[C.purchased])),
    lost: Object.fromEntries(DEPARTMENTS.map((d) => [d, lostBy(d)])) as Record<
      Department,
      Estimate
    >,
    mostBuyersLostTo: most,
  };
}

/** The quantities a scenario pays for over its horizon (Infinity where unlimited). */
function bought(s: Scenario) {
  const { site, sales, supply } = s;
  const days = s.horizon.days;
  return {
    budget: s.marketing.budget,
    slots: site.capacity === "unlimited" ? Infinity : site.capacity,
    consultantDays:
      sales.consultants === "unlimited"
        ? Infinity
        : sales.consultants !== undefined
          ? sales.consultants * days
          : (sales.shifts ?? []).reduce(
              (n, sh) => n + sh.consultants * ((sh.days?.[1] ?? days) - (sh.days?.[0] ?? 1) + 1),
              0,
            ),
    consultantHours: seatSchedule(sales, days, startWeekday(s)).seatMinutesInHorizon / 60,
    units:
      supply.stock === "unlimited"
        ? Infinity
        : supply.stock + supply.restock.reduce((n, r) => n + r.units, 0),
  };
}

/**
 * What `point` costs over `base` for the horizon: its change in budget plus each change in
 * site slots, consultant-days and units at the scenario's price for them. Null when something
 * it changes has no price in the scenario (or becomes unlimited): a what-if that adds
 * consultants must not look free because their cost is not given.
 */
export function extraCost(base: Scenario, point: Scenario): number | null {
  const a = bought(base);
  const b = bought(point);
  const { site, sales } = point;
  const prices = {
    slots:
      site.costPerSlot ??
      (site.costPerSlotDay === undefined ? undefined : site.costPerSlotDay * point.horizon.days),
    // Consultants are priced by the hour on duty when the scenario says so, else by the day.
    consultantDays:
      sales.costPerConsultantHour === undefined ? sales.costPerConsultantDay : undefined,
    consultantHours: sales.costPerConsultantHour,
    units: point.supply.unitCost,
  };
  let cost = b.budget - a.budget;
  for (const k of ["slots", "consultantDays", "consultantHours", "units"] as const) {
    if (k === "consultantDays" && prices.consultantHours !== undefined) continue;
    if (k === "consultantHours" && prices.consultantHours === undefined) continue;
    if (a[k] === b[k]) continue;
    const price = prices[k];
    if (price === undefined || !Number.isFinite(a[k]) || !Number.isFinite(b[k])) return null;
    cost += price * (b[k] - a[k]);
  }
  return cost;
}

/** The variants by the revenue they add over the base, most first (ties in the order written). */
export function rankVariants(s: StudyResult): PointResult[] {
  return s.points
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p.change.revenue.mean - a.p.change.revenue.mean || a.i - b.i)
    .map(({ p }) => p);
}
