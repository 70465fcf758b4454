import { describe, expect, test } from "vitest";
import { newCounters } from "../../src/core/counters.js";
import { mergeAttempts } from "../../src/core/pipeline.js";
import { C, compile, parseScenario, type RunResult, simulate } from "../../src/index.js";
import { purchase } from "../../src/stages/purchase.js";

// Supply is a lost-sales container: each purchase attempt, in time order, takes a unit if the
// shelf holds one and is lost otherwise; restocks land at the start of their day (before any
// attempt at that minute). With A(t) the attempts up to t and S(t) = stock + restocks landed by
// t, the units lost by t solve the Skorokhod problem
//
//   lost(t) = max(0, max_{s ≤ t} (A(s) − S(s))),   purchased = attempts − lost,
//
// (the shelf S − A + lost stays ≥ 0 and lost grows only when the shelf is empty). Consequences:
//   purchased ≤ min(attempts, stock + Σ restocks) always;
//   purchased = attempts when nothing is lost;
//   purchased = stock + Σ restocks when an attempt is lost after the last restock has landed.
// So purchased = min(attempts, stock + Σ restocks) holds in those two cases — but not in
// general: units restocked after a stock-out that demand never uses up are not sold, while the
// attempts lost before they landed stay lost (the "late restock" case below).
//
// The purchase kernel is checked on arbitrary attempt times (unsorted after-consult attempts,
// attempts at the very minute a restock lands, attempts after the horizon) against the
// formula evaluated attempt by attempt. Whole runs are checked in direct-only scenarios: every
// click tries to buy at its click minute (session length 0, directRate 1, unlimited site), so
// A per hour slot is clicksBySlot and the formula can be checked slot by slot against
// lostStockBySlot, exactly: restocks land on slot boundaries, so within a slot A − S peaks at
// its last attempt. A scenario with every purchase path checks the consequences above.

const SEED = Number(process.env.THEORY_SEED ?? 1);
const SLOTS_PER_DAY = 24;

function directOnly(days: number, clicksPerDay: number, supply: string): string {
  return `
name: stock, direct purchases only
seed: ${SEED}
horizon: { days: ${days} }
marketing:
  budget: 0
  channels:
    - { name: all, reach: ${Math.round(clicksPerDay * days * 10)}, clickRate: 0.1, mix: { x: 1 } }
segments:
  x: { consultRate: 0, directRate: 1, closeRate: 0 }
site:
  capacity: unlimited
  session: { dist: fixed, value: 0 }
sales:
  consultants: 1
  handleTime: { dist: exponential, mean: 10 }
supply: ${supply}
`;
}

interface Restock {
  day: number;
  units: number;
}

/** Lost attempts per slot by the Skorokhod formula. */
function lostBySlot(
  attemptsBySlot: ArrayLike<number>,
  stock: number,
  restocks: readonly Restock[],
): number[] {
  const landed = new Array<number>(attemptsBySlot.length).fill(0);
  for (const r of restocks) landed[(r.day - 1) * SLOTS_PER_DAY] += r.units;
  const lost: number[] = [];
  let a = 0;
  let s = stock;
  let worst = 0;
  for (let k = 0; k < attemptsBySlot.length; k++) {
    a += attemptsBySlot[k];
    s += landed[k];
    const next = Math.max(worst, a - s);
    lost.push(next - worst);
    worst = next;
  }
  return lost;
}

/** The identities that hold for any scenario, whatever the attempt times. */
function checkConservation(run: RunResult, stock: number, restocks: readonly Restock[]): void {
  const n = run.counters;
  const attempts = n[C.purchaseAttempts];
  const supply = stock + restocks.reduce((a, r) => a + r.units, 0);
  expect(attempts).toBe(n[C.directAttempts] + n[C.consultPurchaseAttempts]);
  expect(n[C.lostStock]).toBe(attempts - n[C.purchased]);
  expect(run.lostBySlot.lostStock.reduce((a, b) => a + b, 0)).toBe(n[C.lostStock]);
  expect(n[C.purchased]).toBeLessThanOrEqual(Math.min(attempts, supply));
  if (n[C.lostStock] === 0) {
    expect(n[C.purchased]).toBe(attempts);
    expect(n[C.stockOutMin]).toBeNaN();
    return;
  }
  let first = -1;
  let last = -1;
  run.lostBySlot.lostStock.forEach((l, k) => {
    if (l > 0) {
      if (first < 0) first = k;
      last = k;
    }
  });
  // The first loss is the stock-out minute; slots clamp attempts after the horizon to the last.
  expect(Math.min(Math.floor(n[C.stockOutMin] / 60), run.lostBySlot.lostStock.length - 1)).toBe(
    first,
  );
  // A loss in or after the slot of the last restock happened after it landed: all supply sold.
  const lastRestockSlot = Math.max(
    -1,
    ...restocks.filter((r) => r.units > 0).map((r) => (r.day - 1) * SLOTS_PER_DAY),
  );
  if (last >= lastRestockSlot) expect(n[C.purchased]).toBe(supply);
}

const supplyYaml = (stock: number | "unlimited", restocks: readonly Restock[]) =>
  `{ stock: ${stock}, price: 1, restock: [${restocks.map((r) => `{ day: ${r.day}, units: ${r.units} }`).join(", ")}] }`;

interface Case {
  name: string;
  stock: number;
  restocks: Restock[];
  /** Whether purchased = min(attempts, stock + Σ restocks) must hold here. */
  minIdentity: boolean;
}

// 10 days, ~200 attempts a day.
const cases: Case[] = [
  {
    name: "stock-outs between restocks, supply used up",
    stock: 300,
    restocks: [
      { day: 4, units: 500 },
      { day: 8, units: 200 },
    ],
    minIdentity: true,
  },
  {
    name: "everything restocked at the start",
    stock: 0,
    restocks: [{ day: 1, units: 700 }],
    minIdentity: true,
  },
  {
    name: "restocks listed out of order, one empty, two on one day",
    stock: 150,
    restocks: [
      { day: 6, units: 250 },
      { day: 3, units: 0 },
      { day: 3, units: 120 },
      { day: 6, units: 30 },
    ],
    minIdentity: true,
  },
  {
    name: "supply exceeds demand, never runs out",
    stock: 1000,
    restocks: [{ day: 5, units: 1500 }],
    minIdentity: true,
  },
  {
    name: "late restock: lost before it lands, left over after",
    stock: 100,
    restocks: [
      { day: 2, units: 100 },
      { day: 10, units: 5000 },
    ],
    minIdentity: false,
  },
];

describe("stock: purchases and losses follow the lost-sales recursion exactly", () => {
  for (const k of cases)
    test(k.name, () => {
      const plan = compile(
        parseScenario(directOnly(10, 200, supplyYaml(k.stock, k.restocks)), "inline.yaml"),
      );
      for (let r = 0; r < 5; r++) {
        const run = simulate(plan, r);
        const n = run.counters;
        expect(n[C.purchaseAttempts]).toBe(n[C.clicked]);
        expect(Array.from(run.lostBySlot.lostStock)).toEqual(
          lostBySlot(run.clicksBySlot, k.stock, k.restocks),
        );
        checkConservation(run, k.stock, k.restocks);
        const supply = k.stock + k.restocks.reduce((a, x) => a + x.units, 0);
        const min = Math.min(n[C.purchaseAttempts], supply);
        if (k.minIdentity) expect(n[C.purchased]).toBe(min);
        else expect(n[C.purchased]).toBeLessThan(min);
      }
    });

  test("unlimited stock loses nothing", () => {
    const plan = compile(
      parseScenario(
        directOnly(3, 200, supplyYaml("unlimited", [{ day: 2, units: 10 }])),
        "inline.yaml",
      ),
    );
    const n = simulate(plan, 0).counters;
    expect(n[C.lostStock]).toBe(0);
    expect(n[C.purchased]).toBe(n[C.purchaseAttempts]);
    expect(n[C.stockOutMin]).toBeNaN();
  });

  test("direct and after-consultation attempts together (sessions, a busy site, impatient queue)", () => {
    const yaml = `
name: stock, mixed purchase paths
seed: ${SEED}
horizon: { days: 7 }
marketing:
  budget: 0
  channels:
    - { name: a, reach: 40000, clickRate: 0.1, mix: { x: 0.7, y: 0.3 } }
    - { name: b, reach: 20000, clickRate: 0.05, mix: { y: 1 } }
  traffic: { daily: [1, 2, 3, 1, 1, 2, 1], hourly: uniform }
segments:
  x: { consultRate: 0.4, directRate: 0.3, closeRate: 0.5 }
  y: { consultRate: 0.1, directRate: 0.6, closeRate: 0.8 }
site:
  capacity: 4
  session: { dist: lognormal, mean: 6, sd: 4 }
sales:
  consultants: 2
  handleTime: { dist: gamma, mean: 8, sd: 3 }
  patience: { dist: uniform, min: 0, max: 20 }
supply: { stock: 200, price: 1, restock: [] }
`;
    const scenarios: { stock: number; restocks: Restock[] }[] = [
      {
        stock: 200,
        restocks: [
          { day: 2, units: 150 },
          { day: 3, units: 100 },
        ],
      }, // runs out late: all sold
      { stock: 20, restocks: [{ day: 7, units: 5000 }] }, // late restock left over
      { stock: 100000, restocks: [] }, // never runs out
    ];
    for (const sc of scenarios) {
      const restock = `[${sc.restocks.map((r) => `{day: ${r.day}, units: ${r.units}}`).join(", ")}]`;
      const plan = compile(
        parseScenario(yaml, "inline.yaml", [
          `supply.stock=${sc.stock}`,
          `supply.restock=${restock}`,
        ]),
      );
      for (let r = 0; r < 5; r++) {
        const run = simulate(plan, r);
        expect(run.counters[C.consultPurchaseAttempts]).toBeGreaterThan(0);
        expect(run.counters[C.directAttempts]).toBeGreaterThan(0);
        checkConservation(run, sc.stock, sc.restocks);
      }
    }
  });
});

/** mulberry32: a small seeded generator for the kernel's random cases. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe("purchase kernel: the lost-sales formula attempt by attempt", () => {
  test("random attempt times, restocks and stock", () => {
    const rand = mulberry32(SEED * 7919 + 17);
    const days = 5;
    const horizon = days * 1440;
    const int = (n: number) => Math.floor(rand() * n);
    for (let trial = 0; trial < 200; trial++) {
      const stock = int(60);
      const restocks: Restock[] = Array.from({ length: int(4) }, () => ({
        day: 1 + int(days),
        units: int(80),
      }));
      const plan = compile(
        parseScenario(directOnly(days, 10, supplyYaml(stock, restocks)), "inline.yaml"),
      );
      const landing = restocks.map((r) => (r.day - 1) * 1440);
      // Attempts anywhere in the horizon, some exactly when a restock lands; consult attempts
      // also after the horizon (consultations run on), and unsorted, as the consult stage emits them.
      const pick = (span: number) =>
        landing.length > 0 && rand() < 0.1 ? landing[int(landing.length)] : rand() * span;
      const direct = Float64Array.from({ length: int(150) }, () => pick(horizon)).sort();
      const afterConsult = Float64Array.from({ length: int(150) }, () => pick(horizon + 600));
      const expectedAttempts = [...direct, ...afterConsult].sort((a, b) => a - b);

      const counters = newCounters();
      const lostStockBySlot = new Uint32Array(days * 24);
      purchase.serveAttempts?.(mergeAttempts(direct, afterConsult.slice()), {
        plan,
        replication: 0,
        counters,
        C,
        segmentOf: () => 0,
        lostBySlot: () => lostStockBySlot,
      });

      // lost after attempt i = max(0, max_{k ≤ i} (k + 1 − S(t_k))), S(t) = stock + restocks landed by t.
      const expectedLost = new Array<number>(days * 24).fill(0);
      let worst = 0;
      let firstLoss = NaN;
      expectedAttempts.forEach((t, k) => {
        const supplied =
          stock + restocks.reduce((a, r, q) => a + (landing[q] <= t ? r.units : 0), 0);
        const next = Math.max(worst, k + 1 - supplied);
        if (next > worst) {
          expectedLost[Math.min(Math.floor(t / 60), days * 24 - 1)]++;
          if (Number.isNaN(firstLoss)) firstLoss = t;
        }
        worst = next;
      });
      expect(counters[C.purchaseAttempts]).toBe(expectedAttempts.length);
      expect(counters[C.lostStock]).toBe(worst);
      expect(counters[C.purchased]).toBe(expectedAttempts.length - worst);
      expect(Array.from(lostStockBySlot)).toEqual(expectedLost);
      if (worst === 0) expect(counters[C.stockOutMin]).toBeNaN();
      else expect(counters[C.stockOutMin]).toBe(firstLoss);
    }
  });
});
