import { formatWhole } from "../report/format.js";
import type { Department } from "../report/summarize.js";
import { CAPACITY_DEPARTMENTS, DEPARTMENT_NAME } from "./departments.js";
import type { Explanation } from "./explain.js";
import type { Estimate } from "./replications.js";

/**
 * The verdict in the planner's words: the department whose limit costs the most revenue (if
 * it is clearly above zero), what it costs, and the lever that releases it best per money (or
 * by revenue where no costs are given).
 */
export function verdict(e: Explanation): { department: Department | "none"; text: string } {
  const cur = e.currency;
  // With one replication there is no interval to quote.
  const pmx = (x: Estimate) =>
    e.replications > 1
      ? `${formatWhole(x.mean)} ± ${formatWhole(x.halfWidth)}`
      : formatWhole(x.mean);
  const ranked = CAPACITY_DEPARTMENTS.map((d) => ({ d, s: e.shapley[d] })).sort(
    (a, b) => b.s.mean - a.s.mean,
  );
  const top = ranked[0];
  const significant =
    top.s.mean > 0 &&
    top.s.mean - top.s.halfWidth > 0 &&
    top.s.mean >= 0.01 * e.unconstrainedRevenue.mean;
  if (!significant)
    return {
      department: "none",
      text: `No capacity department caps revenue: with the site, consultants and stock all unlimited the same visitors would bring ${formatWhole(e.unconstrainedRevenue.mean)} ${cur} against ${formatWhole(e.revenue.mean)} ${cur} now (gap ${pmx(e.gap)}). Revenue is set by marketing — reach and the audience's intent.`,
    };
  const name = DEPARTMENT_NAME[top.d];
  const share = (100 * top.s.mean) / Math.max(1, e.gap.mean);
  const others = ranked
    .slice(1)
    .filter((r) => r.s.mean - r.s.halfWidth > 0)
    .map((r) => `${DEPARTMENT_NAME[r.d]} ${pmx(r.s)}`);
  const own = e.marginal.filter((l) => l.department === top.d);
  const best = [...own].sort((a, b) =>
    a.upliftPerMoney !== null && b.upliftPerMoney !== null
      ? b.upliftPerMoney - a.upliftPerMoney
      : b.uplift.mean - a.uplift.mean,
  )[0];
  const lever =
    best && best.uplift.mean > 0
      ? ` The cheapest lever that releases it: ${best.lever}, +${pmx(best.uplift)} ${cur}${best.upliftPerMoney !== null ? ` (${best.upliftPerMoney.toFixed(1)} ${cur} per ${cur} spent)` : ""}.`
      : best
        ? ` None of the levers tried (${own.map((l) => l.lever).join("; ")}) releases it: look at when it binds.`
        : "";
  return {
    department: top.d,
    text: `Revenue is capped by ${name}: its limit costs ${pmx(top.s)} ${cur} (${share.toFixed(0)} % of the ${formatWhole(e.gap.mean)} ${cur} the capacity limits cost together; actual ${formatWhole(e.revenue.mean)} ${cur} against ${formatWhole(e.unconstrainedRevenue.mean)} ${cur} with nothing limited).${others.length ? ` Also binding: ${others.join(", ")} ${cur}.` : ""}${lever} ${e.binding.find((b) => b.department === top.d)?.text ?? ""}.`,
  };
}
