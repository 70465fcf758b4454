import { describe, expect, test } from "vitest";
import { estimate } from "../../src/analysis/replications.js";

describe("estimate", () => {
  test("estimate(values) gives mean, sample sd and the Student-t 95 % half-width", () => {
    const e = estimate([1, 2, 3, 4]);
    expect(e.mean).toBe(2.5);
    expect(e.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    // t(0.975; 3) = 3.182446305284263
    expect(e.halfWidth).toBeCloseTo((3.182446305284263 * Math.sqrt(5 / 3)) / 2, 9);
    expect([e.min, e.max]).toEqual([1, 4]);
  });

  test("estimate([x]) has no spread", () => {
    expect(estimate([7])).toEqual({ mean: 7, sd: 0, halfWidth: 0, min: 7, max: 7 });
  });
});
