import type { Explanation } from "../analysis/explain.js";
import type { Estimate } from "../analysis/replications.js";
import { limitName } from "../model/stages.js";
import { renderBinding } from "./binding.js";
import { formatMinute, formatWhole } from "./format.js";

/** "+1,234 ± 56" or "−1,234 ± 56" (one replication: no interval). */
const signedAmount = (x: Estimate, replications: number) =>
  `${x.mean < 0 ? "−" : "+"}${amount({ ...x, mean: Math.abs(x.mean) }, replications)}`;

/** "1,234 ± 56", or "1,234" with one replication (there is no interval to quote). */
export const amount = (x: Estimate, replications: number) =>
  replications > 1 ? `${formatWhole(x.mean)} ± ${formatWhole(x.halfWidth)}` : formatWhole(x.mean);

/**
 * The verdict in the planner's words: the department whose limit costs the most, what it
 * costs, which limit binds once it is lifted, the lever to pull (or why none is advised) and
 * when the department binds.
 */
export function renderVerdict(e: Explanation): string {
  const v = e.verdict;
  const cur = e.currency;
  const n = e.replications;
  const givens = renderGivens(e);
  if (v.department === "none" || v.cost === null)
    return [
      e.givens
        ? `No limit that can move caps revenue: with every limit but the fixed ones lifted the same visitors would bring ${formatWhole(e.unconstrainedRevenue.mean)} ${cur} against ${formatWhole(e.revenue.mean)} ${cur} now (gap ${amount(e.gap, n)}).`
        : `No capacity department caps revenue: with the site, consultants and stock all unlimited the same visitors would bring ${formatWhole(e.unconstrainedRevenue.mean)} ${cur} against ${formatWhole(e.revenue.mean)} ${cur} now (gap ${amount(e.gap, n)}). Revenue is set by marketing — reach and the audience's intent.`,
      ...givens,
    ].join(" ");
  const name = limitName(v.department);
  const share = (100 * v.cost.mean) / Math.max(1, e.gap.mean);
  const parts = [
    `Revenue is capped by ${name}: its limit costs ${amount(v.cost, n)} ${cur} (${share.toFixed(0)} % of the ${formatWhole(e.gap.mean)} ${cur} the capacity limits cost together; revenue ${formatWhole(e.revenue.mean)} ${cur} against ${formatWhole(e.unconstrainedRevenue.mean)} ${cur} with nothing limited).`,
  ];
  if (v.alsoBinding.length)
    parts.push(
      `Also binding: ${v.alsoBinding.map((b) => `${limitName(b.department)} ${amount(b.cost, n)}`).join(", ")} ${cur}.`,
    );
  const next = orderSentence(e);
  if (next) parts.push(next);
  const best = v.advised;
  if (best)
    parts.push(
      v.rankedBy === "profit" && best.profitUplift
        ? `The lever that adds the most profit: ${best.lever}, ${signedAmount(best.profitUplift, n)} ${cur} profit (revenue +${amount(best.uplift, n)} ${cur}, less what it costs${best.cost !== null ? `, ${formatWhole(best.cost)} ${cur} for the horizon` : ""}).`
        : v.rankedBy === "money"
          ? `The lever that returns the most per ${cur} spent: ${best.lever}, +${amount(best.uplift, n)} ${cur}${best.upliftPerMoney !== null ? ` (${best.upliftPerMoney.toFixed(1)} ${cur} per ${cur})` : ""}.`
          : `The lever that adds the most revenue: ${best.lever}, +${amount(best.uplift, n)} ${cur} (no costs given, so levers are ranked by revenue, not by money).`,
    );
  else if (v.levers.length)
    parts.push(
      `None of its levers tried (${v.levers.map((l) => l.lever).join("; ")}) adds ${v.rankedBy === "profit" ? "profit, once its cost is paid," : "revenue"} ${n > 1 ? "with an interval clearly above zero" : "in this run"}: look at when it binds.`,
    );
  const binding = e.binding.find((b) => b.department === v.department);
  if (binding) parts.push(`${capitalise(renderBinding(binding))}.`);
  parts.push(...givens);
  return parts.join(" ");
}

/**
 * Each fixed limit named as a given, with when it first turned people away: "Supply is fixed
 * at 10,000 units (a given: never lifted, no lever): it ran out on day 1, 10:47."
 */
export function renderGivens(e: Explanation): string[] {
  const n = e.replications;
  return (e.givens ?? []).map((g) => {
    const value = g.amount.value === "unlimited" ? "unlimited" : formatWhole(g.amount.value);
    const head = `${capitalise(limitName(g.limit))} is fixed at ${value} ${g.amount.unit} (a given: never lifted, no lever)`;
    const event = g.department === "supply" ? "ran out" : "was first full";
    const t = g.firstLossMin;
    if (t === null)
      return `${head}: it never ${g.department === "supply" ? "ran out" : "turned anyone away"}${n > 1 ? ` in any of the ${formatWhole(n)} replications` : ""}.`;
    if (n === 1) return `${head}: it ${event} on ${formatMinute(t.mean)}.`;
    return `${head}: it ${event} in ${formatWhole(g.bindingReplications)} of ${formatWhole(n)} replications, on ${formatMinute(t.mean)} on average (earliest ${formatMinute(t.min)}, latest ${formatMinute(t.max)}).`;
  });
}

/**
 * "Once supply is lifted, sales caps revenue (+160,265 RUB more), then IT/hosting (+62,510)."
 * Only when the binding order starts with the verdict's department and a later step adds
 * anything: that is what explains a department charged a share while lifting it alone adds
 * nothing.
 */
export function orderSentence(e: Explanation): string | null {
  const [first, ...rest] = e.bindingOrder;
  const later = rest.filter((s) => s.gain.mean > 0);
  if (!first || first.department !== e.verdict.department || later.length === 0) return null;
  const cur = e.currency;
  const steps = later.map(
    (s, i) =>
      `${i === 0 ? `${limitName(s.department)} caps revenue` : limitName(s.department)} (+${formatWhole(s.gain.mean)} ${cur}${i === 0 ? " more" : ""})`,
  );
  return `Once ${limitName(first.department)} is lifted, ${steps.join(", then ")}.`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
