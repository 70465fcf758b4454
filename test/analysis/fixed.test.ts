import { describe, expect, it } from "vitest";
import { C, compile, explain, parseScenario, simulate } from "../../src/index.js";
import { renderExplanation } from "../../src/report/explainTerminal.js";

// A limit marked `fixed: true` is a given: explain never lifts it (counterfactuals, Shapley
// split, binding order), offers no lever for it, and names it with when it ran out.

const drop = (fixed: boolean) => `
name: limited drop
horizon: { days: 2 }
marketing:
  budget: 0
  channels:
    - { name: list, owned: true, reach: 200000, clickRate: 0.2, mix: { fans: 1 } }
  traffic: { daily: [10, 1], hourly: uniform }
segments:
  fans: { consultRate: 0.02, directRate: 0.5, closeRate: 0.5 }
site:
  capacity: 300
  session: { dist: exponential, mean: 4 }
sales:
  consultants: 2
  handleTime: { dist: exponential, mean: 10 }
  patience: { dist: exponential, mean: 5 }
supply:
  stock: 2000
  price: 150
  ${fixed ? "fixed: true" : ""}
`;

describe("a fixed stock", () => {
  it("is left out of the Shapley split, the counterfactuals and the levers, and reported as a given", async () => {
    const s = parseScenario(drop(true), "drop.yaml");
    const e = await explain(s, 4, null);
    expect(Object.keys(e.shapley)).toEqual(["it", "sales"]);
    expect(e.counterfactuals.map((c) => c.relaxed)).not.toContain("stock unlimited");
    expect(e.bindingOrder.map((b) => b.department)).not.toContain("supply");
    expect(e.marginal.some((l) => l.lever.includes("stock"))).toBe(false);
    // With the stock fixed, lifting everything else cannot sell more than it holds.
    expect(e.unconstrainedRevenue.max).toBeLessThanOrEqual(2000 * 150);
    expect(e.givens).toHaveLength(1);
    const g = e.givens?.[0];
    expect(g?.limit).toBe("supply");
    expect(g?.amount).toEqual({ value: 2000, unit: "units" });
    // The sell-out minute is each replication's own first stock-out, to the minute.
    const first = [0, 1, 2, 3].map((r) => simulate(compile(s), r).counters[C.stockOutMin]);
    expect(g?.bindingReplications).toBe(4);
    expect(g?.firstLossMin?.mean).toBeCloseTo(first.reduce((a, b) => a + b, 0) / 4, 9);
    const text = renderExplanation(e);
    expect(text).toMatch(
      /Supply is fixed at 2,000 units \(a given: never lifted, no lever\): it ran out in 4 of 4 replications, on day 1, \d\d:\d\d on average/,
    );
  });

  it("without `fixed`, the same stock is a limit like any other", async () => {
    const e = await explain(parseScenario(drop(false), "drop.yaml"), 2, null);
    expect(Object.keys(e.shapley)).toEqual(["it", "sales", "supply"]);
    expect(e.givens).toBeUndefined();
    expect(e.marginal.some((l) => l.lever.startsWith("+10 % stock"))).toBe(true);
  });
});
