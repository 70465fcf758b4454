import { type Report, summarize } from "./analysis/summarize.js";
import { simulate } from "./core/pipeline.js";
import { compile } from "./core/plan.js";
import type { Scenario } from "./scenario/schema.js";

/** Compiles and runs one replication of a validated scenario and summarizes it. */
export function runScenario(scenario: Scenario, replication = 0): Report {
  const plan = compile(scenario);
  return summarize(scenario, plan, simulate(plan, replication));
}
