import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// The package as a user who installs it sees it: a consumer in a temp dir whose
// node_modules/funnel-sim links to this repository (npm test builds first), type-checking the
// README's library example with tsc, strict, under both ESM resolutions a user may choose. It
// knows the public API only through the README: nothing here lists src/index.ts's exports.

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

/** The README's "Library use" example: its first ```ts block. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Library use"));
  const code = section && /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('README.md has no ```ts block under "## Library use"');
  return code;
}

/** The names the README's example imports from "funnel-sim". */
function importedNames(code: string): string[] {
  const list = /import\s*\{([^}]*)\}\s*from\s*"funnel-sim"/.exec(code)?.[1];
  return (list ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

// Wrong uses of two of the example's own functions: a scenario's path is a string, and a run
// gives a report, not a number. tsc must report both, at these lines, or the types are `any`.
const BAD = `import { loadScenario, runScenario } from "funnel-sim";

export const scenario = loadScenario(42);
export const wrong: number = runScenario(loadScenario("scenario.yaml"));
`;
const BAD_ERRORS = ["bad.ts(3,38): error TS2345", "bad.ts(4,14): error TS2322"];

// funnel-sim/testing, as a user's property test imports it (fast-check installed beside it, as
// its peer): type-checked like the example above, then run by Node (it is plain JavaScript too).
const TESTING = `import fc from "fast-check";
import { arbitraryInvalidScenario, arbitraryScenario, checkInvariants } from "funnel-sim/testing";

fc.assert(
  fc.property(arbitraryScenario({ maxReach: 2000 }), (s) => checkInvariants(s).length === 0),
  { numRuns: 5 },
);
const [invalid] = fc.sample(arbitraryInvalidScenario(), 1);
export const fragment = invalid.message.length > 0 && invalid.text.length > 0;
console.log(JSON.stringify(checkInvariants(fc.sample(arbitraryScenario(), 1)[0])));
`;
const TESTING_BAD = `import { arbitraryScenario, checkInvariants } from "funnel-sim/testing";

export const options = arbitraryScenario({ maxReach: "big" });
export const names: number = checkInvariants({} as never);
`;
const TESTING_BAD_ERRORS = [
  "testing-bad.ts(3,44): error TS2322",
  "testing-bad.ts(4,14): error TS2322",
];
const OWN_FILES = new Set(["example.ts", "bad.ts", "testing.ts", "testing-bad.ts"]);

/** One tsc diagnostic line, as `--pretty false` prints it: `file(line,col): error TSnnnn: …`. */
type Diagnostic = { file: string; text: string };
const RESOLUTIONS = [
  { module: "node16", moduleResolution: "node16" },
  { module: "esnext", moduleResolution: "bundler" },
] as const;
const diagnostics = new Map<string, Diagnostic[]>();
let dir = "";
let imported: { status: number; out: string } = { status: -1, out: "" };
let testingRun: { status: number; out: string } = { status: -1, out: "" };

beforeAll(async () => {
  const types = join(ROOT, pkg.exports["."].types);
  if (!existsSync(types)) throw new Error(`${types} is missing: run npm run build first`);
  dir = mkdtempSync(join(tmpdir(), "funnel-sim-consumer-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules/funnel-sim"), "dir");
  symlinkSync(join(ROOT, "node_modules/fast-check"), join(dir, "node_modules/fast-check"), "dir");
  writeFileSync(join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
  writeFileSync(join(dir, "example.ts"), readmeExample());
  writeFileSync(join(dir, "bad.ts"), BAD);
  writeFileSync(join(dir, "testing.ts"), TESTING);
  writeFileSync(join(dir, "testing.mjs"), TESTING);
  writeFileSync(join(dir, "testing-bad.ts"), TESTING_BAD);
  const checks = RESOLUTIONS.map(async (options) => {
    const config = `tsconfig.${options.moduleResolution}.json`;
    writeFileSync(
      join(dir, config),
      JSON.stringify({
        compilerOptions: {
          ...options,
          target: "es2022",
          strict: true,
          noEmit: true,
          // The package's own .d.ts are checked too (a user may not skip them); TypeScript's
          // lib.*.d.ts are not (they are not the package's, and checking them costs seconds).
          // No @types are picked up from wherever the temp dir happens to be.
          skipLibCheck: false,
          skipDefaultLibCheck: true,
          types: [],
        },
        files: [...OWN_FILES],
      }),
    );
    const out = await run(process.execPath, [TSC, "-p", config, "--pretty", "false"], {
      cwd: dir,
    }).then(
      (r) => r.stdout,
      (e: { stdout?: string }) => e.stdout ?? String(e),
    );
    const lines = out.split("\n").filter((l) => /\): error TS\d+/.test(l));
    diagnostics.set(
      options.moduleResolution,
      lines.map((text) => ({ file: text.slice(0, text.indexOf("(")), text })),
    );
  });
  // The runtime half of `exports`: Node resolves the same specifier to the ESM bundle.
  const load = run(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const m = await import("funnel-sim"); console.log(JSON.stringify(${JSON.stringify(
        importedNames(readmeExample()),
      )}.filter((n) => typeof m[n] !== "function")));`,
    ],
    { cwd: dir },
  ).then(
    (r) => {
      imported = { status: 0, out: r.stdout.trim() };
    },
    (e: { code?: number; stderr?: string }) => {
      imported = { status: e.code ?? 1, out: e.stderr ?? String(e) };
    },
  );
  const testing = run(process.execPath, ["testing.mjs"], { cwd: dir }).then(
    (r) => {
      testingRun = { status: 0, out: r.stdout.trim() };
    },
    (e: { code?: number; stderr?: string }) => {
      testingRun = { status: e.code ?? 1, out: e.stderr ?? String(e) };
    },
  );
  await Promise.all([...checks, load, testing]);
}, 30_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the installed package's types", () => {
  test("the README's library example imports from funnel-sim", () => {
    expect(importedNames(readmeExample())).toContain("runScenario");
    expect(importedNames(readmeExample())).toContain("loadScenario");
  });

  for (const { moduleResolution } of RESOLUTIONS) {
    test(`the README's example type-checks (strict, moduleResolution ${moduleResolution})`, () => {
      const found = diagnostics.get(moduleResolution);
      expect(found).toBeDefined();
      expect(found?.filter((d) => d.file === "example.ts").map((d) => d.text)).toEqual([]);
    });

    test(`a wrong use of it is reported (moduleResolution ${moduleResolution})`, () => {
      const found = diagnostics.get(moduleResolution)?.filter((d) => d.file === "bad.ts") ?? [];
      expect(found.map((d) => /^.*?: error TS\d+/.exec(d.text)?.[0])).toEqual(BAD_ERRORS);
    });

    test(`the package's own declarations type-check (moduleResolution ${moduleResolution})`, () => {
      const found = diagnostics.get(moduleResolution) ?? [];
      expect(found.filter((d) => !OWN_FILES.has(d.file)).map((d) => d.text)).toEqual([]);
    });

    test(`funnel-sim/testing type-checks as a user's test imports it (moduleResolution ${moduleResolution})`, () => {
      const found = diagnostics.get(moduleResolution) ?? [];
      expect(found.filter((d) => d.file === "testing.ts").map((d) => d.text)).toEqual([]);
      expect(
        found
          .filter((d) => d.file === "testing-bad.ts")
          .map((d) => /^.*?: error TS\d+/.exec(d.text)?.[0]),
      ).toEqual(TESTING_BAD_ERRORS);
    });
  }

  test("Node runs a property test on funnel-sim/testing through exports", () => {
    expect(testingRun).toEqual({ status: 0, out: "[]" });
  });

  test("Node imports the example's functions through exports", () => {
    expect(imported).toEqual({ status: 0, out: "[]" });
  });

  test("npm pack ships every file package.json points at", async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--offline"], {
      cwd: ROOT,
    });
    const shipped = new Set((JSON.parse(stdout)[0].files as { path: string }[]).map((f) => f.path));
    const entry = (p: string) => p.replace(/^\.\//, "");
    const pointed = [
      pkg.main,
      pkg.types,
      pkg.exports["."].types,
      pkg.exports["."].import,
      pkg.exports["./testing"].types,
      pkg.exports["./testing"].import,
      ...Object.values(pkg.bin as Record<string, string>),
    ].map(entry);
    expect(pointed.filter((p) => !shipped.has(p))).toEqual([]);
  });
});
