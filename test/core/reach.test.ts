import { describe, expect, test } from "vitest";
import { BLOCK_AGENTS, reachBlock } from "../../src/core/stages/reach.js";
import { compile, loadScenario } from "../../src/index.js";
import { chi2Bounds, zUpper } from "../bounds.js";

// The reach kernel finds clickers by geometric gaps instead of one draw per person. It must
// still be the same Bernoulli process: clicks per block binomial (mean and variance), segments
// in proportion to mix × clickWeight, hours following the traffic profile. Each bound is the
// statistic's law under a correct kernel at a false-alarm rate of 1e-6.
const ALPHA = 1e-6;
const BLOCKS = 40;

describe("reach: geometric gaps are the Bernoulli process", () => {
  // Two segments with different click weights, and an uneven day and hour profile.
  const plan = compile(
    loadScenario("bench/r1.yaml", [
      "horizon.days=3",
      `marketing.channels.0.reach=${BLOCKS * BLOCK_AGENTS}`,
      "marketing.channels.0.clickRate=0.04",
      "marketing.channels.0.mix={young: 0.3, old: 0.7}",
      "marketing.traffic.daily=[3, 1, 2]",
      `marketing.traffic.hourly=[${Array.from({ length: 24 }, (_, h) => 1 + (h % 6)).join(", ")}]`,
      "segments={young: {consultRate: 0.2, directRate: 0.02, closeRate: 0.3, clickWeight: 2}, old: {consultRate: 0.2, directRate: 0.02, closeRate: 0.3}}",
    ]),
  );
  const pYoung = 0.04 * 0.3 * 2;
  const pOld = 0.04 * 0.7;
  const p = pYoung + pOld;
  const counts: number[] = [];
  const bySegment = [0, 0];
  const bySlot = new Float64Array(plan.slotProb.length);
  const countedBySlot = new Float64Array(plan.slotProb.length);
  for (let b = 0; b < BLOCKS; b++) {
    const blk = reachBlock(plan, 0, 0, b, BLOCK_AGENTS);
    counts.push(blk.count);
    blk.clicksBySlot.forEach((c, s) => {
      countedBySlot[s] += c;
    });
    for (let j = 0; j < blk.count; j++) {
      bySegment[plan.categorySegment[blk.category[j]]]++;
      bySlot[blk.slot[j]]++;
    }
  }
  const total = counts.reduce((a, c) => a + c, 0);

  test("each block's counts per slot are its clickers' slots", () => {
    expect(Array.from(countedBySlot)).toEqual(Array.from(bySlot));
  });

  test("clicks per block: binomial mean and variance", () => {
    const n = BLOCK_AGENTS;
    const mean = total / BLOCKS;
    const variance = counts.reduce((a, c) => a + (c - mean) ** 2, 0) / (BLOCKS - 1);
    const sigma2 = n * p * (1 - p);
    expect(Math.abs(total - BLOCKS * n * p)).toBeLessThan(
      zUpper(ALPHA / 2) * Math.sqrt(BLOCKS * sigma2),
    );
    // (BLOCKS − 1) s² / σ² is χ² with BLOCKS − 1 degrees of freedom.
    const [lo, hi] = chi2Bounds(BLOCKS - 1, ALPHA);
    const stat = ((BLOCKS - 1) * variance) / sigma2;
    expect(stat).toBeGreaterThan(lo);
    expect(stat).toBeLessThan(hi);
  });

  test("segments in proportion to mix × clickWeight", () => {
    const young = bySegment[0]; // segments are indexed in the order they are declared
    const q = pYoung / p;
    expect(Math.abs(young - total * q)).toBeLessThan(
      zUpper(ALPHA / 2) * Math.sqrt(total * q * (1 - q)),
    );
  });

  test("hours follow the traffic profile (χ² over the 72 hours)", () => {
    const weights = Array.from(
      { length: 72 },
      (_, s) => [3, 1, 2][Math.floor(s / 24)] * (1 + ((s % 24) % 6)),
    );
    const sum = weights.reduce((a, w) => a + w, 0);
    let chi2 = 0;
    for (let s = 0; s < 72; s++) {
      const e = (total * weights[s]) / sum;
      chi2 += (bySlot[s] - e) ** 2 / e;
    }
    expect(chi2).toBeLessThan(chi2Bounds(71, ALPHA)[1]);
  });
});

test("reachBlock(…) that runs out of room retries with more and gives the same block", () => {
  const plan = compile(
    loadScenario("bench/r1.yaml", [
      "marketing.channels.0.mix={young: 0.5, old: 0.5}",
      "segments={young: {consultRate: 0.2, directRate: 0.02, closeRate: 0.3}, old: {consultRate: 0.2, directRate: 0.02, closeRate: 0.3}}",
    ]),
  );
  const roomy = reachBlock(plan, 0, 0, 3, 100_000);
  const cramped = reachBlock(plan, 0, 0, 3, 100_000, 10); // 10 → 20 → … until ~10,000 fit
  expect(cramped.count).toBe(roomy.count);
  expect(Array.from(cramped.slot)).toEqual(Array.from(roomy.slot));
  expect(Array.from(cramped.category)).toEqual(Array.from(roomy.category));
  expect(Array.from(cramped.clicksBySlot)).toEqual(Array.from(roomy.clicksBySlot));
});
