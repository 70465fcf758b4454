// Delays between stages (segments' consultDelay and purchaseDelay) and the people still
// pending when the horizon ends: conservation with pending as a line of its own, the delays'
// distribution, common random numbers across consultants, and validation in the planner's words.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Route } from "../../src/core/codes.js";
import { C, newCounters } from "../../src/core/counters.js";
import { reachUnits, simulateVariants } from "../../src/core/pipeline.js";
import { compile, type Plan } from "../../src/core/plan.js";
import { orderClicks } from "../../src/core/stages/click.js";
import { delayRequests, drawDelays } from "../../src/core/stages/delays.js";
import { hosting } from "../../src/core/stages/hosting.js";
import { reachBlock } from "../../src/core/stages/reach.js";
import { drawVisitors, type Visitors } from "../../src/core/stages/visit.js";
import {
  parseScenario,
  type RunResult,
  ScenarioError,
  simulate,
  summarize,
} from "../../src/index.js";
import { renderTerminal } from "../../src/report/terminal.js";
import { Stream } from "../../src/rng/streams.js";
import { kernelMemory } from "../../src/wasm/kernels.js";
import { propRuns } from "../propRuns.js";

/** A small two-segment scenario, its YAML with `extra` lines under each segment. */
function yaml(o: {
  days: number;
  reach: number;
  consultants: number | "unlimited";
  a?: string;
  b?: string;
  seed?: number;
}): string {
  return `name: delays
seed: ${o.seed ?? 7}
horizon: { days: ${o.days} }
marketing:
  budget: 1000
  channels:
    - { name: ads, reach: ${o.reach}, clickRate: 0.2, mix: { a: 0.6, b: 0.4 } }
segments:
  a: { consultRate: 0.4, directRate: 0.2, closeRate: 0.5${o.a ? `, ${o.a}` : ""} }
  b: { consultRate: 0.3, directRate: 0.3, closeRate: 0.4${o.b ? `, ${o.b}` : ""} }
site:
  capacity: 40
  session: { dist: exponential, mean: 5 }
sales:
  consultants: ${o.consultants}
  handleTime: { dist: exponential, mean: 20 }
  patience: { dist: exponential, mean: 60 }
supply:
  stock: 300
  price: 100
`;
}

const scenarioOf = (text: string) => parseScenario(text, "delays.yaml");

/** Every reached person once: losses + pending + purchased = reached, and each stage's law. */
function expectConserved(text: string, result?: RunResult): void {
  const scenario = scenarioOf(text);
  const plan = compile(scenario);
  const run = result ?? simulate(plan);
  const c = (name: string) => run.counters[C[name]];
  expect(c("consultRequests")).toBe(
    c("lostAbandon") + c("unservedAtEnd") + c("consulted") + c("pendingConsult"),
  );
  expect(c("consulted")).toBe(c("notClosed") + c("consultPurchaseAttempts"));
  expect(c("purchaseAttempts")).toBe(
    c("directAttempts") + c("consultPurchaseAttempts") - c("pendingPurchase"),
  );
  expect(c("purchaseAttempts")).toBe(c("purchased") + c("lostStock"));
  const report = summarize(scenario, plan, run);
  const lost = report.losses.reduce((n, l) => n + l.agents, 0);
  const pending = (report.pending ?? []).reduce((n, p) => n + p.agents, 0);
  expect(lost + pending + report.funnel.purchased).toBe(report.funnel.reached);
  // Pending people are no department's loss.
  for (const l of report.losses) expect(l.counter.startsWith("pending")).toBe(false);
}

const delay = fc.oneof(
  fc.record({ dist: fc.constant("fixed"), value: fc.integer({ min: 0, max: 1200 }) }),
  fc.record({ dist: fc.constant("exponential"), mean: fc.integer({ min: 1, max: 3000 }) }),
  fc
    .tuple(fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 0, max: 3000 }))
    .map(([min, span]) => ({ dist: "uniform", min, max: min + span })),
  fc.record({
    dist: fc.constant("gamma"),
    mean: fc.integer({ min: 10, max: 3000 }),
    sd: fc.integer({ min: 10, max: 3000 }),
  }),
);
const flow = (d: object) =>
  `{ ${Object.entries(d)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ")} }`;
const fields = fc
  .record({ consultDelay: delay, purchaseDelay: delay }, { requiredKeys: [] })
  .map((r) =>
    Object.entries(r)
      .map(([k, d]) => `${k}: ${flow(d)}`)
      .join(", "),
  );

/** Two scenarios' plans, one run per replication of the same visitors (simulateVariants). */
function variants(texts: string[]): { plans: Plan[]; runs: RunResult[] } {
  const plans = texts.map((t) => compile(scenarioOf(t)));
  return { plans, runs: simulateVariants(plans, 0) };
}

/** Visitors of a plan and the consultation requests the site lets out (as the pipeline). */
function visitorsAndExits(plan: Plan): { visitors: Visitors; exits: ReturnType<typeof hosting> } {
  kernelMemory().releaseAll();
  const blocks = reachUnits(plan).map((u) => reachBlock(plan, 0, u.channel, u.block, u.agents));
  const visitors = drawVisitors(plan, 0, orderClicks(plan, 0, blocks));
  const exits = hosting(visitors, plan.siteCapacity, plan.meanSessionMin, newCounters());
  return { visitors, exits };
}

describe("delays between stages and people pending at the end of the horizon", () => {
  it("conserves every reached person exactly, pending ones on a line of their own", () => {
    fc.assert(
      fc.property(
        fields,
        fields,
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom<number | "unlimited">(1, 3, "unlimited"),
        fc.integer({ min: 1, max: 1000 }),
        (a, b, days, consultants, seed) => {
          expectConserved(yaml({ days, reach: 5000, consultants, a, b, seed }));
        },
      ),
      { numRuns: propRuns(40) },
    );
  });

  it("a delay that moves about half the requests past the horizon reports them as pending", () => {
    // Requests made uniformly over 2 days, each 0–2 days later: P(past the horizon) = 1/2.
    const text = yaml({
      days: 2,
      reach: 200_000,
      consultants: "unlimited",
      a: "consultDelay: { dist: uniform, min: 0, max: 2880 }",
      b: "consultDelay: { dist: uniform, min: 0, max: 2880 }",
    });
    const scenario = scenarioOf(text);
    const plan = compile(scenario);
    const run = simulate(plan);
    const requests = run.counters[C.consultRequests];
    const pending = run.counters[C.pendingConsult];
    // Binomial sd of the share is ≤ 0.5 / √n; 5 of them (the session lengths add a little).
    expect(Math.abs(pending / requests - 0.5)).toBeLessThan(5 * (0.5 / Math.sqrt(requests)));
    expectConserved(text, run);
    const report = summarize(scenario, plan, run);
    expect(report.pending?.map((p) => p.counter)).toEqual(["pendingConsult"]);
    expect(report.funnel.pendingConsult).toBe(pending);
    expect("pendingPurchase" in report.funnel).toBe(false);
    expect(renderTerminal(report)).toContain("consultation requested, not yet due");
  });

  it("leaves a scenario without delays as it was: no pending counts, rows or lines", () => {
    const scenario = scenarioOf(yaml({ days: 1, reach: 5000, consultants: 2 }));
    const plan = compile(scenario);
    const report = summarize(scenario, plan, simulate(plan));
    expect(Object.keys(report.funnel).some((k) => k.startsWith("pending"))).toBe(false);
    expect(report.pending).toBeUndefined();
    expect(renderTerminal(report)).not.toContain("pending");
  });

  it("delays each request by its consulter's own draw, which follows the declared distribution", () => {
    const text = yaml({
      days: 10,
      reach: 100_000,
      consultants: 5,
      a: "consultDelay: { dist: uniform, min: 60, max: 1500 }",
    });
    const plan = compile(scenarioOf(text));
    const { visitors, exits } = visitorsAndExits(plan);
    const before = exits.requestMin.slice();
    const asker = exits.requestConsulter.slice();
    const per = plan.stages.consult as { consult: Parameters<typeof drawDelays>[3] };
    const consults = (r: number) => (r & Route.intentMask) === Route.consult;
    const delay = drawDelays(plan, 0, visitors, per.consult, Stream.consultDelay, consults);
    // The drawn delays of segment a's consulters: uniform(60, 1500): mean 780, sd 1440/√12.
    const route = visitors.route;
    const category = visitors.category;
    const drawn: number[] = [];
    for (let i = 0; i < visitors.count; i++) {
      const segment = plan.categorySegment[category[i]];
      if (consults(route[i]) && segment === 0) drawn.push(delay[i]);
      else expect(delay[i]).toBe(0); // drawn only for those it concerns
    }
    const n = drawn.length;
    expect(n).toBeGreaterThan(1000);
    const mean = drawn.reduce((s, x) => s + x, 0) / n;
    expect(Math.abs(mean - 780)).toBeLessThan(4 * (1440 / Math.sqrt(12) / Math.sqrt(n)));
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...drawn)).toBeLessThanOrEqual(1500);
    // The requests the consult kernel reads: each its own time + its delay, in time order.
    const counters = newCounters();
    const delayed = delayRequests(plan, 0, visitors, exits, counters);
    const consulterVisitor: number[] = [];
    for (let i = 0; i < visitors.count; i++) if (consults(route[i])) consulterVisitor.push(i);
    const wanted = new Map<number, number>();
    let pending = 0;
    before.forEach((t, r) => {
      const d = delay[consulterVisitor[asker[r] >>> 4]];
      if (d > 0 && t + d >= plan.horizonMin) pending++;
      else wanted.set(asker[r], t + d);
    });
    expect(counters[C.pendingConsult]).toBe(pending);
    expect(delayed.requestCount).toBe(before.length - pending);
    const minute = delayed.requestMin;
    const who = delayed.requestConsulter;
    for (let r = 0; r < delayed.requestCount; r++) {
      if (r > 0) expect(minute[r]).toBeGreaterThanOrEqual(minute[r - 1]);
      expect(minute[r]).toBe(wanted.get(who[r]));
    }
  });

  it("common random numbers: lifting consultants changes nobody's pending consultation", () => {
    const base = {
      days: 3,
      reach: 50_000,
      a: "consultDelay: { dist: exponential, mean: 1440 }, purchaseDelay: { dist: gamma, mean: 600, sd: 300 }",
      b: "consultDelay: { dist: uniform, min: 600, max: 3000 }",
    };
    const texts = [1, 4, 20, "unlimited" as const].map((consultants) =>
      yaml({ ...base, consultants }),
    );
    const { plans, runs } = variants(texts);
    const pending = runs.map((r) => r.counters[C.pendingConsult]);
    expect(new Set(pending).size).toBe(1);
    expect(pending[0]).toBeGreaterThan(0);
    for (const r of runs)
      expect(r.counters[C.consultRequests]).toBe(runs[0].counters[C.consultRequests]);
    // Who: the same requests in the same order reach the consult kernel in every variant.
    const requests = plans.map((plan) => {
      const { visitors, exits } = visitorsAndExits(plan);
      const d = delayRequests(plan, 0, visitors, exits, newCounters());
      return [Array.from(d.requestMin), Array.from(d.requestConsulter)];
    });
    for (const r of requests) expect(r).toEqual(requests[0]);
    // Served apart, each variant gives what it gives among the others.
    plans.forEach((plan, i) => {
      expect(Array.from(simulate(plan).counters)).toEqual(Array.from(runs[i].counters));
    });
    // ...and the consultants matter downstream.
    expect(runs[3].counters[C.consulted]).toBeGreaterThan(runs[0].counters[C.consulted]);
  });
});

describe("delays: validation in the planner's words", () => {
  const problem = (a: string, days = 3) => {
    try {
      scenarioOf(yaml({ days, reach: 1000, consultants: 2, a }));
    } catch (e) {
      if (e instanceof ScenarioError) return e.message;
      throw e;
    }
    return null;
  };

  it("accepts each distribution", () => {
    expect(problem("consultDelay: { dist: uniform, min: 1440, max: 4320 }")).toBeNull();
    expect(problem("purchaseDelay: { dist: lognormal, mean: 20160, sd: 10000 }", 60)).toBeNull();
  });

  it("names the segment's delay and says what is wrong", () => {
    expect(problem("consultDelay: { dist: uniform, min: 3000, max: 1440 }")).toContain(
      "segments.a.consultDelay.max: max must be ≥ min",
    );
    expect(problem("consultDelay: 2")).toContain("segments.a.consultDelay");
    expect(problem("purchaseDelay: { dist: fixed, value: -1 }")).toContain(
      "segments.a.purchaseDelay.value",
    );
  });

  it("refuses a delay that would leave every person of the segment pending (days for minutes)", () => {
    const message = problem("purchaseDelay: { dist: fixed, value: 14 }", 14);
    expect(message).toBeNull(); // 14 minutes is fine
    expect(problem("purchaseDelay: { dist: uniform, min: 20160, max: 30000 }", 14)).toContain(
      "segments.a.purchaseDelay: every purchase attempt of this segment would come after the 14-day horizon (the shortest delay is 20,160 minutes, 14 days): delays are in minutes (1 day = 1440)",
    );
    expect(problem("consultDelay: { dist: fixed, value: 5000 }", 3)).toContain(
      "segments.a.consultDelay: every consultation request of this segment would come after the 3-day horizon",
    );
  });
});
