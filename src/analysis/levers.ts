import { capacitiesOf } from "../model/stages.js";
import type { Department } from "../model/vocabulary.js";
import { scaleBudget } from "../scenario/scale.js";
import type { Scenario } from "../scenario/schema.js";
import type { Estimate } from "./replications.js";

/** A lever tried by explain, with the revenue it adds. */
export interface Lever {
  lever: string;
  department: Department;
  /** Revenue gained over the scenario as it is, same visitors where the lever is a capacity. */
  uplift: Estimate;
  /** What the lever costs over the horizon, where the scenario gives costs. */
  cost: number | null;
  /** uplift.mean / cost. */
  upliftPerMoney: number | null;
  /**
   * Whether its 95 % interval lies above zero — of the profit it adds when the scenario prices
   * its costs, else of the revenue: a lever that may add nothing is not advised.
   */
  recommended: boolean;
  /**
   * Profit gained over the scenario as it is (revenue gained less every cost that changes,
   * the lever's own included), when the scenario prices more than its media.
   */
  profitUplift?: Estimate;
}

/** A lever to try: the scenario with one more unit of it, and what that unit costs. */
export interface LeverSpec {
  lever: string;
  department: Department;
  scenario: Scenario;
  cost: number | null;
  /** Whether the lever changes only capacities (then it is served on the same visitors). */
  capacityOnly: boolean;
  /** The capacity limit it steps (CapacityDeclaration.id), or null (marketing's budget). */
  limit: string | null;
}

/**
 * The levers explain tries: one step of each capacity limit the scenario has (declared by its
 * stage: +10 % hosting capacity, +1 consultant in each shift, +10 % stock …) and +10 %
 * marketing budget, each priced from the scenario's optional costs. The budget buys reach only
 * on bought channels, each at its own cost per contact (spend / cpm; a bought channel given as
 * reach shares the rest of the budget at one cost per contact), so +10 % of it is +10 % of
 * each bought channel's reach; owned channels (a mailing list) stay as they are.
 */
export function levers(s: Scenario): LeverSpec[] {
  const out: LeverSpec[] = capacitiesOf(s).flatMap((c) => {
    const step = c.step(s);
    return step ? [{ ...step, department: c.department, capacityOnly: true, limit: c.id }] : [];
  });
  const budget = s.marketing.budget;
  if (budget <= 0 || s.marketing.channels.every((ch) => ch.owned)) return out;
  out.push({
    lever: "+10 % marketing budget (bought reach, same cost per contact)",
    department: "marketing",
    scenario: scaleBudget(s, 1.1),
    cost: budget * 0.1,
    capacityOnly: false,
    limit: null,
  });
  return out;
}

/** A tried lever with its measured uplift. */
export function leverOf(l: LeverSpec, uplift: Estimate, profitUplift?: Estimate): Lever {
  const judged = profitUplift ?? uplift;
  return {
    lever: l.lever,
    department: l.department,
    uplift,
    cost: l.cost,
    upliftPerMoney: l.cost && l.cost > 0 ? uplift.mean / l.cost : null,
    recommended: judged.mean - judged.halfWidth > 0,
    ...(profitUplift ? { profitUplift } : {}),
  };
}
