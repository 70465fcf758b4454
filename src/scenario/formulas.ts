import { createRequire } from "node:module";
import { count, listed, printable, quoted, shown } from "./errors.js";
import { closestKey } from "./unknownKeys.js";

// Parameters and formulas: `params:` names numbers, and any number in the scenario may be
// written as a formula over them, a string whose first non-space character is `=`:
//
//   params: { budget: 200000, cpm: 20 }
//   marketing: { channels: [{ name: ads, reach: "= budget / cpm * 1000", … }] }
//
// Formulas are evaluated once, when the scenario is read: after the --set overrides, before
// validation, so a formula's result is checked like a number written in its place. mathjs
// parses them; the syntax tree is then checked against a short list of what a formula may be
// (arithmetic, comparisons, and/or/not, `a ? b : c`, and the functions in FUNCTIONS) and
// evaluated here, by a few lines over exactly those node types: nothing a formula says can
// reach a function outside that list, define one, assign, or build a matrix or a unit.
//
// Semantics are mathjs' own for numbers, so its documentation holds:
// - comparisons (== != < > <= >=) hold within a relative 1e-12 (absolute 1e-15), as mathjs
//   compares: 0.1 + 0.2 == 0.3 is true;
// - round(x) is the nearest whole number, a half going away from zero (round(2.5) = 3,
//   round(-2.5) = -3, where JavaScript's Math.round gives -2), and a value within a relative
//   1e-12 of a half counts as that half (round(2.4999999999999996) = 3);
// - floor(x) and ceil(x) first take a value within a relative 1e-12 of a whole number as that
//   number: ceil(0.7 * 100) is 70, not 71 (0.7 * 100 is 70.00000000000001);
// - x % y (or x mod y) is x − y × floor(x / y): the sign of y, and x % 0 = x;
// - log(x) is the natural logarithm, log(x, b) the logarithm to base b; x ^ y is Math.pow;
// - 50% is 0.5 (mathjs reads a trailing % as "/ 100"; 10 + 5% is 10.5, 5 % of 10).
// Where mathjs would answer with a complex number (sqrt(-1), log(-1)) the result here is NaN,
// which is refused like every result that is not a finite number.

type Path = (string | number)[];

// Formulas are read by mathjs, whose parser descends once per bracket (400 nested brackets
// overflowed the stack) and takes time per formula: a formula is a line, brackets are a few
// deep, and a scenario has at most so many of them. Each bound says so when it is met.

/** Longest formula, in characters. */
export const MAX_FORMULA_LENGTH = 1_000;
/** Deepest nesting of brackets in a formula. */
export const MAX_FORMULA_DEPTH = 32;
/** Most formulas in a scenario (params and values together). */
export const MAX_FORMULAS = 10_000;

/** The functions a formula may call, with the number of arguments each takes. */
/** How a function may be called: its fewest and most arguments, and how to write it. */
export interface FunctionSpec {
  min: number;
  max: number;
  usage: string;
}

export const FUNCTIONS: Record<string, FunctionSpec> = {
  min: { min: 1, max: Infinity, usage: "min(a, b, …)" },
  max: { min: 1, max: Infinity, usage: "max(a, b, …)" },
  round: { min: 1, max: 1, usage: "round(x) (to a whole number)" },
  floor: { min: 1, max: 1, usage: "floor(x)" },
  ceil: { min: 1, max: 1, usage: "ceil(x)" },
  abs: { min: 1, max: 1, usage: "abs(x)" },
  sqrt: { min: 1, max: 1, usage: "sqrt(x)" },
  exp: { min: 1, max: 1, usage: "exp(x)" },
  log: { min: 1, max: 2, usage: "log(x) or log(x, base)" },
};
const FUNCTION_LIST = Object.keys(FUNCTIONS).join(", ");

/** mathjs operator functions a formula may use, by the name mathjs gives them. */
const ARITHMETIC = new Set(["add", "subtract", "multiply", "divide", "pow", "mod"]);
const UNARY = new Set(["unaryMinus", "unaryPlus"]);
const COMPARISONS = new Set(["equal", "unequal", "smaller", "larger", "smallerEq", "largerEq"]);
const LOGICAL = new Set(["and", "or", "not"]);

/** A parameter's name: letters, digits and `_`, not starting with a digit. */
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words mathjs' parser reads as operators or constants: a parameter so named could not be used. */
const SYNTAX_WORDS = new Set(["and", "or", "not", "xor", "mod", "to", "in"]);
const SYNTAX_CONSTANTS = new Set(["true", "false", "null", "undefined", "NaN", "Infinity"]);
/** mathjs' constants: not available in formulas, and not names of params (none shadows one). */
const MATH_CONSTANTS = new Set([
  "e",
  "E",
  "pi",
  "PI",
  "tau",
  "phi",
  "i",
  "LN2",
  "LN10",
  "LOG2E",
  "LOG10E",
  "SQRT1_2",
  "SQRT2",
  "version",
]);

/** Why `name` cannot name a parameter, or undefined if it can. */
export function paramNameProblem(name: string): string | undefined {
  if (!PARAM_NAME.test(name))
    return `${quoted(name)} is not a parameter name: use letters, digits and _, not starting with a digit`;
  if (Object.hasOwn(FUNCTIONS, name))
    return `${quoted(name)} is a function formulas call (${FUNCTION_LIST}): choose another name`;
  if (MATH_CONSTANTS.has(name)) return `${quoted(name)} is a mathjs constant: choose another name`;
  if (SYNTAX_WORDS.has(name) || SYNTAX_CONSTANTS.has(name))
    return `${quoted(name)} is a word of the formula syntax: choose another name`;
  return undefined;
}

/** The expression of a formula string (all after its `=`), or undefined for any other value. */
export function formulaOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^\s*=/.exec(value);
  return m ? value.slice(m[0].length) : undefined;
}

/** A formula problem, at the key path of the formula (or of the parameter's key). */
export interface FormulaProblem {
  path: Path;
  message: string;
  /** Located at the key rather than its value (a parameter's name). */
  atKey?: boolean;
}

export interface Evaluated {
  /** Problems found, all of them; when there are any, the document is only partly evaluated. */
  problems: FormulaProblem[];
  /** Dot path → the formula as written (trimmed), for every value that came from one. */
  sources: Map<string, string>;
}

/**
 * Top-level keys left as written: `study` holds settings applied later, like --set, to points;
 * `expect` holds statements over the report (src/scenario/expect.ts), read by the same parser.
 */
const NOT_EVALUATED = new Set(["study", "expect"]);

/**
 * Evaluates, in place, `params` and every formula in the document `root` (a plain object as
 * yaml's toJS gives it): each formula string becomes its number and `params` a mapping of
 * names to numbers. Loads mathjs only when there is a formula.
 *
 * Parameters may refer to one another in any order as long as no parameter depends on itself
 * (a cycle is an error that names it); they are evaluated in dependency order.
 */
export function evaluateFormulas(
  root: Record<string, unknown>,
  /** A value at a key path as a message shows it after "got" (the reader may know its text). */
  got: (path: Path, value: unknown) => string | undefined = (_, value) => shown(value),
): Evaluated {
  const problems: FormulaProblem[] = [];
  const sources = new Map<string, string>();
  const fail = (path: Path, message: string, atKey = false) => {
    problems.push(atKey ? { path, message, atKey } : { path, message });
  };

  // The parameters: checked, then evaluated in dependency order.
  const values = new Map<string, number>();
  const declared: string[] = [];
  /** The parameters' values can be used: every one was evaluated. */
  let paramsUsable = true;
  /** The parameters' names are known (params is a mapping, or absent). */
  let namesKnown = true;
  // Formulas met so far; past MAX_FORMULAS the rest are refused (once) rather than evaluated.
  let formulaCount = 0;
  const tooMany = (path: Path) => {
    formulaCount++;
    if (formulaCount === MAX_FORMULAS + 1)
      fail(
        path,
        `more than ${count(MAX_FORMULAS)} formulas in the scenario: each is parsed and evaluated when it is read; write the numbers out`,
      );
    return formulaCount > MAX_FORMULAS;
  };
  if (Object.hasOwn(root, "params") && root.params !== undefined && root.params !== null) {
    const params = root.params;
    if (typeof params !== "object" || Array.isArray(params)) {
      fail(["params"], "expected a mapping of names to numbers or formulas (budget: 200000)");
      paramsUsable = false;
      namesKnown = false;
    } else {
      const entries = Object.entries(params as Record<string, unknown>);
      declared.push(...entries.map(([name]) => name));
      const formulas = new Map<string, Checked>();
      const broken = new Set<string>();
      for (const [name, value] of entries) {
        const path = ["params", name];
        const nameProblem = paramNameProblem(name);
        if (nameProblem) {
          fail(path, nameProblem, true);
          broken.add(name);
          continue;
        }
        const expression = formulaOf(value);
        if (expression !== undefined) {
          if (tooMany(path)) {
            broken.add(name);
            continue;
          }
          const source = printable(String(value).trim());
          sources.set(path.join("."), source);
          const checked = check(expression, source);
          if (typeof checked === "string") {
            fail(path, checked);
            broken.add(name);
          } else formulas.set(name, checked);
        } else if (typeof value === "number" && Number.isFinite(value)) values.set(name, value);
        else {
          const text = got(path, value);
          fail(
            path,
            `expected a ${typeof value === "number" ? "finite " : ""}number or a formula ("= …")${text === undefined ? "" : ` (got ${text})`}`,
          );
          broken.add(name);
        }
      }
      // Names a formula refers to must be parameters: checked before any is evaluated, so a
      // mistyped name is reported as such, not as a missing value.
      for (const [name, f] of formulas) {
        const missing = [...f.names].filter((n) => !declared.includes(n));
        if (missing.length) {
          fail(["params", name], unknownName(missing[0], declared, f.source));
          broken.add(name);
        } else if (f.names.has(name)) {
          fail(["params", name], `the formula "${f.source}" refers to params.${name} itself`);
          broken.add(name);
        }
      }
      // Depth-first in the order written; a parameter whose inputs failed fails silently (its
      // input's problem is reported), a cycle is reported once, at its first member written.
      const state = new Map<string, "busy" | "done">();
      const stack: string[] = [];
      const reportedCycles = new Set<string>();
      const evaluateParam = (name: string): boolean => {
        if (values.has(name)) return true;
        if (broken.has(name)) return false;
        const f = formulas.get(name);
        if (!f) return false;
        if (state.get(name) === "busy") {
          const cycle = stack.slice(stack.indexOf(name));
          const first = declared.find((n) => cycle.includes(n)) ?? name;
          const key = [...cycle].sort().join(" ");
          if (!reportedCycles.has(key)) {
            reportedCycles.add(key);
            const from = cycle.indexOf(first);
            const ordered = [...cycle.slice(from), ...cycle.slice(0, from), first];
            fail(
              ["params", first],
              `the params form a cycle: ${ordered.join(" → ")} (a parameter cannot depend on itself)`,
            );
          }
          return false;
        }
        state.set(name, "busy");
        stack.push(name);
        let ok = true;
        for (const input of f.names) if (!evaluateParam(input)) ok = false;
        stack.pop();
        state.set(name, "done");
        if (!ok) {
          broken.add(name);
          return false;
        }
        const result = evaluateChecked(f, values);
        if (typeof result === "string") {
          fail(["params", name], result);
          broken.add(name);
          return false;
        }
        values.set(name, result);
        return true;
      };
      for (const name of declared) evaluateParam(name);
      if (broken.size) paramsUsable = false;
      else root.params = Object.fromEntries(declared.map((n) => [n, values.get(n) as number]));
    }
  }

  // Every other formula in the document. Those over a broken parameter are skipped: that
  // parameter's own problem is what to fix. One path, grown and shrunk on the way, copied
  // only for a formula: a document of 80,000 values is walked without 80,000 arrays.
  const path: Path = [];
  const visit = (container: Record<string | number, unknown>, key: string | number) => {
    const node = container[key];
    const expression = formulaOf(node);
    if (expression !== undefined) {
      const at = [...path];
      if (tooMany(at)) return;
      const source = printable(String(node).trim());
      sources.set(at.join("."), source);
      const checked = check(expression, source);
      if (typeof checked === "string") return fail(at, checked);
      const missing = [...checked.names].filter((n) => !declared.includes(n));
      if (missing.length && namesKnown) return fail(at, unknownName(missing[0], declared, source));
      if (!paramsUsable) return;
      const result = evaluateChecked(checked, values);
      if (typeof result === "string") return fail(at, result);
      container[key] = result;
      return;
    }
    descend(node);
  };
  const descend = (node: unknown) => {
    if (Array.isArray(node))
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        visit(node as unknown as Record<number, unknown>, i);
        path.pop();
      }
    else if (node !== null && typeof node === "object")
      for (const key of Object.keys(node)) {
        if (path.length === 0 && (key === "params" || NOT_EVALUATED.has(key))) continue;
        path.push(key);
        visit(node as Record<string, unknown>, key);
        path.pop();
      }
  };
  descend(root);
  return { problems, sources };
}

function unknownName(name: string, declared: readonly string[], source: string): string {
  const inFormula = `in the formula "${source}"`;
  if (Object.hasOwn(FUNCTIONS, name))
    return `${quoted(name)} is a function: call it, ${FUNCTIONS[name].usage}, ${inFormula}`;
  const meant = closestKey(name, declared);
  const known = declared.length
    ? `params: ${listed(declared)}`
    : "no params are declared: give them under params:";
  const constant = MATH_CONSTANTS.has(name) ? "; mathjs' constants are not available" : "";
  return `unknown name ${quoted(name)}${meant ? `: did you mean ${printable(meant)}?` : ""} (${known}${constant}) ${inFormula}`;
}

// ---------------------------------------------------------------------------------------------
// The syntax tree: mathjs' node classes, of which only these fields are read.

export interface AstNode {
  type: string;
  value?: unknown;
  name?: string;
  op?: string;
  fn?: AstNode | string;
  args?: AstNode[];
  content?: AstNode;
  condition?: AstNode;
  trueExpr?: AstNode;
  falseExpr?: AstNode;
  conditionals?: string[];
  params?: AstNode[];
}

/** A formula that passed the check: its tree and the names it refers to. */
export interface Checked {
  source: string;
  root: AstNode;
  names: Set<string>;
}

type Parse = (expression: string) => AstNode;
let mathParse: Parse | undefined;

/**
 * mathjs' expression parser (the number-only build, parse and what it needs), on first use:
 * a scenario without formulas never loads it. `require` is the CommonJS bundle's own, the ESM
 * bundle's (its banner) or the test runner's; esbuild bundles the call (scripts/bundle.mjs
 * makes it a tree-shaken copy of the two factories, evaluated on this first call).
 */
function parser(): Parse {
  if (!mathParse) {
    const { create, parseDependencies } = (
      typeof require === "function"
        ? require("mathjs/number")
        : createRequire(import.meta.url)("mathjs/number")
    ) as typeof import("mathjs/number");
    mathParse = create({ parseDependencies }).parse as unknown as Parse;
  }
  return mathParse;
}

/**
 * Parses and checks one formula: its names, or a message saying what is not allowed.
 * `functions` are those it may call (FUNCTIONS, or more); `offset` is where the expression
 * starts in `source`, for the character a syntax error names (by default after its `=`).
 */
export function check(
  expression: string,
  source: string,
  functions: Record<string, FunctionSpec> = FUNCTIONS,
  offset = source.indexOf("=") + 1,
): Checked | string {
  const functionList = Object.keys(functions).join(", ");
  const inFormula = `in the formula "${source}"`;
  if (expression.trim() === "")
    return `the formula "${source}" is empty: write an expression after '='`;
  if (expression.length > MAX_FORMULA_LENGTH)
    return `the formula is ${count(expression.length)} characters long: a formula is at most ${count(MAX_FORMULA_LENGTH)} (name its parts under params:)`;
  let depth = 0;
  for (const c of expression) {
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    if (depth > MAX_FORMULA_DEPTH)
      return `brackets nested more than ${MAX_FORMULA_DEPTH} deep ${inFormula}: name a part of it under params:`;
  }
  let root: AstNode;
  try {
    root = parser()(expression);
  } catch (e) {
    // A chain of a thousand operators may still be deeper than mathjs' parser can descend.
    if (e instanceof RangeError) return `the formula "${source}" is nested too deeply to read`;
    const message = (e as Error).message;
    const at = /\(char (\d+)\)\s*$/.exec(message);
    // mathjs counts characters of the expression from 1; the formula's `=` and what was
    // before it come first.
    const where = at ? ` at character ${Number(at[1]) + offset}` : "";
    return `cannot read the formula "${source}"${where}: ${message.replace(/\s*\(char \d+\)\s*$/, "")}`;
  }
  const names = new Set<string>();
  const refuse = (what: string) => `${what} ${inFormula}`;
  const visit = (node: AstNode): string | undefined => {
    switch (node.type) {
      case "ConstantNode":
        if (typeof node.value === "number" || typeof node.value === "boolean") return undefined;
        if (typeof node.value === "string")
          return refuse(`strings are not allowed (${shown(node.value) ?? "a long string"})`);
        return refuse(`${quoted(String(node.value))} is not allowed`);
      case "SymbolNode":
        names.add(node.name as string);
        return undefined;
      case "ParenthesisNode":
        return visit(node.content as AstNode);
      case "ConditionalNode":
        return (
          visit(node.condition as AstNode) ??
          visit(node.trueExpr as AstNode) ??
          visit(node.falseExpr as AstNode)
        );
      case "RelationalNode": {
        const bad = node.conditionals?.find((c) => !COMPARISONS.has(c));
        if (bad) return refuse(`comparison '${bad}' is not allowed`);
        for (const p of node.params ?? []) {
          const problem = visit(p);
          if (problem) return problem;
        }
        return undefined;
      }
      case "OperatorNode": {
        const fn = node.fn as string;
        if (!ARITHMETIC.has(fn) && !UNARY.has(fn) && !COMPARISONS.has(fn) && !LOGICAL.has(fn))
          return refuse(
            `operator '${node.op}' (${fn}) is not allowed (allowed: + - * / ^ % mod, == != < > <= >=, and or not, ? :)`,
          );
        for (const a of node.args ?? []) {
          const problem = visit(a);
          if (problem) return problem;
        }
        return undefined;
      }
      case "FunctionNode": {
        const callee = node.fn as AstNode;
        if (callee.type !== "SymbolNode")
          return visit(callee) ?? refuse("only named functions may be called");
        const name = callee.name as string;
        const spec = Object.hasOwn(functions, name) ? functions[name] : undefined;
        if (!spec) return refuse(`function '${name}' is not allowed (allowed: ${functionList})`);
        const n = node.args?.length ?? 0;
        if (n < spec.min || n > spec.max)
          return refuse(`${name}() with ${n} arguments: write ${spec.usage}`);
        for (const a of node.args ?? []) {
          const problem = visit(a);
          if (problem) return problem;
        }
        return undefined;
      }
      case "AssignmentNode":
        return refuse(
          "assignment is not allowed (a formula is one expression; name a value under params:)",
        );
      case "FunctionAssignmentNode":
        return refuse("function definitions are not allowed");
      case "AccessorNode":
      case "IndexNode":
      case "ObjectNode":
      case "ArrayNode":
      case "RangeNode":
        return refuse("matrices and objects are not allowed");
      case "BlockNode":
        return refuse("only one expression is allowed (no ';' or line breaks between expressions)");
      default:
        return refuse(`${node.type} is not allowed`);
    }
  };
  let problem: string | undefined;
  try {
    problem = visit(root);
  } catch (e) {
    if (e instanceof RangeError) return `the formula "${source}" is nested too deeply to read`;
    throw e;
  }
  return problem ?? { source, root, names };
}

// ---------------------------------------------------------------------------------------------
// Evaluation of a checked tree: numbers and true/false only.

/** mathjs' default tolerances (config.relTol, config.absTol). */
const REL_TOL = 1e-12;
const ABS_TOL = 1e-15;

export function nearlyEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}

/** The nearest whole number, halves (and values within 1e-12 of a half) away from zero. */
function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  const whole = Math.floor(a);
  const r = nearlyEqual(a, whole + 0.5) ? whole + 1 : Math.round(a);
  return x < 0 ? -r : r;
}

/** Math.floor or Math.ceil of `x`; but `x` within 1e-12 of a whole number is that number. */
function snapped(x: number, f: (x: number) => number): number {
  const direct = f(x);
  const r = round(x);
  if (direct === r) return direct;
  return nearlyEqual(x, r) && !nearlyEqual(x, direct) ? r : direct;
}

const floor = (x: number) => snapped(x, Math.floor);
const ceil = (x: number) => snapped(x, Math.ceil);

export const CALLS: Record<string, (...x: number[]) => number> = {
  min: Math.min,
  max: Math.max,
  round,
  floor,
  ceil,
  abs: Math.abs,
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: (x, base) => (base === undefined ? Math.log(x) : Math.log(x) / Math.log(base)),
};

const OPERATOR_SIGN: Record<string, string> = {
  add: "+",
  subtract: "-",
  multiply: "*",
  divide: "/",
  pow: "^",
  mod: "%",
  unaryMinus: "-",
  unaryPlus: "+",
};

class EvaluationError extends Error {}

/**
 * The value of a checked formula, or a message saying why it has none; `calls` are the
 * functions it may call (CALLS, or more: what `check` allowed).
 */
export function evaluateChecked(
  f: Checked,
  scope: ReadonlyMap<string, number>,
  calls: Record<string, (...x: number[]) => number> = CALLS,
): number | string {
  const num = (v: number | boolean, what: string): number => {
    if (typeof v !== "number")
      throw new EvaluationError(
        `${what} needs numbers, not true/false (the result of a comparison)`,
      );
    return v;
  };
  const bool = (v: number | boolean, what: string): boolean => {
    if (typeof v !== "boolean")
      throw new EvaluationError(
        `${what} needs true/false (a comparison such as budget > 0), not a number`,
      );
    return v;
  };
  const compare = compareValues;
  const ev = (node: AstNode): number | boolean => {
    switch (node.type) {
      case "ConstantNode":
        return node.value as number | boolean;
      case "SymbolNode":
        return scope.get(node.name as string) as number;
      case "ParenthesisNode":
        return ev(node.content as AstNode);
      case "ConditionalNode":
        return bool(ev(node.condition as AstNode), "the condition before '?'")
          ? ev(node.trueExpr as AstNode)
          : ev(node.falseExpr as AstNode);
      case "RelationalNode": {
        const params = (node.params as AstNode[]).map((p) => num(ev(p), "a comparison"));
        return (node.conditionals as string[]).every((c, i) =>
          compare(c, params[i], params[i + 1]),
        );
      }
      case "OperatorNode": {
        const fn = node.fn as string;
        const args = node.args as AstNode[];
        if (LOGICAL.has(fn)) {
          const what = `'${fn}'`;
          if (fn === "not") return !bool(ev(args[0]), what);
          // Both sides are evaluated (as mathjs does), so a mistake on either is found.
          const a = bool(ev(args[0]), what);
          const b = bool(ev(args[1]), what);
          return fn === "and" ? a && b : a || b;
        }
        const what = COMPARISONS.has(fn) ? `'${node.op}'` : `'${OPERATOR_SIGN[fn] ?? node.op}'`;
        const x = args.map((a) => num(ev(a), what));
        switch (fn) {
          case "unaryMinus":
            return -x[0];
          case "unaryPlus":
            return x[0];
          case "add":
            return x[0] + x[1];
          case "subtract":
            return x[0] - x[1];
          case "multiply":
            return x[0] * x[1];
          case "divide":
            return x[0] / x[1];
          case "pow":
            return x[0] ** x[1];
          case "mod":
            return x[1] === 0 ? x[0] : x[0] - x[1] * floor(x[0] / x[1]);
          default:
            return compare(fn, x[0], x[1]);
        }
      }
      case "FunctionNode": {
        const name = (node.fn as AstNode).name as string;
        const x = (node.args as AstNode[]).map((a) => num(ev(a), `${name}()`));
        return calls[name](...x);
      }
      default:
        // check() lets no other node through.
        throw new EvaluationError(`${node.type} is not allowed`);
    }
  };
  let result: number | boolean;
  try {
    result = ev(f.root);
  } catch (e) {
    if (e instanceof EvaluationError) return `${e.message} in the formula "${f.source}"`;
    if (e instanceof RangeError)
      return `the formula "${f.source}" is nested too deeply to evaluate`;
    throw e;
  }
  const gives = `the formula "${f.source}" gives`;
  if (typeof result === "boolean")
    return `${gives} ${result}, the result of a comparison, where a number is wanted (write: condition ? a : b)`;
  if (Number.isNaN(result))
    return `${gives} NaN, not a number (0 / 0, or sqrt or log of a negative number?)`;
  if (result === Infinity) return `${gives} Infinity (division by zero?)`;
  if (result === -Infinity) return `${gives} -Infinity (division by zero, or log(0)?)`;
  return result === 0 ? 0 : result; // no -0: a formula's 0 is the 0 written out
}

/** `a op b` for mathjs's comparison names, with the formulas' tolerance (0.1 + 0.2 == 0.3). */
export function compareValues(fn: string, a: number, b: number): boolean {
  switch (fn) {
    case "equal":
      return nearlyEqual(a, b);
    case "unequal":
      return !nearlyEqual(a, b);
    case "smaller":
      return a < b && !nearlyEqual(a, b);
    case "larger":
      return a > b && !nearlyEqual(a, b);
    case "smallerEq":
      return a <= b || nearlyEqual(a, b);
    default:
      return a >= b || nearlyEqual(a, b);
  }
}
