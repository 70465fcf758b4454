import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  BINDING_SHARE,
  type BindingHours,
  bindingHours,
  describeSlots,
  type Range,
  type SlotDescription,
} from "../../src/analysis/binding.js";
import { COUNTER_NAMES } from "../../src/core/counters.js";
import type { RunResult } from "../../src/core/pipeline.js";
import { renderBinding } from "../../src/report/binding.js";
import { propRuns } from "../propRuns.js";

const slotAt = (day: number, hour: number) => (day - 1) * 24 + hour;
const expand = (ranges: Range[]) => ranges.flatMap(([a, b]) => range(a, b));
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const sorted = (xs: Iterable<number>) => [...new Set(xs)].sort((a, b) => a - b);

/** The slots a grid or spans description names, ascending. */
function named(d: SlotDescription): number[] {
  if (d.kind === "grid")
    return sorted(expand(d.days).flatMap((day) => expand(d.hours).map((h) => slotAt(day, h))));
  if (d.kind === "spans") return sorted(d.spans.flatMap((s) => range(s.from, s.to)));
  throw new Error(`no exact slot list for kind ${d.kind}`);
}

/** How many of `slots` lie in a scattered description's window, recounted from its ranges. */
function recountWindow(d: SlotDescription & { kind: "scattered" }, slots: number[]): number {
  const hours = new Set(expand(d.window.hours));
  const days = new Set(expand(d.window.days));
  return sorted(slots).filter((s) => hours.has(s % 24) && days.has(Math.floor(s / 24) + 1)).length;
}

/** A deterministic generator (mulberry32) for the hand-made scattered set. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A run whose departments lost one person in each listed slot. */
function run(
  days: number,
  lost: { it?: number[]; sales?: number[]; supply?: number[] },
  replication = 0,
): RunResult {
  const bySlot = (slots: number[] = []) => {
    const a = new Uint32Array(days * 24);
    for (const s of slots) a[s] = 1;
    return a;
  };
  return {
    replication,
    counters: new Float64Array(COUNTER_NAMES.length),
    clicksBySlot: new Uint32Array(days * 24),
    clicksByChannel: new Float64Array(1),
    lostBySlot: {
      lostHosting: bySlot(lost.it),
      lostAbandon: bySlot(lost.sales),
      lostStock: bySlot(lost.supply),
    },
    peakSessionsBySlot: new Uint32Array(days * 24),
    queueMinBySlot: new Float64Array(days * 24),
    busyMinBySlot: new Float64Array(days * 24),
    onDutyMinBySlot: new Float64Array(days * 24),
    byDay: {},
  };
}

/** Every hour range "aa:00–bb:59" in a sentence, as [a, b]. */
const hourRangesIn = (text: string) =>
  [...text.matchAll(/(\d\d):00–(\d\d):59/g)].map((m) => [Number(m[1]), Number(m[2])]);

/** The faults the issue found in the old sentences. */
function expectWellFormed(text: string) {
  expect(text).not.toMatch(/ {2}/);
  expect(text).not.toMatch(/ on days?\b(?! \d)/);
  for (const [a, b] of hourRangesIn(text)) {
    expect(a).toBeLessThanOrEqual(b);
    expect(b).toBeLessThanOrEqual(23);
  }
}

/** Any set of slots over 1–60 days: random, a product, a few spans, or a product with holes. */
const slotSets = fc.integer({ min: 1, max: 60 }).chain((days) => {
  const n = days * 24;
  const slot = fc.integer({ min: 0, max: n - 1 });
  const product = fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 24 }),
      fc.uniqueArray(fc.integer({ min: 1, max: days }), { minLength: 1, maxLength: days }),
    )
    .map(([hours, ds]) => ds.flatMap((d) => hours.map((h) => slotAt(d, h))));
  const spans = fc
    .array(fc.tuple(slot, fc.integer({ min: 0, max: 400 })), { minLength: 1, maxLength: 4 })
    .map((xs) => xs.flatMap(([from, len]) => range(from, Math.min(n - 1, from + len))));
  const holed = fc
    .tuple(product, fc.array(fc.nat(), { maxLength: 5 }))
    .map(([p, holes]) => p.filter((_, i) => !holes.some((h) => h % p.length === i)));
  return fc.tuple(
    fc.constant(days),
    fc.oneof(fc.uniqueArray(slot, { maxLength: n }), product, spans, holed),
  );
});

describe("describeSlots", () => {
  test("describeSlots on a product set gives kind grid with exactly those hours, days and count", () => {
    const hours = [...range(10, 18), 20];
    const days = [...range(2, 5), 8];
    const slots = days.flatMap((d) => hours.map((h) => slotAt(d, h))).reverse();
    expect(describeSlots(slots, 10)).toEqual({
      kind: "grid",
      hours: [
        [10, 18],
        [20, 20],
      ],
      days: [
        [2, 5],
        [8, 8],
      ],
      count: 50,
    });
  });

  test("describeSlots on two long spans gives spans from the first to the last slot of each", () => {
    const first = range(slotAt(2, 10), slotAt(14, 23));
    const second = range(slotAt(19, 0), slotAt(30, 5));
    const d = describeSlots([...first, ...second], 30);
    expect(d).toEqual({
      kind: "spans",
      spans: [
        { from: slotAt(2, 10), to: slotAt(14, 23) },
        { from: slotAt(19, 0), to: slotAt(30, 5) },
      ],
      count: first.length + second.length,
    });
  });

  test("describeSlots on a two-day drop of 38 hours gives the one span it counts, not two whole days", () => {
    // The issue: "supply binds 00:00–23:59 on days 1–2 (38 of 48 hours)".
    expect(describeSlots(range(0, 37), 2)).toEqual({
      kind: "spans",
      spans: [{ from: 0, to: 37 }],
      count: 38,
    });
  });

  test("describeSlots on a random scattered set gives scattered with inWindow the slots inside the named window", () => {
    const next = random(7);
    const slots: number[] = [];
    // Mostly 10:00–18:59 on days 1–2, some anywhere in 14 days.
    for (let i = 0; i < 40; i++)
      slots.push(slotAt(1 + Math.floor(next() * 2), 10 + Math.floor(next() * 9)));
    for (let i = 0; i < 10; i++) slots.push(Math.floor(next() * 14 * 24));
    const d = describeSlots(slots, 14);
    expect(d.kind).toBe("scattered");
    if (d.kind !== "scattered") return;
    expect(d.count).toBe(sorted(slots).length);
    expect(d.inWindow).toBe(recountWindow(d, slots));
    expect(d.inWindow * 2).toBeGreaterThan(d.count);
    expect(d.window).toEqual({ hours: [[10, 18]], days: [[1, 2]] });
  });

  test("describeSlots of any set over 1–60 days names exactly its slots (grid, spans) or counts its window exactly (scattered)", () => {
    fc.assert(
      fc.property(slotSets, ([days, slots]) => {
        const set = sorted(slots);
        const d = describeSlots(slots, days);
        if (d.kind === "none") return set.length === 0;
        expect(d.count).toBe(set.length);
        if (d.kind === "grid" || d.kind === "spans") {
          expect(named(d)).toEqual(set);
          if (d.kind === "spans") expect(d.spans.length).toBeLessThanOrEqual(3);
        } else {
          expect(d.window.hours.length).toBeGreaterThan(0);
          expect(d.window.days.length).toBeGreaterThan(0);
          for (const [a, b] of d.window.days) expect(1 <= a && a <= b && b <= days).toBe(true);
          expect(d.inWindow).toBe(recountWindow(d, set));
          expect(d.inWindow).toBeLessThanOrEqual(d.count);
          expect(d.inWindow * 2).toBeGreaterThan(d.count);
        }
        return true;
      }),
    );
  });

  test("describeSlots picks as window the rectangle holding most slots that is wrong about the fewest hours", () => {
    // Brute force over every hour range × day range of short horizons.
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((days) =>
            fc.tuple(
              fc.constant(days),
              fc.uniqueArray(fc.integer({ min: 0, max: days * 24 - 1 }), { maxLength: days * 24 }),
            ),
          ),
        ([days, slots]) => {
          const d = describeSlots(slots, days);
          if (d.kind !== "scattered") return;
          const wrong = (h0: number, h1: number, d0: number, d1: number) => {
            const inside = slots.filter((s) => {
              const [h, day] = [s % 24, Math.floor(s / 24) + 1];
              return h0 <= h && h <= h1 && d0 <= day && day <= d1;
            }).length;
            return { inside, wrong: slots.length + (h1 - h0 + 1) * (d1 - d0 + 1) - 2 * inside };
          };
          const [[h0, h1]] = d.window.hours;
          const [[d0, d1]] = d.window.days;
          const chosen = wrong(h0, h1, d0, d1);
          expect(chosen.inside).toBe(d.inWindow);
          for (let a = 0; a < 24; a++)
            for (let b = a; b < 24; b++)
              for (let c = 1; c <= days; c++)
                for (let e = c; e <= days; e++) {
                  const w = wrong(a, b, c, e);
                  if (w.inside * 2 > slots.length)
                    expect(w.wrong).toBeGreaterThanOrEqual(chosen.wrong);
                }
        },
      ),
      { numRuns: propRuns(20) },
    );
  });

  test("describeSlots rejects a slot outside the horizon", () => {
    expect(() => describeSlots([48], 2)).toThrow(RangeError);
  });
});

describe("bindingHours", () => {
  test("bindingHours of one replication counts exactly the hours that run lost anyone, per department", () => {
    const [it, sales, supply] = bindingHours([run(2, { sales: [5, 6, 7], supply: [40] })], 2);
    expect([it.department, sales.department, supply.department]).toEqual(["it", "sales", "supply"]);
    expect(it).toMatchObject({ replications: 1, slots: [], hours: 0, firstSlot: null });
    expect(it.description).toEqual({ kind: "none" });
    expect(sales).toMatchObject({ slots: [5, 6, 7], hours: 3, firstSlot: 5 });
    expect(sales.description).toEqual({ kind: "grid", hours: [[5, 7]], days: [[1, 1]], count: 3 });
    expect(supply.slots).toEqual([40]);
    expect(sales.share.length).toBe(48);
    expect(sales.share[6]).toBe(1);
    expect(sales.share[8]).toBe(0);
  });

  test("bindingHours of four replications counts a slot hit in 2 of 4 and not one hit in 1 of 4", () => {
    expect(BINDING_SHARE).toBe(0.5);
    const runs = [
      run(2, { it: [5, 6, 7, 30] }, 0),
      run(2, { it: [5, 7] }, 1),
      run(2, { it: [7] }, 2),
      run(2, { it: [7, 31] }, 3),
    ];
    const [it, sales] = bindingHours(runs, 2);
    expect(it.replications).toBe(4);
    expect(it.slots).toEqual([5, 7]);
    expect(it.hours).toBe(2);
    expect(it.firstSlot).toBe(5);
    expect([it.share[5], it.share[6], it.share[7], it.share[30], it.share[0]]).toEqual([
      0.5, 0.25, 1, 0.25, 0,
    ]);
    expect(sales.slots).toEqual([]);
    expect(sales.share.every((s) => s === 0)).toBe(true);
  });
});

describe("renderBinding", () => {
  const one = (lost: number[], days = 30) => bindingHours([run(days, { supply: lost })], days)[2];

  test("renderBinding of a one-replication grid says the hours, the days and 'in this run'", () => {
    const slots = [...range(2, 14), ...range(19, 30)].flatMap((d) =>
      range(10, 23).map((h) => slotAt(d, h)),
    );
    expect(renderBinding(one(slots))).toBe(
      "supply binds 10:00–23:59 on days 2–14, 19–30 (350 of 720 hours, in this run)",
    );
  });

  test("with the horizon's start, the days are dated (2027-01-04 is a Monday)", () => {
    const slots = [...range(2, 14), ...range(19, 30)].flatMap((d) =>
      range(10, 23).map((h) => slotAt(d, h)),
    );
    const dated = bindingHours([run(30, { supply: slots })], 30, undefined, "2027-01-04")[2];
    expect(dated.start).toBe("2027-01-04");
    expect(renderBinding(dated)).toBe(
      "supply binds 10:00–23:59 on days 2–14 (Tue 2027-01-05 to Sun 2027-01-17), 19–30 (Fri 2027-01-22 to Tue 2027-02-02) (350 of 720 hours, in this run)",
    );
    const spans = bindingHours([run(2, { it: range(0, 37) })], 2, undefined, "2027-12-31")[0];
    expect(renderBinding(spans)).toBe(
      "IT/hosting binds from day 1 (Fri 2027-12-31) 00:00 to day 2 (Sat 2028-01-01) 13:59 (38 of 48 hours, in this run)",
    );
  });

  test("renderBinding of a 20-replication result names the 20 replications and the majority", () => {
    const runs = Array.from({ length: 20 }, (_, r) =>
      run(2, { sales: r < 10 ? range(slotAt(1, 9), slotAt(2, 12)) : [] }, r),
    );
    const text = renderBinding(bindingHours(runs, 2)[1]);
    expect(text).toBe(
      "sales binds from day 1 09:00 to day 2 12:59 (28 of 48 hours: those in which it lost someone in at least 10 of the 20 replications)",
    );
  });

  test("renderBinding of spans, scattered and empty results reads as the issue asks", () => {
    expect(renderBinding(one(range(0, 37), 2))).toBe(
      "supply binds from day 1 00:00 to day 2 13:59 (38 of 48 hours, in this run)",
    );
    const scattered = [
      ...range(slotAt(1, 10), slotAt(1, 18)),
      ...range(slotAt(2, 10), slotAt(2, 18)),
      slotAt(1, 3),
      slotAt(2, 22),
    ];
    expect(renderBinding(bindingHours([run(2, { it: scattered })], 2)[0])).toBe(
      "IT/hosting binds in 20 scattered hours of 48, 18 of them at 10:00–18:59 on days 1–2 (in this run)",
    );
    expect(renderBinding(one([]))).toBe("supply never binds (in this run)");
    const rare = Array.from({ length: 20 }, (_, r) => run(2, { it: r < 3 ? [4, 5] : [] }, r));
    const [it, sales] = bindingHours(rare, 2);
    expect(renderBinding(it)).toBe(
      "IT/hosting binds in no hour in at least 10 of the 20 replications (in 2 of 48 hours it lost someone in some replication, but never in more than 3 of the 20 in the same hour)",
    );
    expect(renderBinding(sales)).toBe("sales never binds (in none of the 20 replications)");
  });

  test("renderBinding never prints two spaces, a bare 'on days' or an empty hour range", () => {
    fc.assert(
      fc.property(slotSets, fc.integer({ min: 1, max: 4 }), ([days, slots], replications) => {
        // Replication r loses in every slot whose index mod replications ≥ r: shares vary.
        const runs = Array.from({ length: replications }, (_, r) =>
          run(days, { it: slots, sales: slots.filter((s) => s % replications >= r) }, r),
        );
        for (const b of bindingHours(runs, days) as BindingHours[]) {
          const text = renderBinding(b);
          expectWellFormed(text);
          expect(text).toContain(
            replications === 1 ? "in this run" : `${replications} replications`,
          );
        }
      }),
    );
  });
});
