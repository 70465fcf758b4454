import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { csvResultOf, resultOf } from "../provenance.js";

// The built bundle, as a planner runs it (npm test builds first).
const BIN = "bin/funnel-sim.cjs";
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
const PLAN = "scenarios/alpha-content-plan.yaml";
const small = ["--replications", "3", "--max-traffic", "6"];

describe("funnel-sim headroom", () => {
  test("--threads 1 and --threads 2 give byte-identical JSON", () => {
    const args = ["headroom", PLAN, ...small, "--json"];
    const one = cli(...args, "--threads", "1");
    const two = cli(...args, "--threads", "2");
    expect(one.status, one.stderr).toBe(0);
    expect(resultOf(two.stdout)).toBe(resultOf(one.stdout));
    const doc = JSON.parse(one.stdout);
    expect(doc.threshold).toBe(0.01);
    expect(doc.maxTraffic).toBe(6);
    expect(doc.replications).toBe(3);
    expect(doc.limits.map((c: { id: string }) => c.id).sort()).toEqual(["it", "sales", "supply"]);
    expect(doc.curve[0].traffic).toBe(1);
    expect(doc.curve.at(-1).traffic).toBe(6);
  });

  test("the terminal names the limits in breaking order, then the load curve", () => {
    const r = cli("headroom", PLAN, ...small, "--threads", "1");
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(cli("headroom", PLAN, ...small, "--threads", "1", "--json").stdout);
    const order = doc.limits
      .filter((c: { breaksAt: number | null }) => c.breaksAt !== null)
      .map((c: { name: string }) => c.name);
    const sentence = r.stdout.split("\n")[3];
    expect(sentence).toMatch(/ already at the scenario's traffic| the scenario's traffic/);
    expect(sentence.startsWith(order[0])).toBe(true);
    const at = order.map((name: string) => sentence.indexOf(name));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(r.stdout).toMatch(/^\s+traffic\s+revenue \(RUB\)\s+purchased/m);
    expect(r.stdout).toMatch(/^\s+1\.25×\s/m);
  });

  test("--out FILE.json is the --json document; --out FILE.csv the load curve; a failure writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "funnel-sim-headroom-"));
    const json = join(dir, "headroom.json");
    const printed = cli("headroom", PLAN, ...small, "--threads", "1", "--json", "--out", json);
    expect(printed.status, printed.stderr).toBe(0);
    expect(readFileSync(json, "utf8")).toBe(printed.stdout);
    const csv = join(dir, "curve.csv");
    expect(cli("headroom", PLAN, ...small, "--out", csv).status).toBe(0);
    const rows = csvResultOf(readFileSync(csv, "utf8")).split("\r\n");
    expect(rows[0]).toMatch(/^traffic,grid,revenue_mean,revenue_half_width,purchased_mean,/);
    expect(rows[1]).toMatch(/^1,1,/);
    writeFileSync(csv, "before");
    const bad = cli("headroom", PLAN, ...small, "--threshold", "2", "--out", csv);
    expect(bad.status).toBe(2);
    expect(readFileSync(csv, "utf8")).toBe("before");
    // No temporary file is left beside them.
    expect(readdirSync(dir).sort()).toEqual(["curve.csv", "headroom.json"]);
  });

  test.each([
    [
      "--max-traffic below 1",
      ["--max-traffic", "0.5"],
      /--max-traffic must be a number ≥ 1.*got 0\.5/,
    ],
    ["--max-traffic not a number", ["--max-traffic", "lots"], /--max-traffic must be a number ≥ 1/],
    ["--threshold 0", ["--threshold", "0"], /--threshold must be a share between 0 and 1.*got 0\)/],
    ["--threshold 1", ["--threshold", "1"], /--threshold must be a share between 0 and 1.*got 1\)/],
    ["--threshold 150%", ["--threshold", "150%"], /--threshold must be .*got 150%\)/],
    ["--threshold -0.1", ["--threshold=-0.1"], /--threshold must be .*got -0\.1\)/],
    ["--threshold words", ["--threshold", "some"], /--threshold must be .*got some\)/],
    ["--out of another kind", ["--out", "x.txt"], /--out x\.txt: name a \.csv or \.json file/],
    [
      "--seed abc",
      ["--seed", "abc"],
      /--seed: expected a whole number from 0 to 4294967295 \(got abc\)/,
    ],
    [
      "--replications 0",
      ["--replications", "0"],
      /--replications must be a whole number ≥ 1 \(got 0\)/,
    ],
  ])("%s exits 2 with a clear message and no output", (_, args, message) => {
    const r = cli("headroom", PLAN, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  test("--threshold 2.5% is 0.025", () => {
    const r = cli("headroom", PLAN, ...small, "--threshold", "2.5%", "--json");
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).threshold).toBe(0.025);
  });
});
