import { COUNTER_NAMES } from "../core/counters.js";
import { bytesPerVisitor } from "../core/pipeline.js";
import { expectedClicks, type Plan } from "../core/plan.js";

// What a command will cost before it starts: the time and memory of its units of work, from
// a plan's expected visitors. The rates are this machine's, rounded up so the estimate errs
// long (docs/performance.md, "Estimates before a command runs", has the measurements).

/** Seconds per visitor to draw (reach, click times, the visitor's own draws). */
const DRAW_SECONDS = 45e-9;
/** Seconds per visitor to serve one capacity variant (site, consultants, stock). */
const SERVE_SECONDS = 70e-9;
/** Seconds of a run that do not grow with visitors (compiling, columns, counters). */
const RUN_SECONDS = 0.003;
/** Memory of a thread before any run: V8 heap, the kernels' instance. */
export const THREAD_BYTES = 40 * 2 ** 20;
/** Memory of the main thread: the CLI, its bundles, the scenario. */
export const MAIN_BYTES = 80 * 2 ** 20;
/** A unit of work longer than this runs on a worker: the main thread stays free for Ctrl-C. */
export const MAIN_TASK_SECONDS = 0.25;

/** The cost of a command's work. */
export interface Workload {
  /** Units of work (tasks), which the threads share. */
  units: number;
  /** CPU seconds of all of them together. */
  seconds: number;
  /** The longest unit's seconds (what a thread may be busy with before it sees a signal). */
  longestUnitSeconds: number;
  /** The most kernel memory one unit needs (a thread's kernel memory grows to its biggest). */
  unitBytes: number;
  /** Bytes of results the main thread holds until the report is written. */
  resultBytes: number;
  /** Visitors of the biggest run, for messages. */
  visitors: number;
}

/** Bytes a run's result takes: its counters and its hour-by-hour columns. */
function resultBytes(plan: Plan): number {
  return COUNTER_NAMES.length * 8 + plan.slotProb.length * 16 + plan.channels.length * 8 + 256;
}

/**
 * `count` units, each drawing one replication's visitors of `plans[0]` once and serving them
 * once per plan (one plan: a plain run). `keepsRuns` false: a unit keeps counters only.
 */
export function variantsWork(plans: readonly Plan[], count: number, keepsRuns = true): Workload {
  const visitors = Math.max(...plans.map(expectedClicks));
  const unit =
    RUN_SECONDS * plans.length + visitors * (DRAW_SECONDS + SERVE_SECONDS * plans.length);
  return {
    units: count,
    seconds: unit * count,
    longestUnitSeconds: unit,
    unitBytes: visitors * Math.max(...plans.map(bytesPerVisitor)),
    resultBytes:
      count *
      plans.reduce((n, p) => n + (keepsRuns ? resultBytes(p) : COUNTER_NAMES.length * 8), 0),
    visitors,
  };
}

/** Several workloads run one after another or side by side: their sum. */
export function together(...parts: Workload[]): Workload {
  return {
    units: parts.reduce((n, w) => n + w.units, 0),
    seconds: parts.reduce((n, w) => n + w.seconds, 0),
    longestUnitSeconds: Math.max(0, ...parts.map((w) => w.longestUnitSeconds)),
    unitBytes: Math.max(0, ...parts.map((w) => w.unitBytes)),
    resultBytes: parts.reduce((n, w) => n + w.resultBytes, 0),
    visitors: Math.max(0, ...parts.map((w) => w.visitors)),
  };
}

/** Whether the main thread may take units itself: only when each is short. */
export const mainMayCompute = (w: Workload) => w.longestUnitSeconds <= MAIN_TASK_SECONDS;

/** What a workload needs on `threads` threads: wall seconds and peak bytes. */
export function needs(w: Workload, threads: number): { seconds: number; bytes: number } {
  const used = Math.max(1, Math.min(threads, w.units));
  // The units do not split: a thread's share is at least the longest one.
  const seconds = Math.max(w.seconds / used, w.longestUnitSeconds);
  // Each computing thread's kernel memory grows to its biggest unit; workers add their own heap.
  const workers = mainMayCompute(w) ? used - 1 : used;
  const bytes = MAIN_BYTES + workers * THREAD_BYTES + used * w.unitBytes + w.resultBytes;
  return { seconds, bytes };
}
