import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { kernelMemory } from "../../src/wasm/kernels.js";

/** The hosting kernel's calendar queue (src/wasm/assembly/hosting.ts), on its own. */
function calendar(bucketMin: number, buckets: number, pool: number) {
  let wheel = 1;
  while (wheel < buckets) wheel *= 2;
  const memory = kernelMemory();
  memory.releaseAll();
  memory.k.calendarBegin(memory.alloc(4 * wheel + 24 * pool), wheel, bucketMin, pool);
  return {
    insert: (id: number, endMin: number) => memory.k.calendarInsert(id, endMin),
    popDue: (t: number) => memory.k.calendarPopDue(t),
    get size() {
      return memory.k.calendarSize();
    },
  };
}

describe("the hosting kernel's calendar queue", () => {
  test("popDue(t) returns an end lying just below a bucket edge on time (float rounding)", () => {
    // floor(e / w) files e in bucket 225631, yet e >= 225632 · w in floating point.
    const w = 0.023014959723820484;
    const e = 5192.911392405063;
    const cal = calendar(w, 2048, 3);
    expect(cal.popDue(5190)).toBe(-1);
    cal.insert(0, e);
    cal.insert(1, 5193.5);
    expect(cal.popDue(5193)).toBe(0);
    expect(cal.popDue(5193)).toBe(-1);
    expect(cal.popDue(5194)).toBe(1);
  });

  test("popDue(t) pops exactly the ends ≤ t, in time order (ties: first inserted), like a sorted list", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 64 }),
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 3, noNaN: true }),
            fc.double({ min: 0, max: 50, noNaN: true }),
          ),
          {
            maxLength: 200,
          },
        ),
        (width, buckets, steps) => {
          const cal = calendar(width, buckets, 201);
          const ref: { id: number; end: number }[] = [];
          let t = 0;
          steps.forEach(([dt, length], id) => {
            t += dt;
            const due = ref.filter((r) => r.end <= t).sort((a, b) => a.end - b.end || a.id - b.id);
            const popped: number[] = [];
            for (let v = cal.popDue(t); v >= 0; v = cal.popDue(t)) popped.push(v);
            expect(popped).toEqual(due.map((r) => r.id));
            for (const d of due) ref.splice(ref.indexOf(d), 1);
            cal.insert(id, t + length);
            ref.push({ id, end: t + length });
            expect(cal.size).toBe(ref.length);
          });
        },
      ),
    );
  });
});
