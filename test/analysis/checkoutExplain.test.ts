import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { explain, parseScenario } from "../../src/index.js";

// explain treats a payment capacity as one more capacity limit, with no code of its own: its
// coalitions, Shapley share, counterfactual, lever and binding hours come from the checkout
// stage's declaration.

const FILE = "scenarios/alpha-content-actual.yaml";
const TEXT = readFileSync(FILE, "utf8");
const CHECKOUT =
  "checkout={abandonRate: 0.1, payment: {failureRate: 0.02, capacity: 1, duration: {dist: exponential, mean: 30}, costPerSession: 1000}}";

describe("explain with a payment capacity", () => {
  it("lifts four limits: 2⁴ coalitions whose Shapley shares add up to the gap", async () => {
    const s = parseScenario(TEXT, FILE, [CHECKOUT]);
    const e = await explain(s, 4, null);
    expect(Object.keys(e.shapley)).toEqual(["it", "sales", "payments", "supply"]);
    const sum = Object.values(e.shapley).reduce((a, x) => a + x.mean, 0);
    expect(sum).toBeCloseTo(e.gap.mean, 6);
    expect(e.counterfactuals.map((c) => c.relaxed)).toEqual([
      "nothing (as planned)",
      "IT/hosting unlimited",
      "consultants unlimited",
      "payment capacity unlimited",
      "stock unlimited",
      "all capacities unlimited",
    ]);
    expect(e.bindingOrder.map((b) => b.department).sort()).toEqual(
      ["it", "payments", "sales", "supply"].sort(),
    );
    const lever = e.marginal.find((l) => l.lever.startsWith("+10 % payment capacity"));
    expect(lever?.department).toBe("it");
    expect(lever?.cost).toBe(1000);
    expect(e.binding.map((b) => b.department)).toEqual(["it", "sales", "payments", "supply"]);
    // One session held for half an hour on average turns buyers away.
    expect(e.shapley.payments.mean).toBeGreaterThan(0);
    const lines = e.ledger.map((l) => l.cause);
    expect(lines).toContain("payment gateway full");
    expect(lines).toContain("left at checkout");
  });

  it("without a payment capacity, explain is what it was: three limits", async () => {
    const s = parseScenario(TEXT, FILE, [
      "checkout={abandonRate: 0.1, payment: {failureRate: 0.02}}",
    ]);
    const e = await explain(s, 2, null);
    expect(Object.keys(e.shapley)).toEqual(["it", "sales", "supply"]);
  });
});
