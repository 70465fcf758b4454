import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { C, compile, explain, parseScenario, simulate, summarize } from "../../src/index.js";

// Profit arithmetic, recomputed here from the scenario's own numbers and the run's counters:
// revenue, each cost line, gross profit, ROI and marketing's cost per sale and per profit unit.

const FILE = "scenarios/alpha-content-actual.yaml";
const TEXT = readFileSync(FILE, "utf8");

function report(sets: string[]) {
  const s = parseScenario(TEXT, FILE, sets);
  const plan = compile(s);
  const run = simulate(plan);
  return { s, plan, c: run.counters, r: summarize(s, plan, run) };
}

describe("profit", () => {
  it("is revenue less media, goods bought, site slots, consultant hours, payments and fixed costs", () => {
    const { s, plan, c, r } = report([
      "site.costPerSlot=null",
      "site.costPerSlotDay=20",
      "sales.costPerConsultantDay=null",
      "sales.costPerConsultantHour=350",
      "fixedCost=50000",
      "checkout={payment: {capacity: 4, duration: {dist: fixed, value: 1}, costPerSession: 900}}",
    ]);
    const p = r.profit;
    expect(p).toBeDefined();
    if (!p) return;
    const units = c[C.unitsSold] ?? c[C.purchased];
    expect(p.revenue).toBe(r.revenue);
    expect(p.revenue).toBeCloseTo(units * s.supply.price * (1 - (s.offer?.discount ?? 0)), 6);
    expect(p.marketingCost).toBe(200_000);
    const stocked = (s.supply.stock as number) + s.supply.restock.reduce((n, x) => n + x.units, 0);
    expect(p.goodsCost).toBe(2400 * stocked);
    expect(p.siteCost).toBe(20 * (s.site.capacity as number) * 30);
    expect(p.salesCost).toBeCloseTo((350 * plan.seatMinutesInHorizon) / 60, 6);
    expect(p.paymentCost).toBe(900 * 4);
    expect(p.fixedCost).toBe(50_000);
    const total =
      200_000 +
      2400 * stocked +
      20 * (s.site.capacity as number) * 30 +
      (350 * plan.seatMinutesInHorizon) / 60 +
      3600 +
      50_000;
    expect(p.totalCost).toBeCloseTo(total, 6);
    expect(p.grossProfit).toBeCloseTo(p.revenue - total, 6);
    expect(p.roi).toBeCloseTo((p.revenue - total) / total, 12);
    expect(p.marketingCostPerSale).toBeCloseTo(200_000 / units, 9);
    expect(p.marketingCostPerProfit).toBe(p.grossProfit > 0 ? 200_000 / p.grossProfit : null);
  });

  it("buys goods to order when the stock is unlimited, and leaves out what has no price", () => {
    const { c, r } = report(["supply.stock=unlimited", "site.costPerSlot=null"]);
    const p = r.profit;
    if (!p) throw new Error("priced scenario without profit");
    expect(p.goodsCost).toBe(2400 * (c[C.unitsSold] ?? c[C.purchased]));
    expect(p.siteCost).toBeNull();
    expect(p.totalCost).toBeCloseTo(200_000 + (p.goodsCost ?? 0) + (p.salesCost ?? 0), 6);
  });

  it("is not reported when nothing but the media is priced", () => {
    const { r } = report([
      "supply.unitCost=null",
      "site.costPerSlot=null",
      "sales.costPerConsultantDay=null",
    ]);
    expect(r.profit).toBeUndefined();
  });

  it("ranks levers by the profit they add: revenue less what each costs (goods stocked, not sold)", async () => {
    const s = parseScenario(TEXT, FILE);
    const e = await explain(s, 3, null);
    expect(e.verdict.rankedBy).toBe("profit");
    for (const l of e.marginal) {
      // The stock is limited, so goods are bought whether sold or not: every lever's profit is
      // its revenue less its own price.
      expect(l.profitUplift?.mean).toBeCloseTo(l.uplift.mean - (l.cost ?? 0), 6);
      expect(l.recommended).toBe(
        (l.profitUplift?.mean ?? 0) - (l.profitUplift?.halfWidth ?? 0) > 0,
      );
    }
  });
});
