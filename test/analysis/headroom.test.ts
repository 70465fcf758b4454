import { describe, expect, test } from "vitest";
import {
  type Crossing,
  type HeadroomResult,
  loadHeadroom,
  runHeadroom,
  trafficGrid,
} from "../../src/analysis/headroom.js";
import { C } from "../../src/core/counters.js";
import { CAPACITIES } from "../../src/model/stages.js";
import { headroomSentence } from "../../src/report/headroom.js";

const PLAN = "scenarios/alpha-content-plan.yaml";
/** null (does not break up to the most traffic) as the largest multiple of all. */
const atMost = (k: number | null) => k ?? Number.POSITIVE_INFINITY;

async function headroom(threshold: number, maxTraffic = 8, replications = 4) {
  return runHeadroom(
    loadHeadroom(PLAN, { overrides: [], threshold, maxTraffic, replications }),
    null,
  );
}

describe("headroom", () => {
  test("every capacity limit declares who reaches it and whom it turns away, as counters", () => {
    for (const limit of CAPACITIES) {
      expect(C[limit.reaching], `${limit.id}.reaching`).toBeTypeOf("number");
      expect(limit.turnedAway.length).toBeGreaterThan(0);
      for (const k of limit.turnedAway)
        expect(C[k], `${limit.id}.turnedAway ${k}`).toBeTypeOf("number");
    }
  });

  test("the grid runs from 1 to the most traffic, by nice steps at most a third apart", () => {
    expect(trafficGrid(20)).toEqual([1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12.5, 15, 20]);
    expect(trafficGrid(1)).toEqual([1]);
    expect(trafficGrid(7)).toEqual([1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7]);
    const grid = trafficGrid(100);
    for (let i = 1; i < grid.length; i++) expect(grid[i] / grid[i - 1]).toBeLessThanOrEqual(4 / 3);
    expect(() => trafficGrid(0.5)).toThrow(RangeError);
  });

  test("a higher threshold never gives a lower crossing, nor a lower end of its interval", async () => {
    const thresholds = [0.002, 0.01, 0.012, 0.015, 0.03, 0.08, 0.2];
    const results: HeadroomResult[] = [];
    for (const t of thresholds) results.push(await headroom(t));
    const ids = results[0].limits.map((c) => c.id).sort();
    expect(ids).toEqual(["it", "sales", "supply"]);
    const of = (r: HeadroomResult, id: string) => r.limits.find((c) => c.id === id) as Crossing;
    // The thresholds cross inside the curve, so the check is not over limits that never break.
    expect(results.some((r) => of(r, "it").breaksAt !== null)).toBe(true);
    expect(results.some((r) => of(r, "it").breaksAt === null)).toBe(true);
    for (const id of ids)
      for (let i = 1; i < results.length; i++) {
        const [lower, higher] = [of(results[i - 1], id), of(results[i], id)];
        expect(atMost(higher.breaksAt), `${id} at ${thresholds[i]}`).toBeGreaterThanOrEqual(
          atMost(lower.breaksAt),
        );
        expect(atMost(higher.interval.to)).toBeGreaterThanOrEqual(atMost(lower.interval.to));
        expect(higher.interval.from ?? 0).toBeGreaterThanOrEqual(lower.interval.from ?? 0);
      }
    // Each crossing lies inside its interval: from < breaksAt ≤ to.
    for (const r of results)
      for (const c of r.limits) {
        if (c.breaksAt !== null && c.interval.from !== null)
          expect(c.interval.from).toBeLessThan(c.breaksAt);
        expect(atMost(c.interval.to)).toBeGreaterThanOrEqual(atMost(c.breaksAt));
      }
  }, 60_000);

  test("limits come in breaking order, the sentence names them so, and the curve is measured", async () => {
    const r = await headroom(0.01, 20, 4);
    const breaking = r.limits.filter((c) => c.breaksAt !== null);
    expect(breaking.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < r.limits.length; i++)
      expect(atMost(r.limits[i].breaksAt)).toBeGreaterThanOrEqual(atMost(r.limits[i - 1].breaksAt));
    const sentence = headroomSentence(r);
    const at = breaking.map((c) => sentence.indexOf(c.name));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(sentence.startsWith(`${breaking[0].name} breaks first`)).toBe(true);
    // The grid, then the bisection's multiples between; every multiple has every limit.
    expect(r.curve.filter((p) => p.grid).map((p) => p.traffic)).toEqual(trafficGrid(20));
    expect(r.curve.length).toBeGreaterThan(trafficGrid(20).length);
    for (const p of r.curve)
      expect(Object.keys(p.limits).sort()).toEqual(["it", "sales", "supply"]);
    const ks = r.curve.map((p) => p.traffic);
    expect(ks).toEqual([...ks].sort((a, b) => a - b));
  }, 60_000);

  test("the sentence, from results given in any order", () => {
    const crossing = (id: string, name: string, k: number | null): Crossing => ({
      id,
      name,
      department: "it",
      stage: id,
      fixed: false,
      amount: { value: 1, unit: "" },
      reaching: "clicked",
      turnedAway: ["lostHosting"],
      breaksAt: k,
      atBase: k === 1,
      // The grid starts at 1×: a limit above the threshold there has no lower end.
      interval: {
        from: k === null ? 20 : k === 1 ? null : Math.max(1, k * 0.9),
        to: k === null ? null : k * 1.1,
      },
    });
    const result = (limits: Crossing[]): HeadroomResult => ({
      file: "x.yaml",
      scenario: "x",
      currency: "EUR",
      seed: 1,
      replications: 10,
      threshold: 0.01,
      maxTraffic: 20,
      limits,
      curve: [],
    });
    expect(
      headroomSentence(
        result([
          crossing("it", "IT/hosting", 4.5),
          crossing("sales", "sales", 1.8),
          crossing("supply", "supply", 2.6),
          crossing("payments", "IT/payments", null),
        ]),
      ),
    ).toBe(
      "sales breaks first, at 1.8× the scenario's traffic (95 %: 1.6–2.0×); supply at 2.6× (2.3–2.9×); IT/hosting at 4.5× (4.0–5.0×). IT/payments does not break up to 20×.",
    );
    expect(
      headroomSentence(
        result([
          crossing("it", "IT/hosting", 1),
          crossing("supply", "supply", 1),
          crossing("sales", "sales", 3),
        ]),
      ),
    ).toBe(
      "IT/hosting and supply both break already at the scenario's traffic; sales next, at 3× (95 %: 2.7–3.3×).",
    );
    expect(
      headroomSentence(result([crossing("sales", "sales", 1), crossing("it", "IT/hosting", 1.02)])),
    ).toBe(
      "sales breaks first, already at the scenario's traffic (95 %: ≤ 1.1×); IT/hosting next, at 1.02× (95 %: 1–1.1×).",
    );
    expect(headroomSentence(result([crossing("it", "IT/hosting", null)]))).toBe(
      "No limit breaks up to 20× the scenario's traffic: IT/hosting turns away at most 1 % of the people who reach it.",
    );
  });
});
