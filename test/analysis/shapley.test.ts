import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { shapley } from "../../src/analysis/shapley.js";

describe("shapley", () => {
  test("shapley(values) shares add up to v(all) − v(none) for any game (efficiency)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 16, maxLength: 16 }),
        (n, raw) => {
          const v = raw.slice(0, 1 << n);
          const s = shapley(v, n);
          const total = s.reduce((a, b) => a + b, 0);
          expect(total).toBeCloseTo(v[(1 << n) - 1] - v[0], 6);
        },
      ),
    );
  });

  test("shapley gives a player that never changes the worth 0 (null player) and equal shares to interchangeable players (symmetry)", () => {
    // Players 0 and 1 are interchangeable, player 2 adds nothing.
    const worth = (mask: number) => {
      const a = mask & 1 ? 1 : 0;
      const b = mask & 2 ? 1 : 0;
      return 10 * (a + b) + 5 * a * b;
    };
    const v = Array.from({ length: 8 }, (_, m) => worth(m));
    const [s0, s1, s2] = shapley(v, 3);
    expect(s0).toBeCloseTo(s1, 12);
    expect(s2).toBe(0);
    expect(s0 + s1).toBeCloseTo(25, 12);
  });

  test("shapley of an additive game is each player's own worth", () => {
    const own = [3, -2, 7];
    const v = Array.from({ length: 8 }, (_, m) =>
      own.reduce((s, w, i) => s + (m & (1 << i) ? w : 0), 0),
    );
    expect(shapley(v, 3).map((x) => Math.round(x * 1e9) / 1e9)).toEqual(own);
  });
});
