import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { ScenarioError } from "../../src/scenario/errors.js";
import { MAX_SCENARIO_BYTES, parseScenario } from "../../src/scenario/parse.js";
import { arbitraryInvalidScenario, arbitraryScenario } from "../../src/testing/index.js";
import { type Plan, plans, render, show } from "./mutate.js";

// Fuzzing the scenario reader: valid scenarios mutated (deleted lines, swapped types, edge
// numbers, .inf and .nan, deep nesting, alias bombs, reserved keys, control and invalid UTF-8
// bytes; see mutate.ts) must be refused cleanly or run, never crash, and never take long.
//
// Runs: FUNNEL_FUZZ_RUNS=N runs N cases through the CLI (default 40, ~15 s) and 10 × N (at
// least 300) through parseScenario in this process, e.g. `FUNNEL_FUZZ_RUNS=500 npx vitest run
// test/fuzz`. A failing case prints its plan (fast-check's counterexample, shrunk) and the
// file it made: the text, and its bytes in base64.

const RUNS = Number(process.env.FUNNEL_FUZZ_RUNS ?? 40);
const IN_PROCESS_RUNS = Math.max(300, 10 * RUNS);
const BIN = "bin/funnel-sim.cjs";
const TRACE = "\n    at ";

const dir = mkdtempSync(join(tmpdir(), "funnel-sim-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Throws with everything needed to reproduce the case. */
function failed(plan: Plan, bytes: Buffer, why: string, output = ""): never {
  throw new Error(
    [
      why,
      `plan: ${JSON.stringify(plan)}`,
      "scenario:",
      show(bytes),
      `bytes (base64): ${bytes.length > 6000 ? "(too long: render(plan) makes them)" : bytes.toString("base64")}`,
      output && `output:\n${output.slice(0, 3000)}`,
    ].join("\n"),
  );
}

describe("fuzzed scenarios", () => {
  test(
    "the CLI exits 0 or 2, without a stack trace, within 2 s",
    () => {
      const file = join(dir, "fuzz.yaml");
      fc.assert(
        fc.property(plans, (plan) => {
          const bytes = render(plan);
          writeFileSync(file, bytes);
          const t0 = performance.now();
          const r = spawnSync(
            process.execPath,
            [BIN, "run", file, "--json", "--no-verdict", "--threads", "1", "--max-seconds", "1"],
            { encoding: "utf8", timeout: 5000, maxBuffer: 64 << 20 },
          );
          const ms = performance.now() - t0;
          const output = `exit ${r.status}${r.signal ? ` (${r.signal})` : ""} after ${Math.round(ms)} ms\nstderr: ${r.stderr}`;
          if (r.error || r.signal)
            failed(plan, bytes, `did not finish: ${r.error ?? r.signal}`, output);
          if (r.status !== 0 && r.status !== 2) failed(plan, bytes, `exit ${r.status}`, output);
          if (`${r.stderr}${r.stdout}`.includes(TRACE)) failed(plan, bytes, "stack trace", output);
          if (ms >= 2000) failed(plan, bytes, `took ${Math.round(ms)} ms`, output);
        }),
        { numRuns: RUNS, interruptAfterTimeLimit: RUNS * 5000 + 60_000 },
      );
    },
    RUNS * 5000 + 120_000,
  );

  test(
    "parseScenario only throws ScenarioError, within 2 s",
    () => {
      fc.assert(
        fc.property(plans, (plan) => {
          const bytes = render(plan);
          // The file reader refuses a larger file before parsing it (the CLI test covers that).
          if (bytes.length > MAX_SCENARIO_BYTES) return;
          const t0 = performance.now();
          try {
            parseScenario(bytes.toString("utf8"), "fuzz.yaml", []);
          } catch (e) {
            if (!(e instanceof ScenarioError))
              failed(plan, bytes, `threw ${e instanceof Error ? e.stack : String(e)}`);
            if (e.message.includes(TRACE)) failed(plan, bytes, "a stack trace in the message");
          }
          const ms = performance.now() - t0;
          if (ms >= 2000) failed(plan, bytes, `took ${Math.round(ms)} ms`);
        }),
        { numRuns: IN_PROCESS_RUNS, interruptAfterTimeLimit: IN_PROCESS_RUNS * 2000 + 60_000 },
      );
    },
    IN_PROCESS_RUNS * 2000 + 120_000,
  );

  test("every base scenario, unmutated, parses", () => {
    const bases = [0, 1, 2].map((base) => render({ base, as: "text", mutations: [] }));
    for (const bytes of bases) {
      expect(() => parseScenario(bytes.toString("utf8"), "base.yaml")).not.toThrow();
    }
  });

  // The same contract as funnel-sim/testing's users get: each invalid scenario of its
  // arbitrary, through the CLI, is refused with exit 2 and the message it must produce; each
  // valid one runs.
  test(
    "the CLI refuses the testing entry's invalid scenarios with their messages, and runs its valid ones",
    () => {
      const file = join(dir, "contract.yaml");
      const cli = (text: string) => {
        writeFileSync(file, text);
        return spawnSync(
          process.execPath,
          [BIN, "run", file, "--json", "--no-verdict", "--threads", "1"],
          { encoding: "utf8", timeout: 10_000 },
        );
      };
      fc.assert(
        fc.property(arbitraryInvalidScenario(), ({ text, message }) => {
          const r = cli(text);
          expect(r.status, r.stderr).toBe(2);
          // A file is read as bytes first: one with a NUL byte is refused before it is parsed.
          expect(r.stderr).toContain(text.includes("\u0000") ? "a NUL byte at byte" : message);
          expect(r.stderr).not.toContain(TRACE);
        }),
        { numRuns: Math.max(12, Math.round(RUNS / 2)) },
      );
      fc.assert(
        fc.property(arbitraryScenario({ maxReach: 20_000 }), (scenario) => {
          const r = cli(JSON.stringify(scenario));
          expect(r.status, r.stderr).toBe(0);
        }),
        { numRuns: Math.max(6, Math.round(RUNS / 4)) },
      );
    },
    RUNS * 5000 + 120_000,
  );
});
