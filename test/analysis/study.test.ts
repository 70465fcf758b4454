import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { describe, expect, test } from "vitest";
import { runStudy } from "../../src/analysis/study.js";
import { loadSweep, loadVariants, parseVary } from "../../src/analysis/studyPoints.js";
import { C, ScenarioError } from "../../src/index.js";

// A small R1 (3 days, ~20,000 clicks) with every capacity unlimited unless a test sets it.
const SMALL = [
  "horizon.days=3",
  "marketing.channels.0.reach=200000",
  "site.capacity=unlimited",
  "sales.consultants=unlimited",
  "supply.stock=unlimited",
];
const sweep = (vary: string[], set: string[] = [], replications = 6) =>
  loadSweep("bench/r1.yaml", { overrides: [...SMALL, ...set], vary, replications });

/** The ScenarioError `f` throws (fails the test if it throws nothing or something else). */
function scenarioError(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error("expected a ScenarioError");
}

describe("study points", () => {
  test("loadSweep builds the full grid, the first key varying slowest, ranges from whole-number steps", () => {
    const s = sweep(["traffic=1,2", "site.bounceRate=0.1:0.3:0.1"], [], 1);
    expect(s.points.map((p) => p.settings)).toEqual([
      { traffic: 1, "site.bounceRate": 0.1 },
      { traffic: 1, "site.bounceRate": 0.2 },
      { traffic: 1, "site.bounceRate": 0.3 },
      { traffic: 2, "site.bounceRate": 0.1 },
      { traffic: 2, "site.bounceRate": 0.2 },
      { traffic: 2, "site.bounceRate": 0.3 },
    ]);
    expect(s.points[2].scenario.site.bounceRate).toBe(0.3);
  });

  test("loadSweep applies traffic as a factor on reach and budget on bought spend", () => {
    const s = sweep(["traffic=7", "budget=2"], [], 1);
    const ch = s.points[0].scenario.marketing;
    expect(ch.channels[0].reach).toBe(200000 * 7 * 2);
    expect(ch.budget).toBe(400000);
  });

  test.each([
    ["a step of 0", "site.capacity=1:5:0", /a step of 0/],
    ["an empty range", "site.capacity=5:1:1", /is empty/],
    ["an empty value", "traffic=1,,3", /empty value/],
  ])("parseVary refuses %s", (_, arg, message) => {
    const e = scenarioError(() => parseVary(arg));
    expect(e.problems[0].file).toBe(`--vary ${arg}`);
    expect(e.problems[0].message).toMatch(message);
  });

  test("loadSweep puts a point's problem at the --vary that set it, not at a --set of the same key", () => {
    const e = scenarioError(() => sweep(["site.capacity=4,4.5"]));
    expect(e.problems[0].file).toBe("--vary site.capacity=4,4.5");
    expect(e.problems[0].message).toMatch(/^point 2 of 2 .*whole number of concurrent sessions/);
  });

  test("loadSweep names the point that makes the scenario invalid, and the key at fault", () => {
    const e = scenarioError(() => sweep(["segments.everyone.consultRate=0.5,1.5"]));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0].message).toMatch(
      /^point 2 of 2 \(segments\.everyone\.consultRate=1\.5\): /,
    );
    expect(e.problems[0].path).toBe("segments.everyone.consultRate");
  });

  test("loadSweep reports an unknown vary path once, for every point", () => {
    const e = scenarioError(() => sweep(["site.capacty=1,2,3"]));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0].message).toMatch(
      /every point .*unknown key 'capacty': did you mean capacity\?/,
    );
  });

  test("loadSweep refuses a grid over 10,000 points unless --max-points allows it", () => {
    const big = ["site.capacity=1:101:1", "supply.stock=1:100:1"];
    expect(scenarioError(() => sweep(big)).message).toMatch(/10,100 points .*--max-points 10100/);
    const allowed = loadSweep("bench/r1.yaml", {
      overrides: SMALL,
      vary: ["site.capacity=1:3:1"],
      maxPoints: 3,
    });
    expect(allowed.points).toHaveLength(3);
  });

  test("loadSweep refuses a factor that is not a positive number", () => {
    const e = scenarioError(() => sweep(["traffic=0,1"]));
    expect(e.problems[0].message).toMatch(/point 1 of 2 .*a factor must be a number > 0/);
  });

  test("loadVariants takes the scenario's named variants, located where they are written", () => {
    const s = loadVariants("scenarios/alpha-content-actual.yaml", { overrides: [] });
    expect(s.points.map((p) => p.name)).toContain("ten times the stock");
    expect(s.replications).toBe(10);
  });
});

describe("runStudy under common random numbers", () => {
  test("runStudy: capacity-only points see the same visitors, replication by replication", async () => {
    const s = sweep(
      ["site.capacity=5,10,20", "sales.consultants=3,6"],
      ["site.capacity=8", "sales.consultants=4"],
    );
    const r = await runStudy(s, null, undefined, true);
    const base = r.points[0].counters ?? [];
    for (const p of r.points)
      p.counters?.forEach((c, k) => {
        for (const n of ["reached", "clicked"] as const) expect(c[C[n]]).toBe(base[k][C[n]]);
      });
    // Points that differ only in consultants are also served by the same site.
    const sameSite = r.points.filter((p) => p.settings["site.capacity"] === 5);
    for (const p of sameSite)
      p.counters?.forEach((c, k) => {
        expect(c[C.served]).toBe(sameSite[0].counters?.[k][C.served]);
      });
  });

  test("runStudy: the paired interval of a capacity change is narrower than the unpaired one", async () => {
    const s = sweep(["site.capacity=6,9"], ["site.capacity=6"], 10);
    const r = await runStudy(s, null);
    const [base, more] = r.points;
    expect(more.change.revenue.mean).toBeGreaterThan(0);
    // Welch's half-width of the difference of the two independent means.
    const n = r.replications;
    const unpaired =
      tQuantile(0.975, n - 1) * Math.sqrt((base.revenue.sd ** 2 + more.revenue.sd ** 2) / n);
    expect(more.change.revenue.halfWidth).toBeLessThan(unpaired);
  });

  test("runStudy over site.capacity, sales and stock unlimited: lostHosting falls and served rises", async () => {
    const s = sweep(["site.capacity=2:14:3"], [], 8);
    const r = await runStudy(s, null, undefined, true);
    const est = (p: (typeof r.points)[number], n: "lostHosting" | "served") => {
      const v = (p.counters ?? []).map((c) => c[C[n]]);
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
      return { m, hw: (tQuantile(0.975, v.length - 1) * sd) / Math.sqrt(v.length) };
    };
    for (let i = 1; i < r.points.length; i++) {
      const [a, b] = [r.points[i - 1], r.points[i]];
      const [la, lb] = [est(a, "lostHosting"), est(b, "lostHosting")];
      expect(lb.m).toBeLessThanOrEqual(la.m + la.hw + lb.hw);
      const [sa, sb] = [est(a, "served"), est(b, "served")];
      expect(sb.m).toBeGreaterThanOrEqual(sa.m - sa.hw - sb.hw);
    }
    expect(est(r.points[0], "lostHosting").m).toBeGreaterThan(
      est(r.points.at(-1) as never, "lostHosting").m,
    );
  });
});
