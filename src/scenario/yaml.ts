import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  parseAllDocuments,
  type YAMLMap,
} from "yaml";
import { count, printable, quoted } from "./errors.js";
import { reservedKeyProblem } from "./reserved.js";

// YAML as a scenario is read from it, the file's and every --set value's alike: one document,
// YAML 1.2, every warning an error, nothing printed by the library. The yaml library does some
// work per key or per alias that grows with the document (its duplicate-key check compares a
// key with every key before it, and each alias walks the document to find its anchor), so a
// file of 40,000 keys took 10 s and one of 20,000 aliases 35 s. Here the document becomes plain
// values in one walk over its nodes that makes the same checks (a set of keys per mapping, a
// map of anchors) and counts what aliases expand to.

type Path = (string | number)[];

/** A problem in YAML text: at `offset` of it, about the key at `path` ([] for the text itself). */
export interface YamlProblem {
  offset: number;
  path: Path;
  message: string;
  /** The yaml library's own error or warning: the text is not valid YAML (for a scenario). */
  syntax?: true;
}

/** Parse options of every YAML a scenario is read from. */
export const YAML_OPTIONS = {
  version: "1.2",
  // Checked in `toPlain` instead, in time linear in the keys.
  uniqueKeys: false,
  prettyErrors: false,
  // Warnings are collected from the document (and refused), never printed.
  logLevel: "silent",
} as const;

/** Deepest nesting of mappings and lists: a scenario is a few levels deep. */
export const MAX_DEPTH = 64;
/** Most values the document may expand to through aliases (a 1 MB file holds about 500,000). */
export const MAX_VALUES = 1_000_000;

/** The text of a key as a JavaScript object has it (as the yaml library would make it). */
const keyText = (key: unknown): string => {
  // A key set by --set (doc.setIn) is a plain string or number, not a node.
  const value = isScalar(key) ? key.value : key;
  return value === null || value === undefined ? "" : String(value);
};

/**
 * Parses `text` (the whole file, with its `lineCounter`; or a --set value, without) into one
 * YAML document: the library's errors and warnings, and more than one document, are problems
 * (what else a scenario cannot hold is found by `toPlain`). `doc` is undefined for text with
 * no document at all (empty, or comments only).
 */
export function readYaml(
  text: string,
  lineCounter?: LineCounter,
): { doc?: Document.Parsed; problems: YamlProblem[] } {
  const docs = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter });
  if (!Array.isArray(docs) || docs.length === 0) return { problems: [] };
  if (docs.length > 1) {
    const offset = docs[1].range[0];
    const documents = `${count(docs.length)} YAML documents`;
    const message = lineCounter
      ? `one scenario per file: this file holds ${documents} (the second starts at line ${count(lineCounter.linePos(offset).line)})`
      : `one value per --set: it holds ${documents} (a '---' or '...' line ends a document)`;
    return { problems: [{ offset, path: [], message }] };
  }
  const [doc] = docs;
  const problems: YamlProblem[] = [...doc.errors, ...doc.warnings].map((e) => ({
    offset: e.pos[0],
    path: [],
    syntax: true,
    message: /Maximum call stack/.test(e.message)
      ? `the document is nested too deeply (at most ${MAX_DEPTH} levels)`
      : e.message.split("\n")[0].replace(/ at line \d+, column \d+.*$/, ""),
  }));
  return { doc, problems };
}

const TOO_DEEP = `nested more than ${MAX_DEPTH} levels deep: a scenario is a few levels of keys and lists`;

/** The tags that make a plain list or mapping (written out, or implied). */
const PLAIN_COLLECTION_TAGS = new Set([
  undefined,
  "tag:yaml.org,2002:map",
  "tag:yaml.org,2002:seq",
]);

/**
 * What is wrong with a node whose tag makes something other than a number, text, true/false,
 * null, a list or a mapping (the yaml library knows !!binary, !!timestamp, !!set, !!omap,
 * !!pairs): a scenario has no use for it, and as a plain value it would be silently other.
 */
function plainProblem(node: unknown): string | undefined {
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || ["string", "number", "boolean"].includes(typeof v)) return undefined;
  } else if (isMap(node) || isSeq(node)) {
    if (PLAIN_COLLECTION_TAGS.has(node.tag)) return undefined;
  } else return undefined;
  const tag = (node as Node).tag?.replace(/^tag:yaml\.org,2002:/, "!!") ?? "";
  return `the tag ${printable(tag)} makes a value a scenario does not take: write a number, text, true or false, a list or a mapping`;
}

/**
 * The plain value of a document's node (its contents, after any --set): mappings as objects,
 * lists as arrays, scalars as their values, an alias as the value of the node its anchor names
 * (the last one before it, the same object, as the yaml library does). In the same walk, what
 * the library lets through but a scenario cannot hold is refused: keys that are not plain
 * names (a list, a mapping or an alias as a key), a key given twice in a mapping, reserved
 * names (src/scenario/reserved.ts), tags that make other kinds of values, nesting deeper than
 * MAX_DEPTH, an alias with no anchor before it or inside the node it names, and aliases that
 * expand the document beyond MAX_VALUES values (a "billion laughs": each level of aliases
 * multiplies the next). `lineCounter` lets a duplicate key say where the first one is.
 */
export function toPlain(
  root: unknown,
  lineCounter?: LineCounter,
): { value?: unknown; problems: YamlProblem[] } {
  const anchors = new Map<string, Node>();
  /** The value and expanded size of each anchored node converted so far; null while in it. */
  const done = new Map<Node, { value: unknown; size: number } | null>();
  const problems: YamlProblem[] = [];
  // One path, grown and shrunk on the way (copied only into a problem): a document of 80,000
  // keys is walked without 80,000 arrays.
  const path: Path = [];
  const offsetOf = (node: unknown) => (node as Node | null)?.range?.[0] ?? 0;
  /** Values so far, counting what each alias expands to; and the expanded size of the node being converted. */
  let total = 0;
  let size = 0;
  class Refused extends Error {}
  const refuse = (node: unknown, message: string): never => {
    problems.push({ offset: offsetOf(node), path: [...path], message });
    throw new Refused();
  };
  const convert = (node: unknown): unknown => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target)
        return refuse(node, `the alias *${printable(node.source)} names no anchor before it`);
      const converted = done.get(target);
      if (!converted)
        return refuse(node, `the alias *${printable(node.source)} is inside the node it names`);
      size += converted.size;
      total += converted.size;
      if (total > MAX_VALUES)
        refuse(
          node,
          `aliases expand the document to more than ${count(MAX_VALUES)} values (a scenario is a page of YAML)`,
        );
      return converted.value;
    }
    total++;
    if (total > MAX_VALUES)
      refuse(
        node,
        `the document has more than ${count(MAX_VALUES)} values (a scenario is a page of YAML)`,
      );
    const other = plainProblem(node);
    if (other) {
      problems.push({ offset: offsetOf(node), path: [...path], message: other });
      return null;
    }
    if ((isMap(node) || isSeq(node)) && path.length >= MAX_DEPTH) refuse(node, TOO_DEEP);
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) {
      anchors.set(anchor, node as Node);
      done.set(node as Node, null);
    }
    const sizeBefore = size;
    size++;
    let value: unknown;
    if (isMap(node)) value = convertMap(node as YAMLMap);
    else if (isSeq(node)) {
      const list: unknown[] = [];
      for (let i = 0; i < node.items.length; i++) {
        path.push(i);
        list.push(convert(node.items[i]));
        path.pop();
      }
      value = list;
    } else value = isScalar(node) ? node.value : null;
    if (anchor) done.set(node as Node, { value, size: size - sizeBefore });
    return value;
  };
  const convertMap = (node: YAMLMap): Record<string, unknown> => {
    const map: Record<string, unknown> = {};
    const seen = new Map<string, number>();
    for (const pair of node.items as Pair[]) {
      // A key set by --set is a plain string or number; one from the text, a node.
      const key = pair.key as unknown;
      const keyAt = offsetOf(key) || offsetOf(node);
      if (key !== null && typeof key === "object" && !isScalar(key)) {
        const what = isAlias(key) ? "an alias" : isSeq(key) ? "a list" : "a mapping";
        problems.push({
          offset: keyAt,
          path: [...path],
          message: `a key must be a name, not ${what}`,
        });
        continue;
      }
      const name = keyText(key);
      const reserved = reservedKeyProblem(name);
      if (reserved) {
        problems.push({ offset: keyAt, path: [...path, name], message: reserved });
        continue;
      }
      const first = seen.get(name);
      if (first !== undefined) {
        const where = lineCounter
          ? ` (first at line ${count(lineCounter.linePos(first).line)})`
          : "";
        problems.push({
          offset: keyAt,
          path: [...path, name],
          message: `Map keys must be unique: ${quoted(name)} is given twice${where}`,
        });
        continue;
      }
      seen.set(name, keyAt);
      path.push(name);
      // Reserved names are refused above: a plain assignment sets an own property.
      map[name] = convert(pair.value);
      path.pop();
    }
    return map;
  };
  try {
    const value = convert(root);
    return problems.length ? { problems } : { value, problems };
  } catch (e) {
    if (e instanceof Refused) return { problems };
    throw e;
  }
}

/**
 * Finds the node at a key path of a document, or its nearest ancestor there, for locating a
 * problem. Each mapping on the way is indexed by key once, on first use, so locating every one
 * of 40,000 problems costs no more than walking the document once.
 */
export class Locator {
  private readonly index = new WeakMap<YAMLMap, Map<string, Pair>>();
  constructor(private readonly doc: Document) {}

  /** Offset of `path`'s value (or its key, with `atKey`), else of its nearest ancestor. */
  offset(path: Path, atKey = false): number {
    return this.find(path, atKey).offset;
  }

  /** The scalar written at exactly `path`, if there is one in the text. */
  scalar(path: Path): { source?: string } | undefined {
    const found = this.find(path, false);
    return found.exact && isScalar(found.node) ? (found.node as { source?: string }) : undefined;
  }

  private find(path: Path, atKey: boolean): { offset: number; node?: unknown; exact: boolean } {
    let node: unknown = this.doc.contents;
    let offset = (node as Node | null)?.range?.[0] ?? 0;
    for (let i = 0; i < path.length; i++) {
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = this.pairs(node).get(String(path[i]));
        if (!pair) return { offset, exact: false };
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (last && (atKey || !value?.range)) offset = key?.range?.[0] ?? offset;
        else offset = value?.range?.[0] ?? key?.range?.[0] ?? offset;
        node = value;
      } else if (isSeq(node)) {
        const item = node.items[Number(path[i])] as Node | undefined;
        if (!item?.range) return { offset, exact: false };
        offset = item.range[0];
        node = item;
      } else return { offset, exact: false };
    }
    return { offset, node, exact: true };
  }

  private pairs(map: YAMLMap): Map<string, Pair> {
    let pairs = this.index.get(map);
    if (!pairs) {
      pairs = new Map();
      for (const pair of map.items as Pair[]) {
        const key = keyText(pair.key);
        if (!pairs.has(key)) pairs.set(key, pair);
      }
      this.index.set(map, pairs);
    }
    return pairs;
  }
}
