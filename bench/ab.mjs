// Interleaved comparison of whole commands: `node bench/ab.mjs N "cmd A" "cmd B" …` runs
// A, B, …, A, B, … N times and prints each command's median wall time and CPU (user + sys).
// On this shared machine, whose speed drifts by up to 1.5× within minutes, only commands run
// interleaved like this can be compared; run `npm run build` first for the CLI's.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";

const [n, ...commands] = process.argv.slice(2);
if (!(Number(n) >= 1) || commands.length === 0) {
  console.error('usage: node bench/ab.mjs N "command A" ["command B" …]');
  process.exit(2);
}
const wall = commands.map(() => []);
const cpu = commands.map(() => []);
for (let i = 0; i < Number(n); i++)
  for (const [k, command] of commands.entries()) {
    const t = performance.now();
    const r = spawnSync(
      "/usr/bin/time",
      ["-f", "CPU %U %S", "bash", "-c", `${command} >/dev/null`],
      {
        encoding: "utf8",
      },
    );
    wall[k].push(performance.now() - t);
    const m = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`${command} failed: ${r.stderr}`);
    cpu[k].push((Number(m[1]) + Number(m[2])) * 1000);
  }
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [k, command] of commands.entries())
  console.log(
    `wall ${Math.round(median(wall[k]))} ms (min ${Math.round(Math.min(...wall[k]))})  cpu ${Math.round(median(cpu[k]))} ms  ${command}`,
  );
