// A real Slurm cluster on localhost (test/deploy/slurmCluster.ts): an array job and its
// dependent merge job, a failed task that cancels the merge, deploy/slurm's own scripts, a
// sweep sharded by them that must merge to the unsharded sweep's bytes, and a shard whose node
// dies, which must leave no merged output.
// Where Slurm is not installed (or cannot start) the tests say why and skip; in CI they fail
// instead, unless FUNNEL_SIM_SLURM=skip says skipping is intended.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import {
  runArrayThenMerge,
  type SlurmCluster,
  slurmMissing,
  startSlurmCluster,
} from "./slurmCluster.js";

const REPO = resolve(import.meta.dirname, "../..");
const CLI = join(REPO, "bin/funnel-sim.cjs");
const SCENARIO = join(REPO, "scenarios/online-course.yaml");
const TASKS = 4;
const STUDY_SBATCH = join(REPO, "deploy/slurm/study.sbatch");
const SUBMIT = join(REPO, "deploy/slurm/submit.sh");
/**
 * Stands in for the CLI in deploy/slurm's scripts (FUNNEL_SIM_BIN), to see their wiring apart
 * from the CLI: a shard writes how it was called and which array task it ran in to its --out
 * file, and `merge` joins the files it is given. The last test runs the real CLI instead.
 */
const STAND_IN = `#!/bin/sh
out=; prev=
for a in "$@"; do [ "$prev" = --out ] && out=$a; prev=$a; done
if [ "$1" = merge ]; then
  shift
  for a in "$@"; do [ "$a" = --out ] && break; cat "$a"; done > "$out"
else
  { printf '%s\n' "$*"; echo "task=$SLURM_ARRAY_TASK_ID count=$SLURM_ARRAY_TASK_COUNT"; } > "$out"
fi
`;
/** Scheduling takes seconds here (2–10 s for an array and its merge); far above that is a hang. */
const JOB_TIMEOUT_MS = 45_000;

let cluster: SlurmCluster | undefined;
let unavailable: string | undefined;
let workRoot = "";
let startedPids: number[] = [];
const timings: string[] = [];
const suiteStart = Date.now();

/** Skips (with the reason, on stderr) where Slurm is unavailable; fails instead in CI. */
function needCluster(ctx: TestContext): SlurmCluster {
  if (cluster) return cluster;
  const why = `Slurm is unavailable here (${unavailable}): the Slurm tests did not run`;
  if (process.env.CI && process.env.FUNNEL_SIM_SLURM !== "skip")
    throw new Error(`${why}. In CI this is a failure; set FUNNEL_SIM_SLURM=skip to allow it.`);
  console.warn(why);
  ctx.skip(why);
  throw new Error("unreachable");
}

/** A fixed provenance date, so that a run's JSON is the same bytes wherever and whenever it runs. */
const FIXED_DATE = { SOURCE_DATE_EPOCH: "1764633600" };
/**
 * The command a task runs, and the same command run here, outside Slurm, for comparison: a
 * whole run in each task (`--shard none`: inside an array task the CLI would otherwise take
 * the task as its shard).
 */
function runCommand(scenario: string, seed: string): string {
  return `"${process.execPath}" "${CLI}" run "${scenario}" --seed ${seed} --shard none --json`;
}
function runHere(scenario: string, seed: number) {
  return cli(["run", scenario, "--seed", String(seed), "--shard", "none", "--json"]);
}

/**
 * The CLI run here, outside Slurm, with the fixed date: started at once and awaited later, so
 * that it overlaps the jobs' scheduling delays.
 */
function cli(args: string[], cwd?: string) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, ...FIXED_DATE },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}
const concat = (dir: string) =>
  `for i in ${[...Array(TASKS).keys()].join(" ")}; do cat ${dir}/$i.json; done > merged.txt`;

/** A job's stderr log, to show with a failed expectation. */
function log(dir: string, name: string): string {
  try {
    return `${name}.err: ${readFileSync(join(dir, "logs", `${name}.err`), "utf8")}`;
  } catch {
    return `${name}.err: (none)`;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  workRoot = mkdtempSync(join(tmpdir(), "funnel-sim-slurm-work-"));
  unavailable = slurmMissing();
  if (unavailable) return;
  const t = Date.now();
  try {
    cluster = await startSlurmCluster();
    startedPids = cluster.pids();
    timings.push(`cluster ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  } catch (error) {
    unavailable = (error as Error).message;
  }
}, 30_000);

afterAll(async () => {
  const t = Date.now();
  try {
    await cluster?.stop();
  } finally {
    rmSync(workRoot, { recursive: true, force: true });
  }
  if (cluster) {
    timings.push(`stopped in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    timings.push(`whole Slurm suite ${((Date.now() - suiteStart) / 1000).toFixed(1)} s`);
    console.info(`Slurm test timings: ${timings.join("; ")}`);
  }
  // Checked here, after the last test: every daemon the cluster started is gone.
  const survivors = startedPids.filter(alive);
  expect(survivors, "munged, slurmctld and slurmd must all have exited").toEqual([]);
}, 40_000);

describe("a single-node Slurm cluster on localhost", () => {
  it("runs a 4-task array job of funnel-sim runs, then the afterok job that joins their outputs", async (ctx) => {
    const c = needCluster(ctx);
    const dir = join(workRoot, "ok");
    mkdirSync(join(dir, "out"), { recursive: true });
    const expected = [...Array(TASKS).keys()].map((i) => runHere(SCENARIO, i));
    const result = await runArrayThenMerge(c, {
      workDir: dir,
      tasks: TASKS,
      taskCommand: `echo "$SLURM_ARRAY_TASK_COUNT" > out/$SLURM_ARRAY_TASK_ID.count; ${runCommand(SCENARIO, "$SLURM_ARRAY_TASK_ID")} > out/$SLURM_ARRAY_TASK_ID.json`,
      mergeCommand: concat("out"),
      timeoutMs: JOB_TIMEOUT_MS,
      env: FIXED_DATE,
    });
    timings.push(`array + merge ${result.seconds.toFixed(1)} s`);

    expect([...result.tasks.keys()].sort()).toEqual([...Array(TASKS).keys()]);
    for (const [i, task] of result.tasks)
      expect(task.JobState, log(dir, `array_${i}`)).toBe("COMPLETED");
    expect(result.merge.JobState, log(dir, "merge")).toBe("COMPLETED");
    const outputs: string[] = [];
    for (let i = 0; i < TASKS; i++) {
      // Each task saw its own index and the array's size, and printed what the same run prints here.
      expect(readFileSync(join(dir, "out", `${i}.count`), "utf8").trim()).toBe(String(TASKS));
      const text = readFileSync(join(dir, "out", `${i}.json`), "utf8");
      const here = await expected[i];
      expect(here.status).toBe(0);
      expect(text).toBe(here.stdout);
      expect(JSON.parse(text).seed).toBe(i);
      outputs.push(text);
    }
    expect(readFileSync(join(dir, "merged.txt"), "utf8")).toBe(outputs.join(""));
  });

  it("cancels the merge job when one task fails, and the task's state and log show why", async (ctx) => {
    const c = needCluster(ctx);
    const dir = join(workRoot, "failing");
    const bad = 2;
    mkdirSync(join(dir, "scenarios"), { recursive: true });
    mkdirSync(join(dir, "out"), { recursive: true });
    const scenario = readFileSync(SCENARIO, "utf8");
    for (let i = 0; i < TASKS; i++)
      writeFileSync(
        join(dir, "scenarios", `${i}.yaml`),
        // Task `bad` gets a scenario with a misspelt key, which validation refuses.
        i === bad ? `${scenario}\nnotAKey: 1\n` : scenario,
      );
    const badScenario = join(dir, "scenarios", `${bad}.yaml`);
    const result = await runArrayThenMerge(c, {
      workDir: dir,
      tasks: TASKS,
      taskCommand: `${runCommand(join(dir, "scenarios/$SLURM_ARRAY_TASK_ID.yaml"), "$SLURM_ARRAY_TASK_ID")} > out/$SLURM_ARRAY_TASK_ID.json`,
      mergeCommand: concat("out"),
      timeoutMs: JOB_TIMEOUT_MS,
      env: FIXED_DATE,
    });
    timings.push(`failing array + cancelled merge ${result.seconds.toFixed(1)} s`);

    const here = await runHere(badScenario, bad);
    expect(here.status).not.toBe(0);
    expect(here.stderr).toContain("notAKey");
    for (const [i, task] of result.tasks) {
      expect(task.JobState, log(dir, `array_${i}`)).toBe(i === bad ? "FAILED" : "COMPLETED");
      if (i === bad) expect(task.ExitCode).toBe(`${here.status}:0`);
    }
    // The failed task's own log carries the CLI's message, as it is printed here.
    expect(readFileSync(join(dir, "logs", `array_${bad}.err`), "utf8").trim()).toBe(
      here.stderr.trim(),
    );
    expect(result.merge.JobState).toBe("CANCELLED");
    expect(result.merge.Reason).toBe("DependencyNeverSatisfied");
    expect(() => readFileSync(join(dir, "merged.txt"))).toThrow();
  });

  it("sbatch deploy/slurm/study.sbatch STUDY N submits N shards and the merge, which joins their parts", async (ctx) => {
    const c = needCluster(ctx);
    const dir = join(workRoot, "scripts");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "study.yaml"), readFileSync(SCENARIO));
    writeFileSync(join(dir, "stand-in.sh"), STAND_IN, { mode: 0o755 });
    const env = { FUNNEL_SIM_BIN: join(dir, "stand-in.sh") };
    const t = Date.now();
    // The issue's own line: a plain job that submits the array and the merge, then exits.
    const launcher = c.submit([STUDY_SBATCH, "study.yaml", String(TASKS), "--seed", "7"], dir, env);
    const [launched] = await c.waitForJobs([launcher], JOB_TIMEOUT_MS);
    const log = readFileSync(join(dir, `slurm-${launcher}.out`), "utf8");
    expect(launched.JobState, log).toBe("COMPLETED");
    const ids = /array job (\d+), merge job (\d+)/.exec(log);
    expect(ids, log).not.toBeNull();
    const [, arrayJob, mergeJob] = ids!;
    const records = await c.waitForJobs([arrayJob, mergeJob], JOB_TIMEOUT_MS);
    timings.push(`study.sbatch launcher + array + merge ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const tasks = records.filter((r) => r.ArrayJobId === arrayJob);
    expect(tasks.map((r) => Number(r.ArrayTaskId)).sort()).toEqual([...Array(TASKS).keys()]);
    for (const r of records) expect(r.JobState, `job ${r.JobId}`).toBe("COMPLETED");
    const merge = records.find((r) => r.JobId === mergeJob);
    expect(merge?.Dependency ?? "").not.toMatch(/afternotok|afterany/);
    const parts = [...Array(TASKS).keys()].map((i) => {
      const part = readFileSync(join(dir, "parts", `${i}.jsonl`), "utf8");
      const [args, task] = part.split("\n");
      // Shard i of N, explicitly; the study as given (the jobs run in the submitting folder);
      // the user's options after.
      expect(args).toBe(
        `sweep study.yaml --shard ${i}/${TASKS} --out ${join(dir, "parts", `${i}.jsonl`)} --seed 7`,
      );
      expect(task).toBe(`task=${i} count=${TASKS}`);
      return part;
    });
    expect(readFileSync(join(dir, "sweep.csv"), "utf8")).toBe(parts.join(""));

    // Submitting again into the same parts folder is refused before anything is queued.
    const again = spawnSync(SUBMIT, ["study.yaml", String(TASKS)], {
      cwd: dir,
      env: { ...c.env, ...env },
      encoding: "utf8",
    });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`${join(dir, "parts")} already holds parts`);
  });

  it("a study sharded 4 ways by deploy/slurm merges to the unsharded sweep's bytes", async (ctx) => {
    const c = needCluster(ctx);
    const dir = join(workRoot, "sweep");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "study.yaml"), readFileSync(SCENARIO));
    // 5 points × 2 replications: 10 work items over 4 shards (3, 3, 2, 2).
    const options = ["--vary", "traffic=0.25,0.5,0.75,1,1.25", "--replications", "2"];
    const env = { ...FIXED_DATE, FUNNEL_SIM_BIN: `${process.execPath} ${CLI}` };
    // The same sweep, unsharded, in the same folder.
    const whole = cli(
      ["sweep", "study.yaml", ...options, "--shard", "none", "--out", "whole.csv"],
      dir,
    );
    const t = Date.now();
    const launcher = c.submit([STUDY_SBATCH, "study.yaml", String(TASKS), ...options], dir, env);
    await c.waitForJobs([launcher], JOB_TIMEOUT_MS);
    const ids = /array job (\d+), merge job (\d+)/.exec(
      readFileSync(join(dir, `slurm-${launcher}.out`), "utf8"),
    );
    expect(ids).not.toBeNull();
    const records = await c.waitForJobs(ids!.slice(1), JOB_TIMEOUT_MS);
    timings.push(`sharded sweep + merge ${((Date.now() - t) / 1000).toFixed(1)} s`);
    for (const r of records) {
      const logName = r.ArrayTaskId !== undefined ? `${r.ArrayTaskId}.err` : "merge.err";
      const text = readFileSync(join(dir, "parts/logs", logName), "utf8");
      expect(r.JobState, `${logName}: ${text}`).toBe("COMPLETED");
    }

    const unsharded = await whole;
    expect(unsharded.status, unsharded.stderr).toBe(0);
    expect(readFileSync(join(dir, "sweep.csv"), "utf8")).toBe(
      readFileSync(join(dir, "whole.csv"), "utf8"),
    );
    expect(readFileSync(join(dir, "parts/logs/merge.out"), "utf8")).toBe(unsharded.stdout);
  });
  it("a shard whose node dies cancels the merge; merging what is there names the missing shard", async (ctx) => {
    const c = needCluster(ctx);
    const dir = join(workRoot, "lost-shard");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "study.yaml"), readFileSync(SCENARIO));
    // The real CLI in every task but shard 2's, whose process is killed as an out-of-memory
    // kill would: no part, no message of its own.
    const bin = join(dir, "funnel-sim-or-die");
    writeFileSync(
      bin,
      `#!/bin/sh\nif [ "$SLURM_ARRAY_TASK_ID" = 2 ]; then kill -9 $$; fi\nexec "${process.execPath}" "${CLI}" "$@"\n`,
      { mode: 0o755 },
    );
    const options = ["--vary", "traffic=0.5,1", "--replications", "2"];
    const env = { ...FIXED_DATE, FUNNEL_SIM_BIN: bin };
    const t = Date.now();
    const launcher = c.submit([STUDY_SBATCH, "study.yaml", String(TASKS), ...options], dir, env);
    await c.waitForJobs([launcher], JOB_TIMEOUT_MS);
    const ids = /array job (\d+), merge job (\d+)/.exec(
      readFileSync(join(dir, `slurm-${launcher}.out`), "utf8"),
    );
    expect(ids).not.toBeNull();
    const records = await c.waitForJobs(ids!.slice(1), JOB_TIMEOUT_MS);
    timings.push(`lost shard + cancelled merge ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const tasks = records.filter((r) => r.ArrayTaskId !== undefined);
    const merge = records.find((r) => r.ArrayTaskId === undefined);
    expect(tasks.map((r) => [r.ArrayTaskId, r.JobState]).sort()).toEqual([
      ["0", "COMPLETED"],
      ["1", "COMPLETED"],
      ["2", "FAILED"],
      ["3", "COMPLETED"],
    ]);
    expect(tasks.find((r) => r.ArrayTaskId === "2")?.ExitCode).toBe("0:9");
    expect(merge?.JobState).toBe("CANCELLED");
    expect(merge?.Reason).toBe("DependencyNeverSatisfied");
    expect(() => readFileSync(join(dir, "sweep.csv"))).toThrow();
    // The parts that were written cannot be merged into a study by hand either.
    const parts = [0, 1, 3].map((i) => join(dir, "parts", `${i}.jsonl`));
    const merged = await cli(["merge", ...parts], dir);
    expect(merged.status).toBe(2);
    expect(merged.stderr).toContain("shard 2 of 4 is missing (given: 0, 1 and 3)");
  });
});
