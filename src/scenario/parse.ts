import { readFileSync, statSync } from "node:fs";
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parse,
  parseDocument,
} from "yaml";
import type { $ZodIssue } from "zod/v4/core";
import { settleBudget } from "./budget.js";
import { type Problem, ScenarioError } from "./errors.js";
import { evaluateFormulas } from "./formulas.js";
import { type Scenario, type ScenarioInput, scenarioSchema } from "./schema.js";
import { closestKey, keysAt } from "./unknownKeys.js";

/** Scenario files larger than this are refused before parsing (a scenario is a page of YAML). */
export const MAX_SCENARIO_BYTES = 1 << 20;

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
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_SCENARIO_BYTES)
      throw new ScenarioError([
        at(
          file,
          0,
          0,
          "",
          `file is ${size} bytes; a scenario may be at most ${MAX_SCENARIO_BYTES}`,
        ),
      ]);
    text = readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError([
      at(file, 0, 0, "", code === "ENOENT" ? "no such file" : `cannot read: ${code ?? String(e)}`),
    ]);
  }
  return parseScenario(text, file, overrides, options);
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
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    version: "1.2",
  });
  const pos = (offset: number) => lineCounter.linePos(offset);

  const yamlProblems = [...doc.errors, ...doc.warnings].map((e) => {
    const { line, col } = pos(e.pos[0]);
    return at(
      file,
      line,
      col,
      "",
      e.message.split("\n")[0].replace(/ at line \d+, column \d+.*$/, ""),
    );
  });
  if (yamlProblems.length) throw new ScenarioError(yamlProblems);
  if (!isMap(doc.contents))
    throw new ScenarioError([at(file, 1, 1, "", "a scenario must be a YAML mapping of keys")]);

  const overridden: { path: Path; arg: string }[] = [];
  for (const arg of overrides) overridden.push(applyOverride(doc, arg));

  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (e) {
    // toJS fails on alias bombs (maxAliasCount) and similar structural abuse.
    throw new ScenarioError([at(file, 1, 1, "", (e as Error).message)]);
  }

  /** A problem at `keyPath`, located at the --set that touched it, or else in the file. */
  const place = (keyPath: Path, message: string, atKey = false): Problem => {
    const dotted = keyPath.join(".");
    const override = overridden.find(
      (o) => startsWith(keyPath, o.path) || startsWith(o.path, keyPath),
    );
    if (override) return at(`--set ${override.arg}`, 0, 0, dotted, message);
    const { line, col } = locate(doc, keyPath, atKey, pos);
    return at(file, line, col, dotted, message);
  };

  // Parameters and formulas are evaluated in place, after the overrides and before validation,
  // so a formula's result is checked like the number written in its place.
  const formulas = evaluateFormulas(raw as Record<string, unknown>);
  if (formulas.problems.length)
    throw new ScenarioError(
      formulas.problems
        .map((p) => place(p.path, p.message, p.atKey))
        .sort((a, b) => a.line - b.line || a.col - b.col),
    );
  /** `message`, saying which formula gave the value at `keyPath` if one did. */
  const fromFormula = (keyPath: Path, message: string) => {
    const source = formulas.sources.get(keyPath.join("."));
    return source === undefined ? message : `${message} (from the formula "${source}")`;
  };

  const result = scenarioSchema.safeParse(raw);
  if (result.success) {
    // The schema has already used the channels' spend; what it replaced is said here.
    const { mismatch } = settleBudget((raw as ScenarioInput).marketing);
    const budget = ["marketing", "budget"];
    if (mismatch && options.strict)
      throw new ScenarioError([
        place(budget, fromFormula(budget, `${mismatch} (--strict makes warnings errors)`)),
      ]);
    if (mismatch)
      options.onWarning?.(place(budget, fromFormula(budget, `${mismatch}: using the spend`)));
    return deepFreeze(result.data);
  }

  const problems: Problem[] = [];
  // A typo that names a key the object lacks explains that key's absence: its "missing" (and
  // the object's own cross-field complaints, e.g. "give either reach or spend") go unsaid.
  const explained: Path[] = [];
  const explainedObjects: Path[] = [];
  for (const issue of result.error.issues) {
    if (issue.code !== "unrecognized_keys") continue;
    const path = issue.path as Path;
    const valid = keysAt(scenarioSchema, raw, path) ?? [];
    const given = valueAt(raw, path) as Record<string, unknown>;
    for (const key of issue.keys) {
      const meant = closestKey(key, valid, (k) => given[k] === undefined);
      if (meant && given[meant] === undefined) {
        explained.push([...path, meant]);
        explainedObjects.push(path);
      }
      const keysHere = valid.length ? `; the keys here are ${valid.join(", ")}` : "";
      const message = meant
        ? `unknown key '${key}': did you mean ${meant}?`
        : `unknown key '${key}' (check the spelling; unknown keys are not ignored${keysHere})`;
      problems.push(place([...path, key], message, true));
    }
  }
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") continue;
    const path = issue.path as Path;
    const value = valueAt(raw, path);
    if (value === undefined && explained.some((p) => samePath(p, path))) continue;
    if (issue.code === "custom" && explainedObjects.some((p) => samePath(p, path))) continue;
    problems.push(place(path, fromFormula(path, describe(issue, value))));
  }
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  throw new ScenarioError(problems);
}

function at(file: string, line: number, col: number, path: string, message: string): Problem {
  return { file, line, col, path, message };
}

function applyOverride(doc: Document, arg: string): { path: Path; arg: string } {
  const eq = arg.indexOf("=");
  const fail = (message: string): never => {
    throw new ScenarioError([at(`--set ${arg}`, 0, 0, eq > 0 ? arg.slice(0, eq) : "", message)]);
  };
  if (eq <= 0) fail("expected --set key.path=value");
  const path: Path = arg
    .slice(0, eq)
    .split(".")
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  if (path.some((k) => k === "")) fail("empty segment in the key path");
  let value: unknown;
  try {
    value = parse(arg.slice(eq + 1), { version: "1.2" });
  } catch (e) {
    fail(
      `the value is not valid YAML: ${(e as Error).message.split("\n")[0].replace(/ at line \d+, column \d+.*$/, "")}`,
    );
  }
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

/** Line and column of the node at `path`, or of its nearest existing ancestor. */
function locate(
  doc: Document,
  path: Path,
  wantKey: boolean,
  pos: (offset: number) => { line: number; col: number },
): { line: number; col: number } {
  let node: Node | null = doc.contents as Node;
  let best = node?.range?.[0] ?? 0;
  for (let i = 0; i < path.length && node; i++) {
    const k = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(k));
      if (!pair) break;
      const key = pair.key as Node;
      const value = pair.value as Node | null;
      if (last && (wantKey || !value?.range)) best = key.range?.[0] ?? best;
      else best = value?.range?.[0] ?? key.range?.[0] ?? best;
      node = value;
    } else if (isSeq(node)) {
      const item = node.items[Number(k)] as Node | undefined;
      if (!item?.range) break;
      best = item.range[0];
      node = item;
    } else break;
  }
  return pos(best);
}

function describe(issue: $ZodIssue, value: unknown): string {
  let message = issue.message;
  if (value === undefined && issue.code !== "custom") return "missing: this key is required";
  if (issue.code === "invalid_union" && "discriminator" in issue && issue.discriminator)
    message = `unknown ${issue.discriminator}: expected one of fixed, exponential, lognormal, uniform, gamma`;
  if (value !== undefined && issue.code !== "custom") {
    const shown = JSON.stringify(value);
    if (shown !== undefined && shown.length <= 60) message += ` (got ${shown})`;
  }
  return message;
}

function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && startsWith(a, b);
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
