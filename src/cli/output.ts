import { closeSync, fsyncSync, openSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UsageError } from "./errors.js";
import { errorWords, WriteError, writeAll } from "./write.js";

/** The formats `--out FILE` writes, told by the file's extension. */
export type OutFormat = "csv" | "json";

/** The format of an `--out` file from its extension; a usage error for any other. */
export function outFormat(file: string): OutFormat {
  const ext = file.toLowerCase().match(/\.(csv|json)$/)?.[1];
  if (ext === "csv" || ext === "json") return ext;
  throw new UsageError(`--out ${file}: name a .csv or .json file`);
}

/**
 * Writes `text` to `file` atomically: into a temporary file in the same folder, flushed, then
 * renamed over `file` (a rename within one file system replaces it whole), so an existing file
 * is never left half-written and a failed write leaves it as it was. A failure throws a
 * WriteError: "cannot write the report to sweep.csv: no space left on device".
 */
export function writeAtomically(file: string, text: string | Iterable<string>): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, "w");
    // Pieces are written one by one: a part of a big study is more than one string can hold.
    for (const piece of typeof text === "string" ? [text] : text) writeAll(fd, piece);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, file);
  } catch (e) {
    try {
      if (fd !== undefined) closeSync(fd);
      rmSync(temporary, { force: true });
    } catch {
      // The write's own error is the one to tell.
    }
    throw new WriteError(`cannot write the report to ${file}: ${errorWords(e)}`, e);
  }
}

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows to CSV text (CRLF line ends, RFC 4180). */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return `${rows.map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}
