import fc from "fast-check";

// Property tests: a fixed seed in CI (reproducible failures), a fresh one locally; a time
// limit so a slow property cannot stall the suite.
fc.configureGlobal({
  seed: process.env.CI ? 20261127 : undefined,
  numRuns: Number(process.env.FC_NUM_RUNS ?? 60),
  interruptAfterTimeLimit: 20_000,
  markInterruptAsFailure: false,
});
