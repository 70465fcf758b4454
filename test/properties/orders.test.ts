import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  C,
  COUNTER_NAMES,
  compile,
  expectedClicks,
  parseScenario,
  simulate,
  simulateVariants,
  summarize,
} from "../../src/index.js";
import type { AttemptContext } from "../../src/model/stage.js";
import { purchase } from "../../src/stages/purchase.js";
import { propRuns } from "../propRuns.js";

// Prices and order sizes by segment (src/stages/purchase.ts) and channels bought by the click
// (cpc): revenue recomputed from the counters and the scenario, the stock's conservation in
// units, order sizes against their declared mean, a cpc channel's clicks against spend / cpc.

const SEGMENTS = ["gamers", "casual", "dealers"] as const;
const BASE = `
name: orders
seed: 1
horizon: { days: 7 }
marketing:
  budget: 20000
  channels:
    - { name: ads, reach: 120000, clickRate: 0.05, mix: { gamers: 0.5, casual: 0.3, dealers: 0.2 } }
segments:
  gamers: { consultRate: 0.1, directRate: 0.05, closeRate: 0.4 }
  casual: { consultRate: 0.05, directRate: 0.03, closeRate: 0.3, clickWeight: 0.7 }
  dealers: { consultRate: 0.3, directRate: 0.05, closeRate: 0.5, clickWeight: 1.4 }
site: { capacity: 40, session: { dist: exponential, mean: 4 } }
sales: { consultants: 3, handleTime: { dist: exponential, mean: 8 }, patience: { dist: exponential, mean: 5 } }
supply: { stock: 200, price: 100 }
`;

function runWith(sets: string[]) {
  const scenario = parseScenario(BASE, "orders.yaml", sets);
  const plan = compile(scenario);
  const result = simulate(plan);
  const c = Object.fromEntries(COUNTER_NAMES.map((n) => [n, result.counters[C[n]]]));
  return { scenario, plan, result, c, report: summarize(scenario, plan, result) };
}

const orderSize = fc.oneof(
  fc.integer({ min: 1, max: 5 }).map((v) => `{dist: fixed, value: ${v}}`),
  fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 6 }))
    .map(([lo, span]) => `{dist: uniform, min: ${lo}, max: ${lo + span}}`),
  fc.double({ min: 1, max: 6, noNaN: true }).map((m) => `{dist: geometric, mean: ${m}}`),
);
const price = fc.integer({ min: 1, max: 100_000 }).map((p) => p / 100);
const segmentArb = fc.record({
  price: fc.option(price, { nil: undefined }),
  orderSize: fc.option(orderSize, { nil: undefined }),
});
const scenarioArb = fc.record({
  segments: fc.tuple(segmentArb, segmentArb, segmentArb),
  discount: fc.constantFrom(0, 0.1, 0.25),
  stock: fc.oneof(fc.integer({ min: 0, max: 400 }).map(String), fc.constant("unlimited")),
  restock: fc.integer({ min: 0, max: 200 }),
  seed: fc.integer({ min: 1, max: 1000 }),
});
type Args = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** The --set lines of a case; `prices` overrides every segment's price (for the linear check). */
function sets(a: Args, prices?: readonly number[]): string[] {
  const out = [
    `seed=${a.seed}`,
    `supply.stock=${a.stock}`,
    `supply.restock=[{day: 3, units: ${a.restock}}]`,
    `offer={discount: ${a.discount}}`,
  ];
  a.segments.forEach((g, i) => {
    const p = prices ? prices[i] : g.price;
    if (p !== undefined) out.push(`segments.${SEGMENTS[i]}.price=${p}`);
    if (g.orderSize !== undefined) out.push(`segments.${SEGMENTS[i]}.orderSize=${g.orderSize}`);
  });
  return out;
}

const runs = propRuns(Number(process.env.FC_NUM_RUNS ?? 15));

describe("prices and order sizes by segment", () => {
  it("revenue = Σ units × the buyer's segment price × (1 − discount), recomputed from counters", () => {
    // Prices move no draw and no decision, so each segment's units sold come out of runs that
    // differ only in one segment's price: revenue(price of g + 1) − revenue(prices) = units of g
    // × (1 − discount). The run with the case's own prices must then be Σ units_g × price_g.
    fc.assert(
      fc.property(scenarioArb, (a) => {
        const base = [1, 1, 1];
        const at = (prices: number[]) => runWith(sets(a, prices)).c;
        const one = at(base);
        const keep = 1 - a.discount;
        const units = SEGMENTS.map((_, g) => {
          const bumped = base.map((p, i) => (i === g ? p + 1 : p));
          return (at(bumped).revenue - one.revenue) / keep;
        });
        units.forEach((u) => {
          expect(u).toBeCloseTo(Math.round(u), 6);
        });
        expect(units.reduce((x, u) => x + u, 0)).toBeCloseTo(one.unitsSold, 6);

        const { c, report, scenario } = runWith(sets(a));
        expect(c.unitsSold).toBe(one.unitsSold); // prices change nothing but the money
        const expected = units.reduce(
          (sum, u, g) =>
            sum +
            Math.round(u) * (scenario.segments[SEGMENTS[g]].price ?? scenario.supply.price) * keep,
          0,
        );
        expect(c.revenue).toBeCloseTo(expected, 6);
        expect(report.revenue).toBe(c.revenue);
      }),
      { numRuns: propRuns(Math.max(5, Math.round(runs / 2))) },
    );
  });

  it("every attempt is purchased or lost to supply; units sold stay within the stock", () => {
    fc.assert(
      fc.property(scenarioArb, (a) => {
        const { c, report } = runWith(sets(a));
        expect(c.purchaseAttempts).toBe(c.directAttempts + c.consultPurchaseAttempts);
        expect(c.purchaseAttempts).toBe(c.purchased + c.lostStock);
        expect(c.unitsSold).toBeGreaterThanOrEqual(c.purchased);
        expect(Number.isInteger(c.unitsSold)).toBe(true);
        if (a.stock === "unlimited") expect(c.lostStock).toBe(0);
        else expect(c.unitsSold).toBeLessThanOrEqual(Number(a.stock) + a.restock);
        if (c.lostStock > 0) expect(c.unitsLostStock).toBeGreaterThanOrEqual(c.lostStock);
        // Fixed sizes alike for every segment: units = size × purchases, exactly.
        const fixed = a.segments.map((g) => /fixed, value: (\d+)/.exec(g.orderSize ?? ""));
        if (fixed.every((m) => m !== null && m[1] === fixed[0]?.[1]))
          expect(c.unitsSold).toBe(Number(fixed[0]?.[1]) * c.purchased);
        // The funnel shows units sold only where a segment has its own price or size.
        const own = a.segments.some((g) => g.price !== undefined || g.orderSize !== undefined);
        expect("unitsSold" in report.funnel).toBe(own);
      }),
      { numRuns: runs },
    );
  });

  it("a scenario without prices or sizes by segment reads no visitors and sells one unit a purchase", () => {
    const { plan, c, report } = runWith([]);
    expect(plan.stages.purchase).toBeNull();
    expect(c.unitsSold).toBe(c.purchased);
    expect(report.revenue).toBe(c.purchased * plan.unitRevenue);
    expect(Object.keys(report.funnel)).not.toContain("unitsSold");
  });

  it("an order the shelf cannot fill is lost whole; its units wait for a smaller order", () => {
    const plan = compile(
      parseScenario(BASE, "orders.yaml", [
        "supply.stock=5",
        "segments.gamers.orderSize={dist: fixed, value: 4}",
        "segments.casual.orderSize={dist: fixed, value: 1}",
      ]),
    );
    const minute = Float64Array.from([1, 2, 3, 4]);
    // Visitors 0 and 1 are gamers (4 units), 2 and 3 casual (1 unit each).
    const seg = [0, 0, 1, 1];
    const counters = new Float64Array(COUNTER_NAMES.length);
    counters[C.stockOutMin] = Number.NaN;
    const lost = new Uint32Array(plan.days * 24);
    const ctx: AttemptContext = {
      plan,
      replication: 0,
      counters,
      C,
      segmentOf: (v) => seg[v],
      lostBySlot: () => lost,
    };
    purchase.serveAttempts?.({ count: 4, minute, visitor: Int32Array.from([0, 1, 2, 3]) }, ctx);
    expect(counters[C.purchased]).toBe(2); // 4 units, then 1 (the second gamer's 4 did not fit)
    expect(counters[C.lostStock]).toBe(2); // the second gamer, then the last casual: the shelf is empty
    expect(counters[C.unitsSold]).toBe(5);
    expect(counters[C.unitsLostStock]).toBe(5);
    expect(counters[C.stockOutMin]).toBe(2);
    expect(counters[C.revenue]).toBe(5 * 100);
  });

  it("order sizes have the declared mean (within 5 standard errors)", () => {
    const cases = [
      { d: "{dist: geometric, mean: 2.5}", mean: 2.5, variance: 2.5 * 1.5 },
      { d: "{dist: uniform, min: 2, max: 7}", mean: 4.5, variance: (6 * 6 - 1) / 12 },
      { d: "{dist: fixed, value: 3}", mean: 3, variance: 0 },
    ];
    for (const { d, mean, variance } of cases) {
      const sizes = SEGMENTS.map((g) => `segments.${g}.orderSize=${d}`);
      const big = ["marketing.channels.0.reach=2000000", "site.capacity=unlimited"];
      const { c } = runWith([...big, "supply.stock=unlimited", ...sizes]);
      const n = c.purchased;
      expect(n).toBeGreaterThan(5000);
      const tolerance = 5 * Math.sqrt(variance / n) + 1e-12;
      expect(Math.abs(c.unitsSold / n - mean)).toBeLessThanOrEqual(tolerance);
    }
  });

  it("a buyer's order size is the same in every stock variant (common random numbers)", () => {
    const scenario = (stock: string) =>
      parseScenario(BASE, "orders.yaml", [
        `supply.stock=${stock}`,
        "segments.gamers.orderSize={dist: geometric, mean: 3}",
      ]);
    const plans = ["unlimited", "150"].map((s) => compile(scenario(s)));
    const [free, limited] = simulateVariants(plans, 0);
    expect(limited.counters).toEqual(simulate(plans[1]).counters);
    // With no stock limit nobody is lost, and the limited run's purchases are among them.
    expect(free.counters[C.lostStock]).toBe(0);
    expect(limited.counters[C.unitsSold]).toBeLessThanOrEqual(150);
    expect(free.counters[C.purchased]).toBe(limited.counters[C.purchaseAttempts]);
  });
});

describe("channels bought by the click (cpc)", () => {
  const cpcSets = (spend: number, cpc: number, seed = 1) => [
    `seed=${seed}`,
    `marketing.channels.0={name: search, spend: ${spend}, cpc: ${cpc}, clickRate: 0.02, mix: {gamers: 0.5, casual: 0.3, dealers: 0.2}}`,
    `marketing.budget=${spend}`,
  ];

  it("brings spend / cpc clicks, within a binomial tolerance", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: 50_000 }),
        fc.integer({ min: 1, max: 40 }).map((x) => x / 4),
        fc.integer({ min: 1, max: 1000 }),
        (spend, cpc, seed) => {
          const { plan, result, report } = runWith(cpcSets(spend, cpc, seed));
          const ch = plan.channels[0];
          const bought = spend / cpc;
          // reach is whole people: expected clicks are within half a person's click of spend / cpc
          expect(Math.abs(expectedClicks(plan) - bought)).toBeLessThanOrEqual(ch.clickProb / 2);
          const sd = Math.sqrt(ch.reach * ch.clickProb * (1 - ch.clickProb));
          expect(Math.abs(result.clicksByChannel[0] - bought)).toBeLessThanOrEqual(5 * sd + 1);
          // cost per click is the budget over the clicks the channel brought: about cpc
          expect(report.kpi.costPerClick).toBeCloseTo(spend / result.clicksByChannel[0], 9);
          expect(report.kpi.costPerContact).toBeCloseTo(spend / ch.reach, 9);
        },
      ),
      { numRuns: runs },
    );
  });

  it("clicks scale with the spend under the budget lever; traffic × k lowers the cpc", async () => {
    const { scaleBudget, scaleTraffic } = await import("../../src/scenario/scale.js");
    const s = parseScenario(BASE, "orders.yaml", cpcSets(10_000, 2));
    expect(expectedClicks(compile(s))).toBeCloseTo(5_000, 0);
    const doubled = scaleBudget(s, 2);
    expect(doubled.marketing.channels[0].spend).toBe(20_000);
    expect(expectedClicks(compile(doubled))).toBeCloseTo(10_000, 0);
    const traffic = scaleTraffic(s, 3);
    expect(traffic.marketing.channels[0].cpc).toBeCloseTo(2 / 3, 12);
    expect(traffic.marketing.budget).toBe(10_000);
    expect(expectedClicks(compile(traffic))).toBeCloseTo(15_000, 0);
  });
});
