import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from "node:fs";
import { count, type Problem, ScenarioError } from "./errors.js";

// Reading a scenario file: a regular file of at most a megabyte of UTF-8 text. A size from
// stat is 0 for special files, so reading what stat allowed grew to 8 GB on /dev/zero, and a
// FIFO with no writer blocked forever: the kind of file is checked first, without opening it,
// and the read itself stops one byte past the limit, so a file that grows while it is read is
// capped too. Bytes that are not text (a NUL, invalid UTF-8) are refused with where they are.

/** Scenario files larger than this are refused before parsing (a scenario is a page of YAML). */
export const MAX_SCENARIO_BYTES = 1 << 20;

/** What a file that is not a regular file is, for "is a FIFO, not a scenario file". */
function kind(st: Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/** Why a file could not be read, in words. */
const ERRNO: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "cannot read: permission denied",
  EPERM: "cannot read: operation not permitted",
  ENOTDIR: "no such file (a part of the path is not a directory)",
  ELOOP: "cannot read: too many levels of symbolic links",
  ENAMETOOLONG: "cannot read: the file name is too long",
  EISDIR: "is a directory, not a scenario file",
  EIO: "cannot read: input/output error",
};

/**
 * The text of scenario file `file`: refused (ScenarioError) unless it is a regular file (a
 * symbolic link to one is fine) of at most MAX_SCENARIO_BYTES bytes of UTF-8 without NUL bytes.
 */
export function readScenarioFile(file: string): string {
  const refuse = (message: string): never => {
    throw new ScenarioError([{ file, line: 0, col: 0, path: "", message }]);
  };
  const notRegular = (st: Stats) => refuse(`is ${kind(st)}, not a scenario file`);
  const tooLarge = (size: string) =>
    refuse(`file is ${size} bytes; a scenario may be at most ${count(MAX_SCENARIO_BYTES)}`);
  let fd: number | undefined;
  try {
    // stat follows a symbolic link: the file it names is what counts.
    const st = statSync(file);
    if (!st.isFile()) notRegular(st);
    if (st.size > MAX_SCENARIO_BYTES) tooLarge(count(st.size));
    // O_NONBLOCK: should the file have become a FIFO since the stat, opening it returns at
    // once instead of waiting for a writer, and the fstat below refuses it.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const opened = fstatSync(fd);
    if (!opened.isFile()) notRegular(opened);
    // One byte more than allowed tells a file that is too large (or grew) from one that fits.
    const bytes = Buffer.alloc(MAX_SCENARIO_BYTES + 1);
    let size = 0;
    for (;;) {
      const n = readSync(fd, bytes, size, bytes.length - size, null);
      if (n === 0) break;
      size += n;
      if (size === bytes.length) tooLarge(`more than ${count(MAX_SCENARIO_BYTES)}`);
    }
    return decodeScenario(bytes.subarray(0, size), file);
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    return refuse((code && ERRNO[code]) ?? `cannot read: ${code ?? String(e)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * `bytes` as text: UTF-8 (a leading byte-order mark is dropped), refused with the byte, line
 * and column of the first NUL and of the first byte that is not valid UTF-8. Bytes are counted
 * from 1, like lines and columns; columns count characters as the YAML messages do (UTF-16
 * code units, after the byte-order mark).
 */
export function decodeScenario(bytes: Uint8Array, file: string): string {
  let text: string | undefined;
  let invalid = -1;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    invalid = firstInvalidUtf8(bytes);
  }
  const nul = bytes.indexOf(0);
  if (text !== undefined && nul < 0) return text;
  const problems: Problem[] = [];
  const at = (offset: number, what: (where: string) => string) => {
    const { line, col } = lineAndColumn(bytes, offset);
    problems.push({
      file,
      line,
      col,
      path: "",
      message: what(`byte ${count(offset + 1)} (line ${count(line)}, column ${count(col)})`),
    });
  };
  if (nul >= 0)
    at(nul, (where) => `a NUL byte at ${where}: a scenario is text (is this a binary file?)`);
  if (invalid >= 0)
    at(invalid, (where) => `${where} is not valid UTF-8: save the file as UTF-8 text`);
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  throw new ScenarioError(problems);
}

/** 1-based line and column of byte `offset`: the column in UTF-16 code units, as yaml counts. */
function lineAndColumn(bytes: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++)
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  if (start === 0 && BOM.every((b, i) => bytes[i] === b)) start = Math.min(3, offset);
  // The bytes before `offset` on its line are valid UTF-8 unless a NUL comes after an invalid
  // byte; then the replacement characters still count one column each.
  const before = new TextDecoder("utf-8", { ignoreBOM: true }).decode(
    bytes.subarray(start, offset),
  );
  return { line, col: before.length + 1 };
}

/**
 * Offset of the first byte that starts no valid UTF-8 sequence (the lead byte of a truncated
 * or malformed one), by the rules TextDecoder applies: no overlong forms, no surrogates, nothing
 * above U+10FFFF. -1 when every byte is valid.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let follow: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) follow = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      follow = 2;
      if (lead === 0xe0) low = 0xa0; // overlong
      if (lead === 0xed) high = 0x9f; // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      follow = 3;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= follow; k++) {
      const b = bytes[i + k];
      if (b === undefined || b < (k === 1 ? low : 0x80) || b > (k === 1 ? high : 0xbf)) return i;
    }
    i += follow + 1;
  }
  return -1;
}
