// Headroom: the traffic multiple at which each capacity limit starts to bind, and the load
// curve (traffic → revenue, purchases, losses, each limit's share turned away and its use).
// Data only: src/report/headroom.ts writes the sentences.
import { C } from "../core/counters.js";
import { compile, type Plan } from "../core/plan.js";
import type { CapacityDeclaration } from "../model/stage.js";
import { CAPACITIES } from "../model/stages.js";
import type { Department } from "../model/vocabulary.js";
import type { WorkerPool } from "../parallel/pool.js";
import { shareOut } from "../parallel/runs.js";
import type { Task } from "../parallel/tasks.js";
import { together, variantsWork, type Workload } from "../parallel/workload.js";
import { ScenarioError } from "../scenario/errors.js";
import { loadScenario, type ParseOptions } from "../scenario/parse.js";
import { scaleTraffic } from "../scenario/scale.js";
import { type Scenario, scenarioSchema } from "../scenario/schema.js";
import { type Estimate, estimate } from "./replications.js";
import { figures, type PointFigures } from "./study.js";
import { DEFAULT_STUDY_REPLICATIONS } from "./studyPoints.js";

/** The grid's last multiple when the command line does not say. */
export const DEFAULT_MAX_TRAFFIC = 20;
/** A limit binds when it turns away more than this share of the people who reach it. */
export const DEFAULT_THRESHOLD = 0.01;
/**
 * Halvings of each bracket the grid finds: the grid's steps are at most a third of the
 * multiple (3 → 4, 6 → 8, 15 → 20), so four halvings leave a bracket of ~2 % of it.
 */
export const BISECTION_STEPS = 4;
/** Traffic multiples of the grid, per power of ten: 1, 1.25, 1.5, 2, … 8, 10, 12.5 … */
const NICE = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8];

/** A capacity limit of the scenario, as headroom reads it. */
type Limit = CapacityDeclaration & { stage: string };

/** A headroom analysis, set up and checked before anything runs. */
export interface HeadroomSetup {
  file: string;
  /** The scenario as written (with the command line's --set and --seed): traffic 1×. */
  base: Scenario;
  replications: number;
  threshold: number;
  maxTraffic: number;
  /** The traffic multiples every limit is measured at (1 to maxTraffic). */
  grid: number[];
  /** The scenario's capacity limits (fixed ones too: a given limit still binds), stage order. */
  limits: Limit[];
  /** Each grid multiple's plan, compiled once (for the estimate and the run). */
  plans: Map<number, Plan>;
}

export interface HeadroomOptions extends ParseOptions {
  /** --set overrides (and seed=…). */
  overrides: readonly string[];
  replications?: number;
  maxTraffic?: number;
  threshold?: number;
}

/** One limit at one traffic multiple, over the replications. */
export interface LimitLoad {
  /** People who reached the limit (its `reaching` counter), mean. */
  reaching: number;
  /** People it turned away for want of capacity (its `turnedAway` counters), mean. */
  turnedAway: number;
  /** Turned away / reached, replication by replication (0 where nobody reached it). */
  share: Estimate;
  /** How much of the limit was used (0..1); null where it is unlimited or keeps no count. */
  utilisation: Estimate | null;
}

/** A point of the load curve. */
export interface LoadPoint extends PointFigures {
  traffic: number;
  /** On the grid (true) or added by the bisection near a crossing (false). */
  grid: boolean;
  /** By limit id. */
  limits: Record<string, LimitLoad>;
}

/** Where a limit starts to bind. */
export interface Crossing {
  id: string;
  name: string;
  department: Department;
  stage: string;
  fixed: boolean;
  amount: { value: number | "unlimited"; unit: string };
  /** The counters its share is made of. */
  reaching: string;
  turnedAway: readonly string[];
  /**
   * The first multiple measured at which the mean share turned away exceeds the threshold
   * (the grid's, then each bracket halved BISECTION_STEPS times); null: not up to maxTraffic.
   */
  breaksAt: number | null;
  /** Whether it binds already at the scenario's traffic (breaksAt is 1). */
  atBase: boolean;
  /**
   * The crossing's 95 % interval. `from`: the last multiple below the crossing at which the
   * share's upper 95 % bound is still at or below the threshold (null: it is above already at
   * 1×); `to`: the first at which even its lower bound is above it (null: not up to maxTraffic).
   */
  interval: { from: number | null; to: number | null };
}

/** A headroom analysis's results. */
export interface HeadroomResult {
  file: string;
  scenario: string;
  currency: string;
  seed: number;
  replications: number;
  threshold: number;
  maxTraffic: number;
  /** The limits, in the order they break (those that do not, last, in stage order). */
  limits: Crossing[];
  /** Every multiple measured, ascending. */
  curve: LoadPoint[];
}

/** The grid of multiples from 1 to `max`: 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12.5 … and `max`. */
export function trafficGrid(max: number): number[] {
  if (!(max >= 1) || !Number.isFinite(max))
    throw new RangeError(`the most traffic must be a number ≥ 1 (got ${max})`);
  const grid: number[] = [];
  for (let decade = 1; decade <= max; decade *= 10)
    for (const n of NICE) {
      const k = Number((n * decade).toPrecision(12));
      if (k < max) grid.push(k);
    }
  grid.push(max);
  return grid;
}

/** The scenario with `k` times its traffic (sweep's `traffic`), validated. */
export function scenarioAt(base: Scenario, k: number, file: string): Scenario {
  const checked = scenarioSchema.safeParse(scaleTraffic(base, k));
  if (!checked.success)
    throw new ScenarioError(
      checked.error.issues.map((issue) => ({
        file,
        line: 0,
        col: 0,
        path: issue.path.join("."),
        message: `at ${k}× the traffic: ${issue.message}`,
      })),
    );
  return checked.data;
}

/** Reads the scenario and builds the grid; every grid point is checked before anything runs. */
export function loadHeadroom(file: string, o: HeadroomOptions): HeadroomSetup {
  const threshold = o.threshold ?? DEFAULT_THRESHOLD;
  if (!(threshold > 0 && threshold < 1))
    throw new RangeError(`the threshold must be a share between 0 and 1 (got ${threshold})`);
  const maxTraffic = o.maxTraffic ?? DEFAULT_MAX_TRAFFIC;
  const grid = trafficGrid(maxTraffic);
  const base = loadScenario(file, o.overrides, o);
  const plans = new Map(grid.map((k) => [k, compile(scenarioAt(base, k, file))]));
  return {
    file,
    base,
    replications: o.replications ?? base.study?.replications ?? DEFAULT_STUDY_REPLICATIONS,
    threshold,
    maxTraffic,
    grid,
    limits: CAPACITIES.filter((c) => c.present(base)),
    plans,
  };
}

/** Multiples the bisection may add: for each limit, one per halving of each of its three brackets. */
const refinements = (s: HeadroomSetup) => BISECTION_STEPS * 3 * s.limits.length;

/**
 * What a headroom analysis will cost, before it runs: the grid, and at most `refinements`
 * multiples more, each estimated at the grid's mean cost (they fall where the limits cross).
 */
export function headroomWork(s: HeadroomSetup): Workload {
  const grid = together(...s.grid.map((k) => variantsWork([planAt(s, k)], s.replications, false)));
  const extra = refinements(s);
  const largest = variantsWork([planAt(s, s.maxTraffic)], s.replications * extra, false);
  return together(grid, {
    ...largest,
    seconds: (grid.seconds / s.grid.length) * extra,
  });
}

/** The most units of work the analysis runs (for a progress bar). */
export const headroomUnits = (s: HeadroomSetup) =>
  (s.grid.length + refinements(s)) * s.replications;

function planAt(s: HeadroomSetup, k: number): Plan {
  let plan = s.plans.get(k);
  if (!plan) {
    plan = compile(scenarioAt(s.base, k, s.file));
    s.plans.set(k, plan);
  }
  return plan;
}

/** A multiple's runs: each replication's counters. */
interface Measured {
  plan: Plan;
  runs: Float64Array[];
  /** By limit id: the share turned away, replication by replication. */
  shares: Map<string, Estimate>;
}

/** Which of a share's figures a search follows. */
const STATISTICS = {
  upper: (e: Estimate) => e.mean + e.halfWidth,
  mean: (e: Estimate) => e.mean,
  lower: (e: Estimate) => e.mean - e.halfWidth,
} as const;
type Statistic = keyof typeof STATISTICS;

/** One limit's search for where one statistic of its share first exceeds the threshold. */
interface Search {
  limit: string;
  statistic: Statistic;
  /** The last multiple measured at or below the threshold (null: above already at 1×). */
  below: number | null;
  /** The first multiple measured above it (null: not up to maxTraffic). */
  above: number | null;
}

const share = (c: Float64Array, limit: Limit) => {
  const reached = c[C[limit.reaching]];
  return reached > 0 ? limit.turnedAway.reduce((n, k) => n + c[C[k]], 0) / reached : 0;
};

/** The middle of a bracket, rounded so that it reads well and is the same on every machine. */
const middle = (a: number, b: number) => Number(((a + b) / 2).toPrecision(8));

/**
 * Runs the analysis: every grid multiple, replications 0..R−1 each (the streams keyed by
 * replication, as everywhere: a multiple's figures depend on nothing else, so neither on the
 * threads nor on which other multiples were measured); then, for each limit and each of the
 * mean share and its two 95 % bounds, the grid's bracket around the first multiple above the
 * threshold is halved BISECTION_STEPS times. Each round's multiples are run together.
 */
export async function runHeadroom(
  s: HeadroomSetup,
  pool: WorkerPool | null,
  /** Told the most units of work there can be; returns what to call as each finishes. */
  onStart: (units: number) => () => void = () => () => {},
): Promise<HeadroomResult> {
  const R = s.replications;
  const measured = new Map<number, Measured>();
  const tick = onStart(headroomUnits(s));
  const measure = async (multiples: number[]) => {
    const todo = [...new Set(multiples)].filter((k) => !measured.has(k)).sort((a, b) => a - b);
    const tasks: Task[] = todo.flatMap((k) =>
      Array.from(
        { length: R },
        (_, replication): Task => ({ kind: "counters", plans: [planAt(s, k)], replication }),
      ),
    );
    const results = await shareOut<Float64Array>(tasks, pool, tick);
    todo.forEach((k, i) => {
      const runs = results.slice(i * R, (i + 1) * R);
      const shares = new Map(
        s.limits.map((l) => [l.id, estimate(runs.map((c) => share(c, l)))] as const),
      );
      measured.set(k, { plan: planAt(s, k), runs, shares });
    });
  };
  const isAbove = (search: Search, k: number) =>
    STATISTICS[search.statistic](measured.get(k)?.shares.get(search.limit) as Estimate) >
    s.threshold;

  await measure(s.grid);
  const searches: Search[] = s.limits.flatMap((l) =>
    (Object.keys(STATISTICS) as Statistic[]).map((statistic): Search => {
      const search: Search = { limit: l.id, statistic, below: null, above: null };
      const i = s.grid.findIndex((k) => isAbove(search, k));
      search.below = i < 0 ? (s.grid.at(-1) as number) : i === 0 ? null : s.grid[i - 1];
      search.above = i < 0 ? null : s.grid[i];
      return search;
    }),
  );
  for (let step = 0; step < BISECTION_STEPS; step++) {
    const open = searches.filter(
      (x) =>
        x.below !== null &&
        x.above !== null &&
        middle(x.below, x.above) > x.below &&
        middle(x.below, x.above) < x.above,
    );
    if (open.length === 0) break;
    await measure(open.map((x) => middle(x.below as number, x.above as number)));
    for (const x of open) {
      const m = middle(x.below as number, x.above as number);
      if (isAbove(x, m)) x.above = m;
      else x.below = m;
    }
  }

  const found = (id: string, statistic: Statistic) =>
    searches.find((x) => x.limit === id && x.statistic === statistic) as Search;
  const order = (c: Crossing) => c.breaksAt ?? Number.POSITIVE_INFINITY;
  const crossings = s.limits
    .map((l): Crossing => {
      const breaksAt = found(l.id, "mean").above;
      return {
        id: l.id,
        name: l.name,
        department: l.department,
        stage: l.stage,
        fixed: l.fixed(s.base),
        amount: l.amount(s.base),
        reaching: l.reaching,
        turnedAway: l.turnedAway,
        breaksAt,
        atBase: breaksAt === s.grid[0],
        interval: { from: found(l.id, "upper").below, to: found(l.id, "lower").above },
      };
    })
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        order(a.c) - order(b.c) ||
        (a.c.interval.to ?? Number.POSITIVE_INFINITY) -
          (b.c.interval.to ?? Number.POSITIVE_INFINITY) ||
        a.i - b.i,
    )
    .map(({ c }) => c);

  const onGrid = new Set(s.grid);
  const curve = [...measured.entries()]
    .sort(([a], [b]) => a - b)
    .map(([traffic, m]): LoadPoint => {
      const limits: Record<string, LimitLoad> = {};
      for (const l of s.limits) {
        const mean = (f: (c: Float64Array) => number) =>
          m.runs.reduce((n, c) => n + f(c), 0) / m.runs.length;
        const used = m.runs.map((c) => l.utilisation?.(m.plan, (name) => c[C[name]]) ?? null);
        limits[l.id] = {
          reaching: mean((c) => c[C[l.reaching]]),
          turnedAway: mean((c) => l.turnedAway.reduce((n, k) => n + c[C[k]], 0)),
          share: m.shares.get(l.id) as Estimate,
          utilisation: used.every((u): u is number => u !== null) ? estimate(used) : null,
        };
      }
      return {
        traffic,
        grid: onGrid.has(traffic),
        ...figures(
          m.runs,
          m.runs.map((c) => c[C.revenue]),
          m.plan,
        ),
        limits,
      };
    });

  return {
    file: s.file,
    scenario: s.base.name,
    currency: s.base.currency,
    seed: s.base.seed,
    replications: R,
    threshold: s.threshold,
    maxTraffic: s.maxTraffic,
    limits: crossings,
    curve,
  };
}
