import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { C, COUNTER_NAMES, compile, parseScenario, simulate, summarize } from "../../src/index.js";
import { STAGES } from "../../src/model/stages.js";
import { WorkerPool } from "../../src/parallel/pool.js";
import { runReplications } from "../../src/parallel/runs.js";
import { propRuns } from "../propRuns.js";

// The checkout stage's invariants, over random checkouts on the shipped actual case scaled down
// (a tenth of its reach, so each run is quick), with its consultants and stock varied too.

const FILE = "scenarios/alpha-content-actual.yaml";
const TEXT = readFileSync(FILE, "utf8");
const SMALL = ["marketing.channels.0.reach=180000", "marketing.channels.1.reach=70000"];

const rate = fc.double({ min: 0, max: 1, noNaN: true });
const duration = fc.oneof(
  fc.constant("{dist: fixed, value: 0}"),
  fc.double({ min: 0.1, max: 30, noNaN: true }).map((m) => `{dist: exponential, mean: ${m}}`),
  fc
    .tuple(
      fc.double({ min: 0.5, max: 20, noNaN: true }),
      fc.double({ min: 0.5, max: 40, noNaN: true }),
    )
    .map(([m, s]) => `{dist: lognormal, mean: ${m}, sd: ${s}}`),
  fc.constant("{dist: uniform, min: 1, max: 9}"),
  fc.constant("{dist: gamma, mean: 4, sd: 3}"),
);
const abandon = fc.oneof(
  rate.map(String),
  fc
    .record({ gamers: rate, dealers: rate })
    .map((m) => `{gamers: ${m.gamers}, dealers: ${m.dealers}}`),
);
const checkoutArb = fc.record({
  abandonRate: abandon,
  abandonDepartment: fc.constantFrom("marketing", "it"),
  failureRate: rate,
  capacity: fc.oneof(fc.integer({ min: 1, max: 12 }).map(String), fc.constant("unlimited")),
  duration,
});
type CheckoutArgs = typeof checkoutArb extends fc.Arbitrary<infer T> ? T : never;
const checkoutYaml = (c: CheckoutArgs) =>
  `{abandonRate: ${c.abandonRate}, abandonDepartment: ${c.abandonDepartment}, payment: {failureRate: ${c.failureRate}, capacity: ${c.capacity}, duration: ${c.duration}}}`;
const capacities = fc.record({
  consultants: fc.integer({ min: 0, max: 6 }),
  stock: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constant("unlimited")),
  seed: fc.integer({ min: 1, max: 1000 }),
});

function runWith(sets: string[]) {
  const scenario = parseScenario(TEXT, FILE, [...SMALL, ...sets]);
  const plan = compile(scenario);
  const result = simulate(plan);
  const c = Object.fromEntries(COUNTER_NAMES.map((n) => [n, result.counters[C[n]]]));
  return { scenario, plan, result, c };
}
const base = (k: { consultants: number; stock: number | string; seed: number }) => [
  "sales.shifts=null",
  `sales.consultants=${k.consultants}`,
  `supply.stock=${k.stock}`,
  `seed=${k.seed}`,
];
const runs = propRuns(Number(process.env.FC_NUM_RUNS ?? 25));
// The built worker (npm test builds before vitest runs).
const WORKER = new URL("../../dist/worker.cjs", import.meta.url);

/** Counters of the stages before checkout: nothing checkout does may move them. */
const UPSTREAM = STAGES.slice(
  0,
  STAGES.findIndex((s) => s.name === "checkout"),
).flatMap((s) => s.counters.map((c) => c.name));

describe("checkout invariants", () => {
  it("every attempt is counted once: left, lost to the gateway, failed or paid; the paid go to the stock", () => {
    fc.assert(
      fc.property(checkoutArb, capacities, (ch, k) => {
        const { scenario, plan, result, c } = runWith([...base(k), `checkout=${checkoutYaml(ch)}`]);
        expect(c.checkoutStarted).toBe(c.directAttempts + c.consultPurchaseAttempts);
        expect(c.checkoutStarted).toBe(
          c.lostCheckoutAbandon + c.lostPaymentFull + c.lostPaymentFailed + c.paid,
        );
        expect(c.purchaseAttempts).toBe(c.paid);
        expect(c.purchaseAttempts).toBe(c.purchased + c.lostStock);
        if (ch.capacity === "unlimited") expect(c.lostPaymentFull).toBe(0);
        expect(result.lostBySlot.lostPaymentFull.reduce((a, b) => a + b, 0)).toBe(
          c.lostPaymentFull,
        );
        // The report's losses cover every reached person who did not buy, once.
        const report = summarize(scenario, plan, result);
        const lost = report.losses.reduce((n, l) => n + l.agents, 0);
        expect(lost + report.funnel.purchased).toBe(report.funnel.reached);
        const left = report.losses.find((l) => l.counter === "lostCheckoutAbandon");
        expect(left?.department).toBe(ch.abandonDepartment);
      }),
      { numRuns: runs },
    );
  });

  it("a checkout that loses nobody and takes no time changes nothing", () => {
    fc.assert(
      fc.property(capacities, (k) => {
        const without = runWith(base(k));
        const neutral = runWith([
          ...base(k),
          "checkout={abandonRate: 0, payment: {failureRate: 0, capacity: unlimited}}",
        ]);
        for (const name of COUNTER_NAMES)
          if (name !== "checkoutStarted" && name !== "paid")
            expect(neutral.c[name], name).toEqual(without.c[name]);
        expect(neutral.c.paid).toBe(neutral.c.checkoutStarted);
        // Without the section, the report has no checkout figures at all.
        const report = summarize(without.scenario, without.plan, without.result);
        expect("checkoutStarted" in report.funnel).toBe(false);
        expect(report.losses.some((l) => l.counter === "lostCheckoutAbandon")).toBe(false);
      }),
      { numRuns: runs },
    );
  });

  it("lifting the payment capacity moves nothing upstream and nobody's decision to leave", () => {
    fc.assert(
      fc.property(checkoutArb, capacities, (ch, k) => {
        const limited = { ...ch, capacity: ch.capacity === "unlimited" ? "3" : ch.capacity };
        const a = runWith([...base(k), `checkout=${checkoutYaml(limited)}`]);
        const b = runWith([
          ...base(k),
          `checkout=${checkoutYaml({ ...limited, capacity: "unlimited" })}`,
        ]);
        for (const name of UPSTREAM) expect(b.c[name], name).toEqual(a.c[name]);
        // Each visitor's own draws decide who leaves at checkout, before any payment session.
        expect(b.c.lostCheckoutAbandon).toBe(a.c.lostCheckoutAbandon);
        expect(b.c.lostPaymentFull).toBe(0);
        // The same people leave and fail either way: whoever paid through the limit pays without it.
        expect(b.c.paid).toBeGreaterThanOrEqual(a.c.paid);
      }),
      { numRuns: runs },
    );
  });

  it("worker threads give the same checkout as this thread, replication by replication", async () => {
    const sets = [
      ...SMALL,
      "checkout={abandonRate: {gamers: 0.2}, payment: {failureRate: 0.05, capacity: 1, duration: {dist: gamma, mean: 240, sd: 120}}}",
    ];
    const plan = compile(parseScenario(TEXT, FILE, sets));
    const pool = (await WorkerPool.open(2, WORKER))!;
    try {
      const there = await runReplications(plan, 3, pool);
      const here = await runReplications(plan, 3, null);
      there.forEach((run, r) => {
        expect(Array.from(run.counters)).toEqual(Array.from(here[r].counters));
        expect(Array.from(run.lostBySlot.lostPaymentFull)).toEqual(
          Array.from(here[r].lostBySlot.lostPaymentFull),
        );
      });
      expect(here[0].counters[C.lostPaymentFull]).toBeGreaterThan(0);
    } finally {
      await pool.destroy();
    }
  });
});
