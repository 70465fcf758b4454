// The scenario every test in test/scenario edits, and the helpers to edit it and find where a
// problem should be reported.
import { expect } from "vitest";
import { ScenarioError } from "../../src/index.js";

/** A copy of bench/r1.yaml, kept here so a change to the benchmark does not move these lines. */
export const FIXTURE = `# yaml-language-server: $schema=../schema/scenario.schema.json
# R1 reference funnel: the benchmark model of issue #2 (10 M reached agents).
name: R1 reference funnel
seed: 1
horizon: { days: 30 }
currency: RUB
marketing:
  budget: 200000
  channels:
    - { name: all, reach: 10000000, clickRate: 0.10, mix: { everyone: 1 } }
  traffic: { daily: uniform, hourly: uniform }
segments:
  everyone: { consultRate: 0.20, directRate: 0.02, closeRate: 0.30 }
site:
  capacity: 120
  session: { dist: exponential, mean: 5 }
sales:
  consultants: 45
  handleTime: { dist: exponential, mean: 10 }
  patience: { dist: exponential, mean: 5 }
supply:
  stock: 40000
  price: 3000
`;
export const FILE = "bench.yaml";

/** The fixture with `find` (which must occur exactly once) replaced. */
export function edit(find: string, replace: string, text = FIXTURE): string {
  const at = text.indexOf(find);
  if (at < 0 || text.indexOf(find, at + 1) >= 0) throw new Error(`'${find}' must occur once`);
  return text.slice(0, at) + replace + text.slice(at + find.length);
}

/** 1-based line and column of `inner` inside the first occurrence of `context` in `text`. */
export function position(
  text: string,
  context: string,
  inner = context,
): { line: number; col: number } {
  const start = text.indexOf(context);
  const offset = context.indexOf(inner);
  if (start < 0 || offset < 0) throw new Error(`'${inner}' in '${context}' not found`);
  const before = text.slice(0, start + offset).split("\n");
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

/** The ScenarioError that `f` throws (fails the test if it throws nothing or something else). */
export function scenarioError(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error("expected a ScenarioError, nothing was thrown");
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The ScenarioError `f` throws and the milliseconds it took to throw it. */
export function timedError(f: () => unknown): { error: ScenarioError; ms: number } {
  const start = performance.now();
  const error = scenarioError(f);
  return { error, ms: performance.now() - start };
}

/** No character in `text` that a terminal would act on: every one is shown escaped. */
export const CONTROL_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
