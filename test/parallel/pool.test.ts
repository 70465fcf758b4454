import { describe, expect, test } from "vitest";
import { compile, loadScenario } from "../../src/index.js";
import { WorkerPool } from "../../src/parallel/pool.js";
import { shareOut } from "../../src/parallel/runs.js";
import type { Claim } from "../../src/parallel/tasks.js";

const FAULTY = new URL("../fixtures/faulty-worker.cjs", import.meta.url);
const task = (t: object) => t as unknown as Claim;

describe("WorkerPool", () => {
  test("WorkerPool.open(1) keeps work on the main thread (no pool)", async () => {
    expect(await WorkerPool.open(1)).toBeNull();
  });

  test("a worker that throws rejects its task with the worker's message, quickly", async () => {
    const pool = (await WorkerPool.open(2, FAULTY))!;
    const t0 = Date.now();
    try {
      await expect(pool.run(task({ fault: "throw" }))).rejects.toThrow(
        "simulated failure in a worker",
      );
      expect(await pool.run(task({ value: 7 }))).toBe(7); // the pool keeps serving
    } finally {
      await pool.destroy();
    }
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  test("a worker that fails on a batch fails the batch after at most one task of this thread", async () => {
    const plan = compile(loadScenario("bench/r1.yaml", ["marketing.channels.0.reach=500000"]));
    const tasks = Array.from({ length: 40 }, (_, replication) => ({
      kind: "replication" as const,
      plan,
      replication,
    }));
    const pool = (await WorkerPool.open(2, FAULTY))!;
    let ran = 0;
    try {
      await expect(shareOut(tasks, pool, () => ran++)).rejects.toThrow(
        "simulated failure in a worker",
      );
    } finally {
      await pool.destroy();
    }
    expect(ran).toBeLessThan(tasks.length); // it stopped, not finished the batch alone
  });

  test("a worker that exits rejects its task instead of leaving it pending", async () => {
    const pool = (await WorkerPool.open(2, FAULTY))!;
    try {
      await expect(pool.run(task({ fault: "exit" }))).rejects.toThrow();
    } finally {
      await pool.destroy();
    }
  });

  test("destroy() ends queued and running work: nothing is left pending", async () => {
    const pool = (await WorkerPool.open(2, FAULTY))!;
    const hung = pool.run(task({ fault: "hang" }));
    const queued = pool.run(task({ fault: "hang" }));
    const extra = pool.run(task({ value: 1 }));
    const settled = Promise.allSettled([hung, queued, extra]);
    await pool.destroy();
    const [a, b] = await settled;
    expect(a.status).toBe("rejected");
    expect(b.status).toBe("rejected");
  });
});
