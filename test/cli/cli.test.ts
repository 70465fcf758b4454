import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { resultOf } from "../provenance.js";

// These run the built bundle (npm test builds first), exactly as a planner would.
const BIN = "bin/funnel-sim.cjs";
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
const small = ["--set", "marketing.channels.0.reach=200000"];

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
});

describe("funnel-sim run", () => {
  test("run --json prints one JSON document with the funnel, revenue and KPIs", () => {
    const r = cli("run", "bench/r1.yaml", ...small, "--json");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.scenario).toBe("R1 reference funnel");
    expect(report.seed).toBe(1);
    expect(report.funnel.reached).toBe(200000);
    expect(report.funnel.clicked).toBe(report.funnel.lostHosting + report.funnel.served);
    expect(report.revenue).toBe(report.funnel.purchased * 3000);
    expect(report.kpi.costPerContact).toBeCloseTo(200000 / 200000);
    expect(report.kpi.costPerClick).toBeCloseTo(200000 / report.funnel.clicked);
  });

  test("run with the same seed twice gives byte-identical JSON; another seed differs", () => {
    const a = cli("run", "bench/r1.yaml", ...small, "--json").stdout;
    const b = cli("run", "bench/r1.yaml", ...small, "--json").stdout;
    const c = cli("run", "bench/r1.yaml", ...small, "--seed", "7", "--json").stdout;
    expect(resultOf(a)).toBe(resultOf(b));
    expect(JSON.parse(c).seed).toBe(7);
    expect(resultOf(c)).not.toBe(resultOf(a));
  });

  test("run prints the terminal report with losses by department and peak load", () => {
    const r = cli("run", "bench/r1.yaml", ...small);
    expect(r.status).toBe(0);
    for (const s of [
      "Funnel",
      "Losses",
      "IT/hosting",
      "sales",
      "supply",
      "Revenue",
      "cost per contact",
      "Peak load",
    ])
      expect(r.stdout).toContain(s);
  });

  test("run on an invalid scenario exits 2 with one located message and no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "funnel-sim-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "name: x\nhorizon: { days: 3 }\nsite:\n  capcity: 4\n");
    const r = cli("run", file);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${file}:4:3: site.capcity: unknown key 'capcity'`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test("run with a bad --set value exits 2 naming the override", () => {
    const r = cli("run", "bench/r1.yaml", "--set", "sales.consultants=-3");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--set sales.consultants=-3: sales.consultants:");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test("an unknown option or a missing file exits 2", () => {
    expect(cli("run", "bench/r1.yaml", "--jsn").status).toBe(2);
    const missing = cli("run", "no/such.yaml");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("no/such.yaml: no such file");
  });
});

describe("funnel-sim run --replications", () => {
  const args = ["run", "scenarios/alpha-content-plan.yaml", "--replications", "4", "--json"];

  test("--threads 1 and --threads 2 give byte-identical JSON", () => {
    const one = cli(...args, "--threads", "1");
    const two = cli(...args, "--threads", "2");
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(resultOf(two.stdout)).toBe(resultOf(one.stdout));
  });

  test("--json carries mean, sd, half-width, min and max per figure, and --per-replication the runs", () => {
    const r = cli(...args, "--threads", "2", "--per-replication");
    const s = JSON.parse(r.stdout);
    expect(s.replications).toBe(4);
    expect(Object.keys(s.funnel.purchased).sort()).toEqual([
      "halfWidth",
      "max",
      "mean",
      "min",
      "sd",
    ]);
    expect(s.perReplication).toHaveLength(4);
    const purchased = s.perReplication.map(
      (p: { funnel: { purchased: number } }) => p.funnel.purchased,
    );
    expect(s.funnel.purchased.mean).toBeCloseTo(
      purchased.reduce((a: number, b: number) => a + b, 0) / 4,
    );
    expect(s.funnel.purchased.min).toBe(Math.min(...purchased));
    // Replication 0 is the single run (its report: the run's series and provenance aside).
    const { series, provenance, ...single } = JSON.parse(
      cli("run", "scenarios/alpha-content-plan.yaml", "--json").stdout,
    );
    expect(series.perHour.clicks).toHaveLength(single.horizonDays * 24);
    expect(provenance).toBeDefined();
    expect(s.perReplication[0]).toEqual(single);
  });

  test("--replications 0 is a usage error (exit 2)", () => {
    expect(cli("run", "scenarios/alpha-content-plan.yaml", "--replications", "0").status).toBe(2);
  });
});

/** Every key path of a JSON value ("peak.busiestHour.day", "losses.0.cause"), arrays by index. */
function keyPaths(x: unknown, prefix = ""): string[] {
  if (x === null || typeof x !== "object") return [];
  return Object.entries(x).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return [path, ...keyPaths(v, path)];
  });
}

describe("funnel-sim run --replications, every section", () => {
  test("replicated run --json contains every key of single-run run --json, figures as estimates", () => {
    const single = JSON.parse(cli("run", "bench/r1.yaml", ...small, "--json").stdout);
    const r = cli("run", "bench/r1.yaml", ...small, "--json", "--replications", "3");
    expect(r.status).toBe(0);
    const replicated = JSON.parse(r.stdout);
    // A single-run figure is a number where the replicated one is an estimate: its own keys
    // (mean, halfWidth, …) come in addition, so compare the single run's paths only.
    const paths = new Set(keyPaths(replicated));
    const missing = keyPaths(single).filter((p) => !paths.has(p));
    expect(missing).toEqual([]);
    expect(replicated.replications).toBe(3);
    expect(replicated.peak.peakSessions).toEqual(
      expect.objectContaining({ mean: expect.any(Number), max: expect.any(Number) }),
    );
    expect(replicated.kpi.costPerClick).toEqual(
      expect.objectContaining({ mean: expect.any(Number), halfWidth: expect.any(Number) }),
    );
    expect(replicated.losses.length).toBe(single.losses.length);
  });

  test("replicated run prints every section of the single-run report", () => {
    const r = cli("run", "bench/r1.yaml", ...small, "--replications", "3", "--no-verdict");
    expect(r.status).toBe(0);
    for (const s of ["Funnel", "Losses", "Revenue", "KPIs", "cost per click", "Peak load", "±"])
      expect(r.stdout).toContain(s);
  });
});

describe("budget and spend", () => {
  test("a budget that disagrees with the channels' spend warns and runs; --strict refuses it", () => {
    const set = [
      "--set",
      "marketing.channels.0.reach=null",
      "--set",
      "marketing.channels.0.spend=1000",
      "--set",
      "marketing.channels.0.cpm=5",
    ];
    const warned = cli("run", "bench/r1.yaml", ...set, "--json");
    expect(warned.status).toBe(0);
    expect(warned.stderr).toMatch(
      /^warning: .*marketing\.budget: 200000 differs from the channels' spend \(1000\)/m,
    );
    expect(JSON.parse(warned.stdout).kpi.costPerContact).toBeCloseTo(1000 / 200000, 9);
    const strict = cli("run", "bench/r1.yaml", ...set, "--strict");
    expect(strict.status).toBe(2);
    expect(strict.stdout).toBe("");
    expect(strict.stderr).toContain("marketing.budget");
  });
});

describe("funnel-sim explain", () => {
  test("explain --json carries gap, shapley, ledger, marginal and verdict; shares add up to the gap", () => {
    const r = cli(
      "explain",
      "scenarios/alpha-content-actual.yaml",
      "--replications",
      "4",
      "--json",
    );
    expect(r.status).toBe(0);
    const e = JSON.parse(r.stdout);
    for (const k of ["mean", "halfWidth"]) expect(e.gap).toHaveProperty(k);
    const sum = e.shapley.it.mean + e.shapley.sales.mean + e.shapley.supply.mean;
    expect(sum).toBeCloseTo(e.gap.mean, 4);
    expect(e.ledger[0]).toEqual(
      expect.objectContaining({
        cause: expect.any(String),
        department: expect.any(String),
        agents: expect.any(Number),
        revenueAtStake: expect.any(Number),
      }),
    );
    expect(e.marginal[0]).toEqual(
      expect.objectContaining({
        lever: expect.any(String),
        uplift: expect.objectContaining({ mean: expect.any(Number) }),
      }),
    );
    // The article's case: 7× the planned traffic against stock sized for the plan.
    expect(e.verdict.department).toBe("supply");
    expect(e.verdict.text).toMatch(/capped by supply/);
    expect(e.binding[2].text).toMatch(/^supply binds .*of the 4 replications\)$/);
  });

  test("explain --against splits the difference over marketing, it, sales and supply", () => {
    const r = cli(
      "explain",
      "scenarios/alpha-content-actual.yaml",
      "--against",
      "scenarios/alpha-content-plan.yaml",
      "--replications",
      "3",
      "--json",
    );
    expect(r.status).toBe(0);
    const c = JSON.parse(r.stdout).against;
    const sum =
      c.shapley.marketing.mean + c.shapley.it.mean + c.shapley.sales.mean + c.shapley.supply.mean;
    expect(sum).toBeCloseTo(c.difference.mean, 4);
  });
});

describe("interrupting", () => {
  test("Ctrl-C (SIGINT) during explain stops the workers and exits 130 within seconds", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(
      process.execPath,
      [BIN, "explain", "bench/r1.yaml", "--replications", "40", "--threads", "2", "--json"],
      {
        stdio: "ignore",
      },
    );
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = Date.now();
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).toBe(130);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
