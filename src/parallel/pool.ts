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
  /** Threads that compute, the main thread included. */
  readonly threads: number;
  /** Rejects on the first worker error (attach with Promise.race). */
  readonly failed: Promise<never>;
  private readonly pool: Piscina;

  private constructor(pool: Piscina, threads: number) {
    this.pool = pool;
    this.threads = threads;
    this.failed = new Promise<never>((_, reject) => pool.on("error", reject));
    this.failed.catch(() => {}); // observed through run(); never an unhandled rejection
  }

  /**
   * A pool for `threads` threads (`threads` − 1 workers beside the main thread), or null for
   * one thread. `worker` replaces the bundled worker entry (tests use it to inject faults).
   */
  static async open(threads: number, worker: URL = WORKER): Promise<WorkerPool | null> {
    if (threads <= 1) return null;
    // Loaded on demand (and kept out of the bundle): a one-thread run never pays for it.
    // require, not import(): the CLI runs as a cached CommonJS script (bin/funnel-sim.cjs).
    const { Piscina } = lazyRequire("piscina") as typeof import("piscina");
    const pool = new Piscina({
      filename: worker.href,
      minThreads: threads - 1,
      maxThreads: threads - 1,
      idleTimeout: 60_000,
    });
    return new WorkerPool(pool, threads);
  }

  /** Runs one message (a batch to claim tasks from, parallel/runs.ts) on a worker. */
  run<T>(task: Claim): Promise<T> {
    return Promise.race([this.pool.run(task) as Promise<T>, this.failed]);
  }

  /** Stops every worker (also with tasks still queued). */
  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}
