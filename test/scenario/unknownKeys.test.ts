// Which key a typo stands for: optimal string alignment distance and the choice among keys.
import { describe, expect, it } from "vitest";
import { scenarioSchema } from "../../src/index.js";
import { closestKey, editDistance, keysAt } from "../../src/scenario/unknownKeys.js";

describe("editDistance (optimal string alignment)", () => {
  it.each([
    ["clickRate", "clickRate", 0],
    ["clikRate", "clickRate", 1], // a letter left out
    ["capcaity", "capacity", 1], // two neighbours swapped: one edit, not two
    ["consultRat", "consultRate", 1],
    ["stok", "stock", 1],
    ["", "seed", 4],
    ["ca", "abc", 3], // OSA, not full Damerau–Levenshtein (which gives 2)
    ["kitten", "sitting", 3],
  ])("%s → %s: %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("closestKey", () => {
  const channel = ["name", "owned", "reach", "spend", "cpm", "clickRate", "mix"];

  it("finds a key within two edits, or equal but for case", () => {
    expect(closestKey("clikRate", channel)).toBe("clickRate");
    expect(closestKey("CLICKRATE", channel)).toBe("clickRate");
    expect(closestKey("rech", channel)).toBe("reach");
    expect(closestKey("spnd", channel)).toBe("spend");
  });

  it("suggests nothing three edits away, nor for keys too short to tell", () => {
    expect(closestKey("budget", channel)).toBeUndefined();
    expect(closestKey("ab", channel)).toBeUndefined();
    expect(closestKey("x", ["sd", "max"])).toBeUndefined();
  });

  it("on a tie prefers a key not given yet", () => {
    expect(closestKey("mean", ["mean", "max"])).toBe("mean");
    expect(closestKey("man", ["mean", "max"])).toBe("mean");
    expect(closestKey("man", ["mean", "max"], (k) => k === "max")).toBe("max");
  });
});

describe("keysAt", () => {
  const raw = {
    marketing: { channels: [{ name: "a" }] },
    segments: { x: {} },
    site: { session: { dist: "lognormal" } },
  };

  it.each([
    [[], ["name", "seed", "horizon", "currency", "marketing", "segments", "site", "sales"]],
    [
      ["marketing", "channels", 0],
      ["name", "owned", "reach", "spend", "cpm", "clickRate", "mix"],
    ],
    [
      ["segments", "x"],
      ["consultRate", "directRate", "closeRate", "clickWeight"],
    ],
    [
      ["site", "session"],
      ["dist", "mean", "sd"],
    ], // the variant its dist names
  ] as [(string | number)[], string[]][])("%j", (path, keys) => {
    expect(keysAt(scenarioSchema, raw, path)).toEqual(expect.arrayContaining(keys));
  });

  it("is undefined where there is no mapping of fixed keys", () => {
    expect(keysAt(scenarioSchema, raw, ["segments"])).toBeUndefined();
    expect(keysAt(scenarioSchema, raw, ["seed"])).toBeUndefined();
    expect(keysAt(scenarioSchema, raw, ["nowhere", "at", "all"])).toBeUndefined();
  });
});
