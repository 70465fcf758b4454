import { readFileSync } from "node:fs";
import { availableParallelism, freemem } from "node:os";
import { defaultThreads, WorkerPool } from "../parallel/pool.js";
import { sharding } from "../parallel/shard.js";
import { mainMayCompute, needs, type Workload } from "../parallel/workload.js";
import { LimitError, UsageError } from "./errors.js";

/** Most replications a command takes: the half-width shrinks as 1/√R, and beyond this it is noise. */
export const MAX_REPLICATIONS = 100_000;
/** Share of the memory available that a command may use unless --max-memory says otherwise. */
const DEFAULT_MEMORY_SHARE = 0.75;
/** An estimate longer than this is shown on stderr before the work starts. */
const SHOW_ABOVE_SECONDS = 3;

/** What the command line says about resources. */
export interface ResourceOptions {
  threads?: number;
  /** --max-memory: bytes, or a size such as 4G, 512M, 2.5GiB. */
  maxMemory?: string;
  /** --max-seconds: refuse work estimated to take longer. */
  maxSeconds?: number;
}

/** --replications as a whole number in 1..MAX_REPLICATIONS (`least` for explain's intervals). */
export function checkReplications(r: number, least = 1): number {
  if (!Number.isInteger(r) || r < least)
    throw new UsageError(
      `--replications must be a whole number ≥ ${least}${least > 1 ? " for intervals" : ""} (got ${r})`,
    );
  if (r > MAX_REPLICATIONS)
    throw new UsageError(
      `--replications ${r}: at most ${MAX_REPLICATIONS.toLocaleString("en-US")} (an interval's half-width shrinks as 1/√R: beyond this, more replications change nothing a planner reads)`,
    );
  return r;
}

/**
 * --threads, capped at the cores this machine has: more threads than cores only add idle
 * workers (each ~40 MiB) and switching. Says so on stderr when it caps.
 */
export function threadsFor(requested: number | undefined): number {
  const cores = availableParallelism();
  if (requested === undefined) return defaultThreads();
  if (!Number.isInteger(requested) || requested < 1)
    throw new UsageError(`--threads must be a whole number ≥ 1 (got ${requested})`);
  if (requested > cores) {
    process.stderr.write(
      `funnel-sim: --threads ${requested} is more than the ${cores} cores here: using ${cores}\n`,
    );
    return cores;
  }
  return requested;
}

/** Memory available to a new process: MemAvailable on Linux (free plus reclaimable), else free. */
export function availableMemory(): number {
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync("/proc/meminfo", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux: os.freemem below
  }
  return freemem();
}

const UNITS: Record<string, number> = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** "4G", "512M", "2.5GiB", "1000000" → bytes. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = m ? Number(m[1]) * UNITS[m[2].toLowerCase()] : Number.NaN;
  if (!(bytes > 0) || !Number.isFinite(bytes))
    throw new UsageError(`--max-memory: expected a size such as 4G, 512M or 2.5GiB (got ${text})`);
  return bytes;
}

/** 1.5 GiB, 380 MiB. */
export function formatBytes(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${Math.ceil(n / 2 ** 20)} MiB`;
}

/** 45 s, 12 min, 3.2 h. */
export function formatSeconds(s: number): string {
  if (s < 90) return `${Math.max(1, Math.round(s))} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/**
 * Checks a command's estimated work against the machine and the limits before anything runs:
 * refused (exit 2, with the figure it needs and what to change) when its memory is over
 * --max-memory (default 75 % of the memory available) or its time over --max-seconds; shown
 * on stderr when it will take more than a few seconds. Opens the pool the work should run on:
 * with long units the main thread only coordinates, so Ctrl-C is seen at once.
 */
export async function prepare(
  work: Workload,
  threads: number,
  o: ResourceOptions,
  what: string,
  /** A pool opened early (to boot while the scenario is read), kept if it fits the work. */
  early: WorkerPool | null = null,
  /** Threads the pool needs (default: as many as the units of work can use). */
  poolThreads = Math.min(threads, work.units),
): Promise<WorkerPool | null> {
  // A merge computes nothing: its results come from the parts.
  if (sharding()?.kind === "replay") {
    await early?.destroy();
    return null;
  }
  const needed = needs(work, threads);
  const { bytes } = needed;
  // A shard computes about one N-th of the units (parallel/shard.ts); its memory is a run's.
  const shard = sharding();
  const seconds = shard?.kind === "shard" ? needed.seconds / shard.count : needed.seconds;
  const available = availableMemory();
  const limit =
    o.maxMemory === undefined ? DEFAULT_MEMORY_SHARE * available : parseSize(o.maxMemory);
  const size = `${what}${shard?.kind === "shard" ? ` (shard ${shard.index}/${shard.count})` : ""}: ${work.units.toLocaleString("en-US")} unit${work.units === 1 ? "" : "s"} of work, up to ${Math.round(work.visitors).toLocaleString("en-US")} visitors a run, on ${threads} thread${threads === 1 ? "" : "s"}`;
  if (bytes > limit)
    throw new LimitError(
      `${size} needs about ${formatBytes(bytes)} of memory, more than ${o.maxMemory === undefined ? `the ${formatBytes(limit)} allowed (75 % of the ${formatBytes(available)} available here)` : `--max-memory ${o.maxMemory}`}: lower the reach or the replications, use fewer --threads, or allow it with --max-memory ${Math.ceil(bytes / 2 ** 30)}G`,
    );
  if (o.maxSeconds !== undefined) {
    if (!(o.maxSeconds > 0))
      throw new UsageError(`--max-seconds must be a number > 0 (got ${o.maxSeconds})`);
    if (seconds > o.maxSeconds)
      throw new LimitError(
        `${size} would take about ${formatSeconds(seconds)}, more than --max-seconds ${o.maxSeconds}: lower the reach or the replications, or allow more time`,
      );
  }
  if (seconds > SHOW_ABOVE_SECONDS)
    process.stderr.write(
      `funnel-sim: ${size}: about ${formatSeconds(seconds)} and ${formatBytes(bytes)} (Ctrl-C stops it)\n`,
    );
  const mainComputes = mainMayCompute(work);
  const fits = (p: WorkerPool | null) =>
    p === null
      ? poolThreads <= 1 && mainComputes
      : p.mainComputes === mainComputes && p.threads === poolThreads;
  if (fits(early)) return early;
  await early?.destroy();
  return WorkerPool.open(poolThreads, undefined, mainComputes);
}

/**
 * Ends the process on Ctrl-C (exit 130) or SIGTERM (exit 143) at once: the workers are
 * stopped with it and nothing more is written. Returns what to call when the work is done.
 */
export function stopOnSignals(pool: () => WorkerPool | null): () => void {
  const stop = (code: number) => () => {
    void pool()?.destroy();
    process.exit(code);
  };
  const int = stop(130);
  const term = stop(143);
  process.once("SIGINT", int);
  process.once("SIGTERM", term);
  return () => {
    process.off("SIGINT", int);
    process.off("SIGTERM", term);
  };
}
