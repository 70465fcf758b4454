import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { C, COUNTER_NAMES } from "../../src/core/counters.js";
import { CAPACITIES, LOSSES, STAGES } from "../../src/model/stages.js";

// Counters are named by strings (the stages declare them), so a misspelt name would read an
// undefined index and turn a figure into NaN. These checks catch that at test time.

const known = new Set(COUNTER_NAMES);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === "assembly" ? [] : sources(p);
    return p.endsWith(".ts") && !p.endsWith(".generated.ts") ? [p] : [];
  });
}

describe("counter names", () => {
  it("are declared once", () => {
    expect(new Set(COUNTER_NAMES).size).toBe(COUNTER_NAMES.length);
  });

  it("every C.name in the sources is a declared counter", () => {
    const unknown: string[] = [];
    for (const file of sources("src"))
      for (const m of readFileSync(file, "utf8").matchAll(/\bC\.([A-Za-z]\w*)/g))
        if (!known.has(m[1])) unknown.push(`${file}: C.${m[1]}`);
    expect(unknown).toEqual([]);
  });

  it("every counter a stage declaration names exists", () => {
    const named: string[] = [];
    for (const s of STAGES) {
      for (const r of s.rows ?? []) named.push(r.counter, ...(r.of ? [r.of] : []));
      for (const b of s.balances ?? []) named.push(...b.sum, ...b.equals);
      if (s.attempts)
        named.push(s.attempts.input, ...(s.attempts.output ? [s.attempts.output] : []));
      for (const p of s.pending ?? []) named.push(p.counter);
    }
    for (const l of LOSSES)
      named.push(
        ...(l.counter === "notClicked" ? [] : [l.counter]),
        ...(l.wouldBuy ? [l.wouldBuy] : []),
      );
    for (const c of CAPACITIES) {
      named.push(...c.buyersLost);
      if (c.firstLossMin) named.push(c.firstLossMin);
      named.push(c.reaching, ...c.turnedAway);
    }
    expect(named.filter((n) => C[n] === undefined)).toEqual([]);
  });
});
