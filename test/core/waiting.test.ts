import { describe, expect, test } from "vitest";
import { C, compile, loadScenario, runScenario, simulate } from "../../src/index.js";

// Waiting figures over every consultation request, and losses to patience split by whether a
// consultant was on duty at any moment of the wait. Shift: one consultant 09:00–10:00 daily;
// sessions of zero length, so a request is made at its click; patience 30 minutes.
const hourly = (hours: number[]) =>
  `[${Array.from({ length: 24 }, (_, h) => (hours.includes(h) ? 1 : 0)).join(", ")}]`;
const scenario = (hours: number[], ...set: string[]) =>
  loadScenario("bench/r1.yaml", [
    "horizon.days=5",
    "marketing.channels.0.reach=20000",
    `marketing.traffic.hourly=${hourly(hours)}`,
    "site.capacity=unlimited",
    "site.session={dist: fixed, value: 0}",
    "segments.everyone.consultRate=1",
    "sales.consultants=null",
    "sales.shifts=[{consultants: 1, hours: [9, 10]}]",
    "sales.handleTime={dist: fixed, value: 600}",
    "sales.patience={dist: fixed, value: 30}",
    ...set,
  ]);
const counters = (hours: number[], ...set: string[]) =>
  simulate(compile(scenario(hours, ...set))).counters;

describe("losses to patience, by whether anyone was on duty", () => {
  test("simulate: requests whose whole wait falls outside every shift give up with no consultant on duty", () => {
    // Requests at 00:00–06:59 and 11:00–23:59 wait at most until 07:29 or end after 10:00.
    const c = counters([0, 1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
    expect(c[C.consultRequests]).toBeGreaterThan(1000);
    expect(c[C.lostAbandon]).toBe(c[C.consultRequests]);
    expect(c[C.lostAbandonOffDuty]).toBe(c[C.lostAbandon]);
    expect(c[C.lostAbandonBusy]).toBe(0);
  });

  test("simulate: requests made on duty that find the one consultant busy give up while consultants are busy", () => {
    // Every request is made 09:00–09:59: the first of each day takes the consultant for 10 hours.
    const c = counters([9]);
    expect(c[C.consulted]).toBe(5);
    expect(c[C.lostAbandonBusy]).toBe(c[C.consultRequests] - 5);
    expect(c[C.lostAbandonOffDuty]).toBe(0);
  });

  test("simulate: a wait that reaches into the shift counts as on duty", () => {
    // Requests at 08:00–08:59 with 90 minutes' patience are all still waiting at 09:00.
    const c = counters([8], "sales.patience={dist: fixed, value: 90}");
    expect(c[C.consulted]).toBe(5);
    expect(c[C.lostAbandonOffDuty]).toBe(0);
    expect(c[C.lostAbandonBusy]).toBe(c[C.consultRequests] - 5);
  });

  test("simulate: with no consultant at all, every loss to patience is off duty", () => {
    const c = counters([9, 10, 11], "sales.shifts=null", "sales.consultants=0");
    expect(c[C.lostAbandonOffDuty]).toBe(c[C.consultRequests]);
  });
});

describe("waiting figures over every request", () => {
  test("runScenario: those who gave up waited their patience; everyone waited", () => {
    const r = runScenario(scenario([0, 1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16, 17]));
    expect(r.peak.waitedShare).toBe(1);
    expect(r.peak.gaveUpMeanWaitMin).toBeCloseTo(30, 5);
    expect(r.peak.gaveUpP90WaitMin).toBe(30);
    expect(r.peak.meanWaitMin).toBeNull();
    expect(r.peak.p90WaitMin).toBeNull();
  });

  test("runScenario: the waited share counts served-after-a-wait, gave up and never picked up", () => {
    // Requests 09:00–09:59: the first each day is served at once, the rest give up.
    const r = runScenario(scenario([9]));
    const f = r.funnel;
    expect(r.peak.waitedShare).toBeCloseTo((f.consultRequests - 5) / f.consultRequests, 12);
    expect(r.peak.meanWaitMin).toBe(0);
    expect(r.peak.p90WaitMin).toBe(0);
  });
  // The 90th percentile of served waits is checked against Erlang C in test/theory/erlang-c.test.ts.
});
