// Property tests of the funnel's invariants over randomly generated valid scenarios.
// Global fast-check settings (runs, seed in CI, time limit) live in test/setup.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import {
  C,
  COUNTER_NAMES,
  type CounterName,
  compile,
  type Distribution,
  type Plan,
  parseScenario,
  type RunResult,
  type Scenario,
  type ScenarioInput,
  scenarioSchema,
  simulate,
  summarize,
} from "../../src/index.js";
import { COUNTERS } from "../../src/model/stages.js";

// ---------------------------------------------------------------------------------------------
// Arbitraries

/**
 * Numbers spread evenly over [min, max], the bounds themselves sometimes, and now and then any
 * double (fast-check's own doubles crowd near the smallest magnitudes, which would leave most
 * generated funnels empty).
 */
const spread = (min: number, max: number) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .noBias(fc.integer({ min: 0, max: 10_000 }))
        .map((i) => min + ((max - min) * i) / 10_000),
    },
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
    { weight: 1, arbitrary: fc.double({ min, max, noNaN: true }) },
  );
/** Integers spread evenly over [min, max], with fast-check's bias toward the edges sometimes. */
const between = (min: number, max: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.noBias(fc.integer({ min, max })) },
    { weight: 1, arbitrary: fc.integer({ min, max }) },
  );

const rate = spread(0, 1);
const nonNegative = (max: number) => spread(0, max);
const positive = (max: number) => spread(0.01, max);

/** Every distribution shape; parameters in minutes. */
const distribution: fc.Arbitrary<Distribution> = fc.oneof(
  fc.record({ dist: fc.constant("fixed" as const), value: nonNegative(60) }),
  fc.record({ dist: fc.constant("exponential" as const), mean: positive(60) }),
  fc.record({ dist: fc.constant("lognormal" as const), mean: positive(60), sd: positive(60) }),
  fc
    .tuple(nonNegative(30), nonNegative(30))
    .map(([min, span]) => ({ dist: "uniform" as const, min, max: min + span })),
  fc.record({ dist: fc.constant("gamma" as const), mean: positive(60), sd: positive(60) }),
);

/** "uniform" or `n` weights, at least one of them positive. */
const profile = (n: number) =>
  fc.oneof(
    fc.constant("uniform" as const),
    fc
      .array(fc.oneof(fc.constant(0), nonNegative(10)), { minLength: n, maxLength: n })
      .map((ws) => (ws.some((w) => w > 0) ? ws : [1, ...ws.slice(1)])),
  );

/** Shares that sum to 1: integer weights divided by their total, or the last share as 1 − the rest. */
function buildMix(
  weights: number[],
  lastAsRemainder: boolean,
  omitZeros: boolean,
): Record<string, number> {
  const w = weights.some((x) => x > 0) ? weights : weights.map((_, i) => (i === 0 ? 1 : 0));
  const total = w.reduce((a, b) => a + b, 0);
  let last = -1;
  w.forEach((x, i) => {
    if (x > 0) last = i;
  });
  const mix: Record<string, number> = {};
  let rest = 0;
  w.forEach((x, i) => {
    if (x === 0 && omitZeros) return;
    if (lastAsRemainder && i === last) return;
    mix[`s${i}`] = x / total;
    rest += x / total;
  });
  if (lastAsRemainder) mix[`s${last}`] = 1 - rest;
  return mix;
}

const hour = fc.oneof(
  fc.integer({ min: 0, max: 24 }),
  fc.integer({ min: 0, max: 48 }).map((h) => h / 2),
);

const shift = (days: number) =>
  fc.record(
    {
      consultants: between(0, 5),
      hours: fc.oneof(
        fc.constant<[number, number]>([22, 6]), // overnight
        // A shift starts before midnight (from < 24) and ends at any hour, midnight included.
        fc.tuple(hour, hour).filter(([a, b]) => a !== b && a < 24),
      ),
      days: fc
        .tuple(fc.integer({ min: 1, max: days }), fc.integer({ min: 1, max: days }))
        .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a])),
    },
    { requiredKeys: ["consultants", "hours"] },
  );

/** A valid scenario as a planner would write it (defaults often left out). */
const scenarioArb: fc.Arbitrary<ScenarioInput> = fc
  .record({
    days: fc.integer({ min: 1, max: 4 }),
    segmentCount: fc.integer({ min: 1, max: 3 }),
    channelCount: fc.integer({ min: 1, max: 3 }),
    // Powers of two, so closeRate × skill × uplift ≤ 1 holds exactly in floating point.
    skill: fc.option(fc.constantFrom(0, 0.5, 1, 2), { nil: undefined }),
    offer: fc.option(
      fc.record({ discount: rate, uplift: fc.constantFrom(0, 0.5, 1, 2) }, { requiredKeys: [] }),
      { nil: undefined },
    ),
    clickWeights: fc.array(fc.option(fc.constantFrom(0, 0.5, 1, 1.5, 2), { nil: undefined }), {
      minLength: 3,
      maxLength: 3,
    }),
  })
  .chain(({ days, segmentCount, channelCount, skill, offer, clickWeights }) => {
    const uplift = offer?.uplift ?? 1;
    const closeDivisor = Math.max(1, (skill ?? 1) * uplift);
    const directDivisor = Math.max(1, uplift);
    const maxClickWeight = Math.max(...clickWeights.slice(0, segmentCount).map((w) => w ?? 1));

    const segment = (i: number) =>
      fc.record({ consultRate: rate, directRate: rate, closeRate: rate }).map((g) => ({
        consultRate: g.consultRate,
        directRate: g.directRate / directDivisor,
        closeRate: g.closeRate / closeDivisor,
        ...(clickWeights[i] === undefined ? {} : { clickWeight: clickWeights[i] }),
      }));

    const audience = fc.oneof(
      { weight: 4, arbitrary: between(0, 20_000).map((reach) => ({ reach })) },
      {
        weight: 1,
        arbitrary: fc.tuple(spread(1, 100), rate).map(([cpm, u]) => ({ spend: u * 20 * cpm, cpm })),
      },
    );
    const channel = (i: number) =>
      fc
        .record({
          audience,
          clickRate: rate,
          weights: fc.array(fc.integer({ min: 0, max: 5 }), {
            minLength: segmentCount,
            maxLength: segmentCount,
          }),
          lastAsRemainder: fc.boolean(),
          omitZeros: fc.boolean(),
        })
        .map((c) => ({
          name: `c${i}`,
          ...c.audience,
          // clickRate × clickWeight must stay ≤ 1; halving is exact.
          clickRate: maxClickWeight > 1 ? c.clickRate / 2 : c.clickRate,
          mix: buildMix(c.weights, c.lastAsRemainder, c.omitZeros),
        }));

    const staffing = fc.oneof(
      between(0, 20).map((consultants) => ({ consultants })),
      fc.constant({ consultants: "unlimited" as const }),
      fc.array(shift(days), { minLength: 1, maxLength: 3 }).map((shifts) => ({ shifts })),
    );

    return fc
      .record({
        seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        budget: nonNegative(1_000_000),
        channels: fc.tuple(...Array.from({ length: channelCount }, (_, i) => channel(i))),
        traffic: fc.option(
          fc.record({ daily: profile(days), hourly: profile(24) }, { requiredKeys: [] }),
          { nil: undefined },
        ),
        segments: fc.tuple(...Array.from({ length: segmentCount }, (_, i) => segment(i))),
        site: fc.record(
          {
            capacity: fc.oneof(between(0, 50), fc.constant("unlimited" as const)),
            session: distribution,
            bounceRate: rate,
          },
          { requiredKeys: ["capacity", "session"] },
        ),
        staffing,
        timing: fc.record(
          { handleTime: distribution, patience: distribution },
          { requiredKeys: ["handleTime"] },
        ),
        supply: fc.record(
          {
            stock: fc.oneof(between(0, 500), fc.constant("unlimited" as const)),
            price: spread(1, 10_000),
            restock: fc.array(
              fc.record({
                day: fc.integer({ min: 1, max: days }),
                units: between(0, 200),
              }),
              { maxLength: 3 },
            ),
          },
          { requiredKeys: ["stock", "price"] },
        ),
      })
      .map(
        (r): ScenarioInput => ({
          name: "property scenario",
          seed: r.seed,
          horizon: { days },
          marketing: {
            budget: r.budget,
            channels: r.channels,
            ...(r.traffic === undefined ? {} : { traffic: r.traffic }),
          },
          segments: Object.fromEntries(r.segments.map((g, i) => [`s${i}`, g])),
          site: r.site,
          sales: { ...r.staffing, ...r.timing, ...(skill === undefined ? {} : { skill }) },
          supply: r.supply,
          ...(offer === undefined ? {} : { offer }),
        }),
      );
  });

// ---------------------------------------------------------------------------------------------
// Helpers

interface Run {
  scenario: Scenario;
  plan: Plan;
  result: RunResult;
  c: Record<CounterName, number>;
}

function run(input: ScenarioInput): Run {
  const scenario = scenarioSchema.parse(input);
  const plan = compile(scenario);
  const result = simulate(plan);
  const c = Object.fromEntries(COUNTER_NAMES.map((n) => [n, result.counters[C[n]]])) as Record<
    CounterName,
    number
  >;
  return { scenario, plan, result, c };
}

/** A deep copy of `input` with `edit` applied. */
function edited(input: ScenarioInput, edit: (s: ScenarioInput) => void): ScenarioInput {
  const copy = structuredClone(input);
  edit(copy);
  return copy;
}

/** Counters that count agents (or sessions): non-negative integers. */
const COUNTS: readonly CounterName[] = COUNTERS.filter((c) => (c.kind ?? "count") === "count").map(
  (c) => c.name,
);
// The stages declare what each counter measures; these are minutes and money, not counts.
expect(COUNTER_NAMES.filter((n) => !COUNTS.includes(n))).toEqual(
  expect.arrayContaining(["waitMinConsulted", "stockOutMin", "consultantBusyMin", "revenue"]),
);

/** Counters decided before the supply stage. */
const BEFORE_SUPPLY: readonly CounterName[] = [
  "reached",
  "clicked",
  "lostHosting",
  "served",
  "lostBounce",
  "leftAfterVisit",
  "consultRequests",
  "lostAbandon",
  "consulted",
  "unservedAtEnd",
  "notClosed",
  "directAttempts",
  "consultPurchaseAttempts",
  "purchaseAttempts",
  "waitedForConsultant",
  "waitMinConsulted",
  "waitP90Consulted",
  "lostAbandonBusy",
  "lostAbandonOffDuty",
  "waitMinAbandoned",
  "waitP90Abandoned",
  "consultantBusyMin",
  "peakSessions",
];

const pick = (c: Record<CounterName, number>, names: readonly CounterName[]) =>
  Object.fromEntries(names.map((n) => [n, c[n]]));

/** The funnel's conservation laws: every agent is counted once at each stage it reached. */
function expectConserved(c: Record<CounterName, number>): void {
  expect(c.clicked).toBeLessThanOrEqual(c.reached);
  expect(c.clicked).toBe(c.lostHosting + c.served);
  expect(c.served).toBe(c.lostBounce + c.leftAfterVisit + c.consultRequests + c.directAttempts);
  expect(c.consultRequests).toBe(c.lostAbandon + c.unservedAtEnd + c.consulted);
  expect(c.consulted).toBe(c.notClosed + c.consultPurchaseAttempts);
  expect(c.purchaseAttempts).toBe(c.directAttempts + c.consultPurchaseAttempts);
  expect(c.purchaseAttempts).toBe(c.purchased + c.lostStock);
  expect(c.waitedForConsultant).toBeLessThanOrEqual(c.consulted);
  // A loss to patience is either while someone was on duty (busy) or while nobody was.
  expect(c.lostAbandonBusy + c.lostAbandonOffDuty).toBe(c.lostAbandon);
  expect(c.lostAbandonBusyWouldBuy).toBeLessThanOrEqual(c.lostAbandonBusy);
  expect(c.lostAbandonOffDutyWouldBuy).toBeLessThanOrEqual(c.lostAbandonOffDuty);
  // Percentiles exist exactly when there is someone to take them over, and lie within range.
  expect(Number.isNaN(c.waitP90Consulted)).toBe(c.consulted === 0);
  expect(Number.isNaN(c.waitP90Abandoned)).toBe(c.lostAbandon === 0);
  if (c.consulted > 0) expect(c.waitP90Consulted).toBeGreaterThanOrEqual(0);
  if (c.lostAbandon > 0) expect(c.waitP90Abandoned).toBeGreaterThanOrEqual(0);
}

// ---------------------------------------------------------------------------------------------
// Properties

describe("funnel invariants over random valid scenarios", () => {
  it("the validator accepts every generated scenario, from an object or from its YAML", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const direct = scenarioSchema.parse(input);
        const viaYaml = parseScenario(YAML.stringify(input), "generated.yaml");
        expect(viaYaml).toEqual(direct);
      }),
    );
  });

  it("every count is a non-negative integer; times are finite and non-negative", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const { c, plan } = run(input);
        for (const n of COUNTS) {
          expect(Number.isInteger(c[n]), `${n} = ${c[n]} is an integer`).toBe(true);
          expect(c[n], n).toBeGreaterThanOrEqual(0);
        }
        for (const n of ["waitMinConsulted", "waitMinAbandoned", "consultantBusyMin"] as const) {
          expect(Number.isFinite(c[n]), `${n} = ${c[n]} is finite`).toBe(true);
          expect(c[n], n).toBeGreaterThanOrEqual(0);
        }
        if (!Number.isNaN(c.stockOutMin)) expect(c.stockOutMin).toBeGreaterThanOrEqual(0);
        expect(c.peakSessions).toBeLessThanOrEqual(plan.siteCapacity);
        expect(c.reached).toBe(plan.channels.reduce((n, ch) => n + ch.reach, 0));
      }),
    );
  });

  it("conserves agents exactly at every stage", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        expectConserved(run(input).c);
      }),
    );
  });

  it("hour-by-hour figures add up to the counters; no click in an hour of zero weight", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const { scenario, result, c } = run(input);
        const sum = (xs: Uint32Array) => xs.reduce((a, b) => a + b, 0);
        expect(result.clicksBySlot).toHaveLength(scenario.horizon.days * 24);
        expect(sum(result.clicksBySlot)).toBe(c.clicked);
        expect(sum(result.lostBySlot.lostHosting)).toBe(c.lostHosting);
        expect(sum(result.lostBySlot.lostAbandon)).toBe(c.lostAbandon);
        expect(sum(result.lostBySlot.lostStock)).toBe(c.lostStock);
        const { daily, hourly } = scenario.marketing.traffic;
        result.clicksBySlot.forEach((clicks, slot) => {
          const weight =
            (daily === "uniform" ? 1 : daily[Math.floor(slot / 24)]) *
            (hourly === "uniform" ? 1 : hourly[slot % 24]);
          if (weight === 0) expect(clicks, `clicks in slot ${slot} of weight 0`).toBe(0);
        });
      }),
    );
  });

  it("conservation and determinism hold across random-stream blocks (> 65,536 visitors)", () => {
    fc.assert(
      fc.property(scenarioArb, between(70_000, 150_000), (input, reach) => {
        const big = edited(input, (s) => {
          const [first] = s.marketing.channels;
          delete first.spend;
          delete first.cpm;
          first.reach = reach;
          first.clickRate = 1;
          for (const g of Object.values(s.segments)) g.clickWeight = 1;
        });
        const { plan, result, c } = run(big);
        expect(c.clicked).toBeGreaterThan(65_536);
        expectConserved(c);
        expect(Array.from(simulate(plan).counters)).toEqual(Array.from(result.counters));
      }),
      { numRuns: 8 },
    );
  });

  it("the loss ledger of summarize() adds up to everyone reached", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const { scenario, plan, result, c } = run(input);
        const report = summarize(scenario, plan, result);
        const byCounter = Object.fromEntries(report.losses.map((l) => [l.counter, l.agents]));
        expect(byCounter.notClicked).toBe(c.reached - c.clicked);
        for (const l of report.losses) {
          if (l.counter !== "notClicked") expect(l.agents, l.counter).toBe(c[l.counter]);
          expect(l.agents, l.cause).toBeGreaterThanOrEqual(0);
        }
        const lost = report.losses.reduce((n, l) => n + l.agents, 0);
        expect(lost + report.funnel.purchased).toBe(report.funnel.reached);
        if (c.reached > 0) {
          const shares = report.losses.reduce((s, l) => s + l.share, 0);
          expect(shares + (report.kpi.reachToPurchase ?? 0)).toBeCloseTo(1, 9);
        }
      }),
    );
  });

  it("sells at most the stock plus restocks, at price × (1 − discount)", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const { scenario, plan, result, c } = run(input);
        const { stock, restock, price } = scenario.supply;
        if (stock !== "unlimited")
          expect(c.purchased).toBeLessThanOrEqual(stock + restock.reduce((n, r) => n + r.units, 0));
        const expected = c.purchased * price * (1 - (scenario.offer?.discount ?? 0));
        const { revenue } = summarize(scenario, plan, result);
        expect(Math.abs(revenue - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected));
        // Without prices or order sizes by segment, a purchase is one unit: the counters agree.
        expect(c.unitsSold).toBe(c.purchased);
        expect(c.revenue).toBe(revenue);
      }),
    );
  });

  it("an unlimited site loses no click to hosting", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const { c } = run(
          edited(input, (s) => {
            s.site.capacity = "unlimited";
          }),
        );
        expect(c.lostHosting).toBe(0);
        expect(c.served).toBe(c.clicked);
      }),
    );
  });

  it("a site of capacity 0 serves nobody, so nothing happens downstream", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const { c } = run(
          edited(input, (s) => {
            s.site.capacity = 0;
          }),
        );
        expect(c.served).toBe(0);
        expect(c.lostHosting).toBe(c.clicked);
        expect(c.consultRequests + c.purchaseAttempts + c.purchased + c.peakSessions).toBe(0);
      }),
    );
  });

  it("unlimited consultants: nobody waits, abandons or stays unserved", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const { c } = run(
          edited(input, (s) => {
            delete s.sales.shifts;
            s.sales.consultants = "unlimited";
          }),
        );
        expect(c.lostAbandon).toBe(0);
        expect(c.waitedForConsultant).toBe(0);
        expect(c.waitMinConsulted).toBe(0);
        expect(c.unservedAtEnd).toBe(0);
        expect(c.consulted).toBe(c.consultRequests);
      }),
    );
  });

  it("no consultant: nobody is consulted (patience decides: abandon or unserved)", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const { c, scenario } = run(
          edited(input, (s) => {
            delete s.sales.shifts;
            s.sales.consultants = 0;
          }),
        );
        expect(c.consulted).toBe(0);
        if (scenario.sales.patience === undefined) expect(c.unservedAtEnd).toBe(c.consultRequests);
        else expect(c.lostAbandon).toBe(c.consultRequests);
      }),
    );
  });

  it("unlimited stock loses no purchase to supply", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const { c } = run(
          edited(input, (s) => {
            s.supply.stock = "unlimited";
          }),
        );
        expect(c.lostStock).toBe(0);
        expect(c.purchased).toBe(c.purchaseAttempts);
        expect(Number.isNaN(c.stockOutMin)).toBe(true);
      }),
    );
  });

  it("more stock never lowers purchases, and changes nothing before supply (common random numbers)", () => {
    // A stock level: a share of the demand (so that it binds) or a few units.
    const level = fc.oneof(
      spread(0, 1.2).map((share) => (demand: number) => Math.floor(share * demand)),
      between(0, 20).map((units) => () => units),
    );
    fc.assert(
      fc.property(
        scenarioArb,
        level,
        fc.option(level, { nil: undefined }),
        (input, lowLevel, extraLevel) => {
          const withStock = (stock: number | "unlimited") =>
            run(
              edited(input, (s) => {
                s.supply.stock = stock;
              }),
            );
          const unlimited = withStock("unlimited");
          const demand = unlimited.c.purchaseAttempts;
          const low = lowLevel(demand);
          const high =
            extraLevel === undefined ? "unlimited" : low + Math.max(1, extraLevel(demand));
          const lo = withStock(low);
          const hi = withStock(high);
          expect(pick(lo.c, BEFORE_SUPPLY)).toEqual(pick(unlimited.c, BEFORE_SUPPLY));
          expect(pick(hi.c, BEFORE_SUPPLY)).toEqual(pick(unlimited.c, BEFORE_SUPPLY));
          expect(
            hi.c.purchased,
            `purchased with stock ${high} ≥ with ${low}`,
          ).toBeGreaterThanOrEqual(lo.c.purchased);
          expect(hi.c.lostStock).toBeLessThanOrEqual(lo.c.lostStock);
          expect(unlimited.c.purchased).toBeGreaterThanOrEqual(hi.c.purchased);
        },
      ),
      // A threshold bug shows only for a narrow pair of levels: look three times as hard.
      { numRuns: 3 * (fc.readConfigureGlobal().numRuns ?? 100) },
    );
  });

  it("an unlimited site changes nothing upstream: the same people click at the same hours", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const limited = run(input);
        const unlimited = run(
          edited(input, (s) => {
            s.site.capacity = "unlimited";
          }),
        );
        expect(unlimited.c.reached).toBe(limited.c.reached);
        expect(unlimited.c.clicked).toBe(limited.c.clicked);
        expect(Array.from(unlimited.result.clicksBySlot)).toEqual(
          Array.from(limited.result.clicksBySlot),
        );
        expect(unlimited.c.served).toBeGreaterThanOrEqual(limited.c.served);
      }),
    );
  });

  it("is deterministic: same scenario and seed, same counters and the same report", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const first = run(input);
        const again = simulate(first.plan); // same plan object, simulated again
        const fresh = run(structuredClone(input)); // compiled anew
        const counters = Array.from(first.result.counters);
        expect(Array.from(again.counters)).toEqual(counters);
        expect(Array.from(fresh.result.counters)).toEqual(counters);
        expect(Array.from(fresh.result.clicksBySlot)).toEqual(
          Array.from(first.result.clicksBySlot),
        );
        for (const key of Object.keys(first.result.lostBySlot))
          expect(Array.from(fresh.result.lostBySlot[key]), key).toEqual(
            Array.from(first.result.lostBySlot[key]),
          );
        const json = JSON.stringify(summarize(first.scenario, first.plan, first.result));
        expect(JSON.stringify(summarize(first.scenario, first.plan, again))).toBe(json);
        expect(JSON.stringify(summarize(fresh.scenario, fresh.plan, fresh.result))).toBe(json);
      }),
    );
  });
});
