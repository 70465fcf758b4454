// Reading a scenario file (src/scenario/read.ts): only a regular file is read, never more than
// a megabyte and a byte of it, and only UTF-8 text without NUL bytes; every refusal is a
// ScenarioError saying what the file is or where the bad byte is.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { loadScenario, parseScenario } from "../../src/index.js";
import { firstInvalidUtf8 } from "../../src/scenario/read.js";
import { propRuns } from "../propRuns.js";
import { FIXTURE, scenarioError, timedError } from "./fixture.js";

const dir = mkdtempSync(join(tmpdir(), "funnel-sim-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/**
 * Runs loadScenario(path) in a child process (a FIFO that blocked would block this test's
 * thread, which no timeout can interrupt): its message, or "hung" after 10 s.
 */
function loadInChild(path: string): string {
  const script = `import("./src/scenario/parse.ts").then((p) => {
    try { p.loadScenario(${JSON.stringify(path)}); console.log("accepted"); }
    catch (e) { console.log(e.name + ": " + e.message); }
  });`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
    encoding: "utf8",
    timeout: 10_000,
  });
  return r.error ? "hung" : r.stdout.trim();
}

describe("only a regular file is read", () => {
  it("a FIFO with no writer is refused at once, without opening it", () => {
    const fifo = join(dir, "pipe.yaml");
    const made = spawnSync("mkfifo", [fifo]);
    if (made.status !== 0) return; // no mkfifo here: nothing to test
    expect(loadInChild(fifo)).toBe(
      `ScenarioError: invalid scenario: ${fifo}: is a FIFO, not a scenario file`,
    );
    // A symbolic link is followed: to a FIFO, it is the FIFO that is refused.
    const link = join(dir, "pipe-link.yaml");
    symlinkSync(fifo, link);
    expect(loadInChild(link)).toBe(
      `ScenarioError: invalid scenario: ${link}: is a FIFO, not a scenario file`,
    );
  });

  it("a device (/dev/zero) is refused, not read until memory runs out", () => {
    if (!existsSync("/dev/zero")) return;
    const { error, ms } = timedError(() => loadScenario("/dev/zero"));
    expect(error.message).toBe(
      "invalid scenario: /dev/zero: is a character device, not a scenario file",
    );
    expect(ms).toBeLessThan(1000);
  });

  it("a directory is refused as one", () => {
    expect(scenarioError(() => loadScenario(dir)).problems).toEqual([
      { file: dir, line: 0, col: 0, path: "", message: "is a directory, not a scenario file" },
    ]);
  });

  it("a socket is refused", async () => {
    const path = join(dir, "socket.yaml");
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      expect(scenarioError(() => loadScenario(path)).problems[0].message).toBe(
        "is a socket, not a scenario file",
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a symbolic link to a regular file is read like the file", () => {
    const target = file("target.yaml", FIXTURE);
    const link = join(dir, "link.yaml");
    symlinkSync(target, link);
    expect(loadScenario(link)).toEqual(loadScenario(target));
  });
});

describe("never more than a megabyte is read", () => {
  it("a file whose size is above the limit is refused before reading", () => {
    const big = file("big.yaml", `${FIXTURE}#${"x".repeat(1 << 20)}\n`);
    expect(scenarioError(() => loadScenario(big)).problems[0].message).toMatch(
      /^file is 1,049,\d{3} bytes; a scenario may be at most 1,048,576$/,
    );
  });

  it("a file that stat says is empty but holds megabytes (/proc/kallsyms) stops at the limit", () => {
    // A file of /proc grows as it is read, from a size of 0: what a size check let through.
    if (!existsSync("/proc/kallsyms")) return;
    const { error, ms } = timedError(() => loadScenario("/proc/kallsyms"));
    expect(error.problems[0].message).toBe(
      "file is more than 1,048,576 bytes; a scenario may be at most 1,048,576",
    );
    expect(ms).toBeLessThan(2000);
  });

  it("text given directly is held to the same limit", () => {
    const text = `${FIXTURE}#${"x".repeat(1 << 20)}\n`;
    expect(scenarioError(() => parseScenario(text, "big.yaml")).problems[0].message).toMatch(
      /^the scenario is 1,049,\d{3} bytes; it may be at most 1,048,576$/,
    );
  });
});

describe("a scenario is UTF-8 text", () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));

  it("a NUL byte is refused with its byte, line and column", () => {
    const path = file("nul.yaml", bytes("name: R1\nseed: 1", [0], "\n"));
    const { problems, message } = scenarioError(() => loadScenario(path));
    expect(problems).toEqual([
      {
        file: path,
        line: 2,
        col: 8,
        path: "",
        message:
          "a NUL byte at byte 17 (line 2, column 8): a scenario is text (is this a binary file?)",
      },
    ]);
    expect(message).toBe(`invalid scenario: ${path}:2:8: ${problems[0].message}`);
  });

  it("invalid UTF-8 is refused at its first bad byte, the column in characters", () => {
    // Line 3 has "é" (2 bytes, 1 character) before the Latin-1 é (0xe9) that is not UTF-8.
    const path = file("latin1.yaml", bytes("name: R1\nseed: 1\ncurrency: é ", [0xe9], "\n"));
    expect(scenarioError(() => loadScenario(path)).problems).toEqual([
      {
        file: path,
        line: 3,
        col: 13,
        path: "",
        message: "byte 31 (line 3, column 13) is not valid UTF-8: save the file as UTF-8 text",
      },
    ]);
  });

  it("both are reported when a file has both, in the file's order", () => {
    const path = file("both.yaml", bytes([0xff], "\n", [0]));
    expect(scenarioError(() => loadScenario(path)).problems.map((p) => p.line)).toEqual([1, 2]);
  });

  it("a leading byte-order mark is fine, and columns are counted after it", () => {
    const withBom = file("bom.yaml", bytes([0xef, 0xbb, 0xbf], FIXTURE));
    expect(loadScenario(withBom)).toEqual(parseScenario(FIXTURE, "bench.yaml"));
    const bad = file("bom-bad.yaml", bytes([0xef, 0xbb, 0xbf], "ab", [0xc0], "\n"));
    expect(scenarioError(() => loadScenario(bad)).problems[0]).toMatchObject({
      line: 1,
      col: 3,
      message: "byte 6 (line 1, column 3) is not valid UTF-8: save the file as UTF-8 text",
    });
  });

  it.each([
    ["a lone continuation byte", [0x80], 0],
    ["an overlong '/'", [0x61, 0xc0, 0xaf], 1],
    ["an overlong 3-byte form", [0xe0, 0x80, 0xaf], 0],
    ["a UTF-16 surrogate", [0xed, 0xa0, 0x80], 0],
    ["above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
    ["a sequence cut short", [0x61, 0x62, 0xe2, 0x82], 2],
    ["a sequence cut by ASCII", [0xe2, 0x41, 0x42], 0],
    ["valid: é, €, 😀", [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], -1],
  ])("%s: first bad byte at %j → %i", (_, input, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(input as number[]))).toBe(offset);
  });

  it("agrees with TextDecoder on random bytes: valid exactly when it decodes, and up to its offset", () => {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const decodes = (b: Uint8Array) => {
      try {
        decoder.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    // Bytes biased toward UTF-8's structure, so that valid multi-byte sequences occur.
    const byte = fc.oneof(
      fc.integer({ min: 0, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0xbf }),
      fc.integer({ min: 0xc0, max: 0xff }),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 24 }), (list) => {
        const b = Uint8Array.from(list);
        const at = firstInvalidUtf8(b);
        expect(at === -1).toBe(decodes(b));
        if (at >= 0) expect(decodes(b.subarray(0, at))).toBe(true);
      }),
      { numRuns: propRuns(2000) },
    );
  });
});

describe("errors of the file system, in words", () => {
  it("a missing file", () => {
    expect(scenarioError(() => loadScenario(join(dir, "none.yaml"))).problems[0].message).toBe(
      "no such file",
    );
  });

  it("a path through a file", () => {
    const f = file("plain.yaml", FIXTURE);
    expect(scenarioError(() => loadScenario(join(f, "x.yaml"))).problems[0].message).toBe(
      "no such file (a part of the path is not a directory)",
    );
  });
});
