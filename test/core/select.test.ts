import fc from "fast-check";
import { expect, test } from "vitest";
import { kernelMemory } from "../../src/wasm/kernels.js";

test("selectF32(at, n, k) gives the k-th smallest of any f32 values, ties and all", () => {
  const memory = kernelMemory();
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.float({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0, 1, 30)), {
        minLength: 1,
        maxLength: 300,
      }),
      fc.nat(),
      (values, pick) => {
        const k = pick % values.length;
        const mark = memory.mark();
        const at = memory.alloc(4 * values.length);
        memory.f32(at, values.length).set(values);
        const got = memory.k.selectF32(at, values.length, k);
        const sorted = Float32Array.from(values).sort();
        // It reorders in place but keeps every value.
        expect(memory.f32(at, values.length).slice().sort()).toEqual(sorted);
        memory.release(mark);
        expect(got).toBe(sorted[k]);
      },
    ),
  );
});
