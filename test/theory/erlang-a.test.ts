import { afterAll, describe, expect, test } from "vitest";
import { C, compile, parseScenario, simulate } from "../../src/index.js";
import {
  arrivalFunctionals,
  CHECKS_PER_FILE,
  checkRatio,
  checksMade,
  erlangA,
  erlangAChain,
  rateSlope,
  transientBias,
} from "./erlang.js";

// The consult stage with exponential `patience` is Palm's M/M/c+M (Erlang A): FCFS, c
// consultants, exp(μ) handling, exp(θ) patience; a request whose wait would exceed its
// patience abandons. Reference: the birth–death chain of the number in system (death rate
// min(n, c)μ + (n − c)⁺θ), P(abandon) = θ·E[queue]/λ; P(waited and served) and the mean wait
// of the served from the state an arrival finds (PASTA; see arrivalFunctionals).
// As in erlang-c.test.ts the site is unlimited, so requests are the Poisson departures of an
// M/G/∞ site (thinned by consultRate), and the empty start, the ramp-up and the drain are
// allowed for by transientBias.

const SEED = Number(process.env.THEORY_SEED ?? 1);
const R = 30;
const CLICK_RATE = 0.1;

interface Case {
  name: string;
  days: number;
  /** Consult requests per minute. */
  lambda: number;
  consultRate: number;
  consultants: number;
  handleMean: number;
  patienceMean: number;
  sessionMean: number;
}

const cases: Case[] = [
  // Critically loaded, impatient; half the visitors consult, some buy directly (other paths run).
  {
    name: "c = 10, a = 10, patience 5, handle 10",
    days: 36,
    lambda: 1.0,
    consultRate: 0.5,
    consultants: 10,
    handleMean: 10,
    patienceMean: 5,
    sessionMean: 2,
  },
  // The consult stage of bench/r1.yaml: 10 M reached × 0.10 clicks × 0.20 consult over 30 days.
  {
    name: "R1's consult load, c = 45, a = 46.3",
    days: 10,
    lambda: (1e6 * 0.2) / (30 * 1440),
    consultRate: 1,
    consultants: 45,
    handleMean: 10,
    patienceMean: 5,
    sessionMean: 5,
  },
  // Overloaded (ρ = 1.1) but patient: a long queue, abandonment balances the excess.
  {
    name: "c = 5, ρ = 1.1, patience 50, handle 5",
    days: 40,
    lambda: 1.1,
    consultRate: 1,
    consultants: 5,
    handleMean: 5,
    patienceMean: 50,
    sessionMean: 2,
  },
];

describe("consult stage vs Erlang A (M/M/c+M)", () => {
  afterAll(() => expect(checksMade("erlangA")).toBeLessThanOrEqual(CHECKS_PER_FILE.erlangA));

  for (const k of cases)
    test(k.name, () => {
      const clicksPerMin = k.lambda / k.consultRate;
      const reach = Math.round((clicksPerMin * k.days * 1440) / CLICK_RATE);
      const lambda = (reach * CLICK_RATE * k.consultRate) / (k.days * 1440);
      const [mu, theta] = [1 / k.handleMean, 1 / k.patienceMean];
      const yaml = `
name: consult vs Erlang A
seed: ${SEED}
horizon: { days: ${k.days} }
marketing:
  budget: 0
  channels:
    - { name: all, reach: ${reach}, clickRate: ${CLICK_RATE}, mix: { x: 1 } }
segments:
  x: { consultRate: ${k.consultRate}, directRate: 0.3, closeRate: 0.4 }
site:
  capacity: unlimited
  session: { dist: exponential, mean: ${k.sessionMean} }
sales:
  consultants: ${k.consultants}
  handleTime: { dist: exponential, mean: ${k.handleMean} }
  patience: { dist: exponential, mean: ${k.patienceMean} }
supply:
  stock: unlimited
  price: 1
`;
      const plan = compile(parseScenario(yaml, "inline.yaml"));
      const abandoned: number[] = [];
      const waited: number[] = [];
      const requests: number[] = [];
      const waitMin: number[] = [];
      const consulted: number[] = [];
      for (let r = 0; r < R; r++) {
        const n = simulate(plan, r).counters;
        expect(n[C.unservedAtEnd]).toBe(0);
        expect(n[C.consulted] + n[C.lostAbandon]).toBe(n[C.consultRequests]);
        abandoned.push(n[C.lostAbandon]);
        waited.push(n[C.waitedForConsultant]);
        requests.push(n[C.consultRequests]);
        waitMin.push(n[C.waitMinConsulted]);
        consulted.push(n[C.consulted]);
      }

      const theory = (lam: number) => erlangA(k.consultants, lam, mu, theta);
      const th = theory(lambda);
      const chain = erlangAChain(k.consultants, lambda, mu, theta);
      const g = arrivalFunctionals(chain);
      const [bAbandon, bWaitServed, bWaitTimes] = transientBias(
        chain,
        [g.abandons, g.waitsServed, g.waitTimesServed],
        k.days * 1440,
        {
          start: (t) => 1 - Math.exp(-t / k.sessionMean),
          end: (tau) => Math.exp(-tau / k.sessionMean),
        },
      );
      // Mean wait of the served = E[wait·1{served}]/E[1{served}]; both per-request averages
      // carry a transient bias (served = 1 − abandons, so its bias is −bAbandon).
      const x = th.meanWaitServed * (1 - th.pAbandon);
      const y = 1 - th.pAbandon;
      const bMeanWait = Math.abs(x / y - (x - bWaitTimes) / (y + bAbandon));

      const checks = [
        checkRatio("erlangA", `Erlang A, ${k.name}: P(abandon)`, abandoned, requests, th.pAbandon, {
          bias: Math.abs(bAbandon),
          slope: rateSlope((lam) => theory(lam).pAbandon, lambda),
        }),
        checkRatio(
          "erlangA",
          `Erlang A, ${k.name}: P(waited and served)`,
          waited,
          requests,
          th.pWaitServed,
          {
            bias: Math.abs(bWaitServed),
            slope: rateSlope((lam) => theory(lam).pWaitServed, lambda),
          },
        ),
        checkRatio(
          "erlangA",
          `Erlang A, ${k.name}: mean wait of the served (min)`,
          waitMin,
          consulted,
          th.meanWaitServed,
          {
            bias: bMeanWait,
            slope: rateSlope((lam) => theory(lam).meanWaitServed, lambda),
          },
        ),
      ];
      for (const c of checks)
        expect(Math.abs(c.mean - c.theory), c.label).toBeLessThanOrEqual(c.halfWidth + c.allowance);
    });
});
