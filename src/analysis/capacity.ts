// `capacity`: how much of each capacity limit the scenario needs to keep a share (the target)
// of the revenue it would reach with that limit unlimited, and jointly with every limit
// unlimited. Data only: src/report/capacity.ts writes the sentences.
//
// Every setting is a scenario that differs from the others only in its capacities, so every
// setting's replication r serves the same drawn visitors (common random numbers): a setting's
// revenue is compared with its reference replication by replication (a paired ratio). The
// settings a search asks for at the same moment run as one batch: one unit of work per
// replication, drawn once and served once per setting. Results are kept by setting and by
// replication, so what the searches decide, and so the output, is the same for any thread count.
import { C, COUNTER_NAMES } from "../core/counters.js";
import { compile, type Plan } from "../core/plan.js";
import type { CapacityDeclaration } from "../model/stage.js";
import { capacitiesOf, fixedCapacitiesOf } from "../model/stages.js";
import type { WorkerPool } from "../parallel/pool.js";
import { shareOut } from "../parallel/runs.js";
import type { Task } from "../parallel/tasks.js";
import { variantsWork, type Workload } from "../parallel/workload.js";
import { scaleTraffic } from "../scenario/scale.js";
import { type Scenario, scenarioSchema } from "../scenario/schema.js";
import { profitOf } from "./profit.js";
import { type Estimate, estimate } from "./replications.js";

/** Target share of the revenue when the command line does not say. */
export const DEFAULT_TARGET = 0.95;
/** Replications when the command line does not say (as explain). */
export const DEFAULT_CAPACITY_REPLICATIONS = 20;
/** Largest value a search tries when the command line does not say. */
export const DEFAULT_MAX_VALUE = 1_000_000;
/** Rounds of "each lever in turn" before a joint search stops moving levers regardless. */
const MAX_ROUNDS = 12;
/** Steps of the cheapest-setting greedy at most. */
const MAX_GREEDY_STEPS = 200;

export interface CapacityOptions {
  /** Share of the reference revenue to keep, in (0, 1]. */
  target: number;
  replications: number;
  /** The question is asked of `traffic` × the scenario's reach (scaleTraffic). */
  traffic: number;
  /** A search never sets a limit above this. */
  maxValue: number;
}

/** A capacity limit `capacity` searches: a movable limit of the scenario that can be set. */
export type CapacityLever = CapacityDeclaration & { stage: string };

/** A share of a reference revenue over the replications (paired ratio) and its lower end. */
export interface Share extends Estimate {
  /** mean − half-width: what "at least the target" is read from. */
  lower: number;
}

/** One lever searched alone, the others as given. */
export interface LeverResult {
  id: string;
  name: string;
  unit: string;
  now: number;
  /** Least value whose share's lower end reaches the target; null when none within maxValue. */
  needed: number | null;
  /** Why the target is not reached (null when it is). */
  unreached: string | null;
  /**
   * The reference: the value from which more of this lever changes no replication's revenue
   * (doubling from now), or "unlimited" when that is beyond maxValue.
   */
  reference: number | "unlimited";
  /** Revenue at the reference, the others as given. */
  revenueUnlimited: Estimate;
  /** Share of the reference now, at `needed`, and one unit less (which must fall short). */
  shareNow: Share;
  shareAtNeeded: Share | null;
  shareOneLess: Share | null;
  /** Revenue won from now to `needed` (paired), and what the move costs (null: no price). */
  revenueWon: Estimate | null;
  extraCost: number | null;
  /** The value that maximises gross profit, the others as given (null: the lever has no price). */
  bestProfit: ProfitPoint | null;
  /**
   * Every value the search for `needed` ran, ascending, with its share of the reference: the
   * curve the search walked (a chart of it needs no more runs).
   */
  searched: { value: number; share: Share }[];
}

/** The value of one lever that maximises profit. */
export interface ProfitPoint {
  value: number;
  profit: Estimate;
  /** Profit won against the scenario as given, paired. */
  profitWon: Estimate;
  revenueWon: Estimate;
  extraCost: number | null;
}

/** A joint setting of every lever and how it stands against every lever unlimited. */
export interface JointResult {
  /** Lever id → value (null: not reached). */
  setting: Record<string, number> | null;
  unreached: string | null;
  share: Share | null;
  /** The share with each lever one unit less (each must fall short), by lever id. */
  oneLess: Record<string, Share>;
  revenue: Estimate | null;
  revenueWon: Estimate | null;
  extraCost: number | null;
}

export interface CapacityResult {
  scenario: string;
  currency: string;
  seed: number;
  replications: number;
  target: number;
  traffic: number;
  maxValue: number;
  /** Limits the scenario marks fixed: never searched, their values as given. */
  fixed: { id: string; name: string; value: number | "unlimited"; unit: string }[];
  revenueNow: Estimate;
  /** Every lever unlimited (relaxed). */
  revenueUnlimited: Estimate;
  /**
   * The joint searches' reference: every lever doubled together from now until no
   * replication's revenue moves (each "unlimited" when that is beyond maxValue).
   */
  jointReference: { setting: Record<string, number | "unlimited">; revenue: Estimate };
  levers: LeverResult[];
  /** The least joint setting reaching the target (each lever in turn, then verified). */
  joint: JointResult;
  /**
   * Where every lever has a price: the cheapest joint setting reaching the target (greedy by
   * revenue won per unit of money, then each lever lowered in turn, then verified).
   */
  cheapest: JointResult | null;
  /** Levers without a price in the scenario (profit and the cheapest setting need every price). */
  unpriced: string[];
  /** Settings run (each on every replication). */
  settingsRun: number;
}

/** The scenario the question is asked of: `traffic` × its reach, checked as a scenario. */
export function scaledScenario(s: Scenario, traffic: number): Scenario {
  if (traffic === 1) return s;
  const checked = scenarioSchema.safeParse(scaleTraffic(s, traffic));
  if (!checked.success)
    throw new Error(`--traffic ${traffic}: ${checked.error.issues[0]?.message ?? "invalid"}`);
  return checked.data;
}

/** The levers a scenario gives `capacity` (movable limits that can be set to a value). */
export function leversOf(s: Scenario): CapacityLever[] {
  return capacitiesOf(s).filter((c) => c.withAmount !== undefined);
}

/** The movable limits already unlimited in the scenario (nothing to size: bad input). */
export function unlimitedLevers(s: Scenario): CapacityLever[] {
  return leversOf(s).filter((c) => c.amount(s).value === "unlimited");
}

/** A rough estimate of the work: settings a search usually runs, each on every replication. */
export function capacityWork(s: Scenario, replications: number): Workload {
  const plan = compile(s);
  const n = leversOf(s).length;
  const settings = 25 * n + 30;
  // Settings run in batches of about one per lever: a unit per replication per batch.
  const batches = Math.ceil(settings / Math.max(1, n));
  const w = variantsWork(
    Array.from({ length: n || 1 }, () => plan),
    replications,
    false,
  );
  return {
    ...w,
    units: w.units * batches,
    seconds: w.seconds * batches,
    resultBytes: settings * replications * COUNTER_NAMES.length * 8,
  };
}

/** A setting's runs: revenue and gross profit of each replication. */
interface Runs {
  revenue: number[];
  profit: number[];
  /** What the levers cost at this setting (null: one has no price). */
  cost: number | null;
}

/** A setting a lever cannot take (the scenario's bounds refuse it). */
class InvalidSetting extends Error {}

/** Runs settings (a value per lever; Infinity: unlimited), batching those asked together. */
class Runner {
  private readonly cache = new Map<string, Promise<Runs>>();
  private pending: {
    setting: number[];
    resolve: (r: Runs) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();
  settingsRun = 0;

  constructor(
    private readonly base: Scenario,
    private readonly levers: readonly CapacityLever[],
    private readonly replications: number,
    private readonly pool: WorkerPool | null,
  ) {}

  scenarioOf(setting: readonly number[]): Scenario {
    let s = this.base;
    this.levers.forEach((lever, i) => {
      const v = setting[i];
      s = v === Infinity ? lever.relax(s) : (lever.withAmount?.(s, v) ?? s);
    });
    return s;
  }

  run(setting: readonly number[]): Promise<Runs> {
    const key = setting.join(",");
    let runs = this.cache.get(key);
    if (!runs) {
      runs = new Promise<Runs>((resolve, reject) => {
        this.pending.push({ setting: [...setting], resolve, reject });
      });
      runs.catch(() => {}); // observed by whoever awaits it
      this.cache.set(key, runs);
      if (!this.scheduled) {
        this.scheduled = true;
        // Every search waiting on the last batch asks for its next setting before this runs.
        setImmediate(() => {
          this.scheduled = false;
          const batch = this.pending;
          this.pending = [];
          this.chain = this.chain
            .then(() => this.runBatch(batch))
            .catch((e: unknown) => {
              for (const item of batch) item.reject(e);
            });
        });
      }
    }
    return runs;
  }

  private async runBatch(batch: Runner["pending"]): Promise<void> {
    const ready: { item: (typeof batch)[number]; scenario: Scenario; plan: Plan }[] = [];
    for (const item of batch) {
      const scenario = this.scenarioOf(item.setting);
      const checked = scenarioSchema.safeParse(scenario);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        item.reject(
          new InvalidSetting(
            `${issue?.path.join(".") || "the scenario"}: ${issue?.message ?? "invalid"}`,
          ),
        );
        continue;
      }
      ready.push({ item, scenario, plan: compile(scenario) });
    }
    if (ready.length === 0) return;
    const R = this.replications;
    const plans = ready.map((r) => r.plan);
    const tasks: Task[] = Array.from({ length: R }, (_, r) => ({
      kind: "counters",
      plans,
      replication: r,
    }));
    let results: Float64Array[];
    try {
      results = await shareOut<Float64Array>(tasks, this.pool, () => {});
    } catch (e) {
      for (const { item } of ready) item.reject(e);
      return;
    }
    this.settingsRun += ready.length;
    const n = COUNTER_NAMES.length;
    ready.forEach(({ item, scenario, plan }, j) => {
      const revenue: number[] = [];
      const profit: number[] = [];
      for (let r = 0; r < R; r++) {
        const counters = results[r].subarray(j * n, (j + 1) * n);
        revenue.push(counters[C.revenue]);
        profit.push(profitOf(scenario, plan, counters, counters[C.revenue]).grossProfit);
      }
      item.resolve({ revenue, profit, cost: costOf(this.levers, scenario) });
    });
  }
}

/** What the levers cost together at a scenario's setting (null: one has no price). */
function costOf(levers: readonly CapacityLever[], s: Scenario): number | null {
  let total = 0;
  for (const lever of levers) {
    const c = lever.costOf?.(s) ?? null;
    if (c === null) return null;
    total += c;
  }
  return total;
}

/** Each replication's revenue over its reference's (1 where the reference earned nothing). */
function share(runs: Runs, reference: Runs): Share {
  const e = estimate(
    runs.revenue.map((x, r) => (reference.revenue[r] > 0 ? x / reference.revenue[r] : 1)),
  );
  return { ...e, lower: e.mean - e.halfWidth };
}

const paired = (a: number[], b: number[]) => estimate(a.map((x, r) => x - b[r]));

/**
 * The setting beyond which the levers no longer matter: `settingAt(k)` for k = 0, 1, … (each
 * doubling the last) until one more doubling changes no replication's revenue (null: not within
 * maxValue). For the site and the stock this is the unlimited run's revenue exactly; for
 * consultants on shifts it is unlimited consultants on the shifts' own hours.
 */
async function saturate(
  runner: Runner,
  settingAt: (k: number) => number[],
  maxValue: number,
): Promise<{ setting: number[]; runs: Runs } | null> {
  let setting = settingAt(0);
  let runs = await runner.run(setting);
  for (let k = 1; ; k++) {
    const next = settingAt(k);
    if (next.some((v) => v > maxValue)) return null;
    let more: Runs;
    try {
      more = await runner.run(next);
    } catch (e) {
      if (e instanceof InvalidSetting) return null;
      throw e;
    }
    if (more.revenue.every((x, r) => x === runs.revenue[r])) return { setting, runs };
    setting = next;
    runs = more;
  }
}

/** A search's answer: the least passing value, or why there is none. */
type Found = { value: number; unreached: null } | { value: null; unreached: string };

/**
 * The least whole v in [min, max] for which `pass(v)` holds, taking pass to rise with v, such
 * that pass(v − 1) does not (or v = min): from `start`, down in doubling steps while it passes
 * or up by doubling until it does, then bisection between the last failing and passing values.
 */
async function least(
  pass: (v: number) => Promise<boolean>,
  start: number,
  min: number,
  max: number,
): Promise<Found> {
  let good: number;
  let bad: number;
  start = Math.min(start, max);
  const passes = async (v: number): Promise<boolean | string> => {
    try {
      return await pass(v);
    } catch (e) {
      if (e instanceof InvalidSetting) return e.message;
      throw e;
    }
  };
  const first = await passes(start);
  if (first === true) {
    good = start;
    bad = min - 1;
    for (let step = 1; good > min; step *= 2) {
      const v = Math.max(min, good - step);
      if ((await passes(v)) === true) good = v;
      else {
        bad = v;
        break;
      }
    }
  } else {
    if (typeof first === "string")
      return { value: null, unreached: `the scenario cannot take ${start}: ${first}` };
    bad = start;
    for (;;) {
      if (bad >= max) return { value: null, unreached: `not reached at ${max} (--max-value)` };
      const v = Math.min(max, Math.max(bad + 1, bad * 2));
      const p = await passes(v);
      if (p === true) {
        good = v;
        break;
      }
      if (typeof p === "string")
        return {
          value: null,
          unreached: `not reached below ${v}, which the scenario cannot take: ${p}`,
        };
      bad = v;
    }
  }
  while (good - bad > 1) {
    const mid = Math.floor((good + bad) / 2);
    if ((await passes(mid)) === true) good = mid;
    else bad = mid;
  }
  return { value: good, unreached: null };
}

const put = (setting: readonly number[], i: number, v: number) =>
  setting.map((x, j) => (j === i ? v : x));

/**
 * Runs `capacity` on a scenario (already scaled to the traffic asked about): each lever alone,
 * then jointly, then (with prices) the most profitable value of each and the cheapest joint
 * setting. `onPhase` is called as each search ends (progress).
 */
export async function capacity(
  scenario: Scenario,
  o: CapacityOptions,
  pool: WorkerPool | null,
  onPhase: () => void = () => {},
): Promise<CapacityResult> {
  const levers = leversOf(scenario);
  const runner = new Runner(scenario, levers, o.replications, pool);
  const now = levers.map((l) => l.amount(scenario).value as number);
  const unlimited = levers.map(() => Infinity);
  const unpriced = levers.filter((l) => (l.costOf?.(scenario) ?? null) === null).map((l) => l.id);
  const priced = levers.length > 0 && unpriced.length === 0;
  const reaches = async (setting: readonly number[], reference: Runs) =>
    share(await runner.run(setting), reference).lower >= o.target;

  const [base, all] = await Promise.all([runner.run(now), runner.run(unlimited)]);
  const doubled = (v: number, k: number) => (k === 0 ? v : Math.max(1, v) * 2 ** k);

  // Each lever alone, the others as given: all searches at once (their settings share batches).
  const alone = await Promise.all(
    levers.map(async (lever, i): Promise<LeverResult> => {
      const saturated = await saturate(runner, (k) => put(now, i, doubled(now[i], k)), o.maxValue);
      const reference = saturated?.runs ?? (await runner.run(put(now, i, Infinity)));
      const searched = new Map<number, Share>();
      const found = await least(
        async (v) => {
          const at = share(await runner.run(put(now, i, v)), reference);
          searched.set(v, at);
          return at.lower >= o.target;
        },
        now[i],
        0,
        o.maxValue,
      );
      const atNeeded = found.value === null ? null : await runner.run(put(now, i, found.value));
      const oneLess =
        found.value === null || found.value === 0
          ? null
          : await runner.run(put(now, i, found.value - 1));
      const bestProfit = priced ? await mostProfitable(runner, now, i, found.value, o, base) : null;
      onPhase();
      return {
        id: lever.id,
        name: lever.name,
        unit: lever.amount(scenario).unit,
        now: now[i],
        needed: found.value,
        unreached: found.unreached,
        reference: saturated ? saturated.setting[i] : "unlimited",
        revenueUnlimited: estimate(reference.revenue),
        shareNow: share(base, reference),
        shareAtNeeded: atNeeded && share(atNeeded, reference),
        shareOneLess: oneLess && share(oneLess, reference),
        revenueWon: atNeeded && paired(atNeeded.revenue, base.revenue),
        extraCost:
          atNeeded && atNeeded.cost !== null && base.cost !== null
            ? atNeeded.cost - base.cost
            : null,
        bestProfit,
        searched: [...searched]
          .sort((a, b) => a[0] - b[0])
          .map(([value, at]) => ({ value, share: at })),
      };
    }),
  );

  // Every lever together: doubled together until no replication's revenue moves.
  const saturated = await saturate(runner, (k) => now.map((v) => doubled(v, k)), o.maxValue);
  const top = saturated?.setting ?? unlimited;
  const reference = saturated?.runs ?? all;
  const jointReaches = (setting: readonly number[]) => reaches(setting, reference);
  const [joint, cheapest] = await Promise.all([
    leastJoint(
      levers.map((l) => l.name),
      top,
      now,
      jointReaches,
      o,
    ).then((j) => {
      onPhase();
      return j;
    }),
    priced
      ? cheapestJoint(runner, now, top, base, jointReaches, o).then((j) => {
          onPhase();
          return j;
        })
      : Promise.resolve(null),
  ]);

  const verify = async (setting: number[] | null, unreached: string | null) =>
    verified(runner, levers, setting, unreached, base, reference);
  return {
    scenario: scenario.name,
    currency: scenario.currency,
    seed: scenario.seed,
    replications: o.replications,
    target: o.target,
    traffic: o.traffic,
    maxValue: o.maxValue,
    fixed: fixedCapacitiesOf(scenario).map((c) => ({
      id: c.id,
      name: c.name,
      ...c.amount(scenario),
    })),
    revenueNow: estimate(base.revenue),
    revenueUnlimited: estimate(all.revenue),
    jointReference: {
      setting: Object.fromEntries(
        levers.map((l, i) => [l.id, Number.isFinite(top[i]) ? top[i] : "unlimited"]),
      ),
      revenue: estimate(reference.revenue),
    },
    levers: alone,
    joint: await verify(joint.setting, joint.unreached),
    cheapest: cheapest && (await verify(cheapest.setting, cheapest.unreached)),
    unpriced,
    settingsRun: runner.settingsRun,
  };
}

/** A joint setting rerun with each lever one unit less, against every lever unlimited. */
async function verified(
  runner: Runner,
  levers: readonly CapacityLever[],
  setting: number[] | null,
  unreached: string | null,
  base: Runs,
  all: Runs,
): Promise<JointResult> {
  if (setting === null)
    return {
      setting: null,
      unreached,
      share: null,
      oneLess: {},
      revenue: null,
      revenueWon: null,
      extraCost: null,
    };
  const runs = await runner.run(setting);
  const less = await Promise.all(
    setting.map((v, i) => (v > 0 ? runner.run(put(setting, i, v - 1)) : null)),
  );
  const oneLess: Record<string, Share> = {};
  less.forEach((r, i) => {
    if (r) oneLess[levers[i].id] = share(r, all);
  });
  return {
    setting: Object.fromEntries(levers.map((l, i) => [l.id, setting[i]])),
    unreached: null,
    share: share(runs, all),
    oneLess,
    revenue: estimate(runs.revenue),
    revenueWon: paired(runs.revenue, base.revenue),
    extraCost: runs.cost !== null && base.cost !== null ? runs.cost - base.cost : null,
  };
}

/** Each lever in turn lowered to the least value that still passes, until none moves. */
async function lowerInTurn(
  setting: number[],
  pass: (s: readonly number[]) => Promise<boolean>,
): Promise<number[]> {
  let x = setting;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let moved = false;
    for (let i = 0; i < x.length; i++) {
      const at = x;
      const found = await least((v) => pass(put(at, i, v)), at[i], 0, at[i]);
      if (found.value !== null && found.value < x[i]) {
        x = put(x, i, found.value);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return x;
}

/**
 * The least joint setting: each lever's least value with the others at the reference, then
 * every lever scaled up together by the least factor (in eighths, never beyond the reference)
 * that reaches the target, then each lever lowered in turn until none moves.
 */
async function leastJoint(
  names: readonly string[],
  top: readonly number[],
  now: readonly number[],
  pass: (s: readonly number[]) => Promise<boolean>,
  o: CapacityOptions,
): Promise<{ setting: number[] | null; unreached: string | null }> {
  const ceiling = top.map((v) => (Number.isFinite(v) ? v : o.maxValue));
  const alone = await Promise.all(
    top.map((v, i) =>
      least((x) => pass(put(top, i, x)), Number.isFinite(v) ? v : now[i], 0, ceiling[i]),
    ),
  );
  const short = alone.findIndex((f) => f.value === null);
  if (short >= 0)
    return {
      setting: null,
      unreached: `${names[short]} does not reach it even with the others at the reference: ${alone[short].unreached}`,
    };
  const need = alone.map((f) => f.value as number);
  const scaled = (m: number) =>
    need.map((v, i) => (m === 8 ? v : Math.min(ceiling[i], Math.ceil((Math.max(v, 1) * m) / 8))));
  const most = Math.max(...ceiling.map((c, i) => Math.ceil((8 * c) / Math.max(1, need[i]))), 8);
  const found = await least((m) => pass(scaled(m)), 8, 8, most);
  if (found.value === null)
    return { setting: null, unreached: `every lever scaled up together: ${found.unreached}` };
  return { setting: await lowerInTurn(scaled(found.value), pass), unreached: null };
}

/**
 * The cheapest joint setting reaching the target: from the scenario as given, the step of one
 * lever (half as much again, at least one unit) that wins the most revenue per unit of money,
 * until the target is reached; then each lever lowered in turn until none moves.
 */
async function cheapestJoint(
  runner: Runner,
  now: readonly number[],
  top: readonly number[],
  base: Runs,
  pass: (s: readonly number[]) => Promise<boolean>,
  o: CapacityOptions,
): Promise<{ setting: number[] | null; unreached: string | null }> {
  const ceiling = top.map((v) => (Number.isFinite(v) ? v : o.maxValue));
  let x = [...now];
  let at = base;
  for (let step = 0; !(await pass(x)); step++) {
    if (step >= MAX_GREEDY_STEPS)
      return { setting: null, unreached: `not reached in ${MAX_GREEDY_STEPS} steps` };
    const options = x
      .map((v, i) => ({ i, v: Math.min(ceiling[i], Math.max(v + 1, Math.ceil(v * 1.5))) }))
      .filter(({ i, v }) => v > x[i]);
    if (options.length === 0)
      return { setting: null, unreached: "not reached with every lever at the reference" };
    let runs: Runs[];
    try {
      runs = await Promise.all(options.map(({ i, v }) => runner.run(put(x, i, v))));
    } catch (e) {
      if (e instanceof InvalidSetting)
        return { setting: null, unreached: `a step the scenario cannot take: ${e.message}` };
      throw e;
    }
    let best = -1;
    let bestRate = 0;
    runs.forEach((r, k) => {
      const won = paired(r.revenue, at.revenue).mean;
      const paid = (r.cost ?? 0) - (at.cost ?? 0);
      const rate = paid > 0 ? won / paid : won > 0 ? Infinity : 0;
      if (won > 0 && rate > bestRate) {
        best = k;
        bestRate = rate;
      }
    });
    if (best < 0) {
      // No single step wins anything: every lever steps at once.
      x = options.reduce((s, { i, v }) => put(s, i, v), x);
      at = await runner.run(x);
    } else {
      x = put(x, options[best].i, options[best].v);
      at = runs[best];
    }
  }
  return { setting: await lowerInTurn(x, pass), unreached: null };
}

/**
 * The value of lever i that maximises mean gross profit, the others as given: the least value
 * from which one unit more no longer adds profit (paired), taking that gain to fall as the
 * value rises.
 */
async function mostProfitable(
  runner: Runner,
  now: readonly number[],
  i: number,
  needed: number | null,
  o: CapacityOptions,
  base: Runs,
): Promise<ProfitPoint> {
  const at = (v: number) => runner.run(put(now, i, v));
  const stopsPaying = async (v: number) => {
    const [a, b] = await Promise.all([at(v), at(v + 1)]);
    return paired(b.profit, a.profit).mean <= 0;
  };
  const found = await least(stopsPaying, needed ?? now[i], 0, o.maxValue - 1);
  const value = found.value ?? o.maxValue;
  const runs = await at(value);
  return {
    value,
    profit: estimate(runs.profit),
    profitWon: paired(runs.profit, base.profit),
    revenueWon: paired(runs.revenue, base.revenue),
    extraCost: runs.cost !== null && base.cost !== null ? runs.cost - base.cost : null,
  };
}
