import { writeSync } from "node:fs";

// Writing the CLI's output: synchronously and completely, so that nothing is lost when the
// process exits (process.exit does not wait for a pipe's queued writes), and with a write error
// told in one line instead of an "Unhandled 'error' event" and its stack trace.
//
// A closed pipe (EPIPE: `funnel-sim run … | head -1`) ends the process quietly with exit code
// 0: the reader chose to stop reading, which is not this program's failure, and a non-zero
// code would fail a `set -o pipefail` script for reading only the first lines. (Node ignores
// SIGPIPE, so the shells' usual 141 would have to be faked.)

/** Words for the error codes a write can fail with, for a one-line message. */
const WORDS: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  EIO: "input/output error",
  EBADF: "the output is closed (bad file descriptor)",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOENT: "no such file or directory",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "it is a folder",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many symbolic links",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  EBUSY: "device or resource busy",
  ETXTBSY: "file busy",
  EXDEV: "not on the same file system",
  ENXIO: "no such device or address",
  ENODEV: "no such device",
  EINVAL: "invalid argument",
  EPIPE: "the reader closed the pipe",
  ECONNRESET: "the reader closed the connection",
};

/** The code of a system error (ENOSPC, EPIPE, …), if it is one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** A system error in words: "no space left on device" for ENOSPC. */
export function errorWords(e: unknown): string {
  const code = errorCode(e);
  if (code !== undefined) return WORDS[code] ?? `system error ${code}`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The command's output could not be written (stdout or an --out file): exit 1 with this one
 * line, or, for a closed pipe (`code` EPIPE), quietly with exit 0.
 */
export class WriteError extends Error {
  /** The system error's code: ENOSPC, EPIPE, … */
  readonly code: string | undefined;
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = "WriteError";
    this.code = errorCode(cause);
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks this thread for `ms` milliseconds. */
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

/**
 * Writes all of `data` to the file descriptor `fd` before returning: a write may take only
 * part of it (a pipe takes what fits), and a non-blocking pipe that is full (EAGAIN) is waited
 * on, briefly and again, until its reader makes room. Throws the system error otherwise.
 */
export function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let offset = 0;
  let wait = 1;
  while (offset < bytes.length) {
    let written = 0;
    try {
      written = writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (e) {
      const code = errorCode(e);
      if (code !== "EAGAIN" && code !== "EWOULDBLOCK" && code !== "EINTR") throw e;
    }
    offset += written;
    if (written > 0) wait = 1;
    else {
      sleep(wait);
      wait = Math.min(2 * wait, 50);
    }
  }
}

/**
 * Writes the command's report (the text or JSON it prints) to stdout, completely, before
 * returning. A failure throws a WriteError: "cannot write the report: no space left on
 * device", or, when the reader closed the pipe, one that exitOnError ends quietly (exit 0).
 * Commands call this instead of `process.stdout.write`.
 */
export function writeReport(text: string): void {
  try {
    writeAll(1, text);
  } catch (e) {
    throw new WriteError(`cannot write the report: ${errorWords(e)}`, e);
  }
}

/**
 * Writes a message to stderr, completely, before returning (so that process.exit right after
 * loses none of it). A failure is ignored: there is nowhere left to tell it. Returns whether
 * it was written.
 */
export function writeStderr(text: string): boolean {
  try {
    writeAll(2, text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Guards process.stdout and process.stderr, when (and if) the process first uses them, so
 * that any write through them, not only writeReport's, fails in one line:
 * - their writes are made blocking, as writeReport's are: a pipe's stream otherwise queues
 *   what does not fit, and process.exit drops the queue (and could put an error message
 *   written directly to the file descriptor before a warning still queued);
 * - an error on stdout (ENOSPC, EPIPE, …) goes to `onStdoutError` as a WriteError: from its
 *   'error' event, or at exit when the process exits before that event (yargs' --help writes
 *   through console.log, which ignores errors, and exits at once) and no error was told yet;
 * - an error on stderr is ignored (there is nowhere to tell it), where it would have crashed
 *   the process.
 * The streams are created on first use, not here: creating them adds to every start
 * (docs/performance.md), and a command that writes with writeReport never needs them.
 */
export function guardStdio(onStdoutError: (e: WriteError) => void): void {
  let told = false;
  const stdoutError = (e: unknown) => {
    if (told) return;
    told = true;
    onStdoutError(new WriteError(`cannot write the report: ${errorWords(e)}`, e));
  };
  const guard = (name: "stdout" | "stderr", stream: NodeJS.WriteStream) => {
    stream.on("error", name === "stdout" ? stdoutError : () => {});
    const handle = (stream as { _handle?: { setBlocking?: (on: boolean) => unknown } })._handle;
    handle?.setBlocking?.(true);
    if (name === "stdout")
      process.on("exit", (code) => {
        if (code === 0 && stream.errored) stdoutError(stream.errored);
      });
    return stream;
  };
  for (const name of ["stdout", "stderr"] as const) {
    const original = Object.getOwnPropertyDescriptor(process, name);
    if (!original?.get || !original.configurable) {
      guard(name, process[name]);
      continue;
    }
    const get = original.get;
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: original.enumerable,
      get() {
        // The first use creates the stream (Node keeps it), guards it, and puts the getter back.
        Object.defineProperty(process, name, original);
        return guard(name, get.call(process));
      },
    });
  }
}
