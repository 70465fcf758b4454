// What a planner reads off explain and run, on scenarios that once made the figures contradict
// each other (a drop that sells out, a shift-limited B2B team, the shipped case).
import { describe, expect, test } from "vitest";
import { bindingHours } from "../../src/analysis/binding.js";
import { explain } from "../../src/analysis/explain.js";
import { levers } from "../../src/analysis/levers.js";
import { compile, loadScenario, simulate } from "../../src/index.js";
import { runReplications } from "../../src/parallel/runs.js";
import { renderBinding } from "../../src/report/binding.js";
import { renderExplanation } from "../../src/report/explainTerminal.js";
import { renderVerdict } from "../../src/report/verdict.js";

const DROP = "test/fixtures/planners/sneaker-drop.yaml";
const B2B = "test/fixtures/planners/b2b-demo.yaml";
const R = 4;

describe("the order in which limits bind", () => {
  test("explain(actual) lifts supply first, then names what caps revenue next and what it costs", async () => {
    const e = await explain(loadScenario("scenarios/alpha-content-actual.yaml"), R, null);
    expect(e.bindingOrder.map((s) => s.department)[0]).toBe("supply");
    // Each step's gain is the revenue it adds over the step before; the last reaches the
    // unconstrained revenue.
    let before = e.revenue.mean;
    for (const step of e.bindingOrder) {
      expect(step.gain.mean).toBeCloseTo(step.revenue.mean - before, 6);
      before = step.revenue.mean;
    }
    expect(before).toBeCloseTo(e.unconstrainedRevenue.mean, 6);
    // IT/hosting alone changes nothing here, yet carries a share: the order says why.
    const itAlone = e.counterfactuals.find((c) => c.relaxed === "IT/hosting unlimited");
    expect(itAlone?.revenue.mean).toBeCloseTo(e.revenue.mean, 6);
    expect(e.shapley.it.mean).toBeGreaterThan(0);
    const [, second] = e.bindingOrder;
    const verdict = renderVerdict(e);
    expect(verdict).toContain("Once supply is lifted,");
    expect(verdict).toMatch(
      new RegExp(`${second.department === "it" ? "IT/hosting" : "sales"} caps revenue`),
    );
    expect(renderExplanation(e)).toContain("averaged over every order in which");
  });
});

describe("the loss ledger and the waterfall", () => {
  test("explain(drop) values no line but the stock-out's own beyond the stock left unsold", async () => {
    const s = loadScenario(DROP);
    const e = await explain(s, R, null);
    const price = s.supply.price;
    const stock = s.supply.stock as number;
    const unsold = stock * price - e.revenue.mean; // the drop sells out: 0
    expect(unsold).toBeCloseTo(0, 6);
    for (const l of e.ledger)
      if (l.counter !== "lostStock")
        expect(l.revenueAtStake, l.cause).toBeLessThanOrEqual(unsold + 1e-6);
    // Marketing's lines are upper bounds of another kind, kept out of the potential.
    for (const l of e.ledger) expect(l.upperBound).toBe(l.department === "marketing");
    const inPotential = e.ledger.filter((l) => !l.upperBound);
    expect(e.potential).toBeCloseTo(
      e.revenue.mean + inPotential.reduce((a, l) => a + l.revenueAtStake, 0),
      4,
    );
  });

  test("explain(drop) waterfall shows what each loss removed and the balance left, down to revenue", async () => {
    const e = await explain(loadScenario(DROP), R, null);
    const [start, ...steps] = e.waterfall;
    expect(start.balance).toBeCloseTo(e.potential, 4);
    let balance = start.balance;
    for (const w of steps) {
      expect(w.removed).toBeGreaterThanOrEqual(0);
      expect(w.balance).toBeCloseTo(balance - w.removed, 4);
      balance = w.balance;
    }
    expect(balance).toBeCloseTo(e.revenue.mean, 4);
    expect(steps.map((w) => w.cause)).not.toContain("did not click");
  });

  test.each([
    "scenarios/b2b-demo.yaml",
    "scenarios/online-course.yaml",
    "scenarios/sneaker-drop.yaml",
  ])(
    "%s (segment prices, order sizes): the waterfall ends at the revenue reported",
    async (file) => {
      const e = await explain(loadScenario(file), 2, null);
      const last = e.waterfall[e.waterfall.length - 1];
      expect(last.balance).toBeCloseTo(e.revenue.mean, 4);
      expect(e.potential).toBeGreaterThanOrEqual(e.revenue.mean);
      for (const l of e.ledger) expect(Number.isFinite(l.revenueAtStake), l.cause).toBe(true);
    },
  );

  test("explain(r1 with unlimited stock) keeps each line's own value: nothing to cap", async () => {
    const s = loadScenario("bench/r1.yaml", [
      "marketing.channels.0.reach=200000",
      "horizon.days=3",
      "supply.stock=unlimited",
      "site.capacity=10",
    ]);
    const e = await explain(s, R, null);
    const full = e.ledger.find((l) => l.counter === "lostHosting");
    expect(full?.revenueAtStake).toBeGreaterThan(0);
    expect(e.ledger.every((l) => l.cappedByStock === 0)).toBe(true);
  });
});

describe("binding hours", () => {
  test("renderBinding on the shift-limited B2B case names a real hour range, and counts what it names", async () => {
    const s = loadScenario(B2B);
    const plan = compile(s);
    for (const runs of [[simulate(plan)], await runReplications(plan, R, null)]) {
      const sales = bindingHours(runs, s.horizon.days).find((b) => b.department === "sales");
      if (!sales) throw new Error("no sales entry");
      const text = renderBinding(sales);
      expect(text).not.toMatch(/binds {2}|binds on days|\(\)/);
      expect(text).toContain(runs.length === 1 ? "in this run" : `of the ${R} replications`);
      const d = sales.description;
      expect(d.kind === "none" ? 0 : d.count).toBe(sales.slots.length);
      expect(text).toContain(String(sales.slots.length));
    }
  });

  test("run and explain of the same scenario agree on one replication, and say what they count", async () => {
    const s = loadScenario("scenarios/alpha-content-actual.yaml");
    const single = await explain(s, 1, null);
    const fromRun = bindingHours([simulate(compile(s))], s.horizon.days);
    expect(single.binding.map((b) => b.slots)).toEqual(fromRun.map((b) => b.slots));
    expect(renderBinding(single.binding[2])).toContain("in this run");
  });
});

describe("levers", () => {
  const COURSE = [
    "marketing.channels.1={name: list, owned: true, reach: 50000, clickRate: 0.1, mix: {everyone: 1}}",
  ];

  test("levers(s) leaves an owned channel's reach as it is under +10 % budget", () => {
    const s = loadScenario("bench/r1.yaml", COURSE);
    const budget = levers(s).find((l) => l.department === "marketing");
    expect(budget?.scenario.marketing.channels[1].reach).toBe(50000);
    expect(budget?.scenario.marketing.channels[0].reach).toBe(11_000_000);
  });

  test("levers(s) offers no budget lever when every channel is owned", () => {
    const s = loadScenario("bench/r1.yaml", [
      "marketing.channels.0.owned=true",
      "marketing.budget=0",
    ]);
    expect(levers(s).some((l) => l.department === "marketing")).toBe(false);
  });

  test("explain(drop): a lever whose interval includes zero is not advised; without costs the verdict ranks by revenue", async () => {
    const e = await explain(loadScenario(DROP), R, null);
    const hosting = e.marginal.find((m) => m.department === "it");
    expect(hosting?.recommended).toBe(false);
    const text = renderVerdict(e);
    expect(text).not.toContain("cheapest");
    expect(text).toContain("The lever that adds the most revenue: +10 % stock");
    expect(e.verdict.rankedBy).toBe("revenue");
  });

  test("explain(drop with costs) ranks the levers by the profit they add", async () => {
    const e = await explain(
      loadScenario(DROP, [
        "supply.unitCost=90",
        "site.costPerSlot=2",
        "sales.costPerConsultantDay=150",
      ]),
      R,
      null,
    );
    expect(e.verdict.rankedBy).toBe("profit");
    expect(renderVerdict(e)).toMatch(/The lever that adds the most profit: \+10 % stock/);
  });
});
