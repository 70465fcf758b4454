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

// The site (hosting) stage is a loss system M/G/c/c: clicks arrive at a constant rate λ
// (uniform daily and hourly traffic: Poisson arrivals given their count), a click that finds
// all c session slots busy is lost. Its blocking probability is Erlang B with offered load
// a = λ·E[session], whatever the session distribution (insensitivity), so the same check runs
// with exponential, lognormal, fixed and uniform sessions. Nobody consults or buys
// (consultRate = directRate = 0), so consultants and stock play no part.
//
// Estimate per replication: lost/clicked over the hour slots after a warm-up of WARMUP_SLOTS
// hours (the engine starts with an empty site). For exponential sessions transientBias gives
// the empty start's bias exactly: 2.4e-5 over the whole run without a warm-up (1% of the
// half-width), 6e-13 after a 1 h warm-up, 0 to double precision after 6 h; the test computes
// it and allows for it. For the other session laws there is no closed form for the transient;
// we rely on the 6 h warm-up (≥ 36 mean sessions, against a relaxation time of about one mean
// session for exponential sessions) and take their leftover as 0 — an assumption, not a bound.

const SEED = Number(process.env.THEORY_SEED ?? 1);
const WARMUP_SLOTS = 6;
const R = 30;
const CLICK_RATE = 0.1;

function scenario(days: number, lambda: number): { yaml: string; lambda: number } {
  const reach = Math.round((lambda * days * 1440) / CLICK_RATE);
  const yaml = `
name: hosting vs Erlang B
seed: ${SEED}
horizon: { days: ${days} }
marketing:
  budget: 0
  channels:
    - { name: all, reach: ${reach}, clickRate: ${CLICK_RATE}, mix: { x: 1 } }
  traffic: { daily: uniform, hourly: uniform }
segments:
  x: { consultRate: 0, directRate: 0, closeRate: 0 }
site:
  capacity: 10
  session: { dist: exponential, mean: 5 }
sales:
  consultants: 1
  handleTime: { dist: exponential, mean: 10 }
supply:
  stock: 0
  price: 1
`;
  // The arrival rate the engine actually uses: expected clicks over the horizon.
  return { yaml, lambda: (reach * CLICK_RATE) / (days * 1440) };
}

interface Case {
  name: string;
  days: number;
  lambda: number;
  capacity: number;
  session: string;
  meanSession: number;
  /** Exponential sessions: the chain is exact, so the warm-up's leftover can be computed. */
  exponential?: boolean;
}

const cases: Case[] = [
  {
    name: "exponential sessions, c = 10, a = 8",
    days: 28,
    lambda: 1.6,
    capacity: 10,
    session: "{dist: exponential, mean: 5}",
    meanSession: 5,
    exponential: true,
  },
  {
    name: "lognormal sessions (CV 2), c = 10, a = 8",
    days: 28,
    lambda: 1.6,
    capacity: 10,
    session: "{dist: lognormal, mean: 5, sd: 10}",
    meanSession: 5,
  },
  {
    name: "fixed sessions, c = 40, a = 36",
    days: 4,
    lambda: 12,
    capacity: 40,
    session: "{dist: fixed, value: 3}",
    meanSession: 3,
  },
  {
    name: "uniform sessions, c = 5, a = 3",
    days: 140,
    lambda: 0.3,
    capacity: 5,
    session: "{dist: uniform, min: 0, max: 20}",
    meanSession: 10,
  },
];

describe("site loss vs Erlang B (M/G/c/c, insensitive to the session law)", () => {
  afterAll(() => expect(checksMade("hosting")).toBeLessThanOrEqual(CHECKS_PER_FILE.hosting));

  for (const k of cases)
    test(k.name, () => {
      const { yaml, lambda } = scenario(k.days, k.lambda);
      const plan = compile(
        parseScenario(yaml, "inline.yaml", [
          `site.capacity=${k.capacity}`,
          `site.session=${k.session}`,
        ]),
      );
      const lost: number[] = [];
      const clicks: number[] = [];
      for (let r = 0; r < R; r++) {
        const run = simulate(plan, r);
        const n = run.counters;
        // Bookkeeping the estimate relies on, exactly.
        expect(run.lostBySlot.lostHosting.reduce((a, b) => a + b, 0)).toBe(n[C.lostHosting]);
        expect(run.clicksBySlot.reduce((a, b) => a + b, 0)).toBe(n[C.clicked]);
        expect(n[C.served]).toBe(n[C.clicked] - n[C.lostHosting]);
        expect(n[C.peakSessions]).toBe(k.capacity);
        let l = 0;
        let c = 0;
        for (let s = WARMUP_SLOTS; s < run.clicksBySlot.length; s++) {
          l += run.lostBySlot.lostHosting[s];
          c += run.clicksBySlot[s];
        }
        lost.push(l);
        clicks.push(c);
      }
      const f = (lam: number) => erlangB(k.capacity, lam * k.meanSession);
      let bias = 0;
      if (k.exponential) {
        const chain = { c: k.capacity, lambda, mu: 1 / k.meanSession, theta: 0, top: k.capacity };
        [bias] = transientBias(
          chain,
          [arrivalFunctionals(chain).blocked],
          k.days * 1440,
          { start: () => 1 },
          WARMUP_SLOTS * 60,
        );
        expect(Math.abs(bias)).toBeLessThan(1e-12);
      }
      const check = checkRatio(
        "hosting",
        `Erlang B, ${k.name}: lost/clicked`,
        lost,
        clicks,
        f(lambda),
        {
          bias: Math.abs(bias),
          slope: rateSlope(f, lambda),
        },
      );
      expect(Math.abs(check.mean - check.theory)).toBeLessThanOrEqual(
        check.halfWidth + check.allowance,
      );
    });
});
