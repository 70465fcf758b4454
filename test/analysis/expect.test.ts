import { describe, expect, test } from "vitest";
import { intervalStatus } from "../../src/analysis/expect.js";
import type { Profit } from "../../src/analysis/profit.js";
import type { Report } from "../../src/analysis/summarize.js";
import { KPI_FIGURES, PROFIT_FIGURES, readStatement } from "../../src/scenario/expect.js";

describe("expect: statements", () => {
  test("an interval holds, fails or is undecided by where it lies", () => {
    expect(intervalStatus("largerEq", 1, 3)).toBe("holds");
    expect(intervalStatus("largerEq", 0, 3)).toBe("holds");
    expect(intervalStatus("largerEq", -3, -1)).toBe("fails");
    expect(intervalStatus("largerEq", -1, 1)).toBe("undecided");
    expect(intervalStatus("larger", 0, 3)).toBe("undecided");
    expect(intervalStatus("smaller", -3, -1)).toBe("holds");
    expect(intervalStatus("smallerEq", 1, 2)).toBe("fails");
    expect(intervalStatus("equal", 0, 0)).toBe("holds");
    expect(intervalStatus("equal", -1, 1)).toBe("undecided");
    expect(intervalStatus("equal", 1, 2)).toBe("fails");
    expect(intervalStatus("unequal", 1, 2)).toBe("holds");
    expect(intervalStatus("unequal", 0, 0)).toBe("fails");
    expect(intervalStatus("unequal", -1, 1)).toBe("undecided");
  });

  test("statements read with the formulas' parser; mistakes are said", () => {
    const s = readStatement("share(lostHosting, clicked) < 0.01");
    expect(typeof s).not.toBe("string");
    expect(readStatement("verdict != sales")).toMatchObject({ kind: "verdict", op: "unequal" });
    expect(readStatement("verdict > sales")).toMatch(/compare it with == or !=/);
    expect(readStatement("verdict == salse")).toMatch(/did you mean sales/);
    expect(readStatement("revenue")).toMatch(/one comparison/);
    expect(readStatement("a = 1")).toMatch(/assignment is not allowed/);
    expect(readStatement("1 < revenue < 2")).toMatch(/one comparison/);
    expect(readStatement("costPerSal <= 10")).toMatch(/did you mean costPerSale/);
  });

  test("the KPI and profit names are the report's own keys", () => {
    const kpi: Record<keyof Report["kpi"], true> = Object.fromEntries(
      KPI_FIGURES.map((k) => [k, true]),
    ) as Record<keyof Report["kpi"], true>;
    expect(Object.keys(kpi).length).toBe(KPI_FIGURES.length);
    // Every key of Profit but revenue (named once, as the report's revenue).
    const profit: Record<Exclude<keyof Profit, "revenue">, true> = Object.fromEntries(
      PROFIT_FIGURES.map((k) => [k, true]),
    ) as Record<Exclude<keyof Profit, "revenue">, true>;
    expect(Object.keys(profit).length).toBe(PROFIT_FIGURES.length);
  });
});
