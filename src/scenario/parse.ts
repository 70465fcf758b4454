import { type Document, isMap, isSeq, LineCounter } from "yaml";
import type { $ZodIssue } from "zod/v4/core";
import { settleBudget } from "./budget.js";
import {
  count,
  MAX_LISTED_PROBLEMS,
  type Problem,
  printable,
  quoted,
  ScenarioError,
  shown,
} from "./errors.js";
import { evaluateFormulas } from "./formulas.js";
import { MAX_SCENARIO_BYTES, readScenarioFile } from "./read.js";
import { reservedKeyProblem } from "./reserved.js";
import { type Scenario, type ScenarioInput, scenarioSchema } from "./schema.js";
import { closestKey, keysAt } from "./unknownKeys.js";
import { Locator, MAX_DEPTH, readYaml, toPlain, type YamlProblem } from "./yaml.js";

export { MAX_SCENARIO_BYTES };

type Path = (string | number)[];

/** How a scenario that is valid but doubtful (a warning) is treated. */
export interface ParseOptions {
  /** Warnings are errors: the scenario is refused (ScenarioError) instead of corrected. */
  strict?: boolean;
  /** Called once per warning, located like an error; by default warnings are not shown. */
  onWarning?: (p: Problem) => void;
}

/** Reads, overrides, validates and freezes a scenario file; throws ScenarioError listing every problem. */
export function loadScenario(
  file: string,
  overrides: readonly string[] = [],
  options: ParseOptions = {},
): Scenario {
  return parseScenario(readScenarioFile(file), file, overrides, options);
}

/**
 * Parses scenario YAML text; `overrides` are `dot.path=value` strings applied as if written
 * in the file (the value is read as YAML, so `12`, `unlimited` and `[1, 2]` all work).
 */
export function parseScenario(
  text: string,
  file: string,
  overrides: readonly string[] = [],
  options: ParseOptions = {},
): Scenario {
  // The file's own limit holds for text given directly too (a study's points, the API).
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_SCENARIO_BYTES)
    refuse([
      at(
        file,
        0,
        0,
        "",
        `the scenario is ${count(bytes)} bytes; it may be at most ${count(MAX_SCENARIO_BYTES)}`,
      ),
    ]);
  const lineCounter = new LineCounter();
  const pos = (offset: number) => lineCounter.linePos(offset);
  const inFile = (p: YamlProblem) => {
    const { line, col } = pos(p.offset);
    return at(file, line, col, p.path.join("."), p.message);
  };

  const read = readYaml(text, lineCounter);
  if (read.problems.length) refuse(read.problems.map(inFile));
  const doc = read.doc;
  if (!doc || !isMap(doc.contents))
    refuse([at(file, 1, 1, "", "a scenario must be a YAML mapping of keys")]);

  const overridden: { path: Path; arg: string }[] = [];
  for (const arg of overrides) overridden.push(applyOverride(doc, arg));

  const locator = new Locator(doc);
  /** Where a problem at `keyPath` is: at the --set that touched it, or else in the file. */
  const where = (keyPath: Path, atKey = false): Omit<Problem, "message"> => {
    const dotted = keyPath.join(".");
    const override = overridden.find(
      (o) => startsWith(keyPath, o.path) || startsWith(o.path, keyPath),
    );
    if (override) return { file: `--set ${override.arg}`, line: 0, col: 0, path: dotted };
    const { line, col } = pos(locator.offset(keyPath, atKey));
    return { file, line, col, path: dotted };
  };
  const place = (keyPath: Path, message: string, atKey = false): Problem => ({
    ...where(keyPath, atKey),
    message,
  });

  // A problem in what a --set wrote is the --set's; any other is where the file has it.
  const plain = toPlain(doc.contents, lineCounter);
  const underOverride = (path: Path) =>
    overridden.some((o) => startsWith(path, o.path) || startsWith(o.path, path));
  if (plain.problems.length)
    refuse(
      plain.problems.map((p) => (underOverride(p.path) ? place(p.path, p.message) : inFile(p))),
    );
  const raw = plain.value as Record<string, unknown>;

  // Parameters and formulas are evaluated in place, after the overrides and before validation,
  // so a formula's result is checked like the number written in its place.
  const formulas = evaluateFormulas(raw, (path, value) =>
    gotText(value, locator.scalar(path)?.source),
  );
  if (formulas.problems.length)
    refuse(formulas.problems.map((p) => place(p.path, p.message, p.atKey)));
  /** `message`, saying which formula gave the value at `keyPath` if one did. */
  const fromFormula = (keyPath: Path, message: string) => {
    const source = formulas.sources.get(keyPath.join("."));
    return source === undefined ? message : `${message} (from the formula "${printable(source)}")`;
  };

  const result = scenarioSchema.safeParse(raw);
  if (result.success) {
    // The schema has already used the channels' spend; what it replaced is said here.
    const { mismatch } = settleBudget((raw as ScenarioInput).marketing);
    const budget = ["marketing", "budget"];
    if (mismatch && options.strict)
      refuse([place(budget, fromFormula(budget, `${mismatch} (--strict makes warnings errors)`))]);
    if (mismatch)
      options.onWarning?.(place(budget, fromFormula(budget, `${mismatch}: using the spend`)));
    return deepFreeze(result.data);
  }

  // Every issue is located (cheap: the locator indexes each mapping once), but only the first
  // MAX_LISTED_PROBLEMS in the file's order get their message written; the rest are counted.
  const pending: { path: Path; atKey: boolean; message: () => string }[] = [];
  // A typo that names a key the object lacks explains that key's absence: its "missing" (and
  // the object's own cross-field complaints, e.g. "give either reach or spend") go unsaid.
  const id = (path: Path) => JSON.stringify(path.map(String));
  const explained = new Set<string>();
  const explainedObjects = new Set<string>();
  for (const issue of result.error.issues) {
    if (issue.code !== "unrecognized_keys") continue;
    const path = issue.path as Path;
    const valid = keysAt(scenarioSchema, raw, path) ?? [];
    const given = valueAt(raw, path) as Record<string, unknown>;
    const has = (k: string) => Object.hasOwn(given, k) && given[k] !== undefined;
    const keysHere = valid.length ? `; the keys here are ${valid.join(", ")}` : "";
    for (const key of issue.keys) {
      const meant = closestKey(key, valid, (k) => !has(k));
      if (meant && !has(meant)) {
        explained.add(id([...path, meant]));
        explainedObjects.add(id(path));
      }
      pending.push({
        path: [...path, key],
        atKey: true,
        message: () =>
          meant
            ? `unknown key ${quoted(key)}: did you mean ${meant}?`
            : `unknown key ${quoted(key)} (check the spelling; unknown keys are not ignored${keysHere})`,
      });
    }
  }
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") continue;
    const path = issue.path as Path;
    const value = valueAt(raw, path);
    if (value === undefined && explained.has(id(path))) continue;
    if (issue.code === "custom" && explainedObjects.has(id(path))) continue;
    pending.push({
      path,
      // A record's key that is refused (a segment's name) is located at the key.
      atKey: issue.code === "invalid_key",
      message: () => fromFormula(path, describe(issue, value, locator.scalar(path)?.source)),
    });
  }
  // In the file's order (a problem at a --set first, as it has no line), by offset alone:
  // only the problems listed are given their line, column and message.
  const order = pending.map((p) => (underOverride(p.path) ? -1 : locator.offset(p.path, p.atKey)));
  const listed = firstInOrder(order, MAX_LISTED_PROBLEMS).map((i) => ({
    ...where(pending[i].path, pending[i].atKey),
    message: pending[i].message(),
  }));
  throw new ScenarioError(listed, pending.length - listed.length);
}

/**
 * Indices of the `n` smallest of `keys`, smallest first, ties in index order: one pass with a
 * short sorted list, where sorting them all would cost n log n for the many never listed.
 */
function firstInOrder(keys: readonly number[], n: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    if (best.length === n && keys[i] >= keys[best[n - 1]]) continue;
    let j = best.length === n ? n - 1 : best.length;
    while (j > 0 && keys[best[j - 1]] > keys[i]) {
      best[j] = best[j - 1];
      j--;
    }
    best[j] = i;
  }
  return best;
}

function at(file: string, line: number, col: number, path: string, message: string): Problem {
  return { file, line, col, path, message };
}

/** Throws the problems in the order of the file, the first MAX_LISTED_PROBLEMS listed. */
function refuse(problems: Problem[]): never {
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  throw new ScenarioError(
    problems.slice(0, MAX_LISTED_PROBLEMS),
    Math.max(0, problems.length - MAX_LISTED_PROBLEMS),
  );
}

/**
 * Applies `--set key.path=value` to the document, the value read exactly as the file is
 * (src/scenario/yaml.ts): one YAML 1.2 document, warnings refused, the same checks on keys.
 */
function applyOverride(doc: Document, arg: string): { path: Path; arg: string } {
  const eq = arg.indexOf("=");
  const file = `--set ${arg}`;
  const key = eq > 0 ? arg.slice(0, eq) : "";
  const fail = (message: string, path = key): never => {
    throw new ScenarioError([at(file, 0, 0, path, message)]);
  };
  if (eq <= 0) fail("expected --set key.path=value");
  const path: Path = key.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  if (path.some((k) => k === "")) fail("empty segment in the key path");
  for (const k of path) {
    const reserved = typeof k === "string" ? reservedKeyProblem(k) : undefined;
    if (reserved) fail(reserved);
  }
  if (path.length > MAX_DEPTH) fail(`the key path is more than ${MAX_DEPTH} keys deep`);

  const read = readYaml(arg.slice(eq + 1));
  // An empty value is null, as in the file: it removes the key.
  const plain = read.problems.length === 0 && read.doc ? toPlain(read.doc.contents) : undefined;
  const problems = read.problems.length ? read.problems : (plain?.problems ?? []);
  if (problems.length) {
    // Problems of the value's text say so; those at a key inside it name that key's path.
    const inValue = (p: YamlProblem) =>
      at(
        file,
        0,
        0,
        [...path, ...p.path].join("."),
        p.syntax ? `the value is not valid YAML: ${p.message}` : p.message,
      );
    throw new ScenarioError(problems.slice(0, MAX_LISTED_PROBLEMS).map(inValue));
  }
  const value = plain ? plain.value : null;

  // Walk existing collections so a path through a scalar (or off the end of a list) is
  // reported instead of silently creating structure the file never had.
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    if (isSeq(node)) {
      if (typeof k !== "number" || k >= node.items.length)
        fail(`${path.slice(0, i + 1).join(".")} is not an item of the list`);
      node = node.items[k as number];
    } else if (isMap(node)) {
      node = node.get(k, true);
      if (node === undefined) break; // a new key: created below, then validated like any other
    } else fail(`${path.slice(0, i).join(".")} is not a mapping or list`);
  }
  if (
    isSeq(node) &&
    (typeof path.at(-1) !== "number" || (path.at(-1) as number) > node.items.length)
  )
    fail(
      `${path.slice(0, -1).join(".")} is a list: index it with a number up to ${node.items.length}`,
    );
  if (node !== undefined && node !== null && !isMap(node) && !isSeq(node))
    fail(`${path.slice(0, -1).join(".")} is a single value, not a mapping or list`);
  try {
    // `key=null` removes the key, e.g. to switch sales.consultants for sales.shifts.
    if (value === null) doc.deleteIn(path);
    else doc.setIn(path, doc.createNode(value));
  } catch (e) {
    fail((e as Error).message);
  }
  return { path, arg };
}

/** Text of a number YAML could not hold (1e309 is Infinity), as written: not `.inf`. */
const TOO_LARGE = /^[-+]?(\d|\.\d)/;

function describe(issue: $ZodIssue, value: unknown, source?: string): string {
  let message = issue.message;
  if (value === undefined && issue.code !== "custom") return "missing: this key is required";
  if (issue.code === "invalid_union" && "discriminator" in issue && issue.discriminator) {
    // The union's own options (a duration's five, an order size's three), in declared order.
    const options = "options" in issue && Array.isArray(issue.options) ? issue.options : [];
    const expected = options.length
      ? options.join(", ")
      : "fixed, exponential, lognormal, uniform, gamma";
    message = `unknown ${issue.discriminator}: expected one of ${expected}`;
  }
  // A record's key that its key schema refuses (a segment's name): the key's own message.
  if (issue.code === "invalid_key") return issue.issues.map((i) => i.message).join("; ");
  const special = typeof value === "number" && !Number.isFinite(value);
  if (special && issue.code === "invalid_type") message = "expected a finite number";
  if (value !== undefined && issue.code !== "custom") {
    const got = gotText(value, source);
    if (got !== undefined) message += ` (got ${got})`;
  }
  return message;
}

/**
 * A value as a message shows it after "got"; for a number YAML could not hold (it reads 1e309
 * as Infinity) the text as written says what happened better than the number.
 */
function gotText(value: unknown, source: string | undefined): string | undefined {
  const tooLarge =
    typeof value === "number" &&
    !Number.isFinite(value) &&
    source !== undefined &&
    TOO_LARGE.test(source);
  return tooLarge ? `${printable(source)}, too large to be a number` : shown(value);
}

/** The value at `path` under `root`: own properties only, so no key reaches Object.prototype. */
function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((k, i) => String(k) === String(path[i]));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
