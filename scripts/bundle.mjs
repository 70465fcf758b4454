// Bundles the CLI and the library into single ESM files: loading ~300 small ESM modules of
// yargs, zod and yaml costs ~280 ms at start-up here, one bundle ~110 ms (see README, Design).
import { build } from "esbuild";

const shared = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __funnelSimRequire } from 'node:module'; const require = __funnelSimRequire(import.meta.url);",
  },
  logLevel: "warning",
  minify: true,
  // piscina finds its own worker file next to its sources: load it from node_modules.
  external: ["piscina"],
  keepNames: true,
  legalComments: "linked",
};
await build({
  ...shared,
  entryPoints: {
    "funnel-sim": "src/cli/main.ts",
    index: "src/index.ts",
    worker: "src/parallel/worker.ts",
  },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
});
