import { afterAll, describe, expect, test } from "vitest";
import { C, compile, parseScenario, simulate } from "../../src/index.js";
import {
  arrivalFunctionals,
  CHECKS_PER_FILE,
  checkRatio,
  checksMade,
  erlangAChain,
  erlangC,
  erlangCMeanWait,
  rateSlope,
  transientBias,
} from "./erlang.js";

// The consult stage without `patience` (everyone waits) is M/M/c with FCFS: P(wait > 0) is
// Erlang C and the mean wait C/(cμ − λ). The site is unlimited, so every click is served and
// its consult request is made at its session end: the departures of an M/G/∞ queue fed by a
// Poisson stream, hence Poisson (rate λ·consultRate once the first sessions have ended).
//
// Estimates per replication: waitedForConsultant/consultRequests and
// waitMinConsulted/consulted, over the whole run (the engine keeps them as totals). The run
// starts with no one in the queue and the request rate ramps up as λ(1 − e^(−t/s)) (s the mean
// session) and drains as λ·e^(−τ/s) after the horizon, which lowers both figures a little;
// transientBias computes that deterministic bias exactly for this chain, and it is allowed for
// on top of the sampling half-width (it is a few percent of the half-width here).

const SEED = Number(process.env.THEORY_SEED ?? 1);
const R = 30;
const CLICK_RATE = 0.1;
const SESSION_MEAN = 2;

interface Case {
  name: string;
  days: number;
  /** Consult requests per minute. */
  lambda: number;
  consultants: number;
  handleMean: number;
}

const cases: Case[] = [
  { name: "c = 10, a = 8 (ρ = 0.8)", days: 56, lambda: 0.8, consultants: 10, handleMean: 10 },
  { name: "c = 20, a = 15 (ρ = 0.75)", days: 36, lambda: 1.5, consultants: 20, handleMean: 10 },
  { name: "M/M/1, ρ = 0.7", days: 366, lambda: 0.14, consultants: 1, handleMean: 5 },
];

describe("consult stage vs Erlang C (M/M/c, infinite patience)", () => {
  afterAll(() => expect(checksMade("erlangC")).toBeLessThanOrEqual(CHECKS_PER_FILE.erlangC));

  for (const k of cases)
    test(k.name, () => {
      const reach = Math.round((k.lambda * k.days * 1440) / CLICK_RATE);
      const lambda = (reach * CLICK_RATE) / (k.days * 1440);
      const mu = 1 / k.handleMean;
      const yaml = `
name: consult vs Erlang C
seed: ${SEED}
horizon: { days: ${k.days} }
marketing:
  budget: 0
  channels:
    - { name: all, reach: ${reach}, clickRate: ${CLICK_RATE}, mix: { x: 1 } }
segments:
  x: { consultRate: 1, directRate: 0, closeRate: 0 }
site:
  capacity: unlimited
  session: { dist: exponential, mean: ${SESSION_MEAN} }
sales:
  consultants: ${k.consultants}
  handleTime: { dist: exponential, mean: ${k.handleMean} }
supply:
  stock: unlimited
  price: 1
`;
      const plan = compile(parseScenario(yaml, "inline.yaml"));
      const waited: number[] = [];
      const requests: number[] = [];
      const waitMin: number[] = [];
      const consulted: number[] = [];
      const p90: number[] = [];
      for (let r = 0; r < R; r++) {
        const n = simulate(plan, r).counters;
        expect(n[C.consultRequests]).toBe(n[C.clicked]);
        expect(n[C.lostAbandon]).toBe(0);
        expect(n[C.unservedAtEnd]).toBe(0);
        expect(n[C.consulted]).toBe(n[C.consultRequests]);
        waited.push(n[C.waitedForConsultant]);
        requests.push(n[C.consultRequests]);
        waitMin.push(n[C.waitMinConsulted]);
        consulted.push(n[C.consulted]);
        p90.push(n[C.waitP90Consulted]);
      }

      const chain = erlangAChain(k.consultants, lambda, mu, 0);
      const g = arrivalFunctionals(chain);
      const [biasWait, biasMeanWait] = transientBias(
        chain,
        [g.waits, g.waitTimesServed],
        k.days * 1440,
        {
          start: (t) => 1 - Math.exp(-t / SESSION_MEAN),
          end: (tau) => Math.exp(-tau / SESSION_MEAN),
        },
      );

      const pWait = (lam: number) => erlangC(k.consultants, lam / mu);
      const c1 = checkRatio(
        "erlangC",
        `Erlang C, ${k.name}: P(wait > 0)`,
        waited,
        requests,
        pWait(lambda),
        {
          bias: biasWait,
          slope: rateSlope(pWait, lambda),
        },
      );
      expect(Math.abs(c1.mean - c1.theory)).toBeLessThanOrEqual(c1.halfWidth + c1.allowance);

      const meanWait = (lam: number) => erlangCMeanWait(k.consultants, lam, mu);
      const c2 = checkRatio(
        "erlangC",
        `Erlang C, ${k.name}: mean wait (min)`,
        waitMin,
        consulted,
        meanWait(lambda),
        {
          bias: biasMeanWait,
          slope: rateSlope(meanWait, lambda),
        },
      );
      expect(Math.abs(c2.mean - c2.theory)).toBeLessThanOrEqual(c2.halfWidth + c2.allowance);

      // The 90th percentile of the wait: P(W > t) = C·e^(−(cμ − λ)t), so t90 = ln(10 C)/(cμ − λ)
      // when C > 0.1. A sample quantile moves by ΔP/f(t90) when the tail probability moves by
      // ΔP, with f(t90) = 0.1·(cμ − λ) the wait's density there; the transient's ΔP is at most
      // its bias on P(wait > 0), so that, scaled, is the allowance (the sampling part is in the
      // replications' spread).
      const decay = k.consultants * mu - lambda;
      const cWait = pWait(lambda);
      const c3 = checkRatio(
        "erlangC",
        `Erlang C, ${k.name}: 90th percentile of the wait (min)`,
        p90,
        p90.map(() => 1),
        cWait > 0.1 ? Math.log(10 * cWait) / decay : 0,
        { bias: Math.abs(biasWait) / (0.1 * decay) },
      );
      expect(Math.abs(c3.mean - c3.theory)).toBeLessThanOrEqual(c3.halfWidth + c3.allowance);
    });
});
