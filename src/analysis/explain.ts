import { C } from "../core/counters.js";
import type { RunResult } from "../core/pipeline.js";
import { compile, type Plan, SLOT_MIN } from "../core/plan.js";
import type { CapacityDeclaration } from "../model/stage.js";
import { capacitiesOf, fixedCapacitiesOf } from "../model/stages.js";
import type { Department } from "../model/vocabulary.js";
import type { WorkerPool } from "../parallel/pool.js";
import { runReplications, runVariants } from "../parallel/runs.js";
import { together, variantsWork, type Workload } from "../parallel/workload.js";
import type { Scenario } from "../scenario/schema.js";
import { type BindingHours, bindingHours } from "./binding.js";
import { type CapacityDepartment, revenueOf } from "./departments.js";
import { type LedgerLine, lossLedger, type WaterfallStep } from "./ledger.js";
import { type Lever, leverOf, levers } from "./levers.js";
import { priced, profitOf } from "./profit.js";
import { type Estimate, estimate, estimatePresent } from "./replications.js";
import { shapley } from "./shapley.js";
import { type Verdict, verdict } from "./verdict.js";

export type { CapacityDepartment } from "./departments.js";

/** What `explain` reports. */
export interface Explanation {
  scenario: string;
  seed: number;
  currency: string;
  replications: number;
  revenue: Estimate;
  /** Revenue with every capacity department unlimited, same visitors. */
  unconstrainedRevenue: Estimate;
  /** unconstrained − actual. */
  gap: Estimate;
  /**
   * Revenue each capacity limit costs, by its id (Shapley over the 2ⁿ relaxations of the n
   * limits the scenario has; sums to gap).
   */
  shapley: Record<CapacityDepartment, Estimate>;
  /** Revenue with each department relaxed alone, and all together. */
  counterfactuals: { relaxed: string; revenue: Estimate }[];
  /**
   * The order in which the limits bind: lift the costliest limit first, then the one that
   * costs most once that is lifted, and so on (on the same visitors, per replication).
   */
  bindingOrder: BindingStep[];
  ledger: LedgerLine[];
  /** Actual revenue plus every ledger line at stake but marketing's upper bounds. */
  potential: number;
  /** From the potential down to the actual revenue: each loss's amount and the balance left. */
  waterfall: WaterfallStep[];
  marginal: Lever[];
  binding: BindingHours[];
  verdict: Verdict;
  /**
   * The limits the scenario marks fixed (present only when there are any): givens, never
   * lifted in the counterfactuals, the Shapley split or the levers, so every figure above
   * already respects them.
   */
  givens?: Given[];
}

/** A fixed limit, as the report names it: what it is and when it turned people away. */
export interface Given {
  limit: CapacityDepartment;
  department: Department;
  amount: { value: number | "unlimited"; unit: string };
  /** Replications in which it turned anyone away. */
  bindingReplications: number;
  /**
   * The minute it first turned someone away, over the replications in which it did (to the
   * minute where its stage keeps one, the stock's; else to the hour); null when it never did.
   */
  firstLossMin: Estimate | null;
  binding: BindingHours;
}

/** One step of the binding order: the department lifted and what it then adds. */
export interface BindingStep {
  department: CapacityDepartment;
  /** Revenue with this and every earlier step's limit lifted. */
  revenue: Estimate;
  /** What lifting it adds, given the earlier steps. */
  gain: Estimate;
}

/** A validated scenario with the named capacity limits (ids) lifted. */
export function relax(s: Scenario, limits: readonly CapacityDepartment[]): Scenario {
  return capacitiesOf(s)
    .filter((c) => limits.includes(c.id))
    .reduce((out: Scenario, c) => c.relax(out), s);
}

/** Coalition mask → its limits (bit i = limits[i] lifted). */
const members = (limits: readonly CapacityDeclaration[], mask: number) =>
  limits.filter((_, i) => mask & (1 << i)).map((c) => c.id);

/**
 * The plans explain runs: the 2ⁿ coalitions of lifted limits (mask bit i = the scenario's i-th
 * capacity limit lifted) and each lever's scenario. Capacity levers ride on the coalitions'
 * visitors; a marketing lever changes the visitors and runs on its own.
 */
function explainPlans(s: Scenario) {
  const limits = capacitiesOf(s);
  const coalitionPlans = Array.from({ length: 1 << limits.length }, (_, mask) =>
    compile(relax(s, members(limits, mask))),
  );
  const leverSpecs = levers(s);
  const leverPlans = leverSpecs.map((l) => compile(l.scenario));
  const capacityLevers = leverSpecs.flatMap((l, i) => (l.capacityOnly ? [i] : []));
  const otherLevers = leverSpecs.flatMap((l, i) => (l.capacityOnly ? [] : [i]));
  return { limits, coalitionPlans, leverSpecs, leverPlans, capacityLevers, otherLevers };
}

/** What `explain(s, replications)` will cost, before it runs. */
export function explainWork(s: Scenario, replications: number): Workload {
  const { coalitionPlans, leverPlans, capacityLevers, otherLevers } = explainPlans(s);
  return together(
    variantsWork([...coalitionPlans, ...capacityLevers.map((i) => leverPlans[i])], replications),
    ...otherLevers.map((i) => variantsWork([leverPlans[i]], replications)),
  );
}

/**
 * Which capacity department caps revenue and by how much: counterfactual relaxations on the
 * same visitors (common random numbers), Shapley shares of the gap per replication, the loss
 * ledger, marginal levers, the hours each department binds, and a verdict.
 */
export async function explain(
  s: Scenario,
  replications: number,
  pool: WorkerPool | null,
  /** Called as each replication's runs finish (for a progress bar). */
  onDone: () => void = () => {},
): Promise<Explanation> {
  const { limits, coalitionPlans, leverSpecs, leverPlans, capacityLevers, otherLevers } =
    explainPlans(s);
  const coalitions = coalitionPlans.length;
  const all = coalitions - 1;
  const [variants, ...others] = await Promise.all([
    runVariants(
      [...coalitionPlans, ...capacityLevers.map((i) => leverPlans[i])],
      replications,
      pool,
      onDone,
    ),
    ...otherLevers.map((i) => runReplications(leverPlans[i], replications, pool, onDone)),
  ]);

  const actualPlan = coalitionPlans[0];
  const revenue = variants.map((runs) => revenueOf(actualPlan, runs[0]));
  const coalitionRevenue = variants.map((runs) =>
    runs.slice(0, coalitions).map((run, m) => revenueOf(coalitionPlans[m], run)),
  );
  const shares = coalitionRevenue.map((v) => shapley(v, limits.length));
  const unconstrained = coalitionRevenue.map((v) => v[all]);

  /** Replication r's run of lever i. */
  const leverRun = (i: number, r: number) =>
    leverSpecs[i].capacityOnly
      ? variants[r][coalitions + capacityLevers.indexOf(i)]
      : others[otherLevers.indexOf(i)][r];
  // With costs given, each lever is judged by the profit it adds: its revenue less every cost
  // that changes with it (its own price, and the goods it sells or stocks), run by run.
  const profitOfRun = (sc: Scenario, plan: Plan, run: RunResult) =>
    profitOf(sc, plan, run.counters, revenueOf(plan, run)).grossProfit;
  const withProfit = priced(s);
  const marginal: Lever[] = leverSpecs.map((l, i) =>
    leverOf(
      l,
      estimate(revenue.map((actual, r) => revenueOf(leverPlans[i], leverRun(i, r)) - actual)),
      withProfit
        ? estimate(
            variants.map(
              (runs, r) =>
                profitOfRun(l.scenario, leverPlans[i], leverRun(i, r)) -
                profitOfRun(s, coalitionPlans[0], runs[0]),
            ),
          )
        : undefined,
    ),
  );

  const shapleyEstimates: Record<CapacityDepartment, Estimate> = Object.fromEntries(
    limits.map((c, i) => [c.id, estimate(shares.map((sh) => sh[i]))]),
  );
  const counterfactuals = [
    { relaxed: "nothing (as planned)", mask: 0 },
    ...limits.map((c, i) => ({ relaxed: c.relaxedLabel, mask: 1 << i })),
    { relaxed: "all capacities unlimited", mask: all },
  ].map(({ relaxed, mask }) => ({
    relaxed,
    revenue: estimate(coalitionRevenue.map((v) => v[mask])),
  }));

  const actualRuns = variants.map((runs) => runs[0]);
  const unconstrainedRuns = variants.map((runs) => runs[all]);
  const {
    lines: ledger,
    potential,
    waterfall,
  } = lossLedger(actualPlan, actualRuns, unconstrainedRuns);
  const meanRevenue = estimate(revenue);

  const binding = bindingHours(actualRuns, s.horizon.days, limits, s.horizon.start);
  const givens = givensOf(s, actualRuns);
  const found: Omit<Explanation, "verdict"> = {
    scenario: s.name,
    seed: s.seed,
    currency: s.currency,
    replications,
    revenue: meanRevenue,
    unconstrainedRevenue: estimate(unconstrained),
    gap: estimate(unconstrained.map((u, r) => u - revenue[r])),
    shapley: shapleyEstimates,
    counterfactuals,
    bindingOrder: bindingOrder(coalitionRevenue, limits),
    ledger,
    potential,
    waterfall,
    marginal,
    binding,
  };
  return {
    ...found,
    verdict: verdict(
      found,
      leverSpecs.map((l) => l.limit),
    ),
    ...(givens.length > 0 ? { givens } : {}),
  };
}

/** The scenario's fixed limits, and when each first turned someone away in each replication. */
function givensOf(s: Scenario, runs: RunResult[]): Given[] {
  const fixed = fixedCapacitiesOf(s);
  const binding = bindingHours(runs, s.horizon.days, fixed, s.horizon.start);
  return fixed.map((c, i) => {
    const first = runs.map((run) => {
      if (c.firstLossMin !== undefined) {
        const t = run.counters[C[c.firstLossMin]];
        return Number.isNaN(t) ? null : t;
      }
      const slot = run.lostBySlot[c.lostBySlot].findIndex((n) => n > 0);
      return slot < 0 ? null : slot * SLOT_MIN;
    });
    return {
      limit: c.id,
      department: c.department,
      amount: c.amount(s),
      bindingReplications: first.filter((t) => t !== null).length,
      firstLossMin: estimatePresent(first),
      binding: binding[i],
    };
  });
}

/**
 * Lifts the limits one at a time, each time the one whose lifting adds the most on average
 * given those already lifted (ties in stage order), from the coalition revenues of each
 * replication (index: bit i set = limits[i] lifted).
 */
function bindingOrder(
  coalitionRevenue: number[][],
  limits: readonly CapacityDeclaration[],
): BindingStep[] {
  const steps: BindingStep[] = [];
  let mask = 0;
  const average = (m: number) =>
    coalitionRevenue.reduce((a, v) => a + v[m], 0) / coalitionRevenue.length;
  while (steps.length < limits.length) {
    let best = -1;
    limits.forEach((_, i) => {
      if (mask & (1 << i)) return;
      if (best < 0 || average(mask | (1 << i)) > average(mask | (1 << best))) best = i;
    });
    const next = mask | (1 << best);
    steps.push({
      department: limits[best].id,
      revenue: estimate(coalitionRevenue.map((v) => v[next])),
      gain: estimate(coalitionRevenue.map((v) => v[next] - v[mask])),
    });
    mask = next;
  }
  return steps;
}
