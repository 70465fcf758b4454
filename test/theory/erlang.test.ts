import { describe, expect, test } from "vitest";
import {
  arrivalFunctionals,
  erlangA,
  erlangAChain,
  erlangB,
  erlangC,
  erlangCMeanWait,
  stationary,
  studentTQuantileUpper,
  transientBias,
} from "./erlang.js";

// The reference formulas the theory tests compare the engine with, checked against exact
// textbook values and against each other.

/** Erlang B by its definition, in log space: (a^c/c!) / Σ_{k≤c} a^k/k!. */
function erlangBDirect(c: number, a: number): number {
  const logTerms = Array.from({ length: c + 1 }, (_, k) => {
    let l = k * Math.log(a);
    for (let i = 2; i <= k; i++) l -= Math.log(i);
    return l;
  });
  const max = Math.max(...logTerms);
  const sum = logTerms.reduce((s, l) => s + Math.exp(l - max), 0);
  return Math.exp(logTerms[c] - max) / sum;
}

/** Erlang C by its definition: (a^c/c!·c/(c−a)) / (Σ_{k<c} a^k/k! + a^c/c!·c/(c−a)). */
function erlangCDirect(c: number, a: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = (term * c) / (c - a);
  return top / (sum + top);
}

describe("Erlang B", () => {
  test("textbook values", () => {
    expect(erlangB(0, 3)).toBe(1);
    expect(erlangB(1, 1)).toBeCloseTo(1 / 2, 15);
    expect(erlangB(2, 1)).toBeCloseTo(1 / 5, 15);
    expect(erlangB(5, 2)).toBeCloseTo(4 / 109, 15); // Σ 2^k/k! (k ≤ 5) = 109/15
    expect(erlangB(10, 5)).toBeCloseTo(0.0183846, 6); // the classic table: 10 lines, 5 erlangs
  });

  test("matches the definition, and stays finite where the definition overflows", () => {
    for (const [c, a] of [
      [10, 8],
      [40, 36],
      [5, 3],
      [120, 100],
    ])
      expect(erlangB(c, a)).toBeCloseTo(erlangBDirect(c, a), 13);
    const big = erlangB(2000, 1950);
    expect(big).toBeCloseTo(erlangBDirect(2000, 1950), 12);
    expect(big).toBeGreaterThan(0);
  });

  test("is the top state of the loss chain", () => {
    const pi = stationary({ c: 10, lambda: 1.6, mu: 0.2, theta: 0, top: 10 });
    expect(pi[10]).toBeCloseTo(erlangB(10, 8), 14);
  });
});

describe("Erlang C", () => {
  test("textbook values", () => {
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 14); // M/M/1: P(wait) = ρ
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 14);
    // M/M/1 mean wait ρ/(μ − λ); M/M/2 with a = 1, μ = 1: C/(2μ − λ) = 1/3.
    expect(erlangCMeanWait(1, 0.14, 0.2)).toBeCloseTo(0.7 / 0.06, 12);
    expect(erlangCMeanWait(2, 1, 1)).toBeCloseTo(1 / 3, 14);
  });

  test("matches the definition", () => {
    for (const [c, a] of [
      [10, 8],
      [20, 15],
      [50, 45],
    ])
      expect(erlangC(c, a)).toBeCloseTo(erlangCDirect(c, a), 13);
  });

  test("refuses an unstable load", () => {
    expect(() => erlangC(10, 10)).toThrow();
  });
});

describe("Erlang A (M/M/c+M)", () => {
  test("θ = μ is M/M/∞: N ~ Poisson(a), P(abandon) = E[(N − c)+]/a", () => {
    const [c, lambda, mu] = [10, 1.2, 0.1];
    const a = lambda / mu;
    let p = Math.exp(-a);
    let excess = 0;
    let wait = 0;
    for (let n = 0; n < 400; n++) {
      if (n >= c) {
        excess += (n - c) * p;
        wait += p;
      }
      p *= a / (n + 1);
    }
    const r = erlangA(c, lambda, mu, mu);
    expect(r.pAbandon).toBeCloseTo(excess / a, 13);
    expect(r.pWait).toBeCloseTo(wait, 13);
  });

  test("θ → 0 is Erlang C", () => {
    const r = erlangA(10, 0.8, 0.1, 1e-10);
    expect(r.pWait).toBeCloseTo(erlangC(10, 8), 8);
    expect(r.meanWaitServed).toBeCloseTo(erlangCMeanWait(10, 0.8, 0.1), 7);
    expect(r.pAbandon).toBeLessThan(1e-8);
  });

  test("θ·E[Q]/λ equals the abandonment averaged over the states arrivals find", () => {
    for (const [c, lambda, mu, theta] of [
      [10, 1.0, 0.1, 0.2],
      [45, 4.6296, 0.1, 0.2],
      [5, 1.1, 0.2, 0.02],
      [1, 3, 1, 0.5],
    ]) {
      const r = erlangA(c, lambda, mu, theta);
      expect(r.pAbandonByArrival).toBeCloseTo(r.pAbandon, 13);
      // Every abandoner waited: P(wait) = P(waited and served) + P(abandon).
      expect(r.pWait).toBeCloseTo(r.pWaitServed + r.pAbandon, 13);
      // The truncation leaves no mass that matters.
      expect(r.pi[r.chain.top]).toBeLessThan(1e-18);
    }
  });

  test("M/M/1+M: P(served | j waiting ahead incl. itself) telescopes to μ/(μ + jθ)", () => {
    const f = arrivalFunctionals({ c: 1, lambda: 1, mu: 2, theta: 0.5, top: 5 });
    // Arrival finding n = 3: position j = 3; survive stages at rates (μ + iθ), i = 1..3.
    const pServed = (2 / 2.5) * (2.5 / 3) * (3 / 3.5);
    expect(1 - f.abandons[3]).toBeCloseTo(pServed, 15);
    expect(f.waitTimesServed[3]).toBeCloseTo(pServed * (1 / 2.5 + 1 / 3 + 1 / 3.5), 15);
  });
});

describe("transient bias (empty start)", () => {
  test("M/M/∞ from empty: E N(t) = a(1 − e^(−μt)), so the deficit of g(n) = n is a/(μT)", () => {
    const ch = { c: 200, lambda: 1, mu: 0.2, theta: 0, top: 260 };
    const g = Float64Array.from({ length: ch.top + 1 }, (_, n) => n);
    const [bias] = transientBias(ch, [g], 100_000, { start: () => 1 });
    expect(bias).toBeCloseTo(5 / 0.2 / 100_000, 10);
  });

  test("a ramped start and a drain both lower the load an arrival sees", () => {
    const ch = erlangAChain(10, 0.8, 0.1, 0);
    const f = arrivalFunctionals(ch);
    const flat = transientBias(ch, [f.waits], 86_400, { start: () => 1 });
    const ramped = transientBias(ch, [f.waits], 86_400, {
      start: (t) => 1 - Math.exp(-t / 2),
      end: (tau) => Math.exp(-tau / 2),
    });
    expect(flat[0]).toBeGreaterThan(0);
    expect(ramped[0]).toBeGreaterThan(flat[0]);
    expect(ramped[0]).toBeLessThan(1e-3);
  });

  test("a warm-up of many service times leaves nothing of the start", () => {
    const ch = { c: 10, lambda: 1.6, mu: 0.2, theta: 0, top: 10 };
    const f = arrivalFunctionals(ch);
    const [full] = transientBias(ch, [f.blocked], 28_800, { start: () => 1 });
    const [skipped] = transientBias(ch, [f.blocked], 28_800, { start: () => 1 }, 360);
    expect(full).toBeGreaterThan(1e-5);
    expect(Math.abs(skipped)).toBeLessThan(1e-12);
  });
});

describe("Student's t quantiles", () => {
  test("match tabulated values (scipy.stats.t.isf)", () => {
    expect(studentTQuantileUpper(0.025, 1)).toBeCloseTo(12.706204736174705, 9);
    expect(studentTQuantileUpper(0.025, 10)).toBeCloseTo(2.2281388519862753, 11);
    expect(studentTQuantileUpper(0.005, 5)).toBeCloseTo(4.032142983555229, 10);
    expect(studentTQuantileUpper(1e-6, 29)).toBeCloseTo(5.917105540459563, 9);
    expect(studentTQuantileUpper(5e-5, 1e7)).toBeCloseTo(3.890593455947018, 6); // ≈ normal
  });
});
