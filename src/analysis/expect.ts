import {
  type Comparison,
  KPI_FIGURES,
  PROFIT_FIGURES,
  type Statement,
} from "../scenario/expect.js";
import { CALLS, compareValues, evaluateChecked, nearlyEqual } from "../scenario/formulas.js";
import { type Estimate, estimate } from "./replications.js";
import type { Report } from "./summarize.js";
import type { Verdict } from "./verdict.js";

// The statements of `expect:` (src/scenario/expect.ts) judged on a run's reports. With one
// replication a statement holds or fails on its value. With several, each replication gives
// the difference left − right; its 95 % interval (Student t, as every interval of the report)
// decides: the whole interval on the statement's side, it holds; the whole interval on the
// other side, it fails; an interval across the line, it is undecided at that many replications.

export type ExpectStatus = "holds" | "fails" | "undecided";

/** One statement judged. */
export interface ExpectResult {
  statement: string;
  status: ExpectStatus;
  /**
   * The statement's left side: a number with one replication, an Estimate with several, the
   * department explain names for `verdict`; null when the report has no value for it (a KPI
   * of nothing, a share of 0, a profit figure the scenario does not price).
   */
  value: number | Estimate | string | null;
  /** Replications it was judged on. */
  replications: number;
}

/** The figures a report gives a statement, by name (null figures left out). */
export function figuresOf(r: Report): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(r.funnel)) out.set(k, v);
  for (const l of r.losses) if (!out.has(l.counter)) out.set(l.counter, l.agents);
  out.set("revenue", r.revenue);
  for (const k of KPI_FIGURES) {
    const v = r.kpi[k];
    if (v !== null && v !== undefined) out.set(k, v);
  }
  if (r.profit)
    for (const k of PROFIT_FIGURES) {
      const v = r.profit[k];
      if (v !== null && v !== undefined) out.set(k, v);
    }
  return out;
}

/** Whether the statements name the verdict (then explain must run to judge them). */
export const usesVerdict = (statements: readonly Statement[]) =>
  statements.some((s) => s.kind === "verdict");

const EXPECT_CALLS = { ...CALLS, share: (a: number, b: number) => a / b };

/** A side's value in one report, NaN when it has none. */
function sideValue(side: Statement & { kind: "figures" }, which: "left" | "right", r: Report) {
  const figures = figuresOf(r);
  const f = side[which];
  for (const n of f.names) if (!figures.has(n)) return Number.NaN;
  const v = evaluateChecked(f, figures, EXPECT_CALLS);
  return typeof v === "number" ? v : Number.NaN;
}

/** `a op b` on values, with the formulas' tolerance (0.1 + 0.2 == 0.3). */
export function compare(op: Comparison, a: number, b: number): boolean {
  return compareValues(op, a, b);
}

/**
 * The status of `d op 0` for a difference d known to lie in [lo, hi] (a 95 % interval): holds
 * when it holds at every point of the interval, fails when it fails at every point.
 */
export function intervalStatus(op: Comparison, lo: number, hi: number): ExpectStatus {
  const atLo = compare(op, lo, 0);
  const atHi = compare(op, hi, 0);
  // == and != hold or fail over an interval only when it is the point 0 or lies off it.
  const zeroInside = (lo <= 0 || nearlyEqual(lo, 0)) && (hi >= 0 || nearlyEqual(hi, 0));
  if (op === "equal") {
    if (atLo && atHi) return "holds";
    return zeroInside ? "undecided" : "fails";
  }
  if (op === "unequal") {
    if (!atLo && !atHi) return "fails";
    return zeroInside ? "undecided" : "holds";
  }
  if (atLo && atHi) return "holds";
  if (!atLo && !atHi) return "fails";
  return "undecided";
}

/**
 * Judges each statement on the reports of a run's replications (one report: on its values);
 * `verdict` is explain's on the same replications, needed only when a statement names it.
 */
export function judge(
  statements: readonly Statement[],
  reports: readonly Report[],
  verdict?: Verdict | null,
): ExpectResult[] {
  const n = reports.length;
  return statements.map((s): ExpectResult => {
    if (s.kind === "verdict") {
      const department = verdict?.department ?? null;
      if (department === null)
        return { statement: s.source, status: "undecided", value: null, replications: n };
      const same = department === s.department;
      return {
        statement: s.source,
        status: same === (s.op === "equal") ? "holds" : "fails",
        value: department,
        replications: n,
      };
    }
    const left = reports.map((r) => sideValue(s, "left", r));
    const right = reports.map((r) => sideValue(s, "right", r));
    const missing = [...left, ...right].some((v) => !Number.isFinite(v));
    if (missing) return { statement: s.source, status: "undecided", value: null, replications: n };
    if (n === 1)
      return {
        statement: s.source,
        status: compare(s.op, left[0], right[0]) ? "holds" : "fails",
        value: left[0],
        replications: 1,
      };
    const d = estimate(left.map((l, i) => l - right[i]));
    return {
      statement: s.source,
      status: intervalStatus(s.op, d.mean - d.halfWidth, d.mean + d.halfWidth),
      value: estimate(left),
      replications: n,
    };
  });
}

/** The exit status statements give: 1 when one fails, else 0 (undecided is not a failure). */
export const expectExitCode = (results: readonly ExpectResult[]) =>
  results.some((r) => r.status === "fails") ? 1 : 0;
