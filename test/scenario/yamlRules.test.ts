// The YAML a scenario is read from (src/scenario/yaml.ts): one document, YAML 1.2, warnings
// refused, keys that are names, given once, not reserved, and aliases that expand to a page at
// most; the same rules for the file and for every --set value, and nothing printed by the
// library on the way.
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { parseScenario } from "../../src/index.js";
import { edit, FILE, FIXTURE, position, scenarioError, timedError } from "./fixture.js";

/** The fixture with its `name:` value written as `value` (one line of YAML). */
const named = (value: string) => edit("name: R1 reference funnel", `name: ${value}`);

let warnings: MockInstance[] = [];
beforeEach(() => {
  warnings = [
    vi.spyOn(process, "emitWarning"),
    vi.spyOn(console, "warn"),
    vi.spyOn(console, "error"),
    vi.spyOn(console, "log"),
  ];
});
afterEach(() => {
  // Whatever was refused or accepted, the yaml library printed nothing.
  for (const spy of warnings) expect(spy).not.toHaveBeenCalled();
  vi.restoreAllMocks();
});

describe("one scenario per file", () => {
  it("a file of two documents says so, and where the second starts", () => {
    const text = `${FIXTURE}---\nname: another\n`;
    const error = scenarioError(() => parseScenario(text, FILE));
    const second = FIXTURE.split("\n").length;
    expect(error.problems).toEqual([
      {
        file: FILE,
        line: second,
        col: 1,
        path: "",
        message: `one scenario per file: this file holds 2 YAML documents (the second starts at line ${second})`,
      },
    ]);
  });

  it("a document end marker with something after it is a second document too", () => {
    const error = scenarioError(() => parseScenario(`${FIXTURE}...\n# notes\nx: 1\n---\n`, FILE));
    expect(error.problems[0].message).toMatch(/^one scenario per file: this file holds 3 YAML/);
  });

  it("a --set value of two documents is refused the same way", () => {
    const error = scenarioError(() => parseScenario(FIXTURE, FILE, ["name=a\n---\nb"]));
    expect(error.problems).toEqual([
      expect.objectContaining({
        file: "--set name=a\n---\nb",
        path: "name",
        message:
          "one value per --set: it holds 2 YAML documents (a '---' or '...' line ends a document)",
      }),
    ]);
  });
});

describe("a --set value follows the file's rules exactly", () => {
  // Each is refused in the file and as a --set value, with the same message.
  const refused: [string, RegExp][] = [
    ["!foo bar", /^(the value is not valid YAML: )?Unresolved tag: !foo$/],
    [
      "!!binary aGVsbG8=",
      /^the tag !!binary makes a value a scenario does not take: write a number/,
    ],
    ["!!set {a, b}", /^the tag !!set makes a value a scenario does not take/],
    ["!!timestamp 2001-12-14", /^the tag !!timestamp makes a value/],
    ["{a: 1, a: 2}", /^Map keys must be unique: 'a' is given twice/],
    ["{__proto__: 1}", /^'__proto__' is a reserved name: choose another$/],
    ["{toString: 1}", /^'toString' is a reserved name: choose another$/],
    ["{[a]: 1}", /^a key must be a name, not a list$/],
    ["*nowhere", /^the alias \*nowhere names no anchor before it$/],
    ["&x [1, *x]", /^the alias \*x is inside the node it names$/],
    [`${"[".repeat(100)}${"]".repeat(100)}`, /nested more than 64 levels deep/],
  ];

  it.each(refused)("%s", (value, message) => {
    const inFile = scenarioError(() => parseScenario(named(value), FILE));
    const bySet = scenarioError(() => parseScenario(FIXTURE, FILE, [`name=${value}`]));
    expect(inFile.problems.map((p) => p.message)).toEqual([expect.stringMatching(message)]);
    expect(bySet.problems.map((p) => p.message)).toEqual([expect.stringMatching(message)]);
    expect(bySet.problems[0].file).toBe(`--set name=${value}`);
  });

  it("a value that is not valid YAML is refused in the file and by --set", () => {
    // The parser notices at the next line, where the list should have ended.
    expect(scenarioError(() => parseScenario(named("[1, 2"), FILE)).problems[0].line).toBe(4);
    expect(scenarioError(() => parseScenario(FIXTURE, FILE, ["name=[1, 2"])).problems).toEqual([
      expect.objectContaining({
        path: "name",
        message: "the value is not valid YAML: Flow sequence must end with a ]",
      }),
    ]);
  });

  it("values the file accepts are accepted by --set, giving the same scenario", () => {
    for (const value of ["plain words", "'quoted: yes'", "&a anchored", "!!str 12"])
      expect(parseScenario(FIXTURE, FILE, [`name=${value}`])).toEqual(
        parseScenario(named(value), FILE),
      );
  });

  it("an alias bomb as a --set value is refused at once, naming the limit", () => {
    // Each level has ten aliases of the one before: 10^7 values from 80 characters.
    const levels = ["&a [1,1,1,1,1,1,1,1,1,1]"];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(`&${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(",")}]`);
    }
    const { error, ms } = timedError(() =>
      parseScenario(FIXTURE, FILE, [`study.variants=[${levels.join(", ")}]`]),
    );
    expect(error.problems[0].message).toBe(
      "aliases expand the document to more than 1,000,000 values (a scenario is a page of YAML)",
    );
    expect(ms).toBeLessThan(2000);
  });
});

describe("keys and aliases in the file", () => {
  it("a duplicate key is located at the second, naming the first's line", () => {
    const text = edit("  price: 3000\n", "  price: 3000\n  stock: 5\n");
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems).toEqual([
      {
        file: FILE,
        ...position(text, "  stock: 5", "stock"),
        path: "supply.stock",
        message: `Map keys must be unique: 'stock' is given twice (first at line ${position(text, "stock: 40000").line})`,
      },
    ]);
  });

  it("keys 1 and '1' are the same key to a scenario", () => {
    const text = edit("seed: 1\n", "seed: 1\nhorizon2: {1: a, '1': b}\n");
    expect(scenarioError(() => parseScenario(text, FILE)).problems[0].message).toBe(
      "Map keys must be unique: '1' is given twice (first at line 5)",
    );
  });

  it("anchors and aliases that share a distribution are read as if written out", () => {
    const shared = edit(
      "  session: { dist: exponential, mean: 5 }",
      "  session: &five { dist: exponential, mean: 5 }",
      edit("patience: { dist: exponential, mean: 5 }", "patience: *five"),
    );
    expect(parseScenario(shared, FILE)).toEqual(parseScenario(FIXTURE, FILE));
  });

  it("an alias bomb in the file is refused at once", () => {
    const bomb = ["lol0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `lol${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    const text = edit("seed: 1\n", `seed: 1\nlaughs:\n  ${bomb.join("\n  ")}\n`);
    const { error, ms } = timedError(() => parseScenario(text, FILE));
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: expect.stringMatching(/^laughs\.lol\d\.\d$/),
        message:
          "aliases expand the document to more than 1,000,000 values (a scenario is a page of YAML)",
      }),
    ]);
    expect(ms).toBeLessThan(2000);
  });

  it("nesting deeper than 64 levels is refused, at the level that is too deep", () => {
    const text = edit("seed: 1\n", `seed: 1\ndeep: ${"[".repeat(70)}${"]".repeat(70)}\n`);
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: `deep${".0".repeat(63)}`,
        message: "nested more than 64 levels deep: a scenario is a few levels of keys and lists",
      }),
    ]);
  });

  it("nesting too deep for the yaml library itself is a located problem, not a crash", () => {
    const text = edit("seed: 1\n", `seed: 1\ndeep: ${"[".repeat(100_000)}\n`);
    const { error, ms } = timedError(() => parseScenario(text, FILE));
    expect(error.problems.every((p) => p.line >= 1)).toBe(true);
    expect(error.message).toMatch(/nested too deeply|Flow sequence/);
    expect(ms).toBeLessThan(2000);
  });
});
