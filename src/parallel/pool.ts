import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import type { Piscina } from "piscina";
import type { Claim } from "./tasks.js";

const lazyRequire = createRequire(import.meta.url);

/** The worker entry, bundled next to the CLI and the library in dist/. */
const WORKER = new URL("./worker.cjs", import.meta.url);

/** Default thread count: the machine's available parallelism. */
export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * Worker threads for one command (piscina, started once, reused for every task). The main
 * thread is one of the `threads`: it takes its share of the work too (parallel/runs.ts), so a
 * pool of N threads starts N − 1 workers. A worker that throws, exits or runs out of memory
 * rejects its task, and `failed` rejects too, so a command fails fast instead of waiting on
 * work that will never come.
 */
export class WorkerPool {
  /** Threads that compute (the main thread among them when `mainComputes`). */
  readonly threads: number;
  /**
   * Whether the main thread takes units of work too. Not when a unit is long: a thread busy
   * with one cannot see Ctrl-C, and the main thread must stop the command within half a second.
   */
  readonly mainComputes: boolean;
  /** Rejects on the first worker error (attach with Promise.race). */
  readonly failed: Promise<never>;
  private readonly pool: Piscina;

  private constructor(pool: Piscina, threads: number, mainComputes: boolean) {
    this.pool = pool;
    this.threads = threads;
    this.mainComputes = mainComputes;
    this.failed = new Promise<never>((_, reject) => pool.on("error", reject));
    this.failed.catch(() => {}); // observed through run(); never an unhandled rejection
  }

  /**
   * A pool for `threads` computing threads: `threads` − 1 workers beside the main thread, or
   * null for one thread; with `mainComputes` false, `threads` workers and the main thread only
   * coordinates (and stays free to stop them). `worker` replaces the bundled worker entry
   * (tests use it to inject faults).
   */
  static async open(
    threads: number,
    worker: URL = WORKER,
    mainComputes = true,
  ): Promise<WorkerPool | null> {
    if (threads <= 1 && mainComputes) return null;
    const workers = mainComputes ? threads - 1 : Math.max(1, threads);
    // Loaded on demand (and kept out of the bundle): a one-thread run never pays for it.
    // require, not import(): the CLI runs as a cached CommonJS script (bin/funnel-sim.cjs).
    const { Piscina } = lazyRequire("piscina") as typeof import("piscina");
    const pool = new Piscina({
      filename: worker.href,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 60_000,
    });
    return new WorkerPool(pool, Math.max(1, threads), mainComputes);
  }

  /** Workers beside the main thread. */
  get workers(): number {
    return this.mainComputes ? this.threads - 1 : this.threads;
  }

  /**
   * Runs one message (a batch to claim tasks from, parallel/runs.ts) on a worker; `transfer`
   * hands buffers over instead of copying them.
   */
  run<T>(task: Claim, transfer?: ArrayBufferLike[]): Promise<T> {
    return Promise.race([
      this.pool.run(task, transfer ? { transferList: transfer as never } : undefined) as Promise<T>,
      this.failed,
    ]);
  }

  /** Stops every worker (also with tasks still queued). */
  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}
