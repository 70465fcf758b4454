import { describe, expect, test } from "vitest";
import { nextExponential } from "../../src/rng/exponential.js";
import { streamState } from "../../src/rng/streams.js";
import { At, kernelMemory } from "../../src/wasm/kernels.js";
import { chi2Bounds, zUpper } from "../bounds.js";

// The ziggurat must draw the standard exponential itself, not an approximation of it. Each
// check's bound is its statistic's law under a correct sampler at a false-alarm rate of 1e-6
// (six checks: a correct sampler fails this file about once in 1.7 × 10⁵ runs).
const ALPHA = 1e-6;
const N = 1_000_000;

function draws(seed: number, n = N): Float64Array {
  const s = streamState(seed, 0, 0, 0);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = nextExponential(s);
  return x;
}

describe("nextExponential (ziggurat)", () => {
  const x = draws(1);

  test("Kolmogorov–Smirnov distance to Exp(1) within its 1 − 1e-6 bound", () => {
    const sorted = Float64Array.from(x).sort();
    let d = 0;
    for (let i = 0; i < N; i++) {
      const F = -Math.expm1(-sorted[i]);
      d = Math.max(d, F - i / N, (i + 1) / N - F);
    }
    // Kolmogorov: P(√n D > λ) ≈ 2 e^{-2λ²}.
    expect(d).toBeLessThan(Math.sqrt(Math.log(2 / ALPHA) / 2) / Math.sqrt(N));
  });

  test("equal-probability bins (χ², 1000 bins) reach the layer edges and the tail", () => {
    const bins = 1000;
    const counts = new Float64Array(bins);
    for (const v of x) counts[Math.min(bins - 1, Math.floor(-Math.expm1(-v) * bins))]++;
    const e = N / bins;
    let chi2 = 0;
    for (const c of counts) chi2 += ((c - e) * (c - e)) / e;
    expect(chi2).toBeLessThan(chi2Bounds(bins - 1, 2 * ALPHA)[1]);
  });

  test("mean and second moment match 1 and 2 within their sampling error", () => {
    let m1 = 0;
    let m2 = 0;
    for (const v of x) {
      m1 += v;
      m2 += v * v;
    }
    m1 /= N;
    m2 /= N;
    const z = zUpper(ALPHA / 2);
    // Var X = 1, Var X² = E X⁴ − (E X²)² = 24 − 4.
    expect(Math.abs(m1 - 1)).toBeLessThan(z * Math.sqrt(1 / N));
    expect(Math.abs(m2 - 2)).toBeLessThan(z * Math.sqrt(20 / N));
  });

  test("the tail beyond the base layer (x > 7.697) has the exponential's mass and shape", () => {
    const many = draws(2, 4 * N);
    const r = 7.697117470131487;
    let count = 0;
    let excess = 0;
    for (const v of many) {
      if (v > r) {
        count++;
        excess += v - r;
      }
    }
    const p = Math.exp(-r);
    const z = zUpper(ALPHA / 2);
    const expected = many.length * p;
    expect(Math.abs(count - expected)).toBeLessThan(z * Math.sqrt(expected * (1 - p)));
    // Memoryless: the excess over r is Exp(1) again.
    expect(Math.abs(excess / count - 1)).toBeLessThan(z / Math.sqrt(count));
  });
});

test("the WebAssembly kernels draw the same exponentials, draw for draw (tail and wedge included)", () => {
  // The kernels' copy of sfc32 and the ziggurat (src/wasm/assembly/rng.ts) must be this one:
  // the tests above check the TypeScript sampler, and the kernels' outputs rest on it.
  const expected = draws(7);
  const memory = kernelMemory();
  memory.releaseAll();
  const out = memory.alloc(8 * N);
  memory.i32(At.state, 4).set(streamState(7, 0, 0, 0));
  memory.k.fillExponentials(At.state, out, N);
  const got = memory.f64(out, N);
  let tail = 0;
  for (let i = 0; i < N; i++) if (expected[i] > 7.697117470131487) tail++;
  expect(tail).toBeGreaterThan(100); // the rare paths ran
  let differ = 0;
  for (let i = 0; i < N; i++) if (got[i] !== expected[i]) differ++;
  expect(differ).toBe(0);
  const s = streamState(7, 0, 0, 0);
  for (let i = 0; i < N; i++) nextExponential(s);
  expect(Array.from(memory.i32(At.state, 4))).toEqual(Array.from(s)); // same draws used
});
