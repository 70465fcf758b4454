import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type ExpectResult, judge, usesVerdict } from "../analysis/expect.js";
import { explain, explainWork } from "../analysis/explain.js";
import { LINT_CLASSES, lintPlan, type PlanFigures } from "../analysis/lint.js";
import { summarize } from "../analysis/summarize.js";
import { compile } from "../core/plan.js";
import type { WorkerPool } from "../parallel/pool.js";
import { runReplications } from "../parallel/runs.js";
import { together, variantsWork } from "../parallel/workload.js";
import { lintWarning, renderExpect, renderLint, statusText } from "../report/check.js";
import { formatWarning, printable, ScenarioError } from "../scenario/errors.js";
import { statementsOf } from "../scenario/expect.js";
import { loadScenario } from "../scenario/parse.js";
import { UsageError } from "./errors.js";
import {
  checkReplications,
  prepare,
  type ResourceOptions,
  stopOnSignals,
  threadsFor,
} from "./estimate.js";
import { writeAtomically } from "./output.js";
import { writeReport, writeStderr } from "./write.js";

/** Replications `check` runs for a scenario's `expect:` unless told otherwise. */
export const CHECK_REPLICATIONS = 10;

export interface CheckOptions extends ResourceOptions {
  /** Scenario files, and folders of them (their .yaml and .yml files, not recursively). */
  paths: string[];
  set: string[];
  seed?: number;
  replications?: number;
  threads?: number;
  strict?: boolean;
  /** Also write a JUnit XML report here (atomically). */
  junit?: string;
}

/** What `check` found for one file. */
interface FileResult {
  file: string;
  /** The scenario's problems (exit 2), when it is invalid. */
  invalid?: string;
  lint?: PlanFigures;
  expected: ExpectResult[];
}

/** The scenario files named: files as given, folders' .yaml/.yml files in name order. */
export function scenarioFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // A missing file is reported when it is read, located like any scenario problem.
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const inside = readdirSync(p)
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort()
      .map((f) => join(p, f));
    if (inside.length === 0) throw new UsageError(`${printable(p)}: no .yaml files in the folder`);
    out.push(...inside);
  }
  return out;
}

/**
 * `funnel-sim check FILE|DIR …`: validates each scenario, lints the figures its plan implies
 * (no run), then runs the replications its `expect:` needs and judges each statement. Exit 2
 * when a file is invalid, else 1 when a statement fails, else 0.
 */
export async function checkCommand(o: CheckOptions): Promise<void> {
  const replications = checkReplications(o.replications ?? CHECK_REPLICATIONS);
  const threads = threadsFor(o.threads);
  const overrides = o.seed === undefined ? o.set : [...o.set, `seed=${o.seed}`];
  const files = scenarioFiles(o.paths);
  const results: FileResult[] = [];
  let pool: WorkerPool | null = null;
  const done = stopOnSignals(() => pool);
  try {
    for (const file of files) {
      let scenario: ReturnType<typeof loadScenario>;
      try {
        scenario = loadScenario(file, overrides, {
          strict: o.strict,
          onWarning: (p) => writeStderr(`${formatWarning(p)}\n`),
        });
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        writeStderr(`funnel-sim: ${e.message}\n`);
        results.push({ file, invalid: e.message, expected: [] });
        continue;
      }
      // Before any run: the plan's own figures.
      const plan = compile(scenario);
      const lint = lintPlan(scenario, plan);
      writeReport(`${printable(file)}\n${renderLint(lint)}`);
      const statements = statementsOf(scenario.expect);
      if (statements.length === 0) {
        results.push({ file, lint, expected: [] });
        continue;
      }
      const withVerdict = usesVerdict(statements);
      const work = together(
        variantsWork([plan], replications),
        ...(withVerdict ? [explainWork(scenario, replications)] : []),
      );
      await pool?.destroy();
      pool = null;
      pool = await prepare(work, threads, o, `check ${file}`);
      const runs = await runReplications(plan, replications, pool);
      const explanation = withVerdict ? await explain(scenario, replications, pool) : null;
      const expected = judge(
        statements,
        runs.map((run) => summarize(scenario, plan, run)),
        explanation?.verdict,
      );
      writeReport(`${renderExpect(expected).trimEnd().replace(/^/gm, "  ")}\n`);
      results.push({ file, lint, expected });
    }
  } finally {
    done();
    await pool?.destroy();
  }
  if (o.junit) writeAtomically(o.junit, junitXml(results));
  const invalid = results.some((r) => r.invalid !== undefined);
  const failed = results.some((r) => r.expected.some((e) => e.status === "fails"));
  if (results.length > 1 || invalid)
    writeReport(
      `${results.length} scenario${results.length === 1 ? "" : "s"}: ${results.filter((r) => r.invalid).length} invalid, ${results.reduce((n, r) => n + r.expected.filter((e) => e.status === "fails").length, 0)} statements failed\n`,
    );
  process.exitCode = invalid ? 2 : failed ? 1 : 0;
}

/** Text as XML character data or an attribute value. */
export function xmlEscape(s: string): string {
  return (
    s
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
      // Characters XML 1.0 cannot hold at all.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
  );
}

/**
 * JUnit XML: a test suite per file; a test case per `expect:` statement (a failure when it
 * fails) and per lint warning class raised (passing, the warning as its output); an invalid
 * file is one test case with an error.
 */
export function junitXml(results: readonly FileResult[]): string {
  const a = xmlEscape;
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const suites = results.map((r) => {
    const cases: string[] = [];
    let f = 0;
    let e = 0;
    if (r.invalid !== undefined) {
      e++;
      cases.push(
        `    <testcase classname="${a(r.file)}" name="valid scenario">\n      <error message="invalid scenario">${a(r.invalid)}</error>\n    </testcase>`,
      );
    }
    for (const kind of LINT_CLASSES)
      if (r.lint?.warnings.includes(kind))
        cases.push(
          `    <testcase classname="${a(r.file)}" name="lint: ${kind}">\n      <system-out>warning: ${a(lintWarning(r.lint, kind))}</system-out>\n    </testcase>`,
        );
    for (const x of r.expected) {
      const text = `${x.statement}: ${statusText(x)}`;
      if (x.status === "fails") {
        f++;
        cases.push(
          `    <testcase classname="${a(r.file)}" name="expect: ${a(x.statement)}">\n      <failure message="${a(text)}"/>\n    </testcase>`,
        );
      } else
        cases.push(
          `    <testcase classname="${a(r.file)}" name="expect: ${a(x.statement)}">\n      <system-out>${a(text)}</system-out>\n    </testcase>`,
        );
    }
    tests += cases.length;
    failures += f;
    errors += e;
    return `  <testsuite name="${a(r.file)}" tests="${cases.length}" failures="${f}" errors="${e}" skipped="0">\n${cases.join("\n")}${cases.length ? "\n" : ""}  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="funnel-sim check" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join("\n")}\n</testsuites>\n`;
}
