import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { type PartHeader, partLines, readPart } from "../../src/cli/parts.js";
import { shardSpec } from "../../src/cli/shard.js";

// Sharded studies (issue #17): each shard in its own process, as a batch engine runs them, and
// the merge checked byte for byte against the unsharded command.

const BIN = "bin/funnel-sim.cjs";
// A fixed date: with it, two runs of one study give the same bytes, provenance included.
const ENV: NodeJS.ProcessEnv = { ...process.env, SOURCE_DATE_EPOCH: "1796000000" };
for (const k of [
  "FUNNEL_SIM_SHARD",
  "SLURM_ARRAY_TASK_ID",
  "SLURM_ARRAY_TASK_COUNT",
  "JOB_COMPLETION_INDEX",
])
  delete ENV[k];
const cli = (args: string[], env: NodeJS.ProcessEnv = ENV) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env });

const dir = mkdtempSync(join(tmpdir(), "funnel-sim-shard-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = ["--set", "marketing.channels.0.reach=50000", "--set", "horizon.days=2"];
const SWEEP = [
  "sweep",
  "bench/r1.yaml",
  ...small,
  "--replications",
  "3",
  "--vary",
  "traffic=1,2",
  "--vary",
  "site.capacity=20,40",
  "--threads",
  "1",
];

/** Runs shards 0..n-1 of `args` into `folder`, each in its own process; returns the part files. */
function shards(args: string[], n: number, folder: string, env = ENV): string[] {
  mkdirSync(folder, { recursive: true });
  return Array.from({ length: n }, (_, i) => {
    const part = join(folder, `${i}.jsonl`);
    const r = cli([...args, "--shard", `${i}/${n}`, "--out", part], env);
    expect(r.stderr).toContain(`shard ${i}/${n}`);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    return part;
  });
}

const sweepParts = shards(SWEEP, 4, join(dir, "sweep"));

/** A part rewritten with a changed header, its checksum made good again (a well-formed foreign part). */
function withHeader(
  part: string,
  change: (h: Record<string, unknown>) => void,
  to: string,
): string {
  const lines = readFileSync(part, "utf8").trimEnd().split("\n").slice(0, -1);
  const header = JSON.parse(lines[0]);
  change(header);
  const body = `${[JSON.stringify(header), ...lines.slice(1)].join("\n")}\n`;
  const sha256 = createHash("sha256").update(body).digest("hex");
  writeFileSync(to, `${body}${JSON.stringify({ end: { lines: lines.length - 1, sha256 } })}\n`);
  return to;
}

describe("a sharded study merges to the unsharded output, byte for byte", () => {
  test("sweep in 4 shards: --json, --out CSV, --html and the terminal report", () => {
    const whole = cli([...SWEEP, "--json"]);
    expect(whole.status).toBe(0);
    const merged = cli(["merge", ...sweepParts, "--json"]);
    expect(merged.stderr).toBe("");
    expect(merged.status).toBe(0);
    expect(merged.stdout).toBe(whole.stdout);
    expect(JSON.parse(merged.stdout).points).toHaveLength(4);

    const wholeCsv = join(dir, "whole.csv");
    const mergedCsv = join(dir, "merged.csv");
    const text = cli([...SWEEP, "--out", wholeCsv]);
    const mergedText = cli(["merge", ...[...sweepParts].reverse(), "--out", mergedCsv]);
    expect(mergedText.status).toBe(0);
    expect(mergedText.stdout).toBe(text.stdout);
    expect(readFileSync(mergedCsv, "utf8")).toBe(readFileSync(wholeCsv, "utf8"));

    const wholeHtml = join(dir, "whole.html");
    const mergedHtml = join(dir, "merged.html");
    expect(cli([...SWEEP, "--html", wholeHtml]).status).toBe(0);
    expect(cli(["merge", ...sweepParts, "--html", mergedHtml]).status).toBe(0);
    expect(readFileSync(mergedHtml, "utf8")).toBe(readFileSync(wholeHtml, "utf8"));
  });

  test("explain with 20 replications in 3 shards", () => {
    const args = ["explain", "bench/r1.yaml", ...small, "--replications", "20", "--threads", "1"];
    const parts = shards(args, 3, join(dir, "explain"));
    const whole = cli([...args, "--json"]);
    expect(whole.status).toBe(0);
    const merged = cli(["merge", ...parts, "--json"]);
    expect(merged.status).toBe(0);
    expect(merged.stdout).toBe(whole.stdout);
    expect(cli(["merge", ...parts]).stdout).toBe(cli(args).stdout);
  });

  test("run --replications with its verdict in 2 shards; whatif in 3", () => {
    const run = ["run", "bench/r1.yaml", ...small, "--replications", "4", "--threads", "1"];
    const runParts = shards(run, 2, join(dir, "run"));
    expect(cli(["merge", ...runParts]).stdout).toBe(cli(run).stdout);
    expect(cli(["merge", ...runParts, "--json"]).stdout).toBe(cli([...run, "--json"]).stdout);
    const whatif = [
      "whatif",
      "scenarios/alpha-content-actual.yaml",
      "--replications",
      "2",
      "--threads",
      "1",
    ];
    const whatifParts = shards(whatif, 3, join(dir, "whatif"));
    expect(cli(["merge", ...whatifParts, "--json"]).stdout).toBe(cli([...whatif, "--json"]).stdout);
  });

  test("more shards than items: the empty shards still make a whole study", () => {
    const args = [
      "sweep",
      "bench/r1.yaml",
      ...small,
      "--replications",
      "2",
      "--vary",
      "site.capacity=20",
      "--threads",
      "1",
    ];
    const parts = shards(args, 5, join(dir, "many"));
    expect(cli(["merge", ...parts, "--json"]).stdout).toBe(cli([...args, "--json"]).stdout);
  });

  test("the batch engines' variables choose the shard when --shard is absent", () => {
    const folder = join(dir, "env");
    mkdirSync(folder);
    const slurm = join(folder, "slurm.jsonl");
    const k8s = join(folder, "k8s.jsonl");
    const own = join(folder, "own.jsonl");
    expect(
      cli([...SWEEP, "--out", slurm], {
        ...ENV,
        SLURM_ARRAY_TASK_ID: "3",
        SLURM_ARRAY_TASK_MIN: "1",
        SLURM_ARRAY_TASK_COUNT: "4",
      }).status,
    ).toBe(0);
    expect(
      cli([...SWEEP, "--out", k8s], { ...ENV, JOB_COMPLETION_INDEX: "2", FUNNEL_SIM_SHARDS: "4" })
        .status,
    ).toBe(0);
    expect(cli([...SWEEP, "--out", own], { ...ENV, FUNNEL_SIM_SHARD: "2/4" }).status).toBe(0);
    // Shard 2/4 each time: the same items as the --shard part (provenance aside, which names no shard).
    const items = (f: string) => readFileSync(f, "utf8").split("\n").slice(1);
    expect(items(slurm)).toEqual(items(sweepParts[2]));
    expect(items(k8s)).toEqual(items(sweepParts[2]));
    expect(items(own)).toEqual(items(sweepParts[2]));
  });
});

describe("merge refuses parts that do not make one whole study", () => {
  const refused = (parts: string[], message: RegExp) => {
    const r = cli(["merge", ...parts, "--json"]);
    expect(r.status, `${message}: ${r.stderr}`).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.(ts|js|cjs):\d+/);
  };

  test("a missing shard is named", () => {
    refused(
      [sweepParts[0], sweepParts[1], sweepParts[3]],
      /shard 2 of 4 is missing \(given: 0, 1 and 3\)/,
    );
    refused([sweepParts[0]], /shards 1, 2 and 3 of 4 are missing/);
  });

  test("a shard given twice is named with both files", () => {
    const copy = join(dir, "copy-of-1.jsonl");
    copyFileSync(sweepParts[1], copy);
    refused([...sweepParts, copy], /1\.jsonl and .*copy-of-1\.jsonl are both shard 1\/4/);
  });

  test("a shard of another scenario, other options or another engine version is named", () => {
    const folder = join(dir, "foreign");
    mkdirSync(folder);
    const other = join(folder, "other.yaml");
    copyFileSync("bench/r1.yaml", other);
    const [, , foreign] = shards(["sweep", other, ...SWEEP.slice(2)], 4, join(folder, "o"));
    refused([sweepParts[0], sweepParts[1], foreign, sweepParts[3]], /other\.yaml|scenario file/);
    const options = shards([...SWEEP, "--set", "seed=9"], 4, join(folder, "s"))[2];
    refused(
      [sweepParts[0], sweepParts[1], options, sweepParts[3]],
      /2\.jsonl belongs to another study than .*0\.jsonl: its options/,
    );
    const engine = withHeader(
      sweepParts[2],
      (h) => {
        h.engine = "funnel-sim 0.0.9";
      },
      join(folder, "engine.jsonl"),
    );
    refused(
      [sweepParts[0], sweepParts[1], engine, sweepParts[3]],
      /engine\.jsonl belongs to another study .*engine version is funnel-sim 0\.0\.9/,
    );
  });

  test("a scenario changed since the shards ran is refused", () => {
    const folder = join(dir, "changed");
    mkdirSync(folder);
    const scenario = join(folder, "study.yaml");
    copyFileSync("bench/r1.yaml", scenario);
    const parts = shards(["sweep", scenario, ...SWEEP.slice(2)], 2, join(folder, "p"));
    writeFileSync(scenario, `${readFileSync(scenario, "utf8")}\n# edited\n`);
    refused(parts, /study\.yaml has changed since the shards ran/);
  });

  test("explain --against: merged as unsharded; the second scenario changed since is refused", () => {
    const folder = join(dir, "against");
    mkdirSync(folder);
    const against = join(folder, "plan.yaml");
    writeFileSync(
      against,
      readFileSync("bench/r1.yaml", "utf8")
        .replace("reach: 10000000", "reach: 50000")
        .replace("days: 30", "days: 2")
        .replace(/capacity: (\d+)/, "capacity: 5"),
    );
    const args = [
      "explain",
      "bench/r1.yaml",
      ...small,
      "--against",
      against,
      "--replications",
      "2",
      "--threads",
      "1",
    ];
    const parts = shards(args, 2, join(folder, "p"));
    expect(JSON.parse(readFileSync(parts[0], "utf8").split("\n")[0]).otherFiles).toHaveLength(1);
    const merged = cli(["merge", ...parts, "--json"]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(cli([...args, "--json"]).stdout);
    expect(JSON.parse(merged.stdout).against).toBeDefined();
    writeFileSync(against, `${readFileSync(against, "utf8")}\n# edited\n`);
    refused(parts, /plan\.yaml has changed since the shards ran/);
  });

  test("a truncated or altered part is named, never half-used", () => {
    const bytes = readFileSync(sweepParts[3]);
    const cut = join(dir, "cut.jsonl");
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    refused(
      [sweepParts[0], sweepParts[1], sweepParts[2], cut],
      /cut\.jsonl is truncated or corrupt/,
    );
    const lastLineCut = join(dir, "cut2.jsonl");
    writeFileSync(lastLineCut, bytes.subarray(0, bytes.lastIndexOf("\n", bytes.length - 2) + 1));
    refused(
      [sweepParts[0], sweepParts[1], sweepParts[2], lastLineCut],
      /cut2\.jsonl is truncated or corrupt/,
    );
    const altered = join(dir, "altered.jsonl");
    writeFileSync(altered, bytes.toString("utf8").replace(/"item":(\d+)/, '"item":1$1'));
    refused(
      [sweepParts[0], sweepParts[1], sweepParts[2], altered],
      /altered\.jsonl is truncated or corrupt \(its checksum/,
    );
    // Well formed (its checksum good) but holding only one of shard 0's two items (0 and 4 of 6).
    const dropped = join(dir, "dropped.jsonl");
    const lines = readFileSync(sweepParts[0], "utf8").trimEnd().split("\n");
    writeFileSync(dropped, `${[...lines.slice(0, 2), "{}"].join("\n")}\n`);
    withHeader(dropped, () => {}, dropped);
    refused(
      [dropped, sweepParts[1], sweepParts[2], sweepParts[3]],
      /dropped\.jsonl: shard 0\/4 should hold 2 items and holds 1 \(missing item 4\)/,
    );
  });
});

describe("a part keeps the very bits of every result", () => {
  test("typed arrays of every kind, special numbers and nested results come back identical", () => {
    const result = {
      replication: 3,
      counters: new Float64Array([0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** -1074]),
      clicksBySlot: new Uint32Array([0, 1, 4294967295]),
      lostBySlot: { lostHosting: new Uint32Array([7]), lostStock: new Uint32Array(0) },
      waits: new Float32Array([0.1, -3e38]),
      bytes: new Uint8Array([255, 0]),
      firstLoss: Number.NEGATIVE_INFINITY,
    };
    // A view into a larger buffer: only its own bytes are kept.
    const view = new Float64Array([9, 8, 7, 6]).subarray(1, 3);
    const header = {
      funnelSimPart: 1,
      items: 2,
      shard: { index: 0, count: 1 },
    } as unknown as PartHeader;
    const file = join(dir, "roundtrip.jsonl");
    writeFileSync(
      file,
      [
        ...partLines(header, [
          { item: 0, result: result as never },
          { item: 1, result: [view, view] as never },
        ]),
      ].join(""),
    );
    const back = readPart(file).items;
    expect(back[0].result).toEqual(result);
    expect(Object.is((back[0].result as unknown as typeof result).counters[1], -0)).toBe(true);
    expect(back[1].result).toEqual([new Float64Array([8, 7]), new Float64Array([8, 7])]);
  });
});

describe("the shard's command line", () => {
  test("shardSpec reads --shard, FUNNEL_SIM_SHARD, Slurm's and Kubernetes' variables in that order", () => {
    expect(shardSpec("3/16", {})).toMatchObject({ index: 3, count: 16, from: "--shard" });
    expect(shardSpec("none", { FUNNEL_SIM_SHARD: "1/2" })).toBeNull();
    expect(shardSpec(undefined, {})).toBeNull();
    expect(
      shardSpec(undefined, {
        FUNNEL_SIM_SHARD: "1/2",
        SLURM_ARRAY_TASK_ID: "0",
        SLURM_ARRAY_TASK_COUNT: "2",
      }),
    ).toMatchObject({ index: 1, count: 2 });
    expect(
      shardSpec(undefined, { SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_COUNT: "8" }),
    ).toMatchObject({ index: 5, count: 8 });
    expect(
      shardSpec(undefined, {
        SLURM_ARRAY_TASK_ID: "8",
        SLURM_ARRAY_TASK_MIN: "1",
        SLURM_ARRAY_TASK_COUNT: "8",
      }),
    ).toMatchObject({ index: 7, count: 8 });
    expect(
      shardSpec(undefined, { JOB_COMPLETION_INDEX: "0", FUNNEL_SIM_SHARDS: "4" }),
    ).toMatchObject({ index: 0, count: 4 });
    expect(() => shardSpec(undefined, { JOB_COMPLETION_INDEX: "0" })).toThrow(/FUNNEL_SIM_SHARDS/);
    for (const bad of ["4/4", "1/0", "x", "-1/3", "1/2/3", ""])
      expect(() => shardSpec(bad, {})).toThrow(/expected i\/N/);
  });

  test("a shard needs a .jsonl part and leaves the report to merge", () => {
    expect(cli([...SWEEP, "--shard", "0/2"]).stderr).toMatch(/--out PART\.jsonl/);
    expect(
      cli([...SWEEP, "--shard", "0/2", "--out", join(dir, "x.jsonl"), "--json"]).stderr,
    ).toMatch(/merge writes the report/);
    expect(cli([...SWEEP, "--out", join(dir, "x.jsonl")]).stderr).toMatch(/add --shard i\/N/);
    expect(
      cli(["run", "bench/r1.yaml", "--shard", "0/2", "--out", join(dir, "r.jsonl")]).stderr,
    ).toMatch(/--replications 2 or more/);
    const r = cli([...SWEEP, "--shard", "2/2", "--out", join(dir, "x.jsonl")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/expected i\/N/);
  });
});
