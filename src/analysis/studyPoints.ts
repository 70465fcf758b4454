import { readFileSync } from "node:fs";
import { isMap, LineCounter, type Node, parse, parseDocument } from "yaml";
import { type Problem, ScenarioError } from "../scenario/errors.js";
import { loadScenario, type ParseOptions, parseScenario } from "../scenario/parse.js";
import { scaleBudget, scaleTraffic } from "../scenario/scale.js";
import { type Scenario, scenarioSchema } from "../scenario/schema.js";
import { MAX_POINTS, STUDY_FACTORS, type StudyFactor } from "../scenario/study.js";

/** Replications per point when neither the study nor the command line says. */
export const DEFAULT_STUDY_REPLICATIONS = 10;

/** One point of a study: the scenario with its settings applied. */
export interface StudyPoint {
  /** Key path (or `traffic`, `budget`) → value, in the order the keys were given. */
  settings: Record<string, unknown>;
  /** A variant's name and note; a grid point has none. */
  name?: string;
  note?: string;
  scenario: Scenario;
}

/** A study, built and checked before anything runs. */
export interface Study {
  file: string;
  /** The scenario as written (with the command line's --set and --seed). */
  base: Scenario;
  replications: number;
  /** The varied keys, in grid order (the first varies slowest), or the variants' keys. */
  keys: string[];
  kind: "grid" | "variants";
  points: StudyPoint[];
}

/** Where a study's values come from, for a message that points at them. */
interface Source {
  file: string;
  line: number;
  col: number;
}

/** One varied key with its values and where they were given. */
interface Axis {
  key: string;
  values: unknown[];
  source: Source;
}

export interface StudyOptions extends ParseOptions {
  /** --set overrides (and seed=…) applied to the base and every point. */
  overrides: readonly string[];
  /** --vary key=v1,v2,… or key=from:to:step, adding to (or replacing) the study's vary. */
  vary?: readonly string[];
  /** --replications, over the study's own. */
  replications?: number;
  /** Grids above MAX_POINTS points are refused unless this allows them. */
  maxPoints?: number;
}

const isFactor = (key: string): key is StudyFactor => key in STUDY_FACTORS;

/**
 * A grid study (`sweep`): every combination of the varied keys' values (the first key varies
 * slowest). Every point is built and validated before anything runs; a point that makes the
 * scenario invalid is a ScenarioError naming the point.
 */
export function loadSweep(file: string, o: StudyOptions): Study {
  const { base, text, doc } = loadBase(file, o);
  const axes: Axis[] = [];
  const study = base.study;
  for (const [key, spec] of Object.entries(study?.vary ?? {}))
    axes.push({
      key,
      values: expand(spec, key, located(doc, ["study", "vary", key], file)),
      source: located(doc, ["study", "vary", key], file),
    });
  for (const arg of o.vary ?? []) {
    const axis = parseVary(arg);
    const at = axes.findIndex((a) => a.key === axis.key);
    if (at >= 0) axes[at] = axis;
    else axes.push(axis);
  }
  if (axes.length === 0)
    throw usage(
      file,
      "nothing to vary: give --vary key=values, or a study.vary block in the scenario",
    );
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  const limit = o.maxPoints ?? MAX_POINTS;
  if (size > limit)
    throw usage(
      file,
      `the grid has ${size.toLocaleString("en-US")} points (${axes.map((a) => `${a.key}: ${a.values.length}`).join(" × ")}), more than ${limit.toLocaleString("en-US")}: narrow it, or allow it with --max-points ${size}`,
    );
  const grid: Record<string, unknown>[] = [{}];
  for (const axis of axes) {
    const next: Record<string, unknown>[] = [];
    for (const partial of grid)
      for (const v of axis.values) next.push({ ...partial, [axis.key]: v });
    grid.splice(0, grid.length, ...next);
  }
  const sources = new Map(axes.map((a) => [a.key, a.source]));
  const points = buildPoints(
    text,
    file,
    o,
    grid.map((settings) => ({ settings })),
    sources,
  );
  return {
    file,
    base,
    replications: replicationsOf(o, base),
    keys: axes.map((a) => a.key),
    kind: "grid",
    points,
  };
}

/** A variants study (`whatif`): the scenario's named variants, each checked before anything runs. */
export function loadVariants(file: string, o: StudyOptions): Study {
  const { base, text, doc } = loadBase(file, o);
  const variants = base.study?.variants ?? [];
  if (variants.length === 0)
    throw usage(file, "the scenario has no study.variants: name at least one what-if there");
  const sources = new Map<string, Source>();
  const specs = variants.map((v, i) => {
    for (const key of Object.keys(v.set))
      sources.set(`${i}:${key}`, located(doc, ["study", "variants", i, "set", key], file));
    return { settings: v.set as Record<string, unknown>, name: v.name, note: v.note, variant: i };
  });
  const points = buildPoints(text, file, o, specs, sources);
  const keys = [...new Set(variants.flatMap((v) => Object.keys(v.set)))];
  return { file, base, replications: replicationsOf(o, base), keys, kind: "variants", points };
}

function replicationsOf(o: StudyOptions, base: Scenario): number {
  return o.replications ?? base.study?.replications ?? DEFAULT_STUDY_REPLICATIONS;
}

function loadBase(file: string, o: StudyOptions) {
  const base = loadScenario(file, o.overrides, o);
  const text = readFileSync(file, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: "1.2" });
  return { base, text, doc: { doc, lineCounter } };
}

type Located = { doc: ReturnType<typeof parseDocument>; lineCounter: LineCounter };

function located(d: Located, path: (string | number)[], file: string): Source {
  const node = d.doc.getIn(path, true) as Node | undefined;
  const parent = d.doc.getIn(path.slice(0, -1), true);
  // The key's own position reads best ("study.vary.traffic" points at `traffic:`).
  let offset = node?.range?.[0];
  if (isMap(parent)) {
    const pair = parent.items.find(
      (p) => String((p.key as { value?: unknown })?.value) === String(path.at(-1)),
    );
    offset = (pair?.key as Node | undefined)?.range?.[0] ?? offset;
  }
  if (offset === undefined) return { file, line: 0, col: 0 };
  const { line, col } = d.lineCounter.linePos(offset);
  return { file, line, col };
}

/** `key=1,3,7,10` or `key=2:12:2` (from:to:step) from the command line. */
export function parseVary(arg: string): Axis {
  const eq = arg.indexOf("=");
  const source = { file: `--vary ${arg}`, line: 0, col: 0 };
  if (eq <= 0) throw usageAt(source, "", "expected --vary key=v1,v2,… or key=from:to:step");
  const key = arg.slice(0, eq).trim();
  const spec = arg.slice(eq + 1).trim();
  const range = /^(-?[\d.eE+-]+):(-?[\d.eE+-]+):(-?[\d.eE+-]+)$/.exec(spec);
  if (range) {
    const [from, to, step] = range.slice(1).map(Number);
    if (![from, to, step].every(Number.isFinite))
      throw usageAt(source, key, "from:to:step must be three numbers");
    return { key, values: expand({ from, to, step }, key, source), source };
  }
  const tokens = spec.split(",").map((t) => t.trim());
  if (tokens.some((t) => t === ""))
    throw usageAt(source, key, "an empty value in the list (two commas, or a trailing comma)");
  const values = tokens.map((t) => {
    try {
      return parse(t, { version: "1.2" }) as unknown;
    } catch {
      throw usageAt(source, key, `'${t}' is not a value`);
    }
  });
  return { key, values, source };
}

/**
 * The values of a vary spec: a list as given, or from..to by step built from whole-number
 * indices (0.1 steps added up drift; index × step does not) and rounded to 12 significant
 * digits, so 0.1:0.3:0.1 gives 0.1, 0.2, 0.3.
 */
function expand(spec: unknown, key: string, source: Source): unknown[] {
  if (Array.isArray(spec)) return spec;
  const { from, to, step } = spec as { from: number; to: number; step: number };
  if (step === 0) throw usageAt(source, key, "a step of 0 never reaches the end of the range");
  const n = Math.floor((to - from) / step + 1e-9);
  if (n < 0)
    throw usageAt(
      source,
      key,
      `the range from ${from} to ${to} by ${step} is empty (a step of ${step} moves away from ${to})`,
    );
  if (n + 1 > MAX_POINTS)
    throw usageAt(source, key, `the range has ${n + 1} values, more than ${MAX_POINTS}`);
  return Array.from({ length: n + 1 }, (_, i) => Number((from + i * step).toPrecision(12)));
}

/** Builds and validates every point; all problems at once, each naming its point. */
function buildPoints(
  text: string,
  file: string,
  o: StudyOptions,
  specs: { settings: Record<string, unknown>; name?: string; note?: string; variant?: number }[],
  sources: Map<string, Source>,
): StudyPoint[] {
  // Problems by what and where, with the points they occur at: a key that cannot be varied
  // fails at every point, and is told once.
  const problems = new Map<string, { problem: Problem; labels: string[] }>();
  const points: StudyPoint[] = [];
  const quiet = { ...o, onWarning: undefined };
  specs.forEach((spec, i) => {
    const label = spec.name
      ? `variant '${spec.name}'`
      : `point ${i + 1} of ${specs.length} (${describeSettings(spec.settings)})`;
    const where = (key: string) =>
      sources.get(spec.variant === undefined ? key : `${spec.variant}:${key}`) ?? {
        file,
        line: 0,
        col: 0,
      };
    const entries = Object.entries(spec.settings);
    const overrides = entries
      .filter(([k]) => !isFactor(k))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    try {
      let scenario = parseScenario(text, file, [...o.overrides, ...overrides], quiet);
      for (const [key, v] of entries) {
        if (!isFactor(key)) continue;
        if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v))
          throw new ScenarioError([
            {
              ...where(key),
              path: key,
              message: `a factor must be a number > 0 (got ${JSON.stringify(v)})`,
            },
          ]);
        scenario = key === "traffic" ? scaleTraffic(scenario, v) : scaleBudget(scenario, v);
      }
      const checked = scenarioSchema.safeParse(scenario);
      if (!checked.success)
        throw new ScenarioError(
          checked.error.issues.map((issue) => ({
            ...where(entries.find(([k]) => isFactor(k))?.[0] ?? entries[0]?.[0] ?? ""),
            path: issue.path.join("."),
            message: issue.message,
          })),
        );
      points.push({
        settings: spec.settings,
        name: spec.name,
        note: spec.note,
        scenario: checked.data,
      });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      for (const p of e.problems) {
        // A problem caused by a point's own setting is reported where the setting is given.
        const key = entries.find(
          ([k]) =>
            p.file === `--set ${k}=${JSON.stringify(spec.settings[k])}` ||
            (p.file.startsWith("--set ") && (p.path === k || p.path.startsWith(`${k}.`))),
        )?.[0];
        const at = key === undefined ? p : { ...p, ...where(key) };
        const message = p.message + hint(p, entries);
        const id = JSON.stringify([at.file, at.line, at.col, at.path, message]);
        const seen = problems.get(id) ?? { problem: { ...at, message }, labels: [] };
        seen.labels.push(label);
        problems.set(id, seen);
      }
    }
  });
  if (problems.size)
    throw new ScenarioError(
      [...problems.values()].map(({ problem, labels }) => ({
        ...problem,
        message: `${
          labels.length === 1
            ? labels[0]
            : labels.length === specs.length
              ? `every ${specs[0].name ? "variant" : "point"} (e.g. ${labels[0]})`
              : `${labels.length} of ${specs.length} ${specs[0].name ? "variants" : "points"} (e.g. ${labels[0]})`
        }: ${problem.message}`,
      })),
    );
  return points;
}

/** What to do instead, where a study sets a key the scenario cannot take as it is written. */
function hint(p: Problem, entries: [string, unknown][]): string {
  if (p.path === "sales" && entries.some(([k]) => k === "sales.consultants"))
    return " — this scenario staffs sales by shifts: vary a shift's consultants (sales.shifts.0.consultants), or replace the shifts on the command line (--set sales.shifts=null --set sales.consultants=3)";
  return "";
}

/** "traffic=7, sales.consultants=4". */
export function describeSettings(settings: Record<string, unknown>): string {
  return Object.entries(settings)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");
}

function usage(file: string, message: string): ScenarioError {
  return new ScenarioError([{ file, line: 0, col: 0, path: "", message }]);
}

function usageAt(source: Source, path: string, message: string): ScenarioError {
  return new ScenarioError([{ ...source, path, message }]);
}
