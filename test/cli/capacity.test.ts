import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { resultOf } from "../provenance.js";

// The built bundle, as a planner runs it (node scripts/bundle.mjs builds it).
const BIN = "bin/funnel-sim.cjs";
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
const ACTUAL = "scenarios/alpha-content-actual.yaml";
// A small question: a fifth of the reach, five replications.
const small = [
  "--set",
  "marketing.channels.0.reach=360000",
  "--set",
  "marketing.channels.1.reach=140000",
  "--replications",
  "5",
];

describe("funnel-sim capacity", () => {
  test("--threads 1 and --threads 2 give byte-identical JSON; --out writes the same", () => {
    const dir = mkdtempSync(join(tmpdir(), "capacity-"));
    const out = join(dir, "capacity.json");
    const one = cli("capacity", ACTUAL, ...small, "--json", "--threads", "1");
    const two = cli("capacity", ACTUAL, ...small, "--json", "--threads", "2", "--out", out);
    expect(one.status).toBe(0);
    expect(resultOf(two.stdout)).toBe(resultOf(one.stdout));
    expect(readFileSync(out, "utf8")).toBe(two.stdout);
    const doc = JSON.parse(one.stdout);
    expect(doc.levers.map((l: { id: string }) => l.id)).toEqual(["it", "sales", "supply"]);
    expect(doc.target).toBe(0.95);
  }, 60_000);

  test("the report is a table lever | now | needed | share now → at needed | cost", () => {
    const r = cli("capacity", ACTUAL, ...small);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/lever\s+now\s+reference\s+needed\s+revenue share now → at needed/);
    expect(r.stdout).toContain("Cheapest joint setting reaching the target");
  }, 60_000);

  test.each([
    [["--target", "0"], "--target must be a share of the revenue above 0 and at most 1"],
    [["--target", "1.5"], "--target must be a share of the revenue above 0 and at most 1"],
    [["--traffic", "-1"], "--traffic must be a factor > 0"],
    [["--max-value", "0"], "--max-value must be a whole number ≥ 1"],
    [["--replications", "1"], "--replications must be a whole number ≥ 2"],
    [["--set", "supply.stock=unlimited"], "supply is already unlimited: there is nothing to size"],
  ])("bad input %j exits 2 and says why", (args, message) => {
    const given = args[0] === "--replications" ? small.slice(0, 4) : small;
    const r = cli("capacity", ACTUAL, ...given, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });

  test("a failing command leaves an existing --out file as it was", () => {
    const dir = mkdtempSync(join(tmpdir(), "capacity-"));
    const out = join(dir, "capacity.json");
    writeFileSync(out, "before\n");
    const r = cli("capacity", ACTUAL, ...small, "--target", "2", "--out", out);
    expect(r.status).toBe(2);
    expect(readFileSync(out, "utf8")).toBe("before\n");
    expect(existsSync(join(dir, `.capacity.json.${r.pid}.tmp`))).toBe(false);
  });

  test("a target out of reach within --max-value is said plainly", () => {
    const r = cli("capacity", ACTUAL, ...small, "--max-value", "20");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      "supply: the target is not reachable — not reached at 20 (--max-value)",
    );
  }, 60_000);

  test("a limit marked fixed is never searched", () => {
    const r = cli("capacity", ACTUAL, ...small, "--set", "supply.fixed=true", "--json");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.levers.map((l: { id: string }) => l.id)).toEqual(["it", "sales"]);
    expect(doc.fixed).toEqual([{ id: "supply", name: "supply", value: 150, unit: "units" }]);
  }, 60_000);
});
