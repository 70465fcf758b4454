import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { csvResultOf, resultOf } from "../provenance.js";

// These run the built bundle (npm test builds first), exactly as a planner would.
const BIN = "bin/funnel-sim.cjs";
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
const PLAN = "scenarios/alpha-content-plan.yaml";
const ACTUAL = "scenarios/alpha-content-actual.yaml";

interface Estimate {
  mean: number;
  halfWidth: number;
  sd: number;
}
interface Row {
  key: string;
  unit: string;
  values: (Estimate | null)[];
  changes: ({ difference: Estimate; relative: number | null } | null)[];
}
interface Doc {
  replications: number;
  currency: string;
  scenarios: { file: string; name: string }[];
  rows: Row[];
  byDepartment?: {
    file: string;
    againstFile: string;
    difference: Estimate;
    shapley: Record<"marketing" | "it" | "sales" | "supply", Estimate>;
  }[];
}
const row = (doc: Doc, key: string) => {
  const r = doc.rows.find((x) => x.key === key);
  if (!r) throw new Error(`no row ${key}`);
  return r;
};

const dir = mkdtempSync(join(tmpdir(), "funnel-sim-compare-"));
/** The actual campaign with its departments resized: every department's share is non-zero. */
const RESIZED = join(dir, "actual-resized.yaml");
/** A scenario with an unknown key. */
const BAD = join(dir, "bad.yaml");
/** R1 over 10 days instead of 30. */
const SHORT = join(dir, "short.yaml");

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  writeFileSync(
    RESIZED,
    readFileSync(ACTUAL, "utf8")
      .replace("capacity: 12", "capacity: 40")
      .replace("stock: 100", "stock: 800")
      .replace(/^name: .*$/m, "name: Actual traffic, departments resized"),
  );
  writeFileSync(BAD, "name: x\nhorizon: { days: 3 }\nsite:\n  capcity: 4\n");
  writeFileSync(SHORT, readFileSync("bench/r1.yaml", "utf8").replace("days: 30", "days: 10"));
});

describe("funnel-sim compare", () => {
  test("plan vs actual: reach 230,000 vs 2,500,000 with the change column", () => {
    const r = cli("compare", PLAN, ACTUAL);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    const header = lines.find((l) => l.includes("Δ vs alpha-content-plan"));
    expect(header).toMatch(/alpha-content-plan\s+alpha-content-actual\s+Δ vs alpha-content-plan/);
    expect(lines.find((l) => l.trimStart().startsWith("reached"))).toMatch(
      /230,000\s+2,500,000\s+\+2,270,000 \(\+987 %\)$/,
    );
    // The scenario names above the table; every section of the table.
    expect(r.stdout).toContain("Alpha-content gaming mouse — planned campaign");
    for (const s of [
      "budget, RUB",
      "cost per contact, RUB",
      "cost per click, RUB",
      "Funnel",
      "Losses by department",
      "IT/hosting",
      "revenue, RUB",
      "cost per sale, RUB",
    ])
      expect(r.stdout).toContain(s);
  });

  test("--json: one document; cost per click of the actual is 200,000 / its clicks", () => {
    const r = cli("compare", PLAN, ACTUAL, "--json");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.replications).toBe(1);
    expect(doc.currency).toBe("RUB");
    expect(doc.scenarios.map((s) => s.file)).toEqual([PLAN, ACTUAL]);
    const reached = row(doc, "reached");
    expect(reached.values.map((v) => v?.mean)).toEqual([230_000, 2_500_000]);
    expect(reached.changes[0]?.difference.mean).toBe(2_270_000);
    expect(reached.changes[0]?.relative).toBeCloseTo(2_270_000 / 230_000, 12);
    const clicked = row(doc, "clicked").values[1]?.mean ?? 0;
    expect(clicked).toBeGreaterThan(30_000);
    expect(row(doc, "costPerClick").values[1]?.mean).toBeCloseTo(200_000 / clicked, 9);
    expect(row(doc, "costPerContact").values[1]?.mean).toBeCloseTo(0.08, 12);
    expect(row(doc, "budget").changes[0]?.difference.mean).toBe(0);
    // The conversion rows follow the run report's funnel.
    expect(row(doc, "purchased/purchaseAttempts").unit).toBe("share");
    expect(row(doc, "clicked/reached").values[1]?.mean).toBeCloseTo(clicked / 2_500_000, 12);
  });

  test("--threads 1 and --threads 2 give byte-identical --json (with --replications 3)", () => {
    const args = ["compare", PLAN, ACTUAL, "--replications", "3", "--json"];
    const one = cli(...args, "--threads", "1");
    const two = cli(...args, "--threads", "2");
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(resultOf(two.stdout)).toBe(resultOf(one.stdout));
    const doc = JSON.parse(one.stdout) as Doc;
    expect(doc.replications).toBe(3);
    expect(row(doc, "clicked").values[0]?.halfWidth).toBeGreaterThan(0);
  });

  test("--by-department: the shares add up to the revenue difference, which is the table's", () => {
    const r = cli(
      "compare",
      PLAN,
      ACTUAL,
      RESIZED,
      "--by-department",
      "--replications",
      "3",
      "--json",
    );
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.byDepartment).toHaveLength(2);
    const revenue = row(doc, "revenue");
    doc.byDepartment?.forEach((split, j) => {
      expect(split.file).toBe([ACTUAL, RESIZED][j]);
      expect(split.againstFile).toBe(PLAN);
      const s = split.shapley;
      const sum = s.marketing.mean + s.it.mean + s.sales.mean + s.supply.mean;
      expect(sum).toBeCloseTo(split.difference.mean, 6);
      // Same seed, same replications: the split explains exactly the table's change.
      expect(split.difference.mean).toBeCloseTo(revenue.changes[j]?.difference.mean ?? NaN, 6);
    });
    // Resizing the site and the stock moves revenue through IT and supply too.
    const resized = doc.byDepartment?.[1].shapley;
    expect(resized?.it.mean).toBeGreaterThan(0);
    expect(resized?.supply.mean).toBeGreaterThan(0);

    const text = cli("compare", PLAN, ACTUAL, "--by-department").stdout;
    expect(text).toMatch(
      /alpha-content-actual vs alpha-content-plan: revenue \+[\d,]+; by department: marketing \+[\d,]+, IT\/hosting 0, sales 0, supply 0/,
    );
  });

  test("--out x.csv writes the table as CSV; --out x.json the --json document", () => {
    const csv = join(dir, "x.csv");
    const r = cli("compare", PLAN, ACTUAL, "--replications", "2", "--out", csv);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Δ vs alpha-content-plan"); // the table is still printed
    const lines = csvResultOf(readFileSync(csv, "utf8")).split("\r\n");
    expect(lines[0]).toBe(
      "row,unit,alpha-content-plan mean,alpha-content-plan halfWidth,alpha-content-actual mean,alpha-content-actual halfWidth,change alpha-content-actual vs alpha-content-plan,change alpha-content-actual vs alpha-content-plan halfWidth",
    );
    expect(lines[1]).toBe("budget,RUB,200000,0,200000,0,0,0");
    expect(lines[2]).toBe("reached,people,230000,0,2500000,0,2270000,0");
    expect(lines[3]).toMatch(/^clicked,people,[\d.]+,[\d.]+,[\d.]+,[\d.]+,[\d.]+,[\d.]+$/);
    expect(lines.at(-1)).toBe("");

    const json = join(dir, "x.json");
    const j = cli("compare", PLAN, ACTUAL, "--out", json, "--json");
    expect(j.status).toBe(0);
    expect(readFileSync(json, "utf8")).toBe(j.stdout);
  });

  test("--out x.txt exits 2 and writes nothing", () => {
    const txt = join(dir, "x.txt");
    const r = cli("compare", PLAN, ACTUAL, "--out", txt);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`--out ${txt}: name a .csv or .json file`);
    expect(existsSync(txt)).toBe(false);
  });

  test("an existing --out file is untouched when the command fails", () => {
    const out = join(dir, "keep.csv");
    writeFileSync(out, "keep me\n");
    const before = readdirSync(dir).sort();
    const r = cli("compare", PLAN, BAD, "--out", out);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(readFileSync(out, "utf8")).toBe("keep me\n");
    expect(readdirSync(dir).sort()).toEqual(before); // no temporary file left either
  });
});

describe("funnel-sim compare, bad input (exit 2, one located message, nothing run)", () => {
  test("fewer than two scenarios", () => {
    const r = cli("compare", PLAN);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("name two or more scenario files");
  });

  test("a missing file", () => {
    const r = cli("compare", PLAN, "no/such.yaml");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("no/such.yaml: no such file");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test("every scenario is checked before anything runs: the problems of all of them at once", () => {
    const r = cli("compare", BAD, PLAN, "no/such.yaml");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${BAD}:4:3: site.capcity: unknown key 'capcity'`);
    expect(r.stderr).toContain("no/such.yaml: no such file");
  });

  test("scenarios with different horizons for --by-department (the table alone is fine)", () => {
    const set = ["--set", "marketing.channels.0.reach=20000"];
    const r = cli("compare", "bench/r1.yaml", SHORT, "--by-department", ...set);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`--by-department: ${SHORT} has a 10-day horizon, bench/r1.yaml 30`);
    expect(cli("compare", "bench/r1.yaml", SHORT, ...set).status).toBe(0);
  });

  test("--set applies to every scenario and is checked in each", () => {
    const r = cli("compare", PLAN, ACTUAL, "--set", "sales.consultants=-3");
    expect(r.status).toBe(2);
    // Each problem says which scenario the override broke.
    for (const file of [PLAN, ACTUAL])
      expect(r.stderr).toContain(
        `${file}: --set sales.consultants=-3: sales.consultants: Too small`,
      );
    const ok = cli("compare", PLAN, ACTUAL, "--set", "supply.stock=unlimited", "--json");
    const doc = JSON.parse(ok.stdout) as Doc;
    expect(row(doc, "lost.supply").values.map((v) => v?.mean)).toEqual([0, 0]);
  });
});
