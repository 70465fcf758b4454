// Keys named after what every JavaScript object inherits (__proto__, constructor, toString, …)
// are refused by name, wherever they are: in the file, in a --set path, in a --set value.
// __proto__ used to vanish (a mix with __proto__: 1 summed to 2 and passed), and constructor
// in a mix ended in "Cannot read properties of undefined".
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/index.js";
import { edit, FILE, FIXTURE, position, scenarioError } from "./fixture.js";

const RESERVED = [...Object.getOwnPropertyNames(Object.prototype), "__proto__", "prototype"];

describe("a reserved name as a key", () => {
  it.each(RESERVED)("%s in a mix, in the file: refused, located at the key", (name) => {
    const text = edit("mix: { everyone: 1 }", `mix: { everyone: 1, ${name}: 1 }`);
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems).toEqual([
      {
        file: FILE,
        ...position(text, `${name}: 1 }`),
        path: `marketing.channels.0.mix.${name}`,
        message: `'${name}' is a reserved name: choose another`,
      },
    ]);
  });

  it.each([
    ["a segment", "segments.__proto__.consultRate=5", "segments.__proto__.consultRate"],
    [
      "a mix share",
      "marketing.channels.0.mix.constructor=0",
      "marketing.channels.0.mix.constructor",
    ],
    ["a mix share", "marketing.channels.0.mix.toString=0", "marketing.channels.0.mix.toString"],
    ["a top-level key", "hasOwnProperty=1", "hasOwnProperty"],
  ])("%s in a --set path: refused, naming it (%s)", (_, arg, path) => {
    const name = path.split(".").find((k) => RESERVED.includes(k));
    expect(scenarioError(() => parseScenario(FIXTURE, FILE, [arg])).problems).toEqual([
      {
        file: `--set ${arg}`,
        line: 0,
        col: 0,
        path,
        message: `'${name}' is a reserved name: choose another`,
      },
    ]);
  });

  it("in a --set value: refused at its path inside the value", () => {
    const arg = "segments={valueOf: {consultRate: 0.1, directRate: 0.1, closeRate: 0.1}}";
    expect(scenarioError(() => parseScenario(FIXTURE, FILE, [arg])).problems).toEqual([
      {
        file: `--set ${arg}`,
        line: 0,
        col: 0,
        path: "segments.valueOf",
        message: "'valueOf' is a reserved name: choose another",
      },
    ]);
  });

  it("at every depth of the file, each located", () => {
    const text = edit(
      "  stock: 40000\n",
      "  stock: 40000\n  constructor: 1\n  restock: [{ day: 2, units: 5, prototype: 1 }]\n",
      edit("seed: 1\n", "seed: 1\n__proto__: { a: 1 }\n"),
    );
    expect(scenarioError(() => parseScenario(text, FILE)).problems.map((p) => p.path)).toEqual([
      "__proto__",
      "supply.constructor",
      "supply.restock.0.prototype",
    ]);
  });

  it("a name that only contains one is fine: a segment called 'constructors'", () => {
    const text = edit(
      "mix: { everyone: 1 }",
      "mix: { constructors: 1 }",
      edit("  everyone: {", "  constructors: {"),
    );
    expect(Object.keys(parseScenario(text, FILE).segments)).toEqual(["constructors"]);
  });
});
