import { describe, expect, test } from "vitest";
import { compare } from "../../src/analysis/compare.js";
import { explain } from "../../src/analysis/explain.js";
import { loadScenario } from "../../src/index.js";
import { renderVerdict } from "../../src/report/verdict.js";

// A small R1: 300,000 reached, ~30,000 clicks over 3 days; capacities set per test.
const base = [
  "horizon.days=3",
  "marketing.channels.0.reach=300000",
  "site.capacity=unlimited",
  "sales.consultants=unlimited",
  "supply.stock=unlimited",
];
const scenario = (...set: string[]) => loadScenario("bench/r1.yaml", [...base, ...set]);
const R = 5;

describe("explain", () => {
  test("explain(s) Shapley shares add up to the gap in every replication (efficiency)", async () => {
    const e = await explain(
      scenario("site.capacity=8", "sales.consultants=6", "supply.stock=300"),
      R,
      null,
    );
    const sum = e.shapley.it.mean + e.shapley.sales.mean + e.shapley.supply.mean;
    expect(sum).toBeCloseTo(e.gap.mean, 6);
    expect(e.gap.mean).toBeGreaterThan(0);
    // The ledger and the funnel agree: every lost person counted once.
    const lost = e.ledger.reduce((a, l) => a + l.agents, 0);
    expect(lost).toBeLessThanOrEqual(300_000);
  });

  test("explain(s) gives interchangeable constraints equal shares and a never-binding one zero", async () => {
    // Everyone who stays consults; with no site nobody is served, with no consultants nobody is
    // consulted: relaxing either alone gains nothing, both together gain everything. Stock is
    // unlimited, so supply is a null player.
    const e = await explain(
      scenario(
        "segments.everyone.consultRate=1",
        "site.capacity=0",
        "sales.consultants=0",
        "sales.patience={dist: fixed, value: 0}",
      ),
      R,
      null,
    );
    expect(e.revenue.mean).toBe(0);
    expect(e.shapley.it.mean).toBeGreaterThan(0);
    expect(e.shapley.it.mean).toBeCloseTo(e.shapley.sales.mean, 6);
    expect(e.shapley.supply.mean).toBe(0);
    expect(e.shapley.supply.halfWidth).toBe(0);
  });

  test.each([
    ["it", ["site.capacity=3"]],
    ["sales", ["sales.consultants=2"]],
    ["supply", ["supply.stock=200"]],
  ])("explain(s) names %s when it is the only binding department", async (department, set) => {
    const e = await explain(scenario(...set), R, null);
    expect(e.verdict.department).toBe(department);
    for (const other of ["it", "sales", "supply"] as const)
      if (other !== department) expect(Math.abs(e.shapley[other].mean)).toBeLessThan(1e-9);
    expect(renderVerdict(e)).toMatch(/Revenue is capped by/);
  });

  test("explain(s) with nothing binding says so", async () => {
    const e = await explain(scenario(), R, null);
    expect(e.verdict.department).toBe("none");
    expect(e.gap.mean).toBe(0);
  });

  test("explain(s) is reproducible with the same seed", async () => {
    const s = scenario("site.capacity=8", "supply.stock=300");
    expect(JSON.stringify(await explain(s, 3, null))).toBe(
      JSON.stringify(await explain(s, 3, null)),
    );
  });
});

describe("compare", () => {
  test("compare(actual, plan) shares over four departments add up to the revenue difference", async () => {
    const plan = scenario("site.capacity=30", "sales.consultants=6", "supply.stock=5000");
    const actual = scenario(
      "marketing.channels.0.reach=600000",
      "site.capacity=40",
      "sales.consultants=4",
      "supply.stock=4000",
    );
    const c = await compare(actual, plan, R, null);
    const sum =
      c.shapley.marketing.mean + c.shapley.it.mean + c.shapley.sales.mean + c.shapley.supply.mean;
    expect(sum).toBeCloseTo(c.difference.mean, 6);
    expect(c.shapley.marketing.mean).toBeGreaterThan(0); // twice the reach
  });
});
