import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { C, compile, loadScenario, simulate, summarize } from "../../src/index.js";
import { resultOf } from "../provenance.js";

// `run --resolution N`: the busiest period of N minutes and the minute each capacity limit
// first turned someone away, from the run's own arrivals and counters.

const FILE = "scenarios/alpha-content-actual.yaml";

function report(resolution: number) {
  const scenario = loadScenario(FILE);
  const plan = compile(scenario);
  plan.resolutionMin = resolution;
  const run = simulate(plan);
  return { run, r: summarize(scenario, plan, run) };
}

describe("timing to the minute", () => {
  it("counts every click in its period, and the busiest period is the busiest", () => {
    const { run, r } = report(5);
    const counts = run.clicksByPeriod;
    if (!counts || !r.timing) throw new Error("no timing");
    expect(counts.reduce((a, b) => a + b, 0)).toBe(run.counters[C.clicked]);
    expect(Math.max(...counts)).toBe(r.timing.busiest.clicks);
    // Twelve 5-minute periods make an hour: the hourly counts are their sums.
    for (let s = 0; s < run.clicksBySlot.length; s++) {
      let sum = 0;
      for (let k = 0; k < 12; k++) sum += counts[s * 12 + k];
      expect(sum).toBe(run.clicksBySlot[s]);
    }
  });

  it("names the minute each limit first turned someone away, inside the first hour it did", () => {
    const { run, r } = report(60);
    const first = r.timing?.firstLossMin ?? {};
    const hourOf = (lost: Uint32Array) => lost.findIndex((n) => n > 0);
    expect(Math.floor((first.it as number) / 60)).toBe(hourOf(run.lostBySlot.lostHosting));
    expect(Math.floor((first.sales as number) / 60)).toBe(hourOf(run.lostBySlot.lostAbandon));
    expect(first.supply).toBe(run.counters[C.stockOutMin]);
  });

  it("is only reported when asked for, and the CLI takes 1, 5, 15 or 60", () => {
    const scenario = loadScenario(FILE);
    const plan = compile(scenario);
    expect(summarize(scenario, plan, simulate(plan)).timing).toBeUndefined();
    let status = 0;
    try {
      execFileSync("node", ["bin/funnel-sim.cjs", "run", FILE, "--resolution", "7"], {
        stdio: "pipe",
      });
    } catch (e) {
      status = (e as { status: number }).status;
    }
    expect(status).toBe(2);
    const json = (threads: string) =>
      execFileSync("node", [
        "bin/funnel-sim.cjs",
        "run",
        FILE,
        "--json",
        "--resolution",
        "15",
        "--replications",
        "3",
        "--threads",
        threads,
      ]).toString();
    const one = json("1");
    expect(JSON.parse(one).timing.resolutionMin).toBe(15);
    expect(resultOf(json("2"))).toBe(resultOf(one));
  });
});
