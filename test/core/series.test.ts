// The series a run records for the charts (RunResult: peak sessions, the consultants' queue and
// busy time, on-duty time, stock by day) and what `run --json` makes of them.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hourlySeries } from "../../src/analysis/series.js";
import { Route, SLOT_MIN } from "../../src/core/codes.js";
import { drawnVisitors } from "../../src/core/pipeline.js";
import {
  C,
  CAPACITIES,
  compile,
  loadScenario,
  type Plan,
  type RunResult,
  scenarioSchema,
  simulate,
} from "../../src/index.js";
import { arbitraryScenario } from "../../src/testing/index.js";

const sum = (a: ArrayLike<number>) => Array.prototype.reduce.call(a, (x, y) => x + y, 0) as number;

/**
 * The most sessions open at once in each hour slot, by brute force: the site's loss system
 * replayed on the drawn visitors with a plain list of session ends (an end at or before an
 * arrival frees its slot first; a full site turns the arrival away; a bounce holds no slot).
 * A slot's most is its count at its start or just after one of its admissions.
 */
function peaksByBruteForce(plan: Plan, slots: number): number[] {
  const v = drawnVisitors(plan, 0);
  const arrival = v.arrivalMin.slice();
  const route = v.route.slice();
  const session = v.sessionMin.slice();
  const peaks = new Array<number>(slots).fill(0);
  let open: number[] = [];
  let slot = 0;
  const freeBy = (t: number) => {
    open = open.filter((end) => end > t);
  };
  for (let i = 0; i < arrival.length; i++) {
    const t = arrival[i];
    while (slot < slots - 1 && t >= (slot + 1) * SLOT_MIN) {
      slot++;
      freeBy(slot * SLOT_MIN);
      peaks[slot] = open.length;
    }
    freeBy(t);
    if (open.length >= plan.siteCapacity || route[i] & Route.bounce) continue;
    open.push(t + session[i]);
    peaks[slot] = Math.max(peaks[slot], open.length);
  }
  for (slot++; slot < slots; slot++) {
    freeBy(slot * SLOT_MIN);
    peaks[slot] = open.length;
  }
  return peaks;
}

/** Each hour's clicks that neither bounced nor were turned away: some were admitted if > 0. */
function admittedAtLeast(plan: Plan, run: RunResult): number[] {
  const v = drawnVisitors(plan, 0);
  const route = v.route.slice();
  const arrival = v.arrivalMin.slice();
  const bounced = new Array<number>(run.clicksBySlot.length).fill(0);
  for (let i = 0; i < route.length; i++)
    if (route[i] & Route.bounce) bounced[Math.floor(arrival[i] / SLOT_MIN)]++;
  return Array.from(run.clicksBySlot, (c, s) => c - bounced[s] - run.lostBySlot.lostHosting[s]);
}

/**
 * Every invariant of the series of one run. Float sums of the same busy minutes in another
 * grouping may differ by rounding only: each of the k pieces (a call split at hour ends) is
 * off by at most ε × the minute it ends at (≤ the horizon), and each addition by ε × the total.
 */
function checkSeries(plan: Plan, run: RunResult): void {
  const c = (name: keyof typeof C) => run.counters[C[name]];
  const slots = run.clicksBySlot.length;
  const days = slots / 24;
  // Per-hour losses add up to their counters.
  for (const cap of CAPACITIES)
    if (cap.lostBySlot in run.lostBySlot)
      expect(sum(run.lostBySlot[cap.lostBySlot]), cap.lostBySlot).toBe(
        c(cap.lostBySlot as keyof typeof C),
      );
  // The site: never above its capacity, and its most over the run is the peak counter.
  expect(run.peakSessionsBySlot).toHaveLength(slots);
  for (const p of run.peakSessionsBySlot) expect(p).toBeLessThanOrEqual(plan.siteCapacity);
  expect(Math.max(...run.peakSessionsBySlot)).toBe(c("peakSessions"));
  // The consultants: busy no more than on duty, summing to the busy counter; no queue when
  // nobody waited.
  const horizon = slots * SLOT_MIN;
  const total = c("consultantBusyMin");
  const pieces = c("consulted") + slots;
  const slack = (on: number) => 4 * Number.EPSILON * pieces * (horizon + on);
  expect(Math.abs(sum(run.busyMinBySlot) - total)).toBeLessThanOrEqual(slack(total));
  run.busyMinBySlot.forEach((busy, s) => {
    expect(busy).toBeGreaterThanOrEqual(0);
    expect(busy).toBeLessThanOrEqual(run.onDutyMinBySlot[s] + slack(run.onDutyMinBySlot[s]));
  });
  for (const q of run.queueMinBySlot) expect(q).toBeGreaterThanOrEqual(0);
  const waited = c("waitedForConsultant") + c("lostAbandon") + c("unservedAtEnd");
  if (waited === 0) expect(sum(run.queueMinBySlot)).toBe(0);
  // Minutes waited inside the horizon are some of all the minutes waited.
  if (c("unservedAtEnd") === 0)
    expect(sum(run.queueMinBySlot)).toBeLessThanOrEqual(
      (c("waitMinConsulted") + c("waitMinAbandoned")) * (1 + 4 * Number.EPSILON * pieces) +
        slack(0),
    );
  // The stock: down only by sales, up only on restock days, ending at what is left.
  const { stockLeft, restocked } = run.byDay;
  expect(stockLeft).toHaveLength(days);
  expect(sum(restocked)).toBe(sum(plan.restockUnits));
  if (Number.isFinite(plan.stock)) {
    let before = plan.stock;
    stockLeft.forEach((left, d) => {
      expect(left).toBeGreaterThanOrEqual(0);
      expect(left).toBeLessThanOrEqual(before + restocked[d]);
      before = left;
    });
    expect(stockLeft[days - 1]).toBe(plan.stock + sum(plan.restockUnits) - c("unitsSold"));
  } else for (const left of stockLeft) expect(left).toBe(Number.POSITIVE_INFINITY);
}

describe("the series a run records", () => {
  it("simulate(plan) keeps every series' invariant over generated scenarios, every feature included", () => {
    fc.assert(
      fc.property(arbitraryScenario(), (input) => {
        const plan = compile(scenarioSchema.parse(input));
        checkSeries(plan, simulate(plan));
      }),
    );
  });

  it("simulate(plan).peakSessionsBySlot is the brute-force replay of the site, hour by hour", () => {
    fc.assert(
      fc.property(
        arbitraryScenario({ features: false, maxReach: 5000, fixed: { site: { capacity: 8 } } }),
        (input) => {
          const plan = compile(scenarioSchema.parse(input));
          const run = simulate(plan);
          expect(Array.from(run.peakSessionsBySlot)).toEqual(
            peaksByBruteForce(plan, run.clicksBySlot.length),
          );
        },
      ),
    );
  });

  it("simulate(plan) on the article's case: someone admitted in an hour means a session open in it", () => {
    const plan = compile(loadScenario("scenarios/alpha-content-actual.yaml"));
    const run = simulate(plan);
    checkSeries(plan, run);
    expect(Array.from(run.peakSessionsBySlot)).toEqual(
      peaksByBruteForce(plan, run.clicksBySlot.length),
    );
    const admitted = admittedAtLeast(plan, run);
    expect(admitted.some((a) => a > 0)).toBe(true);
    admitted.forEach((a, s) => {
      if (a > 0) expect(run.peakSessionsBySlot[s]).toBeGreaterThanOrEqual(1);
    });
    // Limited consultants on shifts: someone waits, and the on-duty hours are the shifts'.
    expect(sum(run.queueMinBySlot)).toBeGreaterThan(0);
    expect(sum(run.onDutyMinBySlot)).toBe(plan.seatMinutesInHorizon);
  });

  it("hourlySeries(runs) gives each series' mean over replications, in consultants and units", () => {
    const plan = compile(loadScenario("scenarios/alpha-content-actual.yaml"));
    const runs = [0, 1, 2].map((k) => simulate(plan, k));
    const s = hourlySeries(runs);
    const slot = runs[0].clicksBySlot.findIndex((_, k) => runs.some((r) => r.busyMinBySlot[k]));
    // The same sums in the same order: the same figures to the bit.
    const mean = (get: (r: RunResult) => number) => runs.reduce((a, r) => a + get(r) / 3, 0);
    expect(s.peakSessions[slot]).toBe(mean((r) => r.peakSessionsBySlot[slot]));
    expect(s.consultants.busy[slot]).toBe(mean((r) => r.busyMinBySlot[slot]) / 60);
    expect(s.consultants.queue[slot]).toBe(mean((r) => r.queueMinBySlot[slot]) / 60);
    expect(s.consultants.onDuty?.[slot]).toBe(mean((r) => r.onDutyMinBySlot[slot]) / 60);
    expect(s.stock?.left[0]).toBe(mean((r) => r.byDay.stockLeft[0]));
    // Unlimited stock and consultants: no stock series, no on-duty line.
    const unlimited = compile(
      loadScenario("scenarios/alpha-content-actual.yaml", [
        "supply.stock=unlimited",
        "supply.restock=[]",
        "sales.consultants=unlimited",
        "sales.shifts=null",
      ]),
    );
    const u = hourlySeries([simulate(unlimited)]);
    expect(u.stock).toBeNull();
    expect(u.consultants.onDuty).toBeNull();
    expect(u.consultants.queue.every((q) => q === 0)).toBe(true);
  });
});

const BIN = "bin/funnel-sim.cjs";
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });

describe.runIf(existsSync(BIN))("run --json's series", () => {
  const args = ["run", "scenarios/alpha-content-actual.yaml", "--json", "--replications", "3"];

  it("run --json --replications 3 gives the same series on --threads 1 and 2, after every other key", () => {
    const one = JSON.parse(cli(...args, "--threads", "1").stdout);
    const two = JSON.parse(cli(...args, "--threads", "2").stdout);
    expect(two.series).toEqual(one.series);
    const keys = Object.keys(one).filter((k) => k !== "provenance");
    expect(keys[keys.length - 1]).toBe("series");
    const hours = one.horizonDays * 24;
    for (const [name, perHour] of Object.entries(one.series.perHour))
      expect(perHour, name).toHaveLength(hours);
    expect(one.series.perDay.stockLeft).toHaveLength(one.horizonDays);
    expect(Math.max(...one.series.perHour.peakSessions)).toBeLessThanOrEqual(one.peak.siteCapacity);
  });

  it("run --json's hourly losses add up to the funnel's, and its peak hour to the peak", () => {
    const r = cli("run", "scenarios/alpha-content-actual.yaml", "--json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const name of ["lostHosting", "lostAbandon", "lostStock"])
      expect(sum(out.series.perHour[name]), name).toBe(out.funnel[name]);
    expect(Math.max(...out.series.perHour.peakSessions)).toBe(out.peak.peakSessions);
    expect(out.series.perDay.stockLeft.at(-1)).toBeGreaterThanOrEqual(0);
  });
});
