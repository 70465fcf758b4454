import { listed } from "./errors.js";

// The campaign's budget against what its channels say they cost. The budget divides every cost
// KPI (per contact, click, sale), so a budget that disagrees with the channels' own spend would
// quietly skew them: the spend, written channel by channel, is taken as the better figure.

interface ChannelCost {
  name?: string;
  owned?: boolean;
  spend?: number;
}

/** A budget and the channels' spend within 1 % of their sum agree (rounding, fees). */
export const BUDGET_TOLERANCE = 0.01;

/** The budget a validated scenario carries, and what is wrong with the written one, if anything. */
export interface SettledBudget {
  budget: number;
  /** No budget is written and some bought channel gives no spend: nothing to derive it from. */
  missing?: string;
  /**
   * The written budget disagrees with the channels' spend, which is used instead: what
   * disagrees, e.g. `250000 differs from the channels' spend (200000) by 25 %`.
   */
  mismatch?: string;
}

/**
 * Settles `budget` against the spend of the bought (not owned) channels: the spend sum when no
 * budget is written or when it disagrees with a complete spend; a budget below a partial spend
 * (some channels give reach only, their cost unknown) cannot be right either. A budget above a
 * partial spend is left alone: the reach-only channels cost the difference.
 */
export function settleBudget(m: {
  budget?: number;
  channels: readonly ChannelCost[];
}): SettledBudget {
  const bought = m.channels.filter((ch) => ch.owned !== true);
  const spent = bought.reduce((sum, ch) => sum + (ch.spend ?? 0), 0);
  const reachOnly = bought.filter((ch) => ch.spend === undefined);
  if (m.budget === undefined) {
    if (reachOnly.length === 0) return { budget: spent };
    const names = listed(reachOnly.map((ch) => ch.name ?? ""));
    return {
      budget: spent,
      missing: `give marketing.budget, or spend and cpm on every bought channel (reach only: ${names}; a channel whose reach is not bought says owned: true)`,
    };
  }
  const off = Math.abs(m.budget - spent);
  if (bought.length === 0 || off <= BUDGET_TOLERANCE * spent) return { budget: m.budget };
  if (reachOnly.length > 0 && m.budget > spent) return { budget: m.budget };
  const by = spent > 0 ? ` by ${Math.round((off / spent) * 1000) / 10} %` : "";
  const verb = reachOnly.length > 0 ? "is below" : "differs from";
  return {
    budget: spent,
    mismatch: `${tidy(m.budget)} ${verb} the channels' spend (${tidy(spent)})${by}`,
  };
}

/** A sum of decimal spends without its binary rounding tail (0.30000000000000004 → 0.3). */
const tidy = (x: number) => String(Number(x.toPrecision(12)));
