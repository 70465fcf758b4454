import type { Comparison } from "../analysis/compare.js";
import type { Explanation } from "../analysis/explain.js";
import type { Estimate } from "../analysis/replications.js";
import { formatWhole } from "./format.js";

const pm = (e: Estimate) => `${formatWhole(e.mean)} ± ${formatWhole(e.halfWidth)}`;
const NAME = {
  marketing: "marketing",
  it: "IT/hosting",
  sales: "sales",
  supply: "supply",
} as const;

/** `explain` as a planner reads it. */
export function renderExplanation(e: Explanation, c?: Comparison): string {
  const cur = e.currency;
  const lines = [
    `${e.scenario} — seed ${e.seed}, ${e.replications} replications (mean ± 95 % half-width, ${cur})`,
    "",
    "Verdict",
    `  ${e.verdict.text}`,
    "",
    "What each capacity limit costs (Shapley shares of the gap; they add up to it)",
    `  revenue now ${pm(e.revenue)} · with nothing limited ${pm(e.unconstrainedRevenue)} · gap ${pm(e.gap)}`,
  ];
  for (const d of ["it", "sales", "supply"] as const)
    lines.push(`  ${NAME[d].padEnd(12)}${pm(e.shapley[d]).padStart(28)}`);
  lines.push("", "Counterfactuals (same visitors)");
  for (const cf of e.counterfactuals)
    lines.push(`  ${cf.relaxed.padEnd(28)}${pm(cf.revenue).padStart(28)}`);
  lines.push(
    "",
    "Loss ledger (every reached person who did not buy, once)            people   revenue at stake",
  );
  for (const l of e.ledger)
    lines.push(
      `  ${NAME[l.department].padEnd(11)} ${l.cause.padEnd(42)}${formatWhole(l.agents).padStart(12)}${formatWhole(l.revenueAtStake).padStart(18)}`,
    );
  lines.push("", "Waterfall");
  for (const w of e.waterfall)
    lines.push(`  ${w.step.padEnd(52)}${formatWhole(w.revenue).padStart(18)}`);
  lines.push("", "One more unit of each lever");
  for (const m of e.marginal)
    lines.push(
      `  ${m.lever.padEnd(52)} +${pm(m.uplift)}${m.upliftPerMoney === null ? "" : `  (${m.upliftPerMoney.toFixed(2)} per ${cur})`}`,
    );
  lines.push("", "When each department binds");
  for (const b of e.binding) lines.push(`  ${b.text}`);
  if (c) {
    lines.push("", `Against ${c.against}`, `  ${c.text}`);
    for (const d of ["marketing", "it", "sales", "supply"] as const)
      lines.push(`  ${NAME[d].padEnd(12)}${pm(c.shapley[d]).padStart(28)}`);
  }
  return `${lines.join("\n")}\n`;
}
