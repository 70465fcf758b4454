import { basename } from "node:path";
import type { Comparison } from "../analysis/compare.js";
import type {
  Change,
  ComparisonRow,
  ComparisonUnit,
  ScenarioComparison,
} from "../analysis/comparison.js";
import { DEPARTMENT_NAME, SECTION_DEPARTMENTS } from "../analysis/departments.js";
import type { Estimate } from "../analysis/replications.js";
import { formatMoney, formatWhole } from "./format.js";

/** A revenue difference split by department: scenario `file` against `againstFile` (the first). */
export type DepartmentSplit = Comparison & { file: string; againstFile: string };
// A list of splits is aligned with the later scenarios: splits[j] is scenario j + 1 against 0.

/** `compare --json`: the table's data, and with --by-department the splits. */
export interface ComparisonDocument extends ScenarioComparison {
  /** The currency of every money row (all scenarios share it). */
  currency: string;
  /** With --by-department: byDepartment[j] is scenario j + 1 against the first. */
  byDepartment?: DepartmentSplit[];
}

export function comparisonDocument(
  table: ScenarioComparison,
  byDepartment?: DepartmentSplit[],
): ComparisonDocument {
  return {
    replications: table.replications,
    currency: table.scenarios[0].currency,
    scenarios: table.scenarios,
    rows: table.rows,
    ...(byDepartment ? { byDepartment } : {}),
  };
}

/** Column headings: each file's base name without .yaml, or the path as given where two collide. */
export function columnLabels(files: readonly string[]): string[] {
  const base = files.map((f) => basename(f).replace(/\.ya?ml$/i, ""));
  const unique = base.map((b, i) => (base.filter((x) => x === b).length > 1 ? files[i] : b));
  // The same file twice (e.g. with --set in mind): number them.
  return unique.map((u, i) => (unique.filter((x) => x === u).length > 1 ? `${u} #${i + 1}` : u));
}

const LABEL: Record<string, string> = {
  budget: "budget",
  reached: "reached",
  clicked: "clicked",
  costPerContact: "cost per contact",
  costPerClick: "cost per click",
  served: "served by the site",
  consultRequests: "asked for a consultation",
  consulted: "consulted",
  consultPurchaseAttempts: "tried to buy after consulting",
  directAttempts: "tried to buy directly",
  purchaseAttempts: "purchase attempts",
  purchased: "purchased",
  "lost.marketing": DEPARTMENT_NAME.marketing,
  "lost.it": DEPARTMENT_NAME.it,
  "lost.sales": DEPARTMENT_NAME.sales,
  "lost.supply": DEPARTMENT_NAME.supply,
  revenue: "revenue",
  costPerSale: "cost per sale",
};
/** A conversion row reads "of <the stage before>". */
const OF: Record<string, string> = {
  reached: "reached",
  clicked: "clicked",
  served: "served",
  consultRequests: "requests",
  consulted: "consulted",
  purchaseAttempts: "attempts",
};
export const SECTION_TITLE = {
  marketing: "Marketing",
  funnel: "Funnel",
  losses: "Losses by department (reached people who did not buy)",
  revenue: "Revenue",
} as const;

export const rowLabel = (r: ComparisonRow, cur: string) =>
  r.unit === "share"
    ? `  of ${OF[r.of ?? ""] ?? r.of}`
    : `${LABEL[r.key] ?? r.key}${r.unit.startsWith("money") ? `, ${cur}` : ""}`;

// Figures.

/** Decimals of a percentage: two significant digits below 1 % (as the run report). */
const decimals = (x: number) =>
  x !== 0 && Math.abs(x) < 0.01 ? Math.max(1, 1 - Math.floor(Math.log10(Math.abs(100 * x)))) : 1;
/** Decimals of a share with its half-width: the run report's, or up to two more so that the
 * half-width shows a digit (2.0 ± 0.0 % reads as nothing; 1.97 ± 0.03 % does). */
const shareDecimals = (mean: number, halfWidth: number) => {
  const d = decimals(mean);
  if (!(halfWidth > 0)) return d;
  return Math.min(d + 2, Math.max(d, Math.ceil(-Math.log10(100 * halfWidth))));
};
const formatterOf = (unit: ComparisonUnit) =>
  unit === "money" || unit === "people" ? formatWhole : formatMoney;
const minus = "−";
/** A signed amount: +1,234 / −1,234 / 0 (no sign when it prints as zero). */
const signed = (x: number, f: (v: number) => string) => {
  const s = f(Math.abs(x));
  return /^[0.,]*$/.test(s) ? s : `${x < 0 ? minus : "+"}${s}`;
};
const relativeText = (rel: number) => {
  const p = 100 * rel;
  return `${signed(p, (v) => v.toFixed(Math.abs(p) >= 10 ? 0 : 1))} %`;
};
/** " [n of R]" for a figure only some replications have. */
const present = (e: Estimate, replications: number) =>
  e.n === undefined ? "" : ` [${e.n} of ${replications}]`;
/** The half-width when the figure varies over replications (a constant has none). */
const spread = (e: Estimate, f: (v: number) => string) => (e.sd > 0 ? ` ± ${f(e.halfWidth)}` : "");

export function cell(e: Estimate | null, unit: ComparisonUnit, replications: number): string {
  if (e === null) return "–";
  if (unit === "share") {
    const d = shareDecimals(e.mean, e.sd > 0 ? e.halfWidth : 0);
    const f = (v: number) => (100 * v).toFixed(d);
    return `${f(e.mean)}${spread(e, f)} %${present(e, replications)}`;
  }
  const f = formatterOf(unit);
  return `${f(e.mean)}${spread(e, f)}${present(e, replications)}`;
}

function changeCell(c: Change | null, unit: ComparisonUnit, replications: number): string {
  if (c === null) return "–";
  const d = c.difference;
  if (unit === "share") {
    // Shares change in percentage points; their relative change would read as a share itself.
    const k = shareDecimals(d.mean, d.sd > 0 ? d.halfWidth : 0);
    const f = (v: number) => (100 * v).toFixed(k);
    return `${signed(d.mean, f)}${spread(d, f)} pp${present(d, replications)}`;
  }
  const f = formatterOf(unit);
  const amount = signed(d.mean, f);
  const zero = !/[+−]/.test(amount);
  const rel = c.relative === null || zero ? "" : ` (${relativeText(c.relative)})`;
  return `${amount}${spread(d, f)}${rel}${present(d, replications)}`;
}

const pm = (e: Estimate) => `${signed(e.mean, formatWhole)}${spread(e, formatWhole)}`;

/** Widest table printed whole; beyond it, one block per pair of the first and a later scenario. */
export const MAX_TABLE_WIDTH = 140;

/** The table of the scenarios with indices `cols` (the first is 0), as lines. */
function tableLines(t: ScenarioComparison, labels: string[], cols: number[]): string[] {
  const cur = t.scenarios[0].currency;
  const later = cols.filter((k) => k > 0);
  const header = [
    "",
    ...cols.map((k) => labels[k]),
    ...later.map((k) => (cols.length > 2 ? `Δ ${labels[k]} vs ${labels[0]}` : `Δ vs ${labels[0]}`)),
  ];
  const body: (string[] | string)[] = [];
  let section = "";
  for (const r of t.rows) {
    if (r.section !== section) {
      section = r.section;
      body.push(SECTION_TITLE[r.section]);
    }
    body.push([
      `  ${rowLabel(r, cur)}`,
      ...cols.map((k) => cell(r.values[k], r.unit, t.replications)),
      ...later.map((k) => changeCell(r.changes[k - 1], r.unit, t.replications)),
    ]);
  }
  const rows = body.filter((b): b is string[] => typeof b !== "string");
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[0]) : c.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), ...body.map((b) => (typeof b === "string" ? b : line(b)))];
}

/**
 * The comparison as a planner reads it: the scenarios' names, then a table of row labels, one
 * column per scenario (headed by its file's base name) and a change column per later scenario
 * against the first; with replications every cell is mean ± 95 % half-width. A table wider than
 * MAX_TABLE_WIDTH is printed as one block per pair (first, later). With --by-department, one
 * line per pair splits the revenue difference by department.
 */
export function renderComparison(t: ScenarioComparison, byDepartment?: DepartmentSplit[]): string {
  const labels = columnLabels(t.scenarios.map((s) => s.file));
  const cur = t.scenarios[0].currency;
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const lines = [
    t.replications > 1
      ? `Comparing ${t.scenarios.length} scenarios over ${t.replications} replications (mean ± 95 % half-width; Δ against the first, paired by replication)`
      : `Comparing ${t.scenarios.length} scenarios (one run each; Δ against the first)`,
    ...t.scenarios.map(
      (s, k) =>
        `  ${labels[k].padEnd(labelWidth)}  ${s.name} — seed ${s.seed}, ${s.horizonDays} days`,
    ),
    "",
  ];
  const all = t.scenarios.map((_, k) => k);
  const whole = tableLines(t, labels, all);
  if (t.scenarios.length <= 2 || Math.max(...whole.map((l) => l.length)) <= MAX_TABLE_WIDTH)
    lines.push(...whole);
  else
    for (let k = 1; k < t.scenarios.length; k++) {
      if (k > 1) lines.push("");
      lines.push(`${labels[k]} against ${labels[0]}`, ...tableLines(t, labels, [0, k]));
    }
  if (byDepartment) {
    lines.push(
      "",
      `Revenue difference by department (Shapley shares over the 2⁴ swaps of the departments' sections, ${cur}${t.replications > 1 ? "; mean ± 95 % half-width" : ""})`,
    );
    for (const [j, s] of byDepartment.entries()) {
      const parts = SECTION_DEPARTMENTS.map((d) => `${DEPARTMENT_NAME[d]} ${pm(s.shapley[d])}`);
      lines.push(
        `  ${labels[j + 1]} vs ${labels[0]}: revenue ${pm(s.difference)}; by department: ${parts.join(", ")}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The comparison as CSV rows: a header (row, unit, then per scenario its mean [and half-width
 * with replications], then per later scenario its change against the first [and half-width]),
 * one row per table row (raw numbers: shares as fractions, money in the currency), then with
 * --by-department one row per department with its Shapley share in the change columns.
 */
export function comparisonCsvRows(
  t: ScenarioComparison,
  byDepartment?: DepartmentSplit[],
): (string | number | null)[][] {
  const labels = columnLabels(t.scenarios.map((s) => s.file));
  const cur = t.scenarios[0].currency;
  const hw = t.replications > 1;
  const est = (e: Estimate | null) =>
    hw ? [e?.mean ?? null, e?.halfWidth ?? null] : [e?.mean ?? null];
  const later = labels.slice(1);
  const header = [
    "row",
    "unit",
    ...labels.flatMap((l) => (hw ? [`${l} mean`, `${l} halfWidth`] : [`${l} mean`])),
    ...later.flatMap((l) => {
      const name = `change ${l} vs ${labels[0]}`;
      return hw ? [name, `${name} halfWidth`] : [name];
    }),
  ];
  const unitName = (u: ComparisonUnit) => (u.startsWith("money") ? u.replace("money", cur) : u);
  const rows: (string | number | null)[][] = [header];
  for (const r of t.rows)
    rows.push([
      r.key,
      unitName(r.unit),
      ...r.values.flatMap(est),
      ...r.changes.flatMap((c) => est(c?.difference ?? null)),
    ]);
  if (byDepartment)
    for (const d of SECTION_DEPARTMENTS)
      rows.push([
        `revenueDifference.${d}`,
        cur,
        ...labels.flatMap(() => est(null)),
        ...byDepartment.flatMap((s) => est(s.shapley[d])),
      ]);
  return rows;
}
