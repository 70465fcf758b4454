import { spawn, spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";

// Work too big for the machine is refused before it starts, long work says so, and Ctrl-C or
// SIGTERM stop any command within half a second (the built bundle, as a planner runs it).
const BIN = "bin/funnel-sim.cjs";
const cli = (...args: string[]) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 20_000 });
  return { ...r, ms: performance.now() - t0 };
};
const HUGE = ["--set", "marketing.channels.0.reach=1000000000"]; // 100 M visitors a run

/**
 * Starts a command, waits until stderr shows `ready` (or `afterMs`), sends `signal`, and
 * returns how it ended and how long after the signal.
 */
function interrupt(
  signal: NodeJS.Signals,
  args: string[],
  when: { ready?: RegExp; afterMs?: number },
): Promise<{ code: number | null; ms: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let sentAt = 0;
    const send = () => {
      if (sentAt) return;
      sentAt = performance.now();
      child.kill(signal);
    };
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
      if (when.ready?.test(stderr)) setTimeout(send, 300);
    });
    if (when.afterMs !== undefined) setTimeout(send, when.afterMs);
    const guard = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`did not stop: ${stderr}`));
    }, 30_000);
    child.on("exit", (code) => {
      clearTimeout(guard);
      resolve({ code, ms: sentAt ? performance.now() - sentAt : -1, stdout, stderr });
    });
  });
}

describe("work too big is refused before it starts", () => {
  test("run --replications 1000000000 exits 2 at once with the bound and why", () => {
    const r = cli("run", "scenarios/alpha-content-plan.yaml", "--replications", "1000000000");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /--replications 1000000000: at most 100,000 \(an interval's half-width/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at |--debug/);
    expect(r.ms).toBeLessThan(2000);
  });

  test("a run of 1 billion visitors exits 2 with the memory it needs, not a stack trace", () => {
    const r = cli("run", "bench/r1.yaml", "--set", "marketing.channels.0.reach=10000000000");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/needs about [\d.]+ GiB of memory, more than/);
    expect(r.stderr).not.toMatch(/\n\s+at |--debug/);
  });

  test("--max-memory below the estimate refuses, naming the figure; --max-seconds likewise", () => {
    const mem = cli("run", "bench/r1.yaml", ...HUGE, "--json", "--max-memory", "500M");
    expect(mem.status).toBe(2);
    expect(mem.stderr).toMatch(/needs about [\d.]+ GiB of memory, more than --max-memory 500M/);
    const time = cli("explain", "bench/r1.yaml", ...HUGE, "--max-seconds", "10");
    expect(time.status).toBe(2);
    expect(time.stderr).toMatch(/would take about \d+ min, more than --max-seconds 10/);
    expect(cli("run", "bench/r1.yaml", "--max-memory", "lots").stderr).toMatch(
      /--max-memory: expected a size such as 4G/,
    );
  });

  test("--threads above the cores here is capped, with a note", () => {
    const r = cli("run", "scenarios/alpha-content-plan.yaml", "--json", "--threads", "200");
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/--threads 200 is more than the \d+ cores? here: using \d+/);
  });
});

describe("long work says so, and stops at once on a signal", () => {
  test("run of 64 × 100 M visitors shows its estimate, and Ctrl-C ends it: exit 130, nothing on stdout", async () => {
    const r = await interrupt(
      "SIGINT",
      ["run", "bench/r1.yaml", ...HUGE, "--replications", "64", "--json"],
      {
        ready: /Ctrl-C stops it/,
      },
    );
    expect(r.stderr).toMatch(
      /64 units of work, up to 100,000,000 visitors a run, .*: about \d+ min and [\d.]+ GiB/,
    );
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(500);
    expect(r.stdout).toBe("");
  });

  test("Ctrl-C three seconds into one long run stops it within half a second", async () => {
    const r = await interrupt(
      "SIGINT",
      ["run", "bench/r1.yaml", ...HUGE, "--json", "--no-verdict"],
      {
        afterMs: 3000,
      },
    );
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(500);
    expect(r.stdout).toBe("");
  });

  test("SIGTERM during explain of 30 M visitors a run stops it within half a second: exit 143", async () => {
    const r = await interrupt(
      "SIGTERM",
      ["explain", "bench/r1.yaml", "--set", "marketing.channels.0.reach=300000000", "--json"],
      { afterMs: 2500 },
    );
    expect(r.code).toBe(143);
    expect(r.ms).toBeLessThan(500);
    expect(r.stdout).toBe("");
  });

  test("Ctrl-C during a sweep with --threads 1 stops it within half a second", async () => {
    const r = await interrupt(
      "SIGINT",
      ["sweep", "bench/r1.yaml", "--vary", "traffic=1:20:1", "--threads", "1", "--json"],
      { afterMs: 2000 },
    );
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(500);
    expect(r.stdout).toBe("");
  });
});
