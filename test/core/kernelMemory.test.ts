import { expect, test } from "vitest";
import {
  compile,
  loadScenario,
  releaseKernelMemory,
  simulate,
  simulateVariants,
} from "../../src/index.js";
import { kernelMemory } from "../../src/wasm/kernels.js";

test("simulate(plan) gives the same counters before and after bigger and smaller runs reuse the kernel memory (its columns may hold the last run's values)", () => {
  const small = compile(loadScenario("bench/r1.yaml", ["marketing.channels.0.reach=200000"]));
  const big = compile(
    loadScenario("bench/r1.yaml", ["marketing.channels.0.reach=600000", "site.capacity=20"]),
  );
  const first = Array.from(simulate(small, 3).counters);
  const bigFirst = Array.from(simulate(big, 1).counters);
  expect(Array.from(simulate(small, 3).counters)).toEqual(first);
  const variants = simulateVariants(
    [big, compile(loadScenario("bench/r1.yaml", ["marketing.channels.0.reach=600000"]))],
    1,
  );
  expect(Array.from(variants[0].counters)).toEqual(bigFirst);
  expect(Array.from(simulate(small, 3).counters)).toEqual(first);
});

test("a run bigger than a thread's kernels can hold fails at once with what to change", () => {
  const huge = compile(loadScenario("bench/r1.yaml", ["marketing.channels.0.reach=2000000000"]));
  expect(() => simulate(huge)).toThrow(/expects 200 M visitors .* one run holds at most 102 M/);
  expect(() => simulateVariants([huge, huge], 0)).toThrow(/one run holds at most/);
});

test("releaseKernelMemory() lets a grown memory go; the next run starts a fresh one, same results", () => {
  const plan = compile(loadScenario("bench/r1.yaml", ["marketing.channels.0.reach=300000"]));
  const before = Array.from(simulate(plan, 2).counters);
  const grown = kernelMemory();
  releaseKernelMemory();
  expect(kernelMemory()).not.toBe(grown);
  expect(kernelMemory().memory.buffer.byteLength).toBeLessThan(grown.memory.buffer.byteLength);
  expect(Array.from(simulate(plan, 2).counters)).toEqual(before);
});
