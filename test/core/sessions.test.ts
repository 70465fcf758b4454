import { describe, expect, it } from "vitest";
import { C, compile, parseScenario, simulate } from "../../src/index.js";
import { balancesOf } from "../../src/model/stages.js";

// Consultations held at a set time for many at once (sales.sessions: a webinar). A request
// books the first session to come with a free seat that starts within its patience.

const yaml = (sessions: string, patience = "{ dist: fixed, value: 60 }") => `
name: a webinar
horizon: { days: 2 }
marketing:
  budget: 0
  channels:
    - { name: all, owned: true, reach: 100000, clickRate: 0.05, mix: { x: 1 } }
  traffic: { daily: uniform, hourly: uniform }
segments:
  x: { consultRate: 1, directRate: 0, closeRate: 0.4 }
site:
  capacity: unlimited
  session: { dist: fixed, value: 0 }
sales:
  consultants: 0
  handleTime: { dist: exponential, mean: 10 }
  patience: ${patience}
  sessions: ${sessions}
supply:
  stock: unlimited
  price: 10
`;
const run = (sessions: string, patience?: string) => {
  const plan = compile(parseScenario(yaml(sessions, patience), "webinar.yaml"));
  return { plan, result: simulate(plan) };
};

describe("sessions held at a set time", () => {
  it("seat exactly the requests made within their patience before the start", () => {
    // Every click asks at once (session length 0); patience is one hour, the webinar is at
    // 10:00 on day 1: those who asked from 09:00 on are seated, nobody else is served.
    const { result } = run('[{ day: 1, at: "10:00", seats: 100000, length: 45 }]');
    const c = result.counters;
    expect(c[C.consultedInSession]).toBe(result.clicksBySlot[9]);
    expect(c[C.consulted]).toBe(c[C.consultedInSession]);
    expect(c[C.lostAbandon] + c[C.unservedAtEnd]).toBe(c[C.consultRequests] - c[C.consulted]);
  });

  it("never seat more than the seats, and fill the next session when one is full", () => {
    const one = run(
      '[{ day: 1, at: "10:00", seats: 30, length: 45 }]',
      "{ dist: fixed, value: 600 }",
    );
    expect(one.result.counters[C.consultedInSession]).toBe(30);
    const two = run(
      '[{ day: 1, at: "10:00", seats: 30, length: 45 }, { day: 1, at: "12:00", seats: 30, length: 45 }]',
      "{ dist: fixed, value: 600 }",
    );
    expect(two.result.counters[C.consultedInSession]).toBe(60);
  });

  it("keep every conservation law, the sessions' attendees among the consulted", () => {
    const { plan, result } = run(
      '[{ day: 1, at: "20:00", seats: 500, length: 60 }, { day: 2, at: "09:00", seats: 200, length: 30 }]',
      "{ dist: exponential, mean: 300 }",
    );
    const c = result.counters;
    const total = (names: readonly string[]) => names.reduce((n, k) => n + c[C[k]], 0);
    for (const law of balancesOf(plan))
      expect(total(law.equals), law.sum.join("+")).toBe(total(law.sum));
    expect(c[C.consultedInSession]).toBeGreaterThan(0);
    expect(c[C.consultedInSession]).toBeLessThanOrEqual(700);
    // The attendees decide at the session's end: every purchase after consulting is then.
    expect(c[C.consultPurchaseAttempts]).toBe(c[C.purchased]);
  });
});
