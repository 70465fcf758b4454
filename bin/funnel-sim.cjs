#!/usr/bin/env node
// The funnel-sim CLI: runs the bundled CLI (dist/funnel-sim.cjs) with V8's code cache, so a
// start does not compile ~400 KB of bundled yargs, zod and yaml again (~100 ms here). A cache
// made by another Node version or with other V8 flags is rejected by V8 and the script is
// compiled as usual; `npm run build` writes the cache.
//
// The cache file is the path the cache was made at (4 bytes of length, then UTF-8), then V8's
// data. V8 (Node 20) takes a cached script's file name from the cache, not from this
// vm.Script: an installed or copied dist/ would name the build machine's file in every stack
// trace. Where the two differ, traces are given the installed file's path back (below).
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
let cachedAt;
try {
  const cache = fs.readFileSync(cacheFile);
  const length = cache.readUInt32LE(0);
  if (4 + length < cache.length) {
    cachedAt = cache.toString("utf8", 4, 4 + length);
    cachedData = cache.subarray(4 + length);
  }
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
if (cachedData && !script.cachedDataRejected && cachedAt !== file) {
  // Node 20 formats a trace as below unless Error.prepareStackTrace is set; each frame of the
  // bundle is given the installed file's path instead of the build's.
  const built = `${cachedAt}:`;
  const here = `${file}:`;
  Error.prepareStackTrace = (error, frames) => {
    let header;
    try {
      header = Error.prototype.toString.call(error);
    } catch {
      header = "<error>";
    }
    const lines = frames.map((f) => `\n    at ${String(f).replace(built, here)}`);
    return header + lines.join("");
  };
}
if (process.env.FUNNEL_SIM_WRITE_CODE_CACHE)
  process.on("exit", () => {
    try {
      const at = Buffer.from(file, "utf8");
      const length = Buffer.alloc(4);
      length.writeUInt32LE(at.length, 0);
      fs.writeFileSync(cacheFile, Buffer.concat([length, at, script.createCachedData()]));
    } catch {
      // A read-only install runs without the cache.
    }
  });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
