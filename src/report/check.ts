import type { ExpectResult } from "../analysis/expect.js";
import type { LintClass, PlanFigures } from "../analysis/lint.js";
import { BLOCKING_LIMIT } from "../analysis/lint.js";
import type { Estimate } from "../analysis/replications.js";
import { formatMoney, formatWhole } from "./format.js";

// The words of `expect:` statuses and of `check`'s lint: the analysis gives the figures.

/** A number as a statement's value shows it: whole when large, else four significant digits. */
function num(x: number): string {
  if (Math.abs(x) >= 1000) return formatWhole(x);
  return String(Number(x.toPrecision(4)));
}

const valueText = (v: ExpectResult["value"]): string => {
  if (v === null) return "no value";
  if (typeof v === "string") return v;
  if (typeof v === "number") return num(v);
  const e = v as Estimate;
  return `${num(e.mean)} ± ${num(e.halfWidth)}`;
};

/** A status in words: "holds with 95 % confidence", "fails", "undecided at 10 replications". */
export function statusText(r: ExpectResult): string {
  if (r.status === "undecided")
    return r.value === null
      ? "undecided: the report has no value for it"
      : `undecided at ${formatWhole(r.replications)} replications`;
  if (r.replications > 1 && !(typeof r.value === "string"))
    return r.status === "holds" ? "holds with 95 % confidence" : "fails with 95 % confidence";
  return r.status;
}

const MARK = { holds: "ok  ", fails: "FAIL", undecided: "??  " } as const;

/** The report's "Expectations" section: one line per statement. */
export function renderExpect(results: readonly ExpectResult[]): string {
  const lines = results.map(
    (r) => `  ${MARK[r.status]} ${r.statement}  — ${statusText(r)} (${valueText(r.value)})`,
  );
  const failed = results.filter((r) => r.status === "fails").length;
  const undecided = results.filter((r) => r.status === "undecided").length;
  const tail =
    failed > 0
      ? `  ${failed} of ${results.length} failed (exit 1)`
      : undecided > 0
        ? `  none failed; ${undecided} undecided (exit 0: more --replications may decide them)`
        : "  all hold";
  return `Expectations\n${lines.join("\n")}\n${tail}\n`;
}

const at = (h: { day: number; hour: number }) =>
  `day ${h.day}, ${String(h.hour).padStart(2, "0")}:00`;
const pct = (x: number) => `${Number((100 * x).toPrecision(2))} %`;

/** Each lint warning class, in the planner's words. */
export function lintWarning(f: PlanFigures, kind: LintClass): string {
  switch (kind) {
    case "hosting":
      return `hosting: the busiest hour (${at(f.busiestHour)}) brings ~${formatWhole(f.busiestHour.clicks)} clicks, an offered load of ${num(f.site.offeredLoad)} sessions (Erlangs) on ${formatWhole(f.site.capacity as number)} slots: Erlang B blocks ${pct(f.site.blocking ?? 0)} of arrivals (over ${pct(BLOCKING_LIMIT)})`;
    case "consultants": {
      const c = f.consultants;
      const parts: string[] = [];
      if (c.overloaded > 0)
        parts.push(
          `in ${c.overloaded} of the ${c.hoursWithRequests - c.unstaffedHours} staffed hours with requests the offered load (requests/h × handle time) reaches the staff on duty`,
        );
      if (c.mostWait > 0) parts.push(`in ${c.mostWait} more Erlang C says most requests wait`);
      const w = c.worst;
      if (w && (c.overloaded > 0 || c.mostWait > 0))
        parts.push(
          `worst ${at(w)}: ${num(w.load)} Erlangs (${num(w.requests)} requests/h) on ${num(w.staff)} on duty`,
        );
      if (c.unstaffedRequests >= 1)
        parts.push(
          `${c.unstaffedHours} hours with no one on duty get ~${formatWhole(c.unstaffedRequests)} requests`,
        );
      const sessions = c.sessions ? " (sessions/webinars not counted)" : "";
      return `consultants: ${parts.join("; ")}${sessions}`;
    }
    case "stock":
      return `stock: expected demand ~${formatWhole(f.stock.demand)} units (${formatWhole(f.stock.attempts)} purchase attempts) against ${formatWhole(f.stock.available as number)} in stock and restocks`;
  }
}

/** The plan's implied figures and its warnings, as `check` prints them. */
export function renderLint(f: PlanFigures): string {
  const money = (x: number | null) => (x === null ? "–" : `${formatMoney(x)} ${f.currency}`);
  const lines = [
    `  plan: cost per contact ${money(f.costPerContact)}, per click ${money(f.costPerClick)}; ~${formatWhole(f.expectedClicks)} clicks expected, the busiest hour ${at(f.busiestHour)} with ~${formatWhole(f.busiestHour.clicks)}`,
    ...f.warnings.map((k) => `  warning: ${lintWarning(f, k)}`),
  ];
  if (f.warnings.length === 0)
    lines.push("  no warnings: hosting, consultants and stock fit the plan");
  return `${lines.join("\n")}\n`;
}
