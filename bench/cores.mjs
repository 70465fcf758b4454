// How much two cores of this machine give: a loop alone, then two at once in separate
// processes, for an arithmetic loop and for a memory-bound one (scattered reads and writes
// over 128 MiB, like the kernels' passes over visitor columns). With two independent cores
// the pair takes as long as one (efficiency ≈ 2.0×); a lower figure caps every 2-thread
// speed-up measured in bench/run.mjs.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

const ARITHMETIC =
  "let x = 0; for (let i = 0; i < 4e8; i++) x = (x + i * 7) | 0; if (x === 1) console.log(x);";
const MEMORY =
  "const a = new Float64Array(1 << 24); let x = 1; for (let r = 0; r < 6; r++) for (let i = 0; i < a.length; i++) { x = (x * 1103515245 + 12345) | 0; a[(x >>> 0) & ((1 << 24) - 1)] += 1; } if (a[0] === -1) console.log(x);";

// Fresh memory: 160 new 8 MiB arrays, every page touched once (page faults, as each run's columns).
const FRESH_PAGES =
  "let s = 0; for (let r = 0; r < 160; r++) { const a = new Float64Array(1 << 20); for (let i = 0; i < a.length; i += 512) a[i] = i; s += a[512]; } if (s === -1) console.log(s);";
// Four replications of R1 at 10 M with the engine itself (built library), no worker threads.
const SIMULATION = `import("${new URL("../dist/index.mjs", import.meta.url).href}").then((m) => { const p = m.compile(m.loadScenario("bench/r1.yaml")); for (let r = 0; r < 4; r++) m.simulate(p, r); })`;

const run = (loop) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", loop], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });

async function efficiency(loop) {
  let t = performance.now();
  await run(loop);
  const one = performance.now() - t;
  t = performance.now();
  await Promise.all([run(loop), run(loop)]);
  const two = performance.now() - t;
  return {
    oneMs: Math.round(one),
    twoAtOnceMs: Math.round(two),
    efficiency: Math.round((200 * one) / two) / 100,
  };
}

/** Two-process efficiency of an arithmetic loop, a memory-bound loop, fresh pages and the engine. */
export async function coreEfficiency() {
  return {
    arithmetic: await efficiency(ARITHMETIC),
    memory: await efficiency(MEMORY),
    freshPages: await efficiency(FRESH_PAGES),
    simulation: await efficiency(SIMULATION),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await coreEfficiency());
