import { describe, expect, test } from "vitest";
import { capacity, leversOf } from "../../src/analysis/capacity.js";
import { estimate } from "../../src/analysis/replications.js";
import { C } from "../../src/core/counters.js";
import { simulate } from "../../src/core/pipeline.js";
import { compile } from "../../src/core/plan.js";
import { loadScenario } from "../../src/scenario/parse.js";
import type { Scenario } from "../../src/scenario/schema.js";

const R = 20;
const TARGET = 0.95;

// Independent reruns: each replication simulated on its own (not capacity's batches), the
// paired ratio's lower end read as capacity reads it.
const revenues = (s: Scenario) => {
  const plan = compile(s);
  return Array.from({ length: R }, (_, r) => simulate(plan, r).counters[C.revenue]);
};
const lowerEnd = (runs: number[], reference: number[]) => {
  const e = estimate(runs.map((x, r) => (reference[r] > 0 ? x / reference[r] : 1)));
  return e.mean - e.halfWidth;
};

describe("capacity on the actual case", () => {
  test("each value it returns reaches the target; one unit less does not", async () => {
    const s = loadScenario("scenarios/alpha-content-actual.yaml");
    const result = await capacity(
      s,
      { target: TARGET, replications: R, traffic: 1, maxValue: 1_000_000 },
      null,
    );
    const levers = leversOf(s);
    expect(result.levers.map((l) => l.id)).toEqual(["it", "sales", "supply"]);
    const now = levers.map((l) => l.amount(s).value as number);
    const at = (setting: readonly number[]) =>
      levers.reduce((x, l, i) => l.withAmount?.(x, setting[i]) ?? x, s);

    // Each lever alone, the others as given, against its own reference.
    result.levers.forEach((l, i) => {
      expect(l.needed).not.toBeNull();
      const needed = l.needed as number;
      const refSetting = now.map((v, j) => (j === i ? (l.reference as number) : v));
      const reference = revenues(at(refSetting));
      const with_ = (v: number) => revenues(at(now.map((x, j) => (j === i ? v : x))));
      expect(lowerEnd(with_(needed), reference)).toBeGreaterThanOrEqual(TARGET);
      if (needed > 0) expect(lowerEnd(with_(needed - 1), reference)).toBeLessThan(TARGET);
    });
    // The supply binds today: far more stock is needed than the 150 units given.
    expect(result.levers[2].needed).toBeGreaterThan(150);

    // Jointly, against every lever at the joint reference.
    for (const joint of [result.joint, result.cheapest]) {
      expect(joint?.setting).not.toBeNull();
      const setting = levers.map((l) => joint?.setting?.[l.id] as number);
      const ref = levers.map((l) => result.jointReference.setting[l.id] as number);
      const reference = revenues(at(ref));
      expect(lowerEnd(revenues(at(setting)), reference)).toBeGreaterThanOrEqual(TARGET);
      setting.forEach((v, i) => {
        if (v > 0)
          expect(
            lowerEnd(revenues(at(setting.map((x, j) => (j === i ? v - 1 : x)))), reference),
          ).toBeLessThan(TARGET);
      });
    }
  }, 120_000);
});
