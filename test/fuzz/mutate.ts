import { readFileSync } from "node:fs";
import fc from "fast-check";
import { parse, stringify } from "yaml";

// Mutated scenarios for the fuzz tests: a valid scenario (a shipped one or bench/r1.yaml), as
// YAML text or as a parsed document, changed by a few mutations. A case is a plain object (the
// plan), so that fast-check prints it readably and shrinks it; `render` turns it into the
// bytes of the file.

export const BASES = [
  "scenarios/alpha-content-plan.yaml",
  "scenarios/alpha-content-actual.yaml",
  "bench/r1.yaml",
].map((file) => ({ file, text: readFileSync(file, "utf8") }));

/** Numbers at the edges: huge, tiny, negative, zero, 2^53, ±∞ and NaN (.inf, .nan in YAML). */
const EDGE_NUMBERS = [
  1e300,
  -1e300,
  1e-300,
  -1,
  0,
  -0,
  0.5,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  1e20,
  1e9,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
];

/** Keys that name Object's own members or its prototype. */
const RESERVED_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "__defineGetter__",
  "then",
];

/** Strings a number may be written as, formulas included (params: … "= …"). */
const EDGE_STRINGS = [
  "",
  "unlimited",
  "abc",
  "50%",
  "1e400",
  "= 1/0",
  "= 0/0",
  "= 10^400",
  "= -1",
  "= 2^53 + 1",
  "= [1, 2]",
  '= "a"',
  "= f(x) = x",
  "= a = 1",
  "= x",
  "=",
  "= 1 ? 2 : 3",
  "= min()",
  "= log(0)",
  "= sqrt(-1)",
  "= budget",
  "= cpm * 1000",
  `= ${"(".repeat(3000)}1${")".repeat(3000)}`,
  `= ${"-".repeat(3000)}1`,
  `= ${Array.from({ length: 2000 }, () => "1").join(" + ")}`,
  "x".repeat(100_000),
];

/** Scalars a line's value may be replaced by, as YAML text (tags, anchors, odd syntax). */
const EDGE_SCALARS = [
  ".inf",
  "-.inf",
  ".nan",
  "1e300",
  "1e-300",
  "-1",
  "0",
  "9007199254740992",
  "0x1F",
  "0o17",
  "~",
  "null",
  "true",
  "!!binary aGVsbG8=",
  "!!str 5",
  "!!float 1",
  "!!int 1.5",
  "!!set { a, b }",
  "!!omap [ a: 1 ]",
  "!!timestamp 2001-12-14",
  "!<tag:yaml.org,2002:js/function> x",
  "!custom 1",
  "*undefined",
  "&anchor 5",
  "<<: *anchor",
  "{ <<: [ *a, *b ] }",
  "? complex",
  "|\n  block",
  "'unterminated",
  '"\\x00\\u0000\\e"',
  "{",
  "[",
  "]",
  "@reserved",
  "`tick",
  "%YAML 1.1",
  "--- second document",
  "...",
  "{ __proto__: { polluted: 1 } }",
  "[ *a ]",
];

/** Bytes a file should not hold: NUL, ESC, DEL, lone UTF-8 bytes, a surrogate, a BOM, CR. */
const BAD_BYTES = [
  [0x00],
  [0x1b],
  [0x07],
  [0x7f],
  [0xff],
  [0xfe],
  [0xc3],
  [0x80],
  [0xed, 0xa0, 0x80],
  [0xef, 0xbb, 0xbf],
  [0x0d],
  [0x09],
  [0xf4, 0x90, 0x80, 0x80],
  [0xc0, 0xaf],
];

/** A replacement for a value in the parsed document. */
export type Replacement =
  | { swap: "number" | "string" | "list" | "mapping" | "null" | "boolean" }
  | { number: number }
  | { string: string }
  | { nested: number }
  | { bomb: { levels: number; width: number } }
  | { reservedKey: string; value: unknown };

/** One mutation. Indices (`at`, `lines`, `byte`) are taken modulo what they index. */
export type Mutation =
  | { op: "replace"; at: number; with: Replacement }
  | { op: "delete"; at: number }
  | { op: "deleteLines"; lines: number[] }
  | { op: "duplicateLine"; line: number }
  | { op: "replaceScalar"; line: number; scalar: string }
  | { op: "insertBytes"; byte: number; bytes: number[] }
  | { op: "truncate"; byte: number };

/** A case: a base scenario, read as text or as a document, and its mutations in order. */
export interface Plan {
  base: number;
  as: "text" | "document";
  mutations: Mutation[];
}

const replacement: fc.Arbitrary<Replacement> = fc.oneof(
  fc.record({ swap: fc.constantFrom("number", "string", "list", "mapping", "null", "boolean") }),
  fc.record({ number: fc.constantFrom(...EDGE_NUMBERS) }),
  fc.record({ string: fc.constantFrom(...EDGE_STRINGS) }),
  fc.record({ string: fc.string({ maxLength: 20, unit: "binary" }) }),
  fc.record({ nested: fc.constantFrom(200, 1000, 5000) }),
  fc.record({
    bomb: fc.record({
      levels: fc.integer({ min: 2, max: 12 }),
      width: fc.integer({ min: 2, max: 10 }),
    }),
  }),
  fc.record({
    reservedKey: fc.constantFrom(...RESERVED_KEYS),
    value: fc.oneof(
      fc.constant({ polluted: 1 }),
      fc.constant(1),
      fc.constant("x"),
      fc.constant([1]),
      fc.constant(null),
    ),
  }),
);

/** Mutations of the parsed document (applied before it is written out as YAML). */
const documentMutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constant("replace" as const), at: fc.nat(), with: replacement }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("delete" as const), at: fc.nat() }) },
);

/** Mutations of the text (of the base's own text, or of the mutated document written out). */
const textMutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("deleteLines" as const),
      lines: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("duplicateLine" as const), line: fc.nat() }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("replaceScalar" as const),
      line: fc.nat(),
      scalar: fc.constantFrom(...EDGE_SCALARS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("insertBytes" as const),
      byte: fc.nat(),
      bytes: fc.constantFrom(...BAD_BYTES),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("truncate" as const), byte: fc.nat() }) },
);

/** A case: 1–3 mutations of a base scenario. */
export const plans: fc.Arbitrary<Plan> = fc.oneof(
  fc.record({
    base: fc.nat({ max: BASES.length - 1 }),
    as: fc.constant("text" as const),
    mutations: fc.array(textMutation, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    base: fc.nat({ max: BASES.length - 1 }),
    as: fc.constant("document" as const),
    mutations: fc
      .tuple(
        fc.array(documentMutation, { minLength: 1, maxLength: 3 }),
        fc.array(textMutation, { maxLength: 1 }),
      )
      .map(([d, t]) => [...d, ...t]),
  }),
);

type Json = unknown;
type Path = (string | number)[];

/**
 * The paths in a parsed document, the root ([]) first, each object once (an alias bomb from an
 * earlier mutation shares its lists), and at most 10,000.
 */
function paths(root: Json): Path[] {
  const out: Path[] = [];
  const seen = new Set<object>();
  const queue: [Json, Path][] = [[root, []]];
  while (queue.length && out.length < 10_000) {
    const [value, path] = queue.shift() as [Json, Path];
    out.push(path);
    if (value === null || typeof value !== "object" || seen.has(value)) continue;
    seen.add(value);
    const entries = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
    for (const [k, v] of entries) queue.push([v, [...path, k]]);
  }
  return out;
}

function getIn(root: Json, path: Path): Json {
  let v = root;
  for (const k of path) v = (v as Record<string | number, Json>)[k];
  return v;
}

/** An own property, even for `__proto__` (which plain assignment would take as the prototype). */
function define(target: object, key: string | number, value: Json): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Raw YAML put in place of a placeholder string after the document is written out. */
interface Raw {
  token: string;
  text: string;
}

function replaced(old: Json, r: Replacement, raws: Raw[]): Json {
  if ("swap" in r) {
    switch (r.swap) {
      case "number":
        return typeof old === "string" ? old.length : 7;
      case "string":
        // (Not JSON.stringify(old): old may be an alias bomb, a few bytes that expand to 10^12.)
        if (Array.isArray(old)) return "[a list]";
        return old !== null && typeof old === "object" ? "{ a: mapping }" : String(old);
      case "list":
        return [old];
      case "mapping":
        return { value: old };
      case "null":
        return null;
      case "boolean":
        return true;
    }
  }
  if ("number" in r) return r.number;
  if ("string" in r) return r.string;
  if ("nested" in r) {
    // Written as flow text: the YAML library's own writer would recurse once per level.
    const token = `@@raw${raws.length}@@`;
    raws.push({ token, text: `${"[".repeat(r.nested)}1${"]".repeat(r.nested)}` });
    return token;
  }
  if ("bomb" in r) {
    // Each level lists the one below `width` times: the writer makes those anchors and aliases.
    let level: Json = ["lol"];
    for (let i = 0; i < r.bomb.levels; i++) level = Array(r.bomb.width).fill(level);
    return level;
  }
  const target =
    old !== null && typeof old === "object" && !Array.isArray(old) ? { ...old } : { value: old };
  define(target, r.reservedKey, r.value);
  return target;
}

/** Applies a document mutation to `doc` (a parsed document); returns the new document. */
function mutateDocument(doc: Json, m: Mutation, raws: Raw[]): Json {
  const all = paths(doc);
  if (m.op !== "replace" && m.op !== "delete") return doc;
  const path = all[m.at % all.length];
  if (path.length === 0) return m.op === "delete" ? null : replaced(doc, m.with, raws);
  const parent = getIn(doc, path.slice(0, -1)) as Record<string | number, Json>;
  const key = path[path.length - 1];
  if (m.op === "delete") {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else define(parent, key, replaced(parent[key], m.with, raws));
  return doc;
}

/** Applies a text mutation to the file's bytes. */
function mutateText(bytes: Buffer, m: Mutation): Buffer {
  const lines = () => bytes.toString("latin1").split("\n");
  const join = (ls: string[]) => Buffer.from(ls.join("\n"), "latin1");
  switch (m.op) {
    case "deleteLines": {
      const ls = lines();
      const gone = new Set(m.lines.map((l) => l % ls.length));
      return join(ls.filter((_, i) => !gone.has(i)));
    }
    case "duplicateLine": {
      const ls = lines();
      const i = m.line % ls.length;
      ls.splice(i, 0, ls[i]);
      return join(ls);
    }
    case "replaceScalar": {
      // The value after the line's first ": " (or its "- " item), else the whole line.
      const ls = lines();
      const i = m.line % ls.length;
      const scalar = Buffer.from(m.scalar, "utf8").toString("latin1");
      const match = /^(\s*(?:- )?[^:#]*:\s)(.*)$/.exec(ls[i]) ?? /^(\s*-\s)(.*)$/.exec(ls[i]);
      ls[i] = match ? `${match[1]}${scalar}` : scalar;
      return join(ls);
    }
    case "insertBytes": {
      const at = m.byte % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
    }
    case "truncate":
      return bytes.subarray(0, m.byte % (bytes.length + 1));
    default:
      return bytes;
  }
}

/** The file a plan makes. */
export function render(plan: Plan): Buffer {
  const base = BASES[plan.base % BASES.length];
  let bytes: Buffer;
  const textMutations = plan.mutations.filter((m) => m.op !== "replace" && m.op !== "delete");
  if (plan.as === "document") {
    const raws: Raw[] = [];
    let doc: Json = parse(base.text);
    for (const m of plan.mutations) doc = mutateDocument(doc, m, raws);
    let text = stringify(doc, { aliasDuplicateObjects: true, lineWidth: 0 });
    for (const raw of raws) text = text.split(raw.token).join(raw.text);
    bytes = Buffer.from(text, "utf8");
  } else bytes = Buffer.from(base.text, "utf8");
  for (const m of textMutations) bytes = mutateText(bytes, m);
  return bytes;
}

/** The file's bytes for a failure report: text, with control and invalid bytes escaped. */
export function show(bytes: Buffer): string {
  const text = bytes.toString("utf8");
  const shown = text.length > 4000 ? `${text.slice(0, 4000)}… (${text.length} characters)` : text;
  return shown.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes
    /[\u0000-\u0008\u000b-\u001f\u007f\ufffd\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
