// funnel-sim/testing's own tests: what its arbitraries generate, and that checkInvariants names
// the invariant a tampered run breaks (and only what it breaks).
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import {
  C,
  compile,
  loadScenario,
  parseScenario,
  ScenarioError,
  type ScenarioInput,
  scenarioSchema,
  simulate,
} from "../../src/index.js";
import {
  arbitraryInvalidScenario,
  arbitraryScenario,
  checkInvariants,
  INVARIANTS,
  nonNegativeName,
  wholeCountName,
} from "../../src/testing/index.js";
import { propRuns } from "../propRuns.js";

/** A scenario run, and its run tampered with by `tamper` (a copy of the counters). */
function tampered(input: ScenarioInput, tamper: (counters: Float64Array) => void) {
  const scenario = scenarioSchema.parse(input);
  const plan = compile(scenario);
  const run = simulate(plan);
  const counters = Float64Array.from(run.counters);
  tamper(counters);
  return { scenario, plan, run: { ...run, counters } };
}

/** Scenarios with someone served (so that a miscount has something to miscount). */
const busy = arbitraryScenario({
  fixed: { site: { capacity: "unlimited" } },
}).filter((s) => s.marketing.channels.some((ch) => (ch.reach ?? 0) > 500 && ch.clickRate > 0.1));

describe("checkInvariants", () => {
  it("holds for a scenario as written, validated, or already run", () => {
    fc.assert(
      fc.property(arbitraryScenario({ maxReach: 2000 }), (input) => {
        const scenario = scenarioSchema.parse(input);
        const plan = compile(scenario);
        expect(checkInvariants(input)).toEqual([]);
        expect(checkInvariants(scenario)).toEqual([]);
        expect(checkInvariants({ scenario, plan, run: simulate(plan) })).toEqual([]);
      }),
    );
  });

  it("holds for every shipped scenario", () => {
    for (const file of readdirSync("scenarios").filter((f) => f.endsWith(".yaml")))
      expect(checkInvariants(loadScenario(`scenarios/${file}`)), file).toEqual([]);
  });

  it("names the conservation laws a miscount breaks (served += 1), and determinism", () => {
    fc.assert(
      fc.property(busy, (input) => {
        const run = tampered(input, (c) => {
          c[C.served] += 1;
        });
        expect(checkInvariants(run).sort()).toEqual(
          [
            "conservation: clicked = lostHosting + lostOutage + served",
            "conservation: served = lostBounce + leftAfterVisit + consultRequests + directAttempts",
            INVARIANTS.determinism,
          ].sort(),
        );
      }),
      { numRuns: propRuns(10) },
    );
  });

  it("names a negative counter, a fractional count, revenue, the stock and the site", () => {
    const input = fc.sample(busy, { numRuns: 1, seed: 42 })[0];
    const names = (tamper: (c: Float64Array) => void) =>
      checkInvariants(tampered(input, tamper)).filter((n) => n !== INVARIANTS.determinism);
    expect(
      names((c) => {
        // Moved to another line of the same law, which still balances.
        c[C.leftAfterVisit] += c[C.lostBounce] + 1;
        c[C.lostBounce] = -1;
      }),
    ).toEqual([nonNegativeName("lostBounce")]);
    expect(
      names((c) => {
        c[C.peakSessions] += 0.5;
      }),
    ).toEqual([wholeCountName("peakSessions")]);
    expect(
      names((c) => {
        c[C.revenue] += 1;
      }),
    ).toEqual(
      // Only where one price applies to everyone (no prices or order sizes by segment).
      compile(scenarioSchema.parse(input)).stages.purchase === null ? [INVARIANTS.revenue] : [],
    );
    const limited = { ...input, site: { ...input.site, capacity: 3 } };
    expect(
      checkInvariants(
        tampered(limited, (c) => {
          c[C.peakSessions] = 4;
        }),
      ),
    ).toContain(INVARIANTS.peakSessions);
    const noStock = { ...input, supply: { ...input.supply, stock: 0, restock: [] } };
    expect(
      checkInvariants(
        tampered(noStock, (c) => {
          c[C.unitsSold] += 1;
        }),
      ),
    ).toContain(INVARIANTS.stock);
  });

  it("names common random numbers when the clicks before the site differ", () => {
    const input = fc.sample(busy, { numRuns: 1, seed: 7 })[0];
    const run = tampered(input, () => {});
    run.run.clicksBySlot = Uint32Array.from(run.run.clicksBySlot, (n, i) => (i === 0 ? n + 1 : n));
    expect(checkInvariants(run)).toEqual([INVARIANTS.crn]);
  });
});

describe("arbitraryScenario", () => {
  it("writes out as YAML the validator accepts, and keeps its options", () => {
    fc.assert(
      fc.property(
        arbitraryScenario({ maxReach: 300, days: 2, segments: 2, channels: 1, checkout: false }),
        (input) => {
          const scenario = parseScenario(YAML.stringify(input), "generated.yaml");
          expect(scenario.horizon.days).toBe(2);
          expect(Object.keys(scenario.segments)).toHaveLength(2);
          expect(scenario.marketing.channels).toHaveLength(1);
          expect("checkout" in input).toBe(false);
          const [channel] = scenario.marketing.channels;
          if (channel.cpc === undefined)
            expect(compile(scenario).channels[0].reach).toBeLessThanOrEqual(300);
          else
            expect((channel.spend ?? 0) / channel.cpc).toBeLessThanOrEqual(
              300 * channel.clickRate + 1e-9,
            );
        },
      ),
    );
  });

  it("gives a checkout and the optional features when asked", () => {
    fc.assert(
      fc.property(arbitraryScenario({ checkout: true, features: true }), (input) => {
        // A stage's section (checkout) is not in ScenarioInput's static type.
        expect((input as Record<string, unknown>).checkout).toBeDefined();
        expect((scenarioSchema.parse(input) as Record<string, unknown>).checkout).toBeDefined();
      }),
    );
  });

  it("fixes a section's keys as given", () => {
    fc.assert(
      fc.property(arbitraryScenario({ fixed: { supply: { stock: 0, restock: [] } } }), (input) => {
        expect(input.supply.stock).toBe(0);
        expect(input.supply.restock).toEqual([]);
        const run = simulate(compile(scenarioSchema.parse(input)));
        expect(run.counters[C.purchased]).toBe(0);
      }),
    );
  });
});

describe("arbitraryInvalidScenario", () => {
  it("is refused with the message it names", () => {
    fc.assert(
      fc.property(arbitraryInvalidScenario(), ({ text, message }) => {
        let error: unknown;
        try {
          parseScenario(text, "invalid.yaml");
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ScenarioError);
        expect((error as ScenarioError).message).toContain(message);
      }),
    );
  });
});
