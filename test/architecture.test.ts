import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";

// Layering, checked on the import graph of src/ (madge): no cycles, analysis never reaches
// into report, and the model (core, scenario) knows nothing of the layers built on it. Type-only imports count: a cycle through types still ties the
// modules' declarations together. src/wasm/assembly is AssemblyScript, compiled apart.

type Graph = Record<string, string[]>;
interface MadgeResult {
  obj(): Graph;
  circular(): string[][];
  warnings(): { skipped: string[] };
}
type Madge = (path: string, config: object) => Promise<MadgeResult>;
// madge ships no types; this is the part of its API used here.
const madge = createRequire(import.meta.url)("madge") as Madge;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
let result: MadgeResult;
let graph: Graph;

beforeAll(async () => {
  result = await madge(join(ROOT, "src"), {
    fileExtensions: ["ts"],
    tsConfig: join(ROOT, "tsconfig.json"),
    excludeRegExp: [/^wasm\/assembly\//],
    detectiveOptions: {
      // Explicit, though both are detective-typescript's defaults: `import type`, `export type`
      // and `typeof import("…")` are dependencies; so is a require() in a .ts file.
      ts: { skipTypeImports: false, skipAsyncImports: false, mixedImports: true },
    },
  });
  graph = result.obj();
}, 30_000);

/** Edges from files under `from` to files under any of `to`, as "a.ts -> b.ts". */
function edges(from: string, to: string[]): string[] {
  return Object.entries(graph)
    .filter(([file]) => file.startsWith(`${from}/`))
    .flatMap(([file, deps]) =>
      deps.filter((d) => to.some((t) => d.startsWith(`${t}/`))).map((d) => `${file} -> ${d}`),
    );
}

describe("architecture of src/", () => {
  test("the graph is the whole of src/ and every relative import resolves", () => {
    expect(graph["index.ts"]?.length).toBeGreaterThan(0);
    expect(Object.keys(graph).filter((f) => f.startsWith("wasm/assembly/"))).toEqual([]);
    // An import madge cannot resolve is an edge missing from every check below.
    expect(result.warnings().skipped.filter((s) => s.startsWith("."))).toEqual([]);
  });

  test("no import cycles (type-only imports included)", () => {
    // madge lists a cycle's files once each; the first follows the last.
    expect(result.circular().map((cycle) => [...cycle, cycle[0]].join(" -> "))).toEqual([]);
  });

  test("src/analysis imports nothing from src/report", () => {
    expect(edges("analysis", ["report"])).toEqual([]);
  });

  test("src/core imports nothing from src/analysis, src/report or src/cli", () => {
    expect(edges("core", ["analysis", "report", "cli"])).toEqual([]);
  });

  test("src/scenario imports nothing from src/analysis, src/report or src/cli", () => {
    expect(edges("scenario", ["analysis", "report", "cli"])).toEqual([]);
  });
});
