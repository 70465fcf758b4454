import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { errorWords, WriteError, writeAll } from "../../src/cli/write.js";

// "Nothing breaks it": write errors, a closed pipe, long errors on a slow pipe, --seed, and
// stack traces of an installed copy. The built bundle, as a planner runs it.
const BIN = "bin/funnel-sim.cjs";
const SCENARIO = "scenarios/alpha-content-plan.yaml";
const TRACE = /\n\s+at /;
const FULL = "/dev/full";
const hasFull = existsSync(FULL);

const cli = (args: string[], stdout: "pipe" | number = "pipe") =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    stdio: ["ignore", stdout, "pipe"],
    timeout: 30_000,
  });

/** Runs `args` with stdout on /dev/full (every write fails with ENOSPC). */
function toFullDisk(args: string[]) {
  const fd = openSync(FULL, "w");
  try {
    return cli(args, fd);
  } finally {
    closeSync(fd);
  }
}

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns `argv` (after node) and closes the read end of its stdout after the first chunk. */
async function readFirstChunk(argv: string[]): Promise<Ended & { first: string }> {
  const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "pipe"] });
  let first = "";
  child.stdout?.once("data", (d) => {
    first = String(d);
    child.stdout?.destroy();
  });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, signal: null, stdout: "", stderr, first };
}

/**
 * Spawns `argv` (after node) with `stream` piped to a slow reader: nothing is read for
 * `holdMs`, then each chunk waits a few milliseconds. Returns all it wrote there.
 */
async function slowReader(argv: string[], stream: "stdout" | "stderr", holdMs = 500) {
  const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "pipe"] });
  const slow = child[stream];
  if (!slow) throw new Error("no pipe");
  // The listener is there from the start: Node resumes a child's paused pipes when it exits,
  // and what flows then without a listener is dropped.
  const chunks: Buffer[] = [];
  slow.on("data", (d: Buffer) => {
    chunks.push(d);
    slow.pause();
    setTimeout(() => slow.resume(), 2);
  });
  slow.pause();
  setTimeout(() => slow.resume(), holdMs);
  const done = new Promise<void>((resolve) => slow.on("end", resolve));
  const other = child[stream === "stdout" ? "stderr" : "stdout"];
  let rest = "";
  other?.on("data", (d) => {
    rest += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  await done;
  return { code, text: Buffer.concat(chunks).toString("utf8"), rest };
}

/** `node --import tsx -e script`: runs src/cli/write.ts and errors.ts unbundled, in a child. */
const tsx = (script: string) => ["--import", "tsx", "-e", script];

describe("a write error is one line, not a crash", () => {
  test.skipIf(!hasFull)(
    "run --json > /dev/full: 'cannot write the report: no space left on device', exit 1",
    () => {
      const r = toFullDisk(["run", SCENARIO, "--json", "--no-verdict"]);
      expect(r.stderr).toBe("funnel-sim: cannot write the report: no space left on device\n");
      expect(r.status).toBe(1);
    },
  );

  test.skipIf(!hasFull)(
    "every command's report, and --help, to /dev/full: the same one line",
    () => {
      const small = ["--set", "marketing.channels.0.reach=20000", "--set", "horizon.days=2"];
      for (const args of [
        ["run", "bench/r1.yaml", ...small],
        ["explain", "bench/r1.yaml", ...small, "--replications", "2", "--json"],
        ["sweep", "bench/r1.yaml", ...small, "--vary", "traffic=1,2", "--replications", "1"],
        ["compare", SCENARIO, "scenarios/alpha-content-actual.yaml"],
        ["--help"],
      ]) {
        const r = toFullDisk(args);
        expect(r.stderr, args.join(" ")).toBe(
          "funnel-sim: cannot write the report: no space left on device\n",
        );
        expect(r.status, args.join(" ")).toBe(1);
      }
    },
  );

  test.skipIf(!hasFull)("--debug adds the stack trace of a write error", () => {
    const r = toFullDisk(["run", SCENARIO, "--json", "--no-verdict", "--debug"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^funnel-sim: cannot write the report: no space left on device\n/);
    expect(r.stderr).toMatch(TRACE);
  });

  test("--out into a missing folder or onto a folder: one line naming the file, exit 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "funnel-sim-out-"));
    const args = ["sweep", "bench/r1.yaml", "--set", "marketing.channels.0.reach=1000"];
    const point = ["--vary", "traffic=1", "--replications", "1"];
    const missing = join(dir, "no", "such", "sweep.csv");
    const r = cli([...args, ...point, "--out", missing]);
    expect(r.stderr).toBe(
      `funnel-sim: cannot write the report to ${missing}: no such file or directory\n`,
    );
    expect(r.status).toBe(1);
    const folder = join(dir, "taken.csv");
    mkdirSync(folder);
    const f = cli([...args, ...point, "--out", folder]);
    expect(f.stderr).toBe(`funnel-sim: cannot write the report to ${folder}: it is a folder\n`);
    expect(f.status).toBe(1);
  });

  test("writeAll on a full device throws ENOSPC; errorWords says it in words", () => {
    expect(errorWords({ code: "ENOSPC" })).toBe("no space left on device");
    expect(errorWords({ code: "EIO" })).toBe("input/output error");
    expect(errorWords({ code: "EACCES" })).toBe("permission denied");
    expect(errorWords({ code: "EBADF" })).toMatch(/bad file descriptor/);
    expect(errorWords({ code: "EWHATEVER" })).toBe("system error EWHATEVER");
    expect(new WriteError("x", { code: "EPIPE" }).code).toBe("EPIPE");
    if (!hasFull) return;
    const fd = openSync(FULL, "w");
    try {
      expect(() => writeAll(fd, "x".repeat(100_000))).toThrow(/ENOSPC/);
    } finally {
      closeSync(fd);
    }
  });

  test.skipIf(!hasFull)("writeReport to /dev/full, through exitOnError: one line, exit 1", () => {
    const script = `Promise.all([import("./src/cli/write.ts"), import("./src/cli/errors.ts")]).then(([w, e]) => {
      try { w.writeReport("report\\n"); } catch (err) { e.exitOnError(err, false); }
    });`;
    const fd = openSync(FULL, "w");
    try {
      const r = spawnSync(process.execPath, tsx(script), {
        encoding: "utf8",
        stdio: ["ignore", fd, "pipe"],
      });
      expect(r.stderr).toBe("funnel-sim: cannot write the report: no space left on device\n");
      expect(r.status).toBe(1);
    } finally {
      closeSync(fd);
    }
  });
});

describe("a closed pipe (funnel-sim … | head) ends quietly, exit 0", () => {
  test("run --json --replications 200 --per-replication, reader gone after its first chunk", async () => {
    const r = await readFirstChunk([
      BIN,
      "run",
      SCENARIO,
      "--json",
      "--replications",
      "200",
      "--per-replication",
    ]);
    expect(r.first).toMatch(/^\{/);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  test("writeReport on a closed pipe, through exitOnError: nothing on stderr, exit 0", async () => {
    const script = `Promise.all([import("./src/cli/write.ts"), import("./src/cli/errors.ts")]).then(([w, e]) => {
      try { for (let i = 0; i < 20; i++) w.writeReport("x".repeat(1 << 20)); } catch (err) { e.exitOnError(err, false); }
      process.stderr.write("not reached\\n");
    });`;
    const r = await readFirstChunk(tsx(script));
    expect(r.first).toMatch(/^x/);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("everything written arrives before the exit, however slow the reader", () => {
  test("an error message of 1.2 MB on stderr, piped to a slow reader, arrives whole", async () => {
    // Ten unknown options of 120,000 characters each: yargs names them all in one message.
    const names = Array.from("abcdefghij", (c) => c.repeat(120_000));
    const r = await slowReader([BIN, "run", SCENARIO, ...names.map((n) => `--${n}`)], "stderr");
    expect(r.code).toBe(2);
    expect(r.text.length).toBe(
      `funnel-sim: Unknown arguments: ${names.join(", ")}\nrun 'funnel-sim --help' for usage\n`
        .length,
    );
    expect(r.text).toBe(
      `funnel-sim: Unknown arguments: ${names.join(", ")}\nrun 'funnel-sim --help' for usage\n`,
    );
  });

  test("a note written through process.stderr, then 960 KB of problems: both whole, in order", async () => {
    // --threads above the cores writes a note through the stream (made blocking by main.ts's
    // guard); eight refused --set values of 120,000 characters then end the process through
    // exitOnError's direct write. A file gets all of it (file writes are synchronous): the slow
    // pipe must get the same.
    const value = "x".repeat(120_000);
    const keys = ["site.capacity", "supply.stock", "horizon.days", "marketing.budget"];
    const args = [BIN, "run", SCENARIO, "--threads", "100000"];
    for (const key of [...keys, "site.sessionMinutes", "seed", "sales.shifts.0.consultants"])
      args.push("--set", `${key}=${value}`);
    const file = join(mkdtempSync(join(tmpdir(), "funnel-sim-stderr-")), "stderr.txt");
    const fd = openSync(file, "w");
    try {
      spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", fd] });
    } finally {
      closeSync(fd);
    }
    const whole = readFileSync(file, "utf8");
    expect(whole.length).toBeGreaterThan(500_000);
    const r = await slowReader(args, "stderr");
    expect(r.code).toBe(2);
    expect(r.text).toMatch(/^funnel-sim: --threads 100000 is more than the \d+ cores? here/);
    expect(r.text).toMatch(/\nfunnel-sim: invalid scenario: /);
    expect(r.text.length).toBe(whole.length);
    expect(r.text).toBe(whole);
  });

  test("writeAll on a non-blocking pipe (EAGAIN) with a slow reader writes every byte", async () => {
    // Creating process.stdout makes a pipe non-blocking: a write then takes what fits and
    // fails with EAGAIN until the reader makes room.
    const script = `import("./src/cli/write.ts").then((w) => {
      process.stdout;
      w.writeAll(1, "0123456789".repeat(400_000));
      process.exit(0);
    });`;
    const r = await slowReader(tsx(script), "stdout");
    expect(r.rest).toBe("");
    expect(r.code).toBe(0);
    expect(r.text.length).toBe(4_000_000);
    expect(r.text).toBe("0123456789".repeat(400_000));
  });
});

describe("--seed", () => {
  const refused = (got: string) =>
    `funnel-sim: --seed: expected a whole number from 0 to 4294967295 (got ${got})\n`;
  const commands: [string, string[]][] = [
    ["run", [SCENARIO]],
    ["explain", [SCENARIO]],
    ["sweep", [SCENARIO]],
    ["whatif", [SCENARIO]],
    ["compare", [SCENARIO, "scenarios/alpha-content-actual.yaml"]],
  ];

  test.each(commands)("%s --seed abc: one message, exit 2", (command, files) => {
    const r = cli([command, ...files, "--seed", "abc"]);
    expect(r.stderr).toBe(refused("abc"));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
  });

  test("1e20, -1, 2^32, 1.5, 0x10 and nothing are refused, each in one message", () => {
    for (const seed of ["1e20", "-1", "4294967296", "1.5", "0x10", " 7"]) {
      const r = cli(["run", SCENARIO, "--seed", seed]);
      expect(r.stderr, seed).toBe(refused(seed));
      expect(r.status, seed).toBe(2);
    }
    expect(cli(["run", SCENARIO, "--seed", ""]).stderr).toBe(refused("nothing"));
    expect(cli(["run", SCENARIO, "--seed"]).stderr).toBe(refused("nothing"));
    const twice = cli(["run", SCENARIO, "--seed", "1", "--seed", "2"]);
    expect(twice.stderr).toBe("funnel-sim: --seed: give one seed (got 1, 2)\n");
    expect(twice.status).toBe(2);
  });

  test("0 and 4294967295 are taken", () => {
    for (const seed of ["0", "4294967295"]) {
      const r = cli(["run", SCENARIO, "--seed", seed, "--json", "--no-verdict"]);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).seed).toBe(Number(seed));
    }
  });
});

describe("stack traces name the files where they are installed", () => {
  test("a copy of bin/ and dist/ elsewhere: --debug traces name the copy, with the code cache in use", () => {
    const copy = resolve(mkdtempSync(join(tmpdir(), "funnel-sim-installed-")));
    cpSync("bin", join(copy, "bin"), { recursive: true });
    cpSync("dist", join(copy, "dist"), { recursive: true });
    symlinkSync(resolve("node_modules"), join(copy, "node_modules"), "dir");
    // A natural unexpected error: --out into a folder that does not exist (exit 1).
    const out = join(copy, "no", "such", "sweep.csv");
    const r = spawnSync(
      process.execPath,
      [
        join(copy, "bin", "funnel-sim.cjs"),
        "sweep",
        join("bench", "r1.yaml"),
        "--set",
        "marketing.channels.0.reach=1000",
        "--vary",
        "traffic=1",
        "--replications",
        "1",
        "--out",
        out,
        "--debug",
      ],
      { encoding: "utf8" },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(TRACE);
    const frames = r.stderr.split("\n").filter((l) => /^\s+at .*funnel-sim\.cjs:\d+:\d+/.test(l));
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) expect(f).toContain(join(copy, "dist", "funnel-sim.cjs:"));
    expect(r.stderr).not.toContain(resolve("dist"));
    // The copied cache is accepted by V8 there (so the trace above went through it).
    const cache = readFileSync(join(copy, "dist", "funnel-sim.cjs.v8cache"));
    const at = cache.toString("utf8", 4, 4 + cache.readUInt32LE(0));
    expect(at).toBe(resolve("dist", "funnel-sim.cjs"));
    const probe = `const fs = require("node:fs"), vm = require("node:vm"), M = require("node:module");
      const file = ${JSON.stringify(join(copy, "dist", "funnel-sim.cjs"))};
      const c = fs.readFileSync(file + ".v8cache");
      const s = new vm.Script(M.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData: c.subarray(4 + c.readUInt32LE(0)) });
      process.stdout.write(String(s.cachedDataRejected));`;
    expect(spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" }).stdout).toBe("false");
  });

  test("--debug before the command's name works; any other option there says where it goes", () => {
    const r = cli(["--debug", "run", "no/such.yaml"]);
    expect(r.stderr).toBe("funnel-sim: invalid scenario: no/such.yaml: no such file\n");
    expect(r.status).toBe(2);
    const json = cli(["--json", "run", SCENARIO]);
    expect(json.stderr).toMatch(
      /^funnel-sim: --json: options go after the command's name, e\.g\. funnel-sim run <scenario> --json\n/,
    );
    expect(json.status).toBe(2);
  });

  test("a command named like an Object method (toString, constructor) is an unknown command", () => {
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      const r = cli([name, SCENARIO]);
      expect(r.status, name).toBe(2);
      expect(r.stderr, name).not.toMatch(TRACE);
      expect(r.stderr, name).toMatch(/^funnel-sim: Unknown argument/);
    }
  });
});
