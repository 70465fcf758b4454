// The kernels and the host share their codes through one declaration (src/core/codes.ts);
// scripts/kernels.mjs copies it into the kernels before compiling them. This holds the module
// that was built to that file, so a stale build or a hand edit of the copy cannot drift.
import { describe, expect, it } from "vitest";
import * as codes from "../../src/core/codes.js";
import { KERNELS_WASM } from "../../src/wasm/kernels.generated.js";

function exportedGlobals(): Map<string, number> {
  const module = new WebAssembly.Module(Buffer.from(KERNELS_WASM, "base64"));
  const instance = new WebAssembly.Instance(module, {
    env: { memory: new WebAssembly.Memory({ initial: 2, maximum: 65536 }) },
    rng: { hostLog: Math.log, hostExp: Math.exp },
    visit: { hostSample: () => Number.NaN },
  });
  const out = new Map<string, number>();
  for (const [name, value] of Object.entries(instance.exports))
    if (value instanceof WebAssembly.Global) out.set(name, Number(value.value));
  return out;
}

describe("the kernels' codes are the host's", () => {
  const globals = exportedGlobals();
  const expected = new Map<string, number>();
  for (const [name, value] of Object.entries(codes)) {
    if (typeof value === "number") expected.set(name, value);
    else for (const [key, v] of Object.entries(value)) expected.set(`${name}.${key}`, v);
  }

  it("declares at least the route bits, distributions, minutes and counters", () => {
    expect(expected.size).toBeGreaterThan(30);
  });

  it.each([...expected])("%s = %d in the built module", (name, value) => {
    expect(globals.get(name)).toBe(value);
  });

  it("exports no code the host does not declare", () => {
    const codeLike = [...globals.keys()].filter((n) => /^[A-Z]/.test(n) && !n.endsWith("_BYTES"));
    expect(codeLike.filter((n) => !expected.has(n))).toEqual([]);
  });
});
