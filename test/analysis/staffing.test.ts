import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { erlangAAbandonment } from "../../src/analysis/erlang.js";
import {
  findStaffing,
  pipelineCheck,
  requestStreams,
  type StaffingOptions,
  shiftsFlow,
} from "../../src/analysis/staffing.js";
import { C } from "../../src/core/counters.js";
import { simulate } from "../../src/core/pipeline.js";
import { compile } from "../../src/core/plan.js";
import { renderStaffing } from "../../src/report/staffing.js";
import { loadScenario } from "../../src/scenario/parse.js";
import { resultOf } from "../provenance.js";
import { erlangA } from "../theory/erlang.js";

const ALPHA = "scenarios/alpha-content-actual.yaml";
const abandon = (max: number, o: Partial<StaffingOptions> = {}): StaffingOptions => ({
  file: ALPHA,
  target: { kind: "abandon", max },
  scope: "horizon",
  by: "hour",
  replications: 5,
  ...o,
});

describe("erlang (src)", () => {
  it("agrees with the theory suite's Erlang A", () => {
    for (const [c, lambda, mu, theta] of [
      [1, 0.1, 0.1, 0.2],
      [4, 0.5, 0.1, 0.2],
      [12, 2, 0.2, 0.05],
    ])
      expect(erlangAAbandonment(c, lambda, mu, theta)).toBeCloseTo(
        erlangA(c, lambda, mu, theta).pAbandon,
        12,
      );
  });
});

describe("staffing", () => {
  it("on flat traffic, gives Erlang A's consultants per hour within ±1", () => {
    // Stationary: the same weight every day and hour, exponential handle time and patience,
    // a site that turns no one away; ten times the case's reach (≈ 11 requests an hour).
    const s = loadScenario(ALPHA, [
      `marketing.traffic.daily=[${new Array(30).fill(1).join(", ")}]`,
      `marketing.traffic.hourly=[${new Array(24).fill(1).join(", ")}]`,
      "marketing.channels.0.reach=18000000",
      "marketing.channels.1.reach=7000000",
      "marketing.budget=2000000",
      "site.capacity=unlimited",
      "sales.handleTime={dist: exponential, mean: 10}",
      "sales.patience={dist: exponential, mean: 5}",
    ]);
    for (const scope of ["horizon", "hour"] as const) {
      const r = findStaffing(s, requestStreams(compile(s), 5), abandon(0.05, { scope }));
      for (const c of r.cells) expect(Math.abs(c.simulated - c.erlang)).toBeLessThanOrEqual(1);
      expect(r.overall.simulated).toBeLessThanOrEqual(0.05);
    }
  }, 60_000);

  it("on the case's peaked profile, says where Erlang A misjudges; the pasted shifts meet the target", async () => {
    const s = loadScenario(ALPHA);
    const found = findStaffing(s, requestStreams(compile(s), 5), abandon(0.05));
    const differ = found.cells.filter((c) => c.simulated !== c.erlang);
    expect(differ.length).toBeGreaterThan(0);
    const pasted = loadScenario(ALPHA, [
      "sales.consultants=null",
      `sales.shifts=${shiftsFlow(found.shifts)}`,
    ]);
    const pipeline = await pipelineCheck({ simulated: pasted, erlang: pasted }, 5, null);
    // The pipeline on the pasted block gives the search's own figure (same requests, same queue).
    expect(pipeline.simulatedAbandonment).toBe(found.overall.simulated);
    const text = renderStaffing({ ...found, pipeline });
    for (const c of differ)
      expect(text).toContain(
        `${String(c.hour).padStart(2, "0")}–${String(c.hour + 1).padStart(2, "0")}`,
      );
    expect(text).toMatch(/Erlang A (under|over)-staffs/);
    // Run as `run` would, replication by replication: abandonment at or below the target.
    let lost = 0;
    let due = 0;
    for (let r = 0; r < 5; r++) {
      const c = simulate(compile(pasted), r).counters;
      lost += c[C.lostAbandon];
      due += c[C.consultRequests] - c[C.pendingConsult];
    }
    expect(lost / due).toBeLessThanOrEqual(0.05);
    expect(lost / due).toBe(found.overall.simulated);
  }, 60_000);

  it("per day: a shift per run of equal hours, with its days", () => {
    const s = loadScenario(ALPHA);
    const found = findStaffing(s, requestStreams(compile(s), 3), abandon(0.05, { by: "day" }));
    expect(found.cells).toHaveLength(30 * 24);
    expect(found.shifts.every((sh) => sh.days !== undefined)).toBe(true);
    expect(found.overall.simulated).toBeLessThanOrEqual(0.05);
    const hours = found.shifts.reduce(
      (n, sh) => n + sh.consultants * (sh.hours[1] - sh.hours[0]) * (sh.days![1] - sh.days![0] + 1),
      0,
    );
    expect(hours).toBe(found.consultantHours.simulated);
  }, 60_000);
});

describe("staffing command", () => {
  const cli = (args: string[]) =>
    spawnSync("node", ["bin/funnel-sim.cjs", "staffing", ALPHA, ...args], { encoding: "utf8" });

  it("prints the same JSON for any --threads", () => {
    const args = ["--abandon", "0.05", "--replications", "4", "--json"];
    const one = execFileSync(
      "node",
      ["bin/funnel-sim.cjs", "staffing", ALPHA, ...args, "--threads", "1"],
      { encoding: "utf8" },
    );
    const two = execFileSync(
      "node",
      ["bin/funnel-sim.cjs", "staffing", ALPHA, ...args, "--threads", "2"],
      { encoding: "utf8" },
    );
    expect(resultOf(two)).toBe(resultOf(one));
    expect(JSON.parse(one).shifts.length).toBeGreaterThan(0);
  }, 60_000);

  it("exits 2 on bad input and says an unreachable target plainly", () => {
    for (const bad of [
      [],
      ["--abandon", "5"],
      ["--answer-within", "1"],
      ["--abandon", "0.05", "--by", "week"],
    ]) {
      const r = cli(bad);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^funnel-sim: /);
    }
    const none = cli(["--abandon", "0.05", "--set", "sales.patience=null"]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("sales.patience is not given");
    const r = cli([
      "--abandon",
      "0.005",
      "--replications",
      "3",
      "--set",
      `marketing.traffic.hourly=[${[...new Array(23).fill(0), 1].join(",")}]`,
      "--set",
      "site.session={dist: fixed, value: 600}",
      "--set",
      "site.capacity=unlimited",
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("the target cannot be met");
    expect(r.stderr).toContain("after the horizon");
  }, 60_000);
});
