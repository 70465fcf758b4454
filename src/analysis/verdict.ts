import type { CapacityDepartment } from "./departments.js";
import type { Lever } from "./levers.js";
import type { Estimate } from "./replications.js";

/** The verdict as data: report/verdict.ts puts it in the planner's words. */
export interface Verdict {
  /** The capacity limit (its id) that costs the most, when clearly above zero; else "none". */
  department: CapacityDepartment | "none";
  /** Its Shapley share of the gap (what its limit costs). */
  cost: Estimate | null;
  /** The other departments whose share is clearly above zero, most costly first. */
  alsoBinding: { department: CapacityDepartment; cost: Estimate }[];
  /** Its levers, best first: by uplift per money when each has a cost, else by uplift. */
  levers: Lever[];
  /** How `levers` are ranked. */
  /** profit: the profit each adds, costs given; money: revenue per money; revenue: revenue. */
  rankedBy: "profit" | "money" | "revenue";
  /** The first of `levers` whose interval lies above zero, if any. */
  advised: Lever | null;
}

/**
 * The department whose limit costs the most revenue (if clearly above zero: its interval above
 * zero and at least 1 % of the unconstrained revenue), what it costs, and its levers ranked —
 * by revenue per money only where every one of them has a cost. `leverLimits[i]` is the limit
 * e.marginal[i] steps (null for marketing's).
 */
export function verdict(
  e: {
    shapley: Record<CapacityDepartment, Estimate>;
    unconstrainedRevenue: Estimate;
    marginal: Lever[];
  },
  leverLimits: readonly (string | null)[],
): Verdict {
  // Stable: ties keep the limits' stage order.
  const ranked = Object.entries(e.shapley)
    .map(([department, cost]) => ({ department, cost }))
    .sort((a, b) => b.cost.mean - a.cost.mean);
  const clear = (x: Estimate) => x.mean > 0 && x.mean - x.halfWidth > 0;
  const top = ranked[0];
  if (top === undefined || !clear(top.cost) || top.cost.mean < 0.01 * e.unconstrainedRevenue.mean)
    return {
      department: "none",
      cost: null,
      alsoBinding: [],
      levers: [],
      rankedBy: "revenue",
      advised: null,
    };
  const own = e.marginal.filter((_, i) => leverLimits[i] === top.department);
  const rankedBy =
    own.length > 0 && own.every((l) => l.profitUplift !== undefined)
      ? "profit"
      : own.length > 0 && own.every((l) => l.cost !== null)
        ? "money"
        : "revenue";
  const levers = [...own].sort((a, b) =>
    rankedBy === "profit"
      ? (b.profitUplift?.mean ?? 0) - (a.profitUplift?.mean ?? 0)
      : rankedBy === "money"
        ? (b.upliftPerMoney ?? 0) - (a.upliftPerMoney ?? 0)
        : b.uplift.mean - a.uplift.mean,
  );
  return {
    department: top.department,
    cost: top.cost,
    alsoBinding: ranked.slice(1).filter((r) => clear(r.cost)),
    levers,
    rankedBy,
    advised: levers.find((l) => l.recommended) ?? null,
  };
}
