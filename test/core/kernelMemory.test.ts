import { expect, test } from "vitest";
import { compile, loadScenario, simulate, simulateVariants } from "../../src/index.js";

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
