#!/usr/bin/env node
// The funnel-sim CLI: runs the bundled CLI (dist/funnel-sim.cjs) with V8's code cache, so a
// start does not compile ~400 KB of bundled yargs, zod and yaml again (~100 ms here). A cache
// made by another Node version or with other V8 flags is rejected by V8 and the script is
// compiled as usual; `npm run build` writes the cache.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");

const file = path.join(__dirname, "..", "dist", "funnel-sim.cjs");
const cacheFile = `${file}.v8cache`;
let source;
try {
  source = fs.readFileSync(file, "utf8");
} catch {
  process.stderr.write("funnel-sim: dist/funnel-sim.cjs is missing: run `npm run build` first\n");
  process.exit(1);
}
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
if (process.env.FUNNEL_SIM_WRITE_CODE_CACHE)
  process.on("exit", () => {
    try {
      fs.writeFileSync(cacheFile, script.createCachedData());
    } catch {
      // A read-only install runs without the cache.
    }
  });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
