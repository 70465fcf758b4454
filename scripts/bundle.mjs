// Bundles the library (dist/index.mjs, funnel-sim/testing's dist/testing.mjs, the chunk they
// share), the worker (dist/worker.cjs) and the CLI (dist/funnel-sim.cjs), writes the library's
// declarations (dist/types), then primes the CLI's V8 code cache.
//
// Why: start-up is part of every run's wall time. Loading yargs, zod and yaml as ~300 small ES
// modules cost ~280 ms here, one bundle ~110 ms; compiling that bundle again on every start
// cost another ~100 ms, which a V8 code cache (bin/funnel-sim.cjs) removes. Node 20 has no
// compile cache for ES modules, so the CLI bundle is CommonJS.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

// Modules a run seldom or never uses are bundled behind stand-ins that evaluate the real module
// on first use, so nothing changes but when:
// - `crypto`: seedrandom requires it only to auto-seed (we always seed); loading it
//   initialises OpenSSL, ~5 ms of every start here.
// - `assert`: yargs checks its own state with strictEqual/notStrictEqual on every parse; the
//   module (and the stderr stream its colour check creates) loads only when a check fails,
//   to throw its AssertionError. Same semantics (Object.is), ~6 ms less per start.
// - `string-width` (in yargs and cliui): it creates an `Intl.Segmenter` at load, which loads
//   ICU's break-iterator data, ~20–40 ms of every start here, to measure help text.
// - stdlib's t quantile (summaries of replications) and lognormal and gamma samplers: ~200
//   small modules together; required from node_modules on first use they cost ~130 ms here,
//   bundled (and in the code cache) ~5 ms, and a single run with exponential times needs none.
const callable = `module.exports = new Proxy(function () {}, {
  apply: (_, self, args) => load().apply(self, args),
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
});`;
const LAZY = {
  crypto: `module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });`,
  "string-width": "export default (...args) => load().default(...args);",
  assert: `export const strictEqual = (a, b, ...rest) => { if (!Object.is(a, b)) load().strictEqual(a, b, ...rest); };
export const notStrictEqual = (a, b, ...rest) => { if (Object.is(a, b)) load().notStrictEqual(a, b, ...rest); };`,
  "@stdlib/stats-base-dists-t-quantile": callable,
  "@stdlib/random-base-lognormal": callable,
  "@stdlib/random-base-gamma": callable,
};
/** Node built-ins among them: stand-ins load these with `require("node:…")`, not the bundle. */
const BUILTINS = new Set(["crypto", "assert"]);
const LAZY_NAMES = new RegExp(
  `^(${[...Object.keys(LAZY), ...[...BUILTINS].map((b) => `node:${b}`)]
    .map((n) => n.replace(/[/.-]/g, "\\$&"))
    .join("|")})$`,
);
const lazyModules = {
  name: "lazy-modules",
  setup(b) {
    b.onResolve({ filter: LAZY_NAMES }, (args) => {
      if (args.pluginData === "real") return undefined; // the stand-in's own require
      const name = args.path.replace(/^node:/, "");
      return { path: name, namespace: "lazy", pluginData: args.resolveDir };
    });
    b.onResolve({ filter: /^real:/, namespace: "lazy" }, (args) => {
      const name = args.path.slice("real:".length);
      if (BUILTINS.has(name)) return { path: `node:${name}`, external: true };
      return b.resolve(name, {
        resolveDir: args.resolveDir,
        kind: "require-call",
        pluginData: "real",
      });
    });
    b.onLoad({ filter: /.*/, namespace: "lazy" }, (args) => ({
      contents: `let real; const load = () => (real ??= require("real:${args.path}"));\n${LAZY[args.path]}`,
      resolveDir: args.pluginData,
      loader: "js",
    }));
  },
};

// mathjs parses formulas over params (src/scenario/formulas.ts), which require()s it on the first
// formula, inside a function: esbuild bundles such a require as a module evaluated on that
// first call, so a scenario without formulas never evaluates mathjs. Bundled as is it would be
// mathjs' whole CommonJS number build (~600 KB, ~450 ms to evaluate; through its ES entry,
// whose `export *` a required module cannot drop, still ~400 KB). The require is given instead
// a module that re-exports just `create` and the parser's dependencies from mathjs' ES files:
// ~150 KB, ~30 ms on the first formula. (These two paths are mathjs internals: if a mathjs
// release moves them, this build fails here, loudly.)
const MATHJS = dirname(createRequire(import.meta.url).resolve("mathjs/package.json"));
const mathjsParser = {
  name: "mathjs-parser",
  setup(b) {
    b.onResolve({ filter: /^mathjs\/number$/ }, (args) =>
      args.kind === "require-call"
        ? { path: "mathjs-parser", namespace: "mathjs-parser" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "mathjs-parser" }, () => ({
      contents: [
        `export { create } from ${JSON.stringify(join(MATHJS, "lib/esm/core/create.js"))};`,
        `export { parseDependencies } from ${JSON.stringify(join(MATHJS, "lib/esm/entry/dependenciesNumber/dependenciesParse.generated.js"))};`,
      ].join("\n"),
      resolveDir: MATHJS,
      loader: "js",
    }));
  },
};

const common = {
  bundle: true,
  plugins: [lazyModules, mathjsParser],
  platform: "node",
  target: "node20",
  logLevel: "warning",
  minify: true,
  keepNames: true,
  legalComments: "linked",
  // piscina finds its own worker file next to its sources: load it from node_modules.
  external: ["piscina"],
};
const esmRequire =
  "import { createRequire as __funnelSimRequire } from 'node:module'; const require = __funnelSimRequire(import.meta.url);";

// Shared chunks are named by their hash: an earlier build's would stay behind.
for (const f of existsSync("dist") ? readdirSync("dist") : [])
  if (/^chunk-/.test(f)) rmSync(join("dist", f));
await build({
  ...common,
  format: "esm",
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: esmRequire },
  // The library and funnel-sim/testing share one copy of the engine (a chunk, in dist/ itself:
  // the pool finds ./worker.cjs next to the module that holds it). fast-check is the user's
  // own (a peer dependency): arbitraries must come from the fast-check that runs them.
  entryPoints: { index: "src/index.ts", testing: "src/testing/index.ts" },
  splitting: true,
  chunkNames: "[name]-[hash]",
  external: [...common.external, "fast-check"],
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
});
await build({
  ...common,
  format: "cjs",
  define: { "import.meta.url": "__funnelSimUrl" },
  banner: { js: "const __funnelSimUrl = require('node:url').pathToFileURL(__filename).href;" },
  // The worker is CommonJS too: piscina loads a worker file with require() first, and Node
  // 20.19+'s require() of an ES module crashed the process under vitest's loader here.
  entryPoints: { "funnel-sim": "src/cli/main.ts", worker: "src/parallel/worker.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
});

// The library's declarations, for package.json's `types` and `exports["."].types`: tsc writes
// one .d.ts per module behind src/index.ts (tsconfig.types.json). tsc copies no .d.ts of the
// sources, so the kernels' generated one (src/wasm/kernels.ts imports its types) is copied.
// test/package/types.test.ts type-checks the README's library example against them.
rmSync("dist/types", { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [createRequire(import.meta.url).resolve("typescript/bin/tsc"), "-p", "tsconfig.types.json"],
  { stdio: "inherit" },
);
if (tsc.status !== 0) throw new Error("writing the declarations (tsconfig.types.json) failed");
copyFileSync(
  "src/wasm/kernel-exports.generated.d.ts",
  "dist/types/wasm/kernel-exports.generated.d.ts",
);

// Prime the code cache with one small run, so the functions a run compiles are in it. The cache
// names the path it was made at (V8 keeps the script's name in it): bin/funnel-sim.cjs writes
// that path first in the file and gives stack traces the installed path back wherever it differs.
rmSync("dist/funnel-sim.cjs.v8cache", { force: true });
const prime = spawnSync(
  process.execPath,
  [
    "bin/funnel-sim.cjs",
    "run",
    "bench/r1.yaml",
    "--set",
    "marketing.channels.0.reach=20000",
    "--json",
  ],
  { env: { ...process.env, FUNNEL_SIM_WRITE_CODE_CACHE: "1" }, encoding: "utf8" },
);
if (prime.status !== 0) throw new Error(`priming the code cache failed: ${prime.stderr}`);
