import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { reproducingCommand } from "../../src/cli/provenance.js";
import { csvResultOf, resultOf } from "../provenance.js";

// Every result says where it came from, enough to make it again: these tests take only the
// provenance of a result and make it again from that.

const BIN = "bin/funnel-sim.cjs";
const cli = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env });
/** Runs a provenance's `reproduce` line as a shell would, with the built CLI for `funnel-sim`. */
const again = (reproduce: string, ...more: string[]) => {
  expect(reproduce.startsWith("funnel-sim ")).toBe(true);
  return spawnSync(
    "bash",
    [
      "-c",
      `${reproduce.replace(/^funnel-sim /, `"${process.execPath}" ${BIN} `)} ${more.join(" ")}`,
    ],
    { encoding: "utf8" },
  );
};
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

const dir = mkdtempSync(join(tmpdir(), "funnel-sim-provenance-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = ["--set", "marketing.channels.0.reach=50000", "--set", "horizon.days=2"];

describe("a result can be made again from its provenance alone", () => {
  test.each([
    [
      "sweep",
      [
        "sweep",
        "bench/r1.yaml",
        ...small,
        "--set",
        "name=Spring sale — 'B' test",
        "--vary",
        "site.capacity=20,40",
        "--replications",
        "2",
      ],
    ],
    ["run", ["run", "bench/r1.yaml", ...small, "--replications", "3", "--seed", "11"]],
    ["explain", ["explain", "bench/r1.yaml", ...small, "--replications", "3"]],
  ])("%s: --json carries it; its command line gives the same result", (_, args) => {
    const first = cli([...args, "--threads", "1", "--json"]);
    expect(first.status, first.stderr).toBe(0);
    const p = JSON.parse(first.stdout).provenance;
    expect(p.engine).toMatch(/^funnel-sim \d+\.\d+\.\d+/);
    expect(p.command).toBe(args[0]);
    expect(p.scenarioFile).toBe("bench/r1.yaml");
    expect(p.scenarioSha256).toBe(sha("bench/r1.yaml"));
    expect(p.overrides).toEqual(
      expect.arrayContaining(["--set marketing.channels.0.reach=50000", "--set horizon.days=2"]),
    );
    expect(p.threads).toBe(1);
    expect(p.node).toBe(process.version);
    expect(Date.parse(p.date)).toBeGreaterThan(Date.parse("2026-01-01"));
    expect(p.reproduce).not.toMatch(/--threads|--json/);
    expect(p.reproduce).toContain(`--seed ${p.seed}`);
    // Made again on the default threads, from the provenance only: the same result.
    const made = again(p.reproduce, "--json");
    expect(made.status, made.stderr).toBe(0);
    expect(resultOf(made.stdout)).toBe(resultOf(first.stdout));
    expect(JSON.parse(made.stdout).provenance.reproduce).toBe(p.reproduce);
  });

  test("--out CSV starts with the provenance as # lines; SOURCE_DATE_EPOCH fixes the date", () => {
    const out = join(dir, "sweep.csv");
    const args = [
      "sweep",
      "bench/r1.yaml",
      ...small,
      "--vary",
      "traffic=1,2",
      "--replications",
      "2",
    ];
    const r = cli([...args, "--out", out], { ...process.env, SOURCE_DATE_EPOCH: "1796000000" });
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(out, "utf8");
    const lines = text.split("\r\n");
    expect(lines[0]).toMatch(/^# engine: funnel-sim /);
    expect(lines).toContain(`# scenario SHA-256: ${sha("bench/r1.yaml")}`);
    expect(lines).toContain("# made: 2026-11-30T00:53:20.000Z");
    const reproduce = lines.find((l) => l.startsWith("# to make it again: "))?.slice(20) ?? "";
    const copy = join(dir, "again.csv");
    expect(again(reproduce, "--out", copy).status).toBe(0);
    expect(csvResultOf(readFileSync(copy, "utf8"))).toBe(csvResultOf(text));
    expect(csvResultOf(text).split("\r\n")[0]).toMatch(/^point,traffic,/);
  });

  test.each(["run", "explain"])(
    "%s --out FILE.json writes the --json document; .csv is refused",
    (command) => {
      const args = [command, "bench/r1.yaml", ...small, "--replications", "2"];
      const out = join(dir, `${command}.json`);
      const r = cli([...args, "--json", "--out", out]);
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(out, "utf8")).toBe(r.stdout);
      const csv = cli([...args, "--out", join(dir, `${command}.csv`)]);
      expect(csv.status).toBe(2);
      expect(csv.stderr).toContain("name a .json file");
    },
  );

  test("the reproducing line leaves out where output goes and keeps what decides the result", () => {
    expect(
      reproducingCommand(
        [
          "run",
          "x.yaml",
          "--json",
          "--threads",
          "2",
          "--out=r.json",
          "--html",
          "r.html",
          "--replications",
          "5",
        ],
        7,
      ),
    ).toBe("funnel-sim run x.yaml --replications 5 --seed 7");
    expect(
      reproducingCommand(["sweep", "my plan.yaml", "--seed", "3", "--set", "name=it's"], 3),
    ).toBe(`funnel-sim sweep 'my plan.yaml' --seed 3 --set 'name=it'\\''s'`);
  });
});
