// The public API of funnel-sim, on one screen. Named exports only.

export { type Comparison, compare } from "./analysis/compare.js";
export { type Explanation, explain, relax } from "./analysis/explain.js";
export { type Estimate, estimate } from "./analysis/replications.js";
export { shapley } from "./analysis/shapley.js";
export {
  type Department,
  type Funnel,
  type Loss,
  type Report,
  summarize,
} from "./analysis/summarize.js";
export {
  type ReplicationSummary,
  summarizeReplications,
} from "./analysis/summarizeReplications.js";
export { C, COUNTER_NAMES, type CounterName } from "./core/counters.js";
export { type RunResult, simulate, simulateVariants } from "./core/pipeline.js";
export { compile, expectedClicks, type Plan } from "./core/plan.js";
export type {
  CapacityDeclaration,
  CounterDeclaration,
  LossDeclaration,
  StageDeclaration,
} from "./model/stage.js";
export { CAPACITIES, LOSSES, STAGES } from "./model/stages.js";
export { DEPARTMENT_NAME, DEPARTMENTS } from "./model/vocabulary.js";
export { defaultThreads, WorkerPool } from "./parallel/pool.js";
export {
  PARALLEL_CLICKS_MIN,
  runReplications,
  runVariants,
  simulateOn,
} from "./parallel/runs.js";
export { runScenario } from "./run.js";
export {
  formatProblems,
  formatWarning,
  type Problem,
  ScenarioError,
} from "./scenario/errors.js";
export { loadScenario, type ParseOptions, parseScenario } from "./scenario/parse.js";
export {
  type Distribution,
  type Scenario,
  type ScenarioInput,
  scenarioSchema,
} from "./scenario/schema.js";
export { releaseKernelMemory } from "./wasm/kernels.js";
