import type { Comparison } from "../analysis/compare.js";
import { DEPARTMENT_NAME } from "../analysis/departments.js";
import type { Explanation } from "../analysis/explain.js";
import type { LedgerBasis } from "../analysis/ledger.js";
import type { Estimate } from "../analysis/replications.js";
import { limitName, lossOwner } from "../model/stages.js";
import { renderBinding } from "./binding.js";
import { formatEstimate, formatWhole } from "./format.js";
import { renderGivens, renderVerdict } from "./verdict.js";

/** How each ledger line is valued, in the planner's words. */
const BASIS: Record<LedgerBasis, string> = {
  ownIntent: "those among them whose own drawn intent was to buy, at the price",
  everyAttempt: "every purchase attempt lost there, at the price",
  everyConsulted: "every consulted visitor who did not buy, as if all had closed",
  perClick: "at the revenue per click with nothing limited",
  perIntent: "at the revenue per visitor intending to buy, with nothing limited",
};

/** `explain` as a planner reads it. */
export function renderExplanation(e: Explanation, c?: Comparison): string {
  const cur = e.currency;
  const lines = [
    `${e.scenario} — seed ${e.seed}, ${e.replications} replications (mean ± 95 % half-width, ${cur})`,
    "",
    "Verdict",
    `  ${renderVerdict(e)}`,
    "",
    "What each capacity limit costs (Shapley shares of the gap; they add up to it)",
    `  revenue now ${formatEstimate(e.revenue)} · with ${e.givens ? "every limit but the fixed lifted" : "nothing limited"} ${formatEstimate(e.unconstrainedRevenue)} · gap ${formatEstimate(e.gap)}`,
  ];
  for (const [limit, share] of Object.entries(e.shapley))
    lines.push(`  ${limitName(limit).padEnd(28)}${formatEstimate(share).padStart(28)}`);
  lines.push(
    "  A department's share is what lifting its limit adds, averaged over every order in which",
    "  the limits could be lifted. A limit that only bites once another is lifted carries a share",
    "  even when lifting it alone adds nothing: see the order below.",
    "",
    "Order in which the limits bind (lift the costliest, then the one that binds next)",
  );
  let before = e.revenue;
  for (const [i, step] of e.bindingOrder.entries()) {
    lines.push(
      `  ${i + 1}. lift ${limitName(step.department).padEnd(11)} ${formatWhole(before.mean).padStart(14)} → ${formatWhole(step.revenue.mean).padStart(14)}   +${formatEstimate(step.gain)}`,
    );
    before = step.revenue;
  }
  lines.push("", "Counterfactuals (same visitors)");
  for (const cf of e.counterfactuals)
    lines.push(`  ${cf.relaxed.padEnd(28)}${formatEstimate(cf.revenue).padStart(28)}`);

  const bases = new Map<LedgerBasis, number>();
  const note = (b: LedgerBasis) => {
    if (!bases.has(b)) bases.set(b, bases.size + 1);
    return `[${bases.get(b)}]`;
  };
  const ledgerLine = (l: Explanation["ledger"][number]) =>
    `  ${lossOwner(l.counter, l.department).padEnd(11)} ${l.cause.padEnd(42)}${formatWhole(l.agents).padStart(12)}${`${l.upperBound ? "≤ " : ""}${formatWhole(l.revenueAtStake)}`.padStart(16)} ${note(l.basis)}${l.cappedByStock > 0 ? " capped by the stock left" : ""}`;
  lines.push(
    "",
    `Loss ledger (every reached person who did not buy, once)${" ".repeat(8)}people  revenue at stake`,
    "  Each line as if its own cause alone were removed, every other limit kept: none is worth more",
    "  than the unsold stock could still bring, but the stock-out's own.",
  );
  for (const l of e.ledger) if (!l.upperBound) lines.push(ledgerLine(l));
  lines.push(
    "  Marketing — an upper bound of another kind: people who never wanted to go further, valued",
    "  as if they had behaved like those who did (not part of the potential below):",
  );
  for (const l of e.ledger) if (l.upperBound) lines.push(ledgerLine(l));
  for (const [basis, k] of bases) lines.push(`  [${k}] ${BASIS[basis]}`);

  lines.push("", `Waterfall (${cur})${" ".repeat(42)}removed         balance`);
  for (const w of e.waterfall)
    lines.push(
      w.cause === null
        ? `  ${"potential: revenue with every loss above recovered".padEnd(50)}${"".padStart(14)}${formatWhole(w.balance).padStart(16)}`
        : `  − ${w.cause.padEnd(48)}${formatWhole(w.removed).padStart(14)}${formatWhole(w.balance).padStart(16)}`,
    );
  lines.push(
    `  ${"= revenue".padEnd(50)}${"".padStart(14)}${formatWhole(e.revenue.mean).padStart(16)}`,
  );

  lines.push(
    "",
    e.marginal.some((m) => m.profitUplift)
      ? "One more unit of each lever (revenue it adds; profit: less every cost that changes)"
      : "One more unit of each lever",
  );
  for (const m of e.marginal)
    lines.push(
      `  ${m.lever.padEnd(62)} +${formatEstimate(m.uplift)}${m.profitUplift ? `  profit ${m.profitUplift.mean < 0 ? "−" : "+"}${formatEstimate({ ...m.profitUplift, mean: Math.abs(m.profitUplift.mean) })}` : m.upliftPerMoney === null ? "" : `  (${m.upliftPerMoney.toFixed(2)} per ${cur})`}${m.recommended ? "" : `  not advised: ${m.profitUplift ? "its profit interval is not above zero" : "its interval includes zero"}`}`,
    );
  lines.push("", "When each department binds");
  for (const b of e.binding) lines.push(`  ${renderBinding(b)}`);
  for (const g of e.givens ?? []) lines.push(`  ${renderBinding(g.binding)} — fixed, a given`);
  if (e.givens)
    lines.push(
      "",
      "Givens (fixed limits: never lifted above, no lever)",
      ...renderGivens(e).map((g) => `  ${g}`),
    );
  if (c) {
    lines.push("", `Against ${c.against}`, `  ${renderAgainst(c)}`);
    for (const d of ["marketing", "it", "sales", "supply"] as const)
      lines.push(`  ${DEPARTMENT_NAME[d].padEnd(12)}${formatEstimate(c.shapley[d]).padStart(28)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** `explain --against` in one sentence: the difference and each department's share of it. */
export function renderAgainst(c: Comparison): string {
  const signed = (e: Estimate) =>
    `${e.mean >= 0 ? "+" : "−"}${formatWhole(Math.abs(e.mean))} ± ${formatWhole(e.halfWidth)}`;
  const parts = (["marketing", "it", "sales", "supply"] as const).map(
    (d) => `${DEPARTMENT_NAME[d]} ${signed(c.shapley[d])}`,
  );
  return `Revenue differs by ${signed(c.difference)} ${c.currency} from ${c.against}; by department: ${parts.join(", ")} ${c.currency}.`;
}
