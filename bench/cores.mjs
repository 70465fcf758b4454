// How much two cores of this machine give: one CPU-bound loop alone, then two at once in
// separate processes. On a machine with two independent cores the pair takes as long as one
// (efficiency ≈ 2.0×); a lower figure caps every 2-thread speed-up measured in bench/run.mjs.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

const LOOP =
  "let x = 0; for (let i = 0; i < 4e8; i++) x = (x + i * 7) | 0; if (x === 1) console.log(x);";
const run = () =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", LOOP], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });

/** Wall time of one loop alone and of two loops at once; efficiency = 2 × one / two. */
export async function coreEfficiency() {
  let t = performance.now();
  await run();
  const one = performance.now() - t;
  t = performance.now();
  await Promise.all([run(), run()]);
  const two = performance.now() - t;
  return {
    oneMs: Math.round(one),
    twoAtOnceMs: Math.round(two),
    efficiency: Math.round((200 * one) / two) / 100,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await coreEfficiency());
