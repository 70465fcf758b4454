import type { Department } from "../report/summarize.js";
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
  /** Whether its 95 % interval lies above zero: a lever that may add nothing is not advised. */
  recommended: boolean;
}

/** A lever to try: the scenario with one more unit of it, and what that unit costs. */
export interface LeverSpec {
  lever: string;
  department: Department;
  scenario: Scenario;
  cost: number | null;
  /** Whether the lever changes only capacities (then it is served on the same visitors). */
  capacityOnly: boolean;
}

/**
 * The levers explain tries: +10 % hosting capacity, +1 consultant (in each shift), +10 % stock,
 * +10 % marketing budget, each priced from the scenario's optional costs. The budget buys
 * reach only on bought channels, each at its own cost per contact (spend / cpm; a bought
 * channel given as reach shares the rest of the budget at one cost per contact), so +10 % of
 * it is +10 % of each bought channel's reach; owned channels (a mailing list) stay as they are.
 */
export function levers(s: Scenario): LeverSpec[] {
  const days = s.horizon.days;
  const out: LeverSpec[] = [];
  const { site, sales, supply } = s;
  if (site.capacity !== "unlimited") {
    const extra = Math.max(1, Math.ceil(site.capacity * 0.1));
    out.push({
      lever: `+10 % hosting capacity (+${extra} sessions)`,
      department: "it",
      scenario: { ...s, site: { ...site, capacity: site.capacity + extra } },
      cost: site.costPerSlot === undefined ? null : site.costPerSlot * extra,
      capacityOnly: true,
    });
  }
  if (sales.consultants !== "unlimited") {
    const perDay = sales.costPerConsultantDay;
    if (sales.shifts) {
      const shifts = sales.shifts.map((sh) => ({ ...sh, consultants: sh.consultants + 1 }));
      const shiftDays = sales.shifts.reduce(
        (n, sh) => n + ((sh.days?.[1] ?? days) - (sh.days?.[0] ?? 1) + 1),
        0,
      );
      out.push({
        lever: "+1 consultant in each shift",
        department: "sales",
        scenario: { ...s, sales: { ...sales, shifts } },
        cost: perDay === undefined ? null : perDay * shiftDays,
        capacityOnly: true,
      });
    } else if (sales.consultants !== undefined) {
      out.push({
        lever: "+1 consultant",
        department: "sales",
        scenario: { ...s, sales: { ...sales, consultants: sales.consultants + 1 } },
        cost: perDay === undefined ? null : perDay * days,
        capacityOnly: true,
      });
    }
  }
  if (supply.stock !== "unlimited") {
    const extra = Math.max(1, Math.ceil(supply.stock * 0.1));
    out.push({
      lever: `+10 % stock (+${extra} units)`,
      department: "supply",
      scenario: { ...s, supply: { ...supply, stock: supply.stock + extra } },
      cost: supply.unitCost === undefined ? null : supply.unitCost * extra,
      capacityOnly: true,
    });
  }
  const budget = s.marketing.budget;
  if (budget <= 0 || s.marketing.channels.every((ch) => ch.owned)) return out;
  out.push({
    lever: "+10 % marketing budget (bought reach, same cost per contact)",
    department: "marketing",
    scenario: scaleBudget(s, 1.1),
    cost: budget * 0.1,
    capacityOnly: false,
  });
  return out;
}

/** A tried lever with its measured uplift. */
export function leverOf(l: LeverSpec, uplift: Estimate): Lever {
  return {
    lever: l.lever,
    department: l.department,
    uplift,
    cost: l.cost,
    upliftPerMoney: l.cost && l.cost > 0 ? uplift.mean / l.cost : null,
    recommended: uplift.mean - uplift.halfWidth > 0,
  };
}
