import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // FUNNEL_PROP_RUNS=n runs every property n times, however long that takes (test/propRuns.ts).
    testTimeout: process.env.FUNNEL_PROP_RUNS ? 24 * 3_600_000 : 60_000,
    pool: "forks",
    // In CI also write a JSON summary, from which .ci/run prints the plain "N passed, N failed".
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: "test-results/vitest.json" },
  },
});
