import { describe, expect, test } from "vitest";
import { compareScenarios } from "../../src/analysis/comparison.js";
import { summarize } from "../../src/analysis/summarize.js";
import { C } from "../../src/core/counters.js";
import { type RunResult, simulate } from "../../src/core/pipeline.js";
import { compile } from "../../src/core/plan.js";
import {
  comparisonCsvRows,
  MAX_TABLE_WIDTH,
  renderComparison,
} from "../../src/report/comparisonTerminal.js";
import { loadScenario } from "../../src/scenario/parse.js";

// Two tiny R1s over 3 days: 30,000 reached, one with a small site and little stock.
const tiny = (...set: string[]) =>
  loadScenario("bench/r1.yaml", ["horizon.days=3", "marketing.channels.0.reach=30000", ...set]);
const R = 4;
const input = (file: string, scenario: ReturnType<typeof tiny>) => {
  const plan = compile(scenario);
  const runs = Array.from({ length: R }, (_, r) => simulate(plan, r));
  return { file, scenario, plan, runs };
};
const a = input("dir/a.yaml", tiny());
const b = input(
  "dir/b.yaml",
  tiny("site.capacity=3", "supply.stock=50", "marketing.budget=100000"),
);
const table = compareScenarios([a, b]);
const row = (key: string) => {
  const r = table.rows.find((x) => x.key === key);
  if (!r) throw new Error(`no row ${key}`);
  return r;
};
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const reports = (i: typeof a) => i.runs.map((run) => summarize(i.scenario, i.plan, run));

describe("compareScenarios", () => {
  test("rows in the planner's order: marketing, the funnel with conversions, losses, revenue", () => {
    expect(table.rows.map((r) => r.key)).toEqual([
      "budget",
      "reached",
      "clicked",
      "clicked/reached",
      "costPerContact",
      "costPerClick",
      "served",
      "served/clicked",
      "consultRequests",
      "consultRequests/served",
      "consulted",
      "consulted/consultRequests",
      "consultPurchaseAttempts",
      "consultPurchaseAttempts/consulted",
      "directAttempts",
      "directAttempts/served",
      "purchaseAttempts",
      "purchased",
      "purchased/purchaseAttempts",
      "lost.marketing",
      "lost.it",
      "lost.sales",
      "lost.supply",
      "revenue",
      "costPerSale",
    ]);
    expect(table.replications).toBe(R);
    expect(table.scenarios.map((s) => s.file)).toEqual(["dir/a.yaml", "dir/b.yaml"]);
  });

  test("each cell is the estimate over replications of the run report's figure", () => {
    const [ra, rb] = [reports(a), reports(b)];
    expect(row("purchased").values[1]?.mean).toBeCloseTo(
      mean(rb.map((r) => r.funnel.purchased)),
      9,
    );
    expect(row("revenue").values[0]?.mean).toBeCloseTo(mean(ra.map((r) => r.revenue)), 6);
    expect(row("costPerClick").values[1]?.mean).toBeCloseTo(
      mean(rb.map((r) => r.kpi.costPerClick ?? NaN)),
      9,
    );
    // A conversion is the per-replication share of the stage before, as in the run report.
    expect(row("served/clicked").values[1]?.mean).toBeCloseTo(
      mean(rb.map((r) => r.funnel.served / r.funnel.clicked)),
      12,
    );
    expect(row("served/clicked").of).toBe("clicked");
    expect(row("served/clicked").values[0]?.mean).toBe(1); // unlimited site
    expect(row("purchaseAttempts").of).toBeUndefined();
  });

  test("a department's losses are the sum of its causes; together they are everyone who did not buy", () => {
    for (const [k, i] of [a, b].entries()) {
      const lost = ["marketing", "it", "sales", "supply"].reduce(
        (s, d) => s + (row(`lost.${d}`).values[k]?.mean ?? NaN),
        0,
      );
      const rs = reports(i);
      expect(lost).toBeCloseTo(mean(rs.map((r) => r.funnel.reached - r.funnel.purchased)), 6);
      expect(row("lost.it").values[k]?.mean).toBeCloseTo(
        mean(rs.map((r) => r.funnel.lostHosting + r.funnel.lostBounce)),
        9,
      );
    }
    expect(row("lost.supply").values[0]?.mean).toBe(0);
    expect(row("lost.supply").values[1]?.mean).toBeGreaterThan(0);
  });

  test("the change is the per-replication difference, paired by replication, and the relative change of the means", () => {
    const diffs = a.runs.map(
      (run, r) =>
        (b.runs[r].counters[C.purchased] - run.counters[C.purchased]) * a.plan.unitRevenue,
    );
    const change = row("revenue").changes[0];
    expect(change?.difference.mean).toBeCloseTo(mean(diffs), 6);
    expect(change?.difference.min).toBeCloseTo(Math.min(...diffs), 6);
    const [ma, mb] = row("revenue").values.map((v) => v?.mean ?? NaN);
    expect(change?.relative).toBeCloseTo((mb - ma) / ma, 12);
    // Paired: the difference's spread is that of the differences, not of either column.
    const sd = Math.sqrt(diffs.reduce((s, d) => s + (d - mean(diffs)) ** 2, 0) / (R - 1));
    expect(change?.difference.sd).toBeCloseTo(sd, 6);
  });

  test("a figure equal in every replication is exact, with no spread", () => {
    const budget = row("budget");
    expect(budget.values.map((v) => v?.mean)).toEqual([200_000, 100_000]);
    expect(budget.values.map((v) => v?.halfWidth)).toEqual([0, 0]);
    expect(budget.changes[0]?.difference).toMatchObject({ mean: -100_000, sd: 0, halfWidth: 0 });
    expect(budget.changes[0]?.relative).toBe(-0.5);
    expect(row("costPerContact").changes[0]?.difference.sd).toBe(0);
  });

  test("a figure some replications lack is estimated over those that have it, with n", () => {
    // Hand-made runs: replication 1 of the second scenario sells nothing (no cost per sale).
    const none = (run: RunResult): RunResult => {
      const counters = run.counters.slice();
      counters[C.purchased] = 0;
      return { ...run, counters };
    };
    const c = { ...b, runs: b.runs.map((run, r) => (r === 1 ? none(run) : run)) };
    const t = compareScenarios([a, c]);
    const perSale = t.rows.find((r) => r.key === "costPerSale");
    expect(perSale?.values[1]?.n).toBe(R - 1);
    expect(perSale?.changes[0]?.difference.n).toBe(R - 1);
    expect(perSale?.values[0]?.n).toBeUndefined();
  });

  test("refuses fewer than two scenarios or unequal replication counts", () => {
    expect(() => compareScenarios([a])).toThrow(/two or more/);
    expect(() => compareScenarios([a, { ...b, runs: b.runs.slice(1) }])).toThrow(/same number/);
  });
});

describe("the comparison's report", () => {
  test("the terminal table: a label column, a column per scenario, the change against the first", () => {
    const text = renderComparison(table);
    const lines = text.split("\n");
    expect(lines.find((l) => l.includes("Δ vs a"))).toMatch(/^\s+a\s+b\s+Δ vs a$/);
    expect(lines.find((l) => l.startsWith("  budget, RUB"))).toMatch(
      /200,000\s+100,000\s+−100,000 \(−50 %\)$/,
    );
    expect(text).toContain("mean ± 95 % half-width");
  });

  test("a table wider than the limit is printed one block per pair", () => {
    const many = compareScenarios(
      ["p", "q", "r", "s", "t"].map((f, k) => ({ ...(k % 2 ? b : a), file: `${f}-scenario.yaml` })),
    );
    const text = renderComparison(many);
    expect(text).toContain("q-scenario against p-scenario");
    expect(text).toContain("t-scenario against p-scenario");
    const table = text.slice(text.indexOf("q-scenario against")).split("\n");
    for (const l of table) expect(l.length).toBeLessThanOrEqual(MAX_TABLE_WIDTH);
  });

  test("CSV: a header, then one row per table row with raw numbers", () => {
    const rows = comparisonCsvRows(table);
    expect(rows[0]).toEqual([
      "row",
      "unit",
      "a mean",
      "a halfWidth",
      "b mean",
      "b halfWidth",
      "change b vs a",
      "change b vs a halfWidth",
    ]);
    expect(rows[1]).toEqual(["budget", "RUB", 200_000, 0, 100_000, 0, -100_000, 0]);
    expect(rows).toHaveLength(1 + table.rows.length);
  });
});
