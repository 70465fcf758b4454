// What arbitraryScenario generates of its later features (fixed limits, weekday shifts,
// params and formulas): each is generated, each scenario so generated is read and validated,
// and adding them left the rest of every scenario, seed for seed, as it was.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { parseScenario, type ScenarioInput, scenarioSchema } from "../../src/index.js";
import { fixedCapacitiesOf } from "../../src/model/stages.js";
import { WEEKDAYS } from "../../src/scenario/calendar.js";
import { formulaOf } from "../../src/scenario/formulas.js";
import { arbitraryScenario, checkInvariants } from "../../src/testing/index.js";
import { propRuns } from "../propRuns.js";

const SAMPLE = 200;
const sample = (options: Parameters<typeof arbitraryScenario>[0], seed = 1) =>
  fc.sample(arbitraryScenario(options), { numRuns: SAMPLE, seed });
/** The scenario as the planner's file gives it: written out as YAML and read back. */
const read = (s: ScenarioInput) => parseScenario(YAML.stringify(s), "generated.yaml");

type Loose = Record<string, unknown> & {
  site: Record<string, unknown>;
  sales: { shifts?: Record<string, unknown>[] } & Record<string, unknown>;
  supply: Record<string, unknown>;
  checkout?: { payment: Record<string, unknown> };
};
/** A copy without the later features' keys (fixed limits and weekdays). */
function withoutLater(s: ScenarioInput) {
  const t = structuredClone(s) as unknown as Loose;
  delete t.site.fixed;
  delete t.sales.fixed;
  delete t.supply.fixed;
  if (t.checkout) delete t.checkout.payment.fixed;
  for (const sh of t.sales.shifts ?? []) delete sh.weekdays;
  return t;
}

/** Every value in `s` written as a formula, with its key path. */
function formulas(value: unknown, path = ""): [string, string][] {
  if (formulaOf(value) !== undefined) return [[path, value as string]];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => formulas(v, path ? `${path}.${k}` : k));
}

describe("arbitraryScenario: fixed limits", () => {
  it("arbitraryScenario() fixes each limit that takes it now and then, and each validates", () => {
    const fixedIds = new Map<string, number>();
    for (const s of sample({ checkout: true })) {
      const scenario = scenarioSchema.parse(s);
      for (const c of fixedCapacitiesOf(scenario))
        fixedIds.set(c.id, (fixedIds.get(c.id) ?? 0) + 1);
      expect(scenario.site.fixed).toBe(s.site.fixed);
    }
    expect([...fixedIds.keys()].sort()).toEqual(["it", "payments", "sales", "supply"]);
  });

  it("arbitraryScenario({ fixedLimits: false }) and { features: false } fix none", () => {
    for (const options of [{ fixedLimits: false }, { features: false }])
      for (const s of sample({ ...options, checkout: true }))
        expect(fixedCapacitiesOf(scenarioSchema.parse(s))).toEqual([]);
  });
});

describe("arbitraryScenario: weekday shifts", () => {
  it("keeps every invariant with fixed limits and weekday shifts wherever they can be", () => {
    fc.assert(
      fc.property(
        arbitraryScenario({ features: true, fixedLimits: true, weekdays: true, maxReach: 2000 }),
        (s) => {
          expect(checkInvariants(s)).toEqual([]);
        },
      ),
      { numRuns: propRuns(40) },
    );
  });

  it("arbitraryScenario() gives some shifts weekdays, always with a start date, and each validates", () => {
    let withWeekdays = 0;
    for (const s of sample({})) {
      const shifts = s.sales.shifts ?? [];
      if (shifts.some((sh) => sh.weekdays)) {
        withWeekdays++;
        expect(s.horizon.start).toBeDefined();
      }
      for (const sh of shifts) for (const day of sh.weekdays ?? []) expect(WEEKDAYS).toContain(day);
      scenarioSchema.parse(s);
    }
    expect(withWeekdays).toBeGreaterThan(0);
  });

  it("arbitraryScenario({ weekdays: true }) gives every shift weekdays where there is a start", () => {
    let shifts = 0;
    for (const s of sample({ weekdays: true, features: true }))
      if (s.horizon.start !== undefined)
        for (const sh of s.sales.shifts ?? []) {
          shifts++;
          expect(sh.weekdays?.length).toBeGreaterThan(0);
        }
    expect(shifts).toBeGreaterThan(0);
  });
});

describe("arbitraryScenario: params and formulas", () => {
  it("arbitraryScenario({ formulas: true }) writes params and formulas, and each is read", () => {
    const paths = new Set<string>();
    for (const s of sample({ formulas: true })) {
      const written = formulas(s);
      expect(written.length).toBeGreaterThan(0);
      expect(Object.keys((s as { params?: object }).params ?? {}).length).toBeGreaterThan(0);
      for (const [path] of written) paths.add(path.replace(/\.\d+\./, ".i.").replace(/s\d+/, "s"));
      read(s);
    }
    // The reach from spend and cpm, a whole limit as a sum, a param that is a formula.
    for (const path of ["marketing.channels.i.reach", "site.capacity", "params.stock_b"])
      expect(paths).toContain(path);
  });

  it("each formula gives exactly the number it replaces: the scenario read is the one without", () => {
    const plain = sample({});
    sample({ formulas: true }).forEach((s, i) => {
      const { params, ...scenario } = read(s);
      expect(Object.keys(params).length).toBeGreaterThan(0);
      const { params: none, ...expected } = read(plain[i]);
      expect(none).toEqual({});
      expect(scenario).toEqual(expected);
    });
  });

  it("arbitraryScenario() and { formulas: false } write no formula", () => {
    for (const s of [...sample({}), ...sample({ formulas: false, fixedLimits: true })])
      expect(formulas(s)).toEqual([]);
  });

  it("keeps every invariant on scenarios written with formulas, once read", () => {
    fc.assert(
      fc.property(arbitraryScenario({ formulas: true, maxReach: 2000 }), (s) => {
        expect(checkInvariants(read(s))).toEqual([]);
      }),
      { numRuns: propRuns(40) },
    );
  });
});

describe("arbitraryScenario: the later features keep the seeds", () => {
  it("the same seed gives the same scenario with or without them, they aside", () => {
    for (const options of [{}, { checkout: true }, { fixed: { supply: { stock: 0 } } }]) {
      const without = sample({ ...options, fixedLimits: false, weekdays: false }, 7);
      const withThem = sample({ ...options, fixedLimits: true, weekdays: true }, 7);
      withThem.forEach((s, i) => {
        expect(withoutLater(s)).toEqual(without[i]);
      });
    }
  });

  it("fixed still pins what it names, over the later features too", () => {
    for (const s of sample({
      fixedLimits: true,
      formulas: true,
      fixed: { site: { fixed: false, capacity: 7 }, supply: { stock: 5 } },
    })) {
      expect(s.site.fixed).toBe(false);
      expect(s.site.capacity).toBe(7);
      expect(s.supply.stock).toBe(5);
      read(s);
    }
  });
});
