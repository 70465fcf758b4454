// FALSE FRIENDS: invariants that look true and are not. Each is pinned to a small scenario
// where it fails, so nobody adds it to checkInvariants (README, "Testing your own plans and
// extensions", says why). Both pairs differ in one capacity only: the same visitors (common
// random numbers) make the other choices.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { C, compile, parseScenario, simulate } from "../../src/index.js";
import { checkInvariants } from "../../src/testing/index.js";

/** Browsers ask a consultant and pay 10; buyers buy directly and pay 1,000. */
const yaml = (o: { capacity: number; consultants: number; seed?: number; prices?: boolean }) => `
name: false friend
seed: ${o.seed ?? 1}
horizon: { days: 1 }
marketing:
  budget: 0
  channels:
    - { name: ads, reach: 20000, clickRate: 0.1, mix: { browsers: 0.5, buyers: 0.5 } }
segments:
  browsers: { consultRate: 0.8, directRate: 0, closeRate: 1${o.prices === false ? "" : ", price: 10"} }
  buyers: { consultRate: 0, directRate: 0.5, closeRate: 0${o.prices === false ? "" : ", price: 1000"} }
site: { capacity: ${o.capacity}, session: { dist: exponential, mean: 10 } }
sales:
  consultants: ${o.consultants}
  handleTime: { dist: exponential, mean: 20 }
  patience: { dist: exponential, mean: 10 }
supply: { stock: 50, price: 100 }
`;

function run(o: Parameters<typeof yaml>[0]) {
  const scenario = parseScenario(yaml(o), "false-friend.yaml");
  const plan = compile(scenario);
  const result = simulate(plan);
  expect(checkInvariants({ scenario, plan, run: result })).toEqual([]);
  return (name: string) => result.counters[C[name]];
}

describe("false friends", () => {
  it("more site capacity can raise abandonment: more visitors reach the consultants", () => {
    const small = run({ capacity: 2, consultants: 1, prices: false });
    const big = run({ capacity: 20, consultants: 1, prices: false });
    expect(big("served")).toBeGreaterThan(small("served"));
    expect(big("consultRequests")).toBeGreaterThan(small("consultRequests"));
    expect(big("lostAbandon")).toBeGreaterThan(small("lostAbandon"));
    // The pinned figures (README): 46 → 691 lost to patience.
    expect([small("lostAbandon"), big("lostAbandon")]).toEqual([46, 691]);
  });

  it("more site capacity raising abandonment is no accident of one seed: fast-check finds it", () => {
    const tempting = fc.property(fc.integer({ min: 1, max: 1000 }), (seed) => {
      const small = run({ capacity: 2, consultants: 1, seed, prices: false });
      const big = run({ capacity: 20, consultants: 1, seed, prices: false });
      return big("lostAbandon") <= small("lostAbandon");
    });
    const found = fc.check(tempting, { seed: 1, numRuns: 20 });
    expect(found.failed).toBe(true);
  });

  it("more consultants can lower revenue: cheap consulted buyers take the stock first", () => {
    const none = run({ capacity: 20, consultants: 0 });
    const many = run({ capacity: 20, consultants: 20 });
    // The same units sold (all the stock), the same direct buyers: who got the units changed.
    expect(many("purchased")).toBe(none("purchased"));
    expect(many("directAttempts")).toBe(none("directAttempts"));
    expect(many("consultPurchaseAttempts")).toBeGreaterThan(none("consultPurchaseAttempts"));
    expect(many("revenue")).toBeLessThan(none("revenue"));
    // The pinned figures (README): 50,000 → 21,290.
    expect([none("revenue"), many("revenue")]).toEqual([50_000, 21_290]);
  });

  it("more consultants lowering revenue is no accident of one seed: fast-check finds it", () => {
    const tempting = fc.property(fc.integer({ min: 1, max: 1000 }), (seed) => {
      const none = run({ capacity: 20, consultants: 0, seed });
      const many = run({ capacity: 20, consultants: 20, seed });
      return many("revenue") >= none("revenue");
    });
    expect(fc.check(tempting, { seed: 1, numRuns: 20 }).failed).toBe(true);
  });
});
