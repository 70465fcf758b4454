// A real single-node Slurm cluster for the tests: munged, slurmctld and slurmd started by hand in
// a temporary run directory (PID 1 here is not systemd, and /etc stays untouched: every command
// is pointed at the run directory's slurm.conf by SLURM_CONF). Every daemon started is stopped
// by stop(), also when starting fails half way.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/** The daemons and clients the cluster needs, by name. */
const PROGRAMS = ["munged", "mungekey", "slurmctld", "slurmd", "sbatch", "sinfo", "scontrol"];

/** States after which a job never changes again (squeue's long names). */
const TERMINAL = new Set([
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "TIMEOUT",
  "NODE_FAIL",
  "OUT_OF_MEMORY",
  "PREEMPTED",
  "BOOT_FAIL",
  "DEADLINE",
]);

/** Why a cluster cannot start here (a missing program), or undefined when it can try. */
export function slurmMissing(): string | undefined {
  const path = `${process.env.PATH ?? ""}:/usr/sbin:/sbin`;
  const missing = PROGRAMS.filter((p) => {
    try {
      execFileSync("sh", ["-c", `command -v ${p}`], { env: { ...process.env, PATH: path } });
      return false;
    } catch {
      return true;
    }
  });
  return missing.length > 0 ? `not installed: ${missing.join(", ")}` : undefined;
}

/** One job record from `scontrol -o show job`: its fields by name (JobState, ArrayTaskId, …). */
export type JobRecord = Record<string, string>;

/** A running cluster: its run directory, the environment its clients need, and stop(). */
export interface SlurmCluster {
  runDir: string;
  /** process.env plus SLURM_CONF and the sbin directories on PATH. */
  env: NodeJS.ProcessEnv;
  /** The PIDs of the daemons this cluster started. */
  pids: () => number[];
  /** Runs a Slurm client (sbatch, scontrol, …) against this cluster; returns its stdout. */
  client: (program: string, args: string[], cwd?: string, extraEnv?: NodeJS.ProcessEnv) => string;
  /** Submits with sbatch --parsable (the job sees `extraEnv` too); returns the job id. */
  submit: (args: string[], cwd?: string, extraEnv?: NodeJS.ProcessEnv) => string;
  /** Every record of these jobs (an array job gives one per task) once all are terminal. */
  waitForJobs: (ids: string[], timeoutMs: number) => Promise<JobRecord[]>;
  /** Shuts the cluster down and waits until every daemon it started has exited. */
  stop: () => Promise<void>;
}

interface Daemon {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
}

/** A TCP port that was free a moment ago (the daemons bind it next). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A slurm.conf measured to work on a single node here, with every path under `dir`. */
function slurmConf(dir: string, mungeSocket: string, ports: [number, number]): string {
  const user = userInfo().username;
  return `${[
    "ClusterName=funnelsim",
    "SlurmctldHost=localhost",
    `SlurmctldPort=${ports[0]}`,
    `SlurmdPort=${ports[1]}`,
    `SlurmUser=${user}`,
    `SlurmdUser=${user}`,
    "AuthType=auth/munge",
    "CredType=cred/munge",
    `AuthInfo=socket=${mungeSocket}`,
    `StateSaveLocation=${dir}/state`,
    `SlurmdSpoolDir=${dir}/spool`,
    `SlurmctldPidFile=${dir}/slurmctld.pid`,
    `SlurmdPidFile=${dir}/slurmd.pid`,
    `SlurmctldLogFile=${dir}/slurmctld.log`,
    `SlurmdLogFile=${dir}/slurmd.log`,
    "ProctrackType=proctrack/linuxproc",
    "TaskPlugin=task/none",
    "JobAcctGatherType=jobacct_gather/none",
    "AccountingStorageType=accounting_storage/none",
    "JobCompType=jobcomp/filetxt",
    `JobCompLoc=${dir}/jobcomp.txt`,
    "SchedulerType=sched/backfill",
    // Scheduling passes on every event and a backfill pass each second: a test waits on them.
    "SchedulerParameters=bf_interval=1,sched_min_interval=0",
    "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_Core",
    "MpiDefault=none",
    "ReturnToService=2",
    // Without it a failed shard leaves the merge job pending forever.
    "DependencyParameters=kill_invalid_depend",
    "MailProg=/bin/true",
    "KillWait=1",
    `NodeName=localhost CPUs=${availableParallelism()} State=UNKNOWN`,
    "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
  ].join("\n")}\n`;
}

/**
 * Starts munged, slurmctld and slurmd in a fresh temporary directory and waits until the node
 * takes jobs. On any failure every daemon already started is stopped before the error is thrown.
 */
export async function startSlurmCluster(readyTimeoutMs = 20_000): Promise<SlurmCluster> {
  const runDir = mkdtempSync(join(tmpdir(), "funnel-sim-slurm-"));
  const daemons: Daemon[] = [];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${process.env.PATH ?? ""}:/usr/sbin:/sbin`,
    SLURM_CONF: join(runDir, "slurm.conf"),
  };
  // Clients must not pick up a job's own variables when the tests run inside a Slurm job.
  for (const key of Object.keys(env))
    if (/^(SLURM_|SBATCH_|SQUEUE_)/.test(key) && key !== "SLURM_CONF") delete env[key];

  const start = (name: string, args: string[]) => {
    const log = join(runDir, `${name}.stdio.log`);
    const child = spawn(name, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout?.on("data", (b: Buffer) => chunks.push(b));
    child.stderr?.on("data", (b: Buffer) => chunks.push(b));
    const exited = new Promise<void>((resolve) => {
      child.once("exit", () => {
        writeFileSync(log, Buffer.concat(chunks));
        resolve();
      });
      child.once("error", () => resolve());
    });
    daemons.push({ name, child, exited });
  };
  const running = () => daemons.filter((d) => d.child.exitCode === null && d.child.pid);
  const client = (program: string, args: string[], cwd?: string, extraEnv?: NodeJS.ProcessEnv) =>
    execFileSync(program, args, {
      env: { ...env, ...extraEnv },
      cwd,
      encoding: "utf8",
      timeout: 15_000,
    });

  // Last resort if the test process exits without stop(): no daemon outlives it.
  const killAll = () => {
    for (const d of running()) d.child.kill("SIGKILL");
  };
  process.once("exit", killAll);

  const stop = async () => {
    if (daemons.some((d) => d.name === "slurmctld" && d.child.exitCode === null)) {
      try {
        client("scontrol", ["shutdown"]);
      } catch {
        // Not answering: the signals below stop it.
      }
    }
    const slurm = daemons.filter((d) => d.name !== "munged");
    await waitExit(slurm, 10_000);
    for (const d of slurm) if (d.child.exitCode === null) d.child.kill("SIGTERM");
    await waitExit(slurm, 5_000);
    // munged last: slurmctld and slurmd authenticate through it while shutting down.
    for (const d of daemons) if (d.child.exitCode === null) d.child.kill("SIGTERM");
    await waitExit(daemons, 5_000);
    for (const d of running()) d.child.kill("SIGKILL");
    await waitExit(daemons, 5_000);
    process.removeListener("exit", killAll);
    const left = running().map((d) => `${d.name} (pid ${d.child.pid})`);
    if (left.length > 0) throw new Error(`Slurm daemons still running: ${left.join(", ")}`);
    rmSync(runDir, { recursive: true, force: true });
  };

  try {
    const munge = join(runDir, "munge");
    mkdirSync(munge);
    // munged refuses a socket directory that is not 0755.
    chmodSync(munge, 0o755);
    for (const d of ["state", "spool"]) mkdirSync(join(runDir, d));
    const key = join(munge, "munge.key");
    client("mungekey", ["--create", `--keyfile=${key}`]);
    chmodSync(key, 0o600);
    const socket = join(munge, "munge.socket");
    start("munged", [
      "-F",
      "--force",
      `--key-file=${key}`,
      `--socket=${socket}`,
      `--pid-file=${join(munge, "munged.pid")}`,
      `--log-file=${join(munge, "munged.log")}`,
      `--seed-file=${join(munge, "munged.seed")}`,
    ]);
    await until(() => exists(socket) || daemonDied(daemons), readyTimeoutMs, "munged's socket");
    const ports: [number, number] = [await freePort(), await freePort()];
    writeFileSync(join(runDir, "slurm.conf"), slurmConf(runDir, socket, ports));
    start("slurmctld", ["-D", "-i"]);
    start("slurmd", ["-D", "-N", "localhost"]);
    await until(
      () => {
        if (daemonDied(daemons)) return true;
        try {
          return /^idle/.test(client("sinfo", ["-h", "-o", "%T"]).trim());
        } catch {
          return false;
        }
      },
      readyTimeoutMs,
      "an idle node in sinfo",
    );
    const dead = daemons.find((d) => d.child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited with ${dead.child.exitCode}`);
  } catch (error) {
    const logs = readLogs(runDir);
    await stop().catch(() => {});
    throw new Error(`starting Slurm failed: ${(error as Error).message}\n${logs}`);
  }

  return {
    runDir,
    env,
    pids: () => daemons.map((d) => d.child.pid ?? -1),
    client,
    submit: (args, cwd, extraEnv) =>
      client("sbatch", ["--parsable", ...args], cwd, extraEnv)
        .trim()
        .split(";")[0],
    waitForJobs: async (ids, timeoutMs) => {
      let records: JobRecord[] = [];
      await until(
        () => {
          records = ids.flatMap((id) => showJob(client, id));
          return records.length > 0 && records.every((r) => TERMINAL.has(r.JobState));
        },
        timeoutMs,
        `jobs ${ids.join(", ")} to finish`,
      );
      return records;
    },
    stop,
  };
}

/** `scontrol -o show job ID`: one record per job (per task of an array that has split). */
function showJob(client: SlurmCluster["client"], id: string): JobRecord[] {
  return client("scontrol", ["-o", "show", "job", id])
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => {
      const record: JobRecord = {};
      // Values end at the next " Key=": a few (Command, WorkDir) may hold spaces.
      for (const m of line.matchAll(/(?:^|\s)([A-Za-z:/]+)=(.*?)(?=\s[A-Za-z:/]+=|$)/g))
        record[m[1]] = m[2];
      return record;
    });
}

function exists(file: string): boolean {
  try {
    readFileSync(file);
    return true;
  } catch (error) {
    // A socket cannot be read as a file, but it is there.
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

function daemonDied(daemons: Daemon[]): boolean {
  return daemons.some((d) => d.child.exitCode !== null);
}

async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(150);
  }
}

async function waitExit(daemons: Daemon[], timeoutMs: number): Promise<void> {
  await Promise.race([Promise.all(daemons.map((d) => d.exited)), sleep(timeoutMs)]);
}

function readLogs(dir: string): string {
  const names = ["munged.stdio.log", "slurmctld.log", "slurmd.log", "slurmctld.stdio.log"];
  return names
    .map((n) => {
      try {
        return `--- ${n}\n${readFileSync(join(dir, n), "utf8").split("\n").slice(-15).join("\n")}`;
      } catch {
        return "";
      }
    })
    .join("\n");
}

/** What an array job plus its dependent merge job left behind. */
export interface ArrayStudyResult {
  arrayJob: string;
  mergeJob: string;
  /** The array's tasks, by task index. */
  tasks: Map<number, JobRecord>;
  merge: JobRecord;
  seconds: number;
}

/**
 * Submits `taskCommand` as an array job of `tasks` tasks (each sees SLURM_ARRAY_TASK_ID and
 * SLURM_ARRAY_TASK_COUNT) and `mergeCommand` as a job that runs only after every task succeeded
 * (`--dependency=afterok`, cancelled otherwise), both shell commands run in `workDir`; waits
 * until both are done. Logs go to workDir/logs/: task i's to `array_<i>.out` and `.err`, the
 * merge's to `merge.out` and `.err`.
 */
export async function runArrayThenMerge(
  cluster: SlurmCluster,
  o: {
    workDir: string;
    tasks: number;
    taskCommand: string;
    mergeCommand: string;
    timeoutMs: number;
    /** Variables the jobs see besides the submitting environment. */
    env?: NodeJS.ProcessEnv;
  },
): Promise<ArrayStudyResult> {
  const started = Date.now();
  mkdirSync(join(o.workDir, "logs"), { recursive: true });
  const arrayJob = cluster.submit(
    [
      `--array=0-${o.tasks - 1}`,
      `--chdir=${o.workDir}`,
      "--output=logs/array_%a.out",
      "--error=logs/array_%a.err",
      "--job-name=shard",
      `--wrap=${o.taskCommand}`,
    ],
    o.workDir,
    o.env,
  );
  const mergeJob = cluster.submit(
    [
      `--dependency=afterok:${arrayJob}`,
      "--kill-on-invalid-dep=yes",
      `--chdir=${o.workDir}`,
      "--output=logs/merge.out",
      "--error=logs/merge.err",
      "--job-name=merge",
      `--wrap=${o.mergeCommand}`,
    ],
    o.workDir,
    o.env,
  );
  const records = await cluster.waitForJobs([arrayJob, mergeJob], o.timeoutMs);
  const tasks = new Map<number, JobRecord>();
  for (const r of records)
    if (r.ArrayJobId === arrayJob && r.ArrayTaskId !== undefined)
      tasks.set(Number(r.ArrayTaskId), r);
  const merge = records.find((r) => r.JobId === mergeJob);
  if (!merge) throw new Error(`no record of the merge job ${mergeJob}`);
  return { arrayJob, mergeJob, tasks, merge, seconds: (Date.now() - started) / 1000 };
}
