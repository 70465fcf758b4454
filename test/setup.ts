import fc from "fast-check";
import { propRuns, propRunsFixed } from "./propRuns.js";

// Property tests: a fixed seed in CI (reproducible failures), a fresh one locally; a time
// limit so a slow property cannot stall the suite, except when FUNNEL_PROP_RUNS asks for a
// number of runs: then every property runs exactly that many times (test/propRuns.ts).
fc.configureGlobal({
  seed: process.env.CI ? 20261127 : undefined,
  numRuns: propRuns(Number(process.env.FC_NUM_RUNS ?? 60)),
  ...(propRunsFixed() ? {} : { interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false }),
});
