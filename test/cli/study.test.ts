import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { csvResultOf, resultOf } from "../provenance.js";

// The built bundle, as a planner runs it (npm test builds first).
const BIN = "bin/funnel-sim.cjs";
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
const small = [
  "--set",
  "marketing.channels.0.reach=100000",
  "--set",
  "horizon.days=3",
  "--replications",
  "3",
];

describe("funnel-sim sweep", () => {
  test("sweep --threads 1 and --threads 2 give byte-identical JSON", () => {
    const args = [
      "sweep",
      "bench/r1.yaml",
      ...small,
      "--vary",
      "traffic=1,2",
      "--vary",
      "site.capacity=20,40",
      "--json",
    ];
    const one = cli(...args, "--threads", "1");
    const two = cli(...args, "--threads", "2");
    expect(one.status).toBe(0);
    expect(resultOf(two.stdout)).toBe(resultOf(one.stdout));
    const doc = JSON.parse(one.stdout);
    expect(doc.points).toHaveLength(4);
    expect(doc.keys).toEqual(["traffic", "site.capacity"]);
  });

  test("sweep runs the scenario's own study block and prints a row per point", () => {
    const r = cli("sweep", "scenarios/alpha-content-plan.yaml", "--replications", "2");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      "32 points over traffic × site.capacity × sales.shifts.0.consultants × supply.stock",
    );
    expect(r.stdout.split("\n").filter((l) => /^\s+10\s+48\s+6\s+1000\s/.test(l))).toHaveLength(1);
  });

  test("sweep --out FILE.csv writes the table; a failing sweep leaves an existing file as it was", () => {
    const dir = mkdtempSync(join(tmpdir(), "funnel-sim-sweep-"));
    const out = join(dir, "sweep.csv");
    const ok = cli(
      "sweep",
      "bench/r1.yaml",
      ...small,
      "--vary",
      "site.capacity=20,40",
      "--out",
      out,
    );
    expect(ok.status).toBe(0);
    const csv = csvResultOf(readFileSync(out, "utf8")).split("\r\n");
    expect(csv[0]).toMatch(/^point,site\.capacity,revenue_mean,revenue_half_width,/);
    expect(csv[1]).toMatch(/^1,20,/);
    expect(csv[2]).toMatch(/^2,40,/);
    const before = readFileSync(out, "utf8");
    const bad = cli(
      "sweep",
      "bench/r1.yaml",
      ...small,
      "--vary",
      "site.capacity=20,-1",
      "--out",
      out,
    );
    expect(bad.status).toBe(2);
    expect(readFileSync(out, "utf8")).toBe(before);
    const wrong = cli(
      "sweep",
      "bench/r1.yaml",
      ...small,
      "--vary",
      "site.capacity=20",
      "--out",
      join(dir, "x.txt"),
    );
    expect(wrong.status).toBe(2);
    expect(existsSync(join(dir, "x.txt"))).toBe(false);
  });

  test("sweep with a bad point in the scenario's study block exits 2 at the line of the key", () => {
    const dir = mkdtempSync(join(tmpdir(), "funnel-sim-sweep-"));
    const file = join(dir, "study.yaml");
    const text = `${readFileSync("bench/r1.yaml", "utf8")}study:\n  vary:\n    segments.everyone.closeRate: [0.5, 4]\n`;
    writeFileSync(file, text);
    const line = text.split("\n").findIndex((l) => l.includes("segments.everyone.closeRate:")) + 1;
    const r = cli("sweep", file, ...small);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${file}:${line}:5: segments.everyone.closeRate: point 2 of 2`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test.each([
    ["a step of 0", ["--vary", "site.capacity=1:5:0"], /a step of 0/],
    ["nothing to vary", [], /nothing to vary/],
    [
      "a grid too big",
      ["--vary", "site.capacity=1:200:1", "--vary", "supply.stock=1:60:1"],
      /--max-points/,
    ],
  ])("sweep with %s exits 2 with one located message", (_, args, message) => {
    const r = cli("sweep", "bench/r1.yaml", ...small, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });
});

describe("funnel-sim whatif", () => {
  test("whatif ranks the variants by the revenue they add; threads do not change the JSON", () => {
    const args = ["whatif", "scenarios/alpha-content-actual.yaml", "--replications", "3", "--json"];
    const one = cli(...args, "--threads", "1");
    const two = cli(...args, "--threads", "2");
    expect(one.status).toBe(0);
    expect(resultOf(two.stdout)).toBe(resultOf(one.stdout));
    const doc = JSON.parse(one.stdout);
    const uplift = (name: string) =>
      doc.points.find((p: { name: string }) => p.name === name).change.revenue.mean;
    for (let i = 1; i < doc.ranking.length; i++)
      expect(uplift(doc.ranking[i - 1])).toBeGreaterThanOrEqual(uplift(doc.ranking[i]));
    expect(doc.ranking[0]).toBe("stock, hosting and consultants");
  });

  test("whatif on a scenario without variants exits 2", () => {
    const r = cli("whatif", "bench/r1.yaml");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no study.variants");
  });
});
