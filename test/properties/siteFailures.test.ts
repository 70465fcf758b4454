import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { C, compile, parseScenario, simulate, summarize } from "../../src/index.js";
import { propRuns } from "../propRuns.js";

// A site that goes down (site.outages) refuses every arrival in the window; people turned away
// by a full or down site may come back once (site.retry). Each person is counted once, by how
// the return ended, so the funnel's conservation stays exact.

const yaml = (capacity: string, site: string) => `
name: outages and returns
horizon: { days: 2 }
marketing:
  budget: 0
  channels:
    - { name: all, owned: true, reach: 300000, clickRate: 0.05, mix: { x: 1 } }
  traffic: { daily: uniform, hourly: uniform }
segments:
  x: { consultRate: 0.05, directRate: 0.1, closeRate: 0.3 }
site:
  capacity: ${capacity}
  session: { dist: exponential, mean: 6 }
  ${site}
sales:
  consultants: 2
  handleTime: { dist: exponential, mean: 10 }
  patience: { dist: exponential, mean: 5 }
supply:
  stock: unlimited
  price: 10
`;
const run = (capacity: string, site: string, seed = 1) =>
  simulate(compile(parseScenario(yaml(capacity, site), "site.yaml", [`seed=${seed}`])));

describe("site outages and returns", () => {
  it("every click is lost to a full site, lost to an outage, or served — once, returns included", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }).map(String),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        (capacity, from, length, share, seed) => {
          const site = `outages: [{day: 1, hours: [${from}, ${Math.min(24, from + length)}]}]
  retry: {share: ${share}, delay: {dist: exponential, mean: 30}}`;
          const c = run(capacity, site, seed).counters;
          expect(c[C.clicked]).toBe(c[C.lostHosting] + c[C.lostOutage] + c[C.served]);
          expect(c[C.served]).toBe(
            c[C.lostBounce] + c[C.leftAfterVisit] + c[C.consultRequests] + c[C.directAttempts],
          );
          expect(c[C.retriedAfterRefusal]).toBeLessThanOrEqual(c[C.clicked]);
          expect(c[C.lostOutageWouldBuy]).toBeLessThanOrEqual(c[C.lostOutage]);
        },
      ),
      { numRuns: propRuns(Number(process.env.FC_NUM_RUNS ?? 30)) },
    );
  });

  it("an outage refuses exactly the clicks of its hours", () => {
    const r = run("unlimited", "outages: [{day: 1, hours: [10, 13]}, {day: 2, hours: [0, 1]}]");
    const inWindow = [10, 11, 12, 24].reduce((n, s) => n + r.clicksBySlot[s], 0);
    expect(r.counters[C.lostOutage]).toBe(inWindow);
    expect(r.counters[C.lostHosting]).toBe(0);
  });

  it("those who come back after the outage are served: the outage costs the share that did not", () => {
    const plain = run("unlimited", "outages: [{day: 1, hours: [10, 13]}]");
    const back = run(
      "unlimited",
      "outages: [{day: 1, hours: [10, 13]}]\n  retry: {share: 0.4, delay: {dist: fixed, value: 240}}",
    );
    const refused = plain.counters[C.lostOutage];
    const retried = back.counters[C.retriedAfterRefusal];
    // Returns land 4 h later, after the window, on an unlimited site: all are served.
    expect(back.counters[C.lostOutage]).toBe(refused - retried);
    // The same visitors: clicks do not depend on the site.
    expect(back.counters[C.clicked]).toBe(plain.counters[C.clicked]);
    // Binomial(refused, 0.4): within 5 sd (a false alarm once in ~3·10⁶ runs).
    const sd = Math.sqrt(refused * 0.4 * 0.6);
    expect(Math.abs(retried - 0.4 * refused)).toBeLessThanOrEqual(5 * sd);
    expect(back.counters[C.served]).toBe(plain.counters[C.served] + retried);
  });

  it("without outages or returns, the report shows neither", () => {
    const scenario = parseScenario(yaml("10", ""), "site.yaml");
    const plan = compile(scenario);
    const result = simulate(plan);
    expect(result.counters[C.lostOutage]).toBe(0);
    const report = summarize(scenario, plan, result);
    expect(Object.keys(report.funnel)).not.toContain("lostOutage");
    expect(Object.keys(report.funnel)).not.toContain("retriedAfterRefusal");
    expect(report.losses.map((l) => l.cause)).not.toContain("site down (outage)");
  });
});
