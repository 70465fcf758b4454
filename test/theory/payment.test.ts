import { afterAll, describe, expect, test } from "vitest";
import { C, compile, parseScenario, simulate } from "../../src/index.js";
import {
  arrivalFunctionals,
  CHECKS_PER_FILE,
  checkRatio,
  checksMade,
  erlangB,
  rateSlope,
  transientBias,
} from "./erlang.js";

// The checkout's payment gateway is a loss system M/G/c/c, like the site: a payment that finds
// its c sessions busy is lost. Every click tries to buy at once (session fixed 0, directRate 1,
// site and stock unlimited, no bounce), so the payments arrive as the clicks do, at a constant
// rate λ (Poisson given their count), and a slot's payments are its clicks. A failed payment
// holds its session like any other (the gateway worked on it), so failures do not change the
// offered load a = λ·E[duration]; blocking is Erlang B(c, a) whatever the duration law.
// Estimate per replication: lostPaymentFull/clicks over the slots after WARMUP_SLOTS hours;
// for exponential durations the empty start's leftover is computed as in hosting.test.ts.
//
// Abandonment at checkout thins the stream by each visitor's own draw: the share left is
// checked against abandonRate (a binomial proportion, the same replication check).

const SEED = Number(process.env.THEORY_SEED ?? 1);
const WARMUP_SLOTS = 6;
const R = 30;
const CLICK_RATE = 0.1;

function scenario(days: number, lambda: number, checkout: string) {
  const reach = Math.round((lambda * days * 1440) / CLICK_RATE);
  const yaml = `
name: payment gateway vs Erlang B
seed: ${SEED}
horizon: { days: ${days} }
marketing:
  budget: 0
  channels:
    - { name: all, reach: ${reach}, clickRate: ${CLICK_RATE}, mix: { x: 1 } }
  traffic: { daily: uniform, hourly: uniform }
segments:
  x: { consultRate: 0, directRate: 1, closeRate: 0 }
site:
  capacity: unlimited
  bounceRate: 0
  session: { dist: fixed, value: 0 }
sales:
  consultants: 1
  handleTime: { dist: exponential, mean: 10 }
supply:
  stock: unlimited
  price: 1
checkout: ${checkout}
`;
  return { yaml, lambda: (reach * CLICK_RATE) / (days * 1440) };
}

const cases = [
  {
    name: "exponential payments, c = 10, a = 8, 10 % failing",
    days: 28,
    lambda: 1.6,
    capacity: 10,
    duration: "{dist: exponential, mean: 5}",
    mean: 5,
    failureRate: 0.1,
    exponential: true,
  },
  {
    name: "lognormal payments (CV 2), c = 5, a = 3",
    days: 56,
    lambda: 0.6,
    capacity: 5,
    duration: "{dist: lognormal, mean: 5, sd: 10}",
    mean: 5,
    failureRate: 0,
    exponential: false,
  },
];

describe("payment gateway loss vs Erlang B (M/G/c/c)", () => {
  afterAll(() => expect(checksMade("payment")).toBeLessThanOrEqual(CHECKS_PER_FILE.payment));

  for (const k of cases)
    test(k.name, () => {
      const { yaml, lambda } = scenario(
        k.days,
        k.lambda,
        `{payment: {capacity: ${k.capacity}, duration: ${k.duration}, failureRate: ${k.failureRate}}}`,
      );
      const plan = compile(parseScenario(yaml, "inline.yaml"));
      const lost: number[] = [];
      const clicks: number[] = [];
      for (let r = 0; r < R; r++) {
        const run = simulate(plan, r);
        const n = run.counters;
        // Bookkeeping the estimate relies on, exactly.
        expect(n[C.checkoutStarted]).toBe(n[C.clicked]);
        expect(run.lostBySlot.lostPaymentFull.reduce((a, b) => a + b, 0)).toBe(
          n[C.lostPaymentFull],
        );
        expect(n[C.paid] + n[C.lostPaymentFull] + n[C.lostPaymentFailed]).toBe(
          n[C.checkoutStarted],
        );
        expect(n[C.purchased]).toBe(n[C.paid]);
        let l = 0;
        let c = 0;
        for (let s = WARMUP_SLOTS; s < run.clicksBySlot.length; s++) {
          l += run.lostBySlot.lostPaymentFull[s];
          c += run.clicksBySlot[s];
        }
        lost.push(l);
        clicks.push(c);
      }
      const f = (lam: number) => erlangB(k.capacity, lam * k.mean);
      let bias = 0;
      if (k.exponential) {
        const chain = { c: k.capacity, lambda, mu: 1 / k.mean, theta: 0, top: k.capacity };
        [bias] = transientBias(
          chain,
          [arrivalFunctionals(chain).blocked],
          k.days * 1440,
          { start: () => 1 },
          WARMUP_SLOTS * 60,
        );
      }
      const check = checkRatio(
        "payment",
        `Erlang B, ${k.name}: lostPaymentFull/attempts`,
        lost,
        clicks,
        f(lambda),
        { bias: Math.abs(bias), slope: rateSlope(f, lambda) },
      );
      expect(Math.abs(check.mean - check.theory)).toBeLessThanOrEqual(
        check.halfWidth + check.allowance,
      );
    });

  test("abandonment at checkout leaves the share abandonRate says", () => {
    const { yaml } = scenario(7, 1, "{abandonRate: 0.3}");
    const plan = compile(parseScenario(yaml, "inline.yaml"));
    const left: number[] = [];
    const started: number[] = [];
    for (let r = 0; r < R; r++) {
      const n = simulate(plan, r).counters;
      expect(n[C.paid] + n[C.lostCheckoutAbandon]).toBe(n[C.checkoutStarted]);
      left.push(n[C.lostCheckoutAbandon]);
      started.push(n[C.checkoutStarted]);
    }
    const check = checkRatio("payment", "abandoned/started at checkout", left, started, 0.3);
    expect(Math.abs(check.mean - check.theory)).toBeLessThanOrEqual(
      check.halfWidth + check.allowance,
    );
  });
});
