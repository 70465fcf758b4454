// Upper bounds on every count and amount (src/scenario/bounds.ts), each refused with the bound
// and the reason; money bounded so every derived figure stays finite; durations bounded so the
// samplers always have a distribution to draw from, and every distribution at its bounds
// samples finite values.
import { describe, expect, it } from "vitest";
import {
  C,
  compile,
  type Distribution,
  parseScenario,
  runScenario,
  simulate,
} from "../../src/index.js";
import { bindSampler, compileDist } from "../../src/rng/samplers.js";
import { FILE, FIXTURE, scenarioError, timedError } from "./fixture.js";

/** The fixture with `sets` applied as --set overrides. */
const withSets = (...sets: string[]) => parseScenario(FIXTURE, FILE, sets);
/** The one problem `sets` cause: its key path and message. */
const refusal = (...sets: string[]) => {
  const { problems } = scenarioError(() => withSets(...sets));
  expect(problems).toHaveLength(1);
  return { path: problems[0].path, message: problems[0].message };
};

// [what, --set at the bound (accepted), --set past it (refused), path, message]. Some need
// other keys set so that the value at the bound is valid (a rate × factor at most 1, say).
const bounds: [string, string[], string[], string, string][] = [
  [
    "consultants always on duty",
    ["sales.consultants=100000"],
    ["sales.consultants=100001"],
    "sales.consultants",
    "at most 100,000 consultants: a consultant is a seat in the kernels' heap; 100,000 is far beyond any contact centre (got 100001)",
  ],
  [
    "consultants on a shift",
    [
      "sales.consultants=null",
      "sales.shifts=[{consultants: 100000, hours: [9, 18], days: [1, 30]}]",
    ],
    ["sales.consultants=null", "sales.shifts=[{consultants: 100001, hours: [9, 18]}]"],
    "sales.shifts.0.consultants",
    "at most 100,000 consultants: a consultant is a seat in the kernels' heap; 100,000 is far beyond any contact centre (got 100001)",
  ],
  [
    "consultants on all shifts together",
    [
      "sales.consultants=null",
      "sales.shifts=[{consultants: 50000, hours: [9, 18], days: [1, 10]}, {consultants: 50000, hours: [18, 9], days: [1, 10]}]",
    ],
    [
      "sales.consultants=null",
      "sales.shifts=[{consultants: 50000, hours: [9, 18]}, {consultants: 50001, hours: [18, 9]}]",
    ],
    "sales.shifts",
    "at most 100,000 consultants on all shifts together: a consultant is a seat in the kernels' heap; 100,000 is far beyond any contact centre (got 100,001)",
  ],
  [
    "consultant-days",
    [
      "horizon.days=100",
      "sales.consultants=null",
      "sales.shifts=[{consultants: 60000, hours: [9, 18]}, {consultants: 40000, hours: [18, 9]}]",
    ],
    [
      "horizon.days=101",
      "sales.consultants=null",
      "sales.shifts=[{consultants: 60000, hours: [9, 18]}, {consultants: 40000, hours: [18, 9]}]",
    ],
    "sales.shifts",
    "at most 10,000,000 consultant-days on all shifts together (consultants × days of each shift): each consultant's hours on duty are laid out day by day before a run (16 bytes each) (got 10,100,000)",
  ],
  [
    "concurrent sessions",
    ["site.capacity=100000000"],
    ["site.capacity=100000001"],
    "site.capacity",
    "at most 100,000,000 concurrent sessions: a hundred million at once is beyond any site (got 100000001)",
  ],
  [
    "units in stock",
    ["supply.stock=100000000000"],
    ["supply.stock=100000000001"],
    "supply.stock",
    "at most 100,000,000,000 units: units are counted exactly as whole numbers, and the stock with 10,000 such deliveries stays below 2^53 (got 100000000001)",
  ],
  [
    "units delivered",
    ["supply.restock=[{day: 2, units: 100000000000}]"],
    ["supply.restock=[{day: 2, units: 100000000001}]"],
    "supply.restock.0.units",
    "at most 100,000,000,000 units: units are counted exactly as whole numbers, and the stock with 10,000 such deliveries stays below 2^53 (got 100000000001)",
  ],
  [
    "days of the horizon",
    ["horizon.days=366"],
    ["horizon.days=367"],
    "horizon.days",
    "at most 366 days: a campaign is simulated hour by hour over at most a year (got 367)",
  ],
  [
    "people reached",
    ["marketing.channels.0.reach=10000000000"],
    ["marketing.channels.0.reach=10000000001"],
    "marketing.channels.0.reach",
    "at most 10,000,000,000 people: that is more people than live on Earth (got 10000000001)",
  ],
  [
    "price",
    ["supply.price=1000000000"],
    ["supply.price=1e308"],
    "supply.price",
    "at most 1,000,000,000 per unit: that is beyond any product's price, and it keeps revenue (purchases × price) a finite number (got 1e+308)",
  ],
  [
    "budget",
    ["marketing.budget=1e13"],
    ["marketing.budget=1.0000000001e13"],
    "marketing.budget",
    "at most 10,000,000,000,000: ten trillion is beyond any campaign, and it keeps every cost per contact, click and sale finite (got 10000000001000)",
  ],
  [
    "spend and cpm",
    [
      "marketing.budget=null",
      "marketing.channels.0.reach=null",
      "marketing.channels.0.spend=1e13",
      "marketing.channels.0.cpm=1e9",
    ],
    [
      "marketing.budget=null",
      "marketing.channels.0.reach=null",
      "marketing.channels.0.spend=1e13",
      "marketing.channels.0.cpm=2e9",
    ],
    "marketing.channels.0.cpm",
    "at most 1,000,000,000 per thousand people: a thousand people cost less than that on any channel, and it keeps reach = spend / cpm × 1000 meaningful (got 2000000000)",
  ],
  [
    "a cost per unit",
    ["supply.unitCost=1e9"],
    ["supply.unitCost=1.5e9"],
    "supply.unitCost",
    "at most 1,000,000,000 per unit: that is beyond any unit's cost, and it keeps every cost and return per unit of money finite (got 1500000000)",
  ],
  [
    "a cost above 0 but below a millionth",
    ["site.costPerSlot=0.000001"],
    ["site.costPerSlot=1e-300"],
    "site.costPerSlot",
    "write 0, or at least 0.000001: a smaller cost makes the revenue per unit of money it returns infinite (got 1e-300)",
  ],
  [
    "a factor",
    [
      "segments.everyone.closeRate=0",
      "segments.everyone.directRate=0",
      "sales.skill=1e6",
      "offer={uplift: 1e6}",
    ],
    ["segments.everyone.closeRate=0", "sales.skill=1e7"],
    "sales.skill",
    "at most 1,000,000: a rate times factors must stay at most 1 anyway, and the bound keeps every product finite (got 10000000)",
  ],
  [
    "a traffic weight",
    [
      "marketing.traffic.hourly=[1e9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]",
    ],
    [
      "marketing.traffic.hourly=[1e308, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]",
    ],
    "marketing.traffic.hourly.0",
    "at most 1,000,000,000: only the ratios of weights matter, and the bound keeps their sum finite (got 1e+308)",
  ],
  [
    "a duration",
    ["sales.handleTime={dist: uniform, min: 0, max: 1000000}"],
    ["sales.handleTime={dist: fixed, value: 1000001}"],
    "sales.handleTime.value",
    "at most 1,000,000 minutes: about two years, far beyond any session, call or patience; durations are kept in the kernels' 32-bit columns (got 1000001)",
  ],
];

describe("every count and amount has an upper bound, with its reason", () => {
  it.each(bounds)("%s", (_, accepted, refused, path, message) => {
    expect(() => withSets(...accepted)).not.toThrow();
    const problem = refusal(...refused);
    // A problem that spans two keys (a pair of shifts) is located where the last touched it.
    expect(problem).toEqual({ path, message });
  });

  it("a billion consultants always on duty is refused at once, not after minutes and gigabytes", () => {
    const { error, ms } = timedError(() => withSets("sales.consultants=1000000000"));
    expect(error.problems[0].message).toMatch(/^at most 100,000 consultants/);
    expect(ms).toBeLessThan(200);
  });

  it("the bounds of the study: variants, the keys a variant sets, keys to vary and their values", () => {
    const refusedStudy = (study: string) => refusal(`study=${study}`);
    expect(
      refusedStudy(`{variants: [${Array(1001).fill("{name: v, set: {}}").join(", ")}]}`),
    ).toEqual({
      path: "study.variants",
      message: "at most 1,000 variants: each variant is a run of the whole scenario (got 1,001)",
    });
    const keys = Array.from({ length: 1001 }, (_, i) => `k${i}: 1`).join(", ");
    expect(refusedStudy(`{variants: [{name: v, set: {${keys}}}]}`)).toEqual({
      path: "study.variants.0.set",
      message:
        "at most 1,000 keys: a variant changes a few keys; one that changes more is a scenario of its own (got 1,001)",
    });
    const vary = Array.from({ length: 101 }, (_, i) => `k${i}: [1]`).join(", ");
    expect(refusedStudy(`{vary: {${vary}}}`)).toEqual({
      path: "study.vary",
      message:
        "at most 100 keys to vary: with two values each, 100 keys would make 2^100 points (got 101)",
    });
    expect(refusedStudy(`{vary: {site.capacity: [${Array(10_001).fill(1).join(",")}]}}`)).toEqual({
      path: "study.vary.site.capacity",
      message:
        "at most 10,000 values: a grid may have at most 10,000 points unless --max-points allows more (got 10,001)",
    });
  });
});

describe("money: every derived figure stays finite", () => {
  it("revenue at the highest price is a finite number", () => {
    const scenario = withSets(
      "supply.price=1e9",
      "supply.stock=unlimited",
      "marketing.channels.0.reach=20000",
    );
    const report = runScenario(scenario);
    expect(report.funnel.purchased).toBeGreaterThan(0);
    expect(Number.isFinite(report.revenue)).toBe(true);
  });
});

describe("distributions: always something to sample", () => {
  it("a gamma of mean 1e-200 is refused (its shape would be 0 and the sampler would throw)", () => {
    expect(refusal("site.session={dist: gamma, mean: 1e-200, sd: 1}")).toEqual({
      path: "site.session.mean",
      message:
        "at least 0.001 minutes (0.06 seconds): a shorter mean or sd leaves the sampler nothing to draw from (use {dist: fixed, value: 0} for no time at all) (got 1e-200)",
    });
  });

  it.each([
    [
      "a lognormal narrower than a millionth of its mean",
      "{dist: lognormal, mean: 1000000, sd: 0.9}",
      "sd must be at least 0.000001 × mean (got 9.00e-7 × mean): a lognormal that narrow cannot be sampled, write {dist: fixed, value: 1000000}",
    ],
    [
      "a gamma wider than 10,000 times its mean",
      "{dist: gamma, mean: 0.001, sd: 11}",
      "sd must be at most 10,000 × mean (got 11,000 × mean): nearly every draw would be 0 and the mean would rest on draws too rare to occur in a run",
    ],
  ])("%s is refused", (_, dist, message) => {
    expect(refusal(`site.session=${dist}`)).toEqual({ path: "site.session.sd", message });
  });

  it("fixed and uniform durations may be any length from 0: they are used as written", () => {
    expect(() =>
      withSets(
        "site.session={dist: fixed, value: 1e-300}",
        "sales.handleTime={dist: uniform, min: 0, max: 5e-324}",
      ),
    ).not.toThrow();
  });

  // Every distribution at the corners of its bounds.
  const corners: Distribution[] = [
    { dist: "fixed", value: 0 },
    { dist: "fixed", value: 5e-324 },
    { dist: "fixed", value: 1_000_000 },
    { dist: "uniform", min: 0, max: 1_000_000 },
    { dist: "uniform", min: 1_000_000, max: 1_000_000 },
    { dist: "exponential", mean: 0.001 },
    { dist: "exponential", mean: 1_000_000 },
    ...(["lognormal", "gamma"] as const).flatMap((dist) => [
      { dist, mean: 0.001, sd: 0.001 },
      { dist, mean: 0.001, sd: 10 }, // sd = 10,000 × mean
      { dist, mean: 1_000_000, sd: 1 }, // sd = a millionth of the mean
      { dist, mean: 1_000_000, sd: 1_000_000 },
      { dist, mean: 100, sd: 1_000_000 },
    ]),
  ];

  it.each(corners)("%j is accepted and samples finite, non-negative values", (d) => {
    const json = `{${Object.entries(d)
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ")}}`;
    const scenario = withSets(
      `site.session=${json}`,
      `sales.handleTime=${json}`,
      `sales.patience=${json}`,
      "marketing.channels.0.reach=20000",
      "marketing.channels.0.clickRate=1",
    );
    const draw = bindSampler(compileDist(scenario.site.session), Int32Array.of(1, 2, 3, 4));
    for (let i = 0; i < 10_000; i++) {
      const x = draw();
      expect(Number.isFinite(x) && x >= 0, `draw ${i}: ${x}`).toBe(true);
    }
    const { counters } = simulate(compile(scenario));
    expect(counters[C.clicked]).toBe(20_000);
    for (const [i, x] of counters.entries())
      expect(Number.isFinite(x) || Number.isNaN(x), `counter ${i}: ${x}`).toBe(true);
  });
});
