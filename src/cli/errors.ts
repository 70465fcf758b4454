import { ScenarioError } from "../scenario/errors.js";
import { WriteError, writeStderr } from "./write.js";

/** A wrong command line (unknown option, missing argument). */
export class UsageError extends Error {
  /** Whether the message ends with "run 'funnel-sim --help' for usage". */
  readonly hint: boolean;
  constructor(message: string, options: { hint?: boolean } = {}) {
    super(message);
    this.hint = options.hint ?? true;
  }
}

/** Work refused before it starts: more memory or time than allowed (exit 2, no usage hint). */
export class LimitError extends Error {}

/**
 * Ends the process on an error, with its message on stderr, written completely before the
 * exit. Exit codes: 2 for bad input (scenario or command line), 1 for anything else; a report
 * that could not be written (WriteError) is one line, exit 1, and a closed pipe (the reader of
 * `funnel-sim … | head` stopped reading) ends quietly, exit 0.
 */
export function exitOnError(e: unknown, debug: boolean): never {
  if (e instanceof WriteError && (e.code === "EPIPE" || e.code === "ECONNRESET")) process.exit(0);
  const bad = e instanceof ScenarioError || e instanceof UsageError || e instanceof LimitError;
  const message = e instanceof Error ? e.message : String(e);
  let text = `funnel-sim: ${message}\n`;
  if (!bad && debug && e instanceof Error)
    text += `${e.stack}\n${e.cause instanceof Error ? `caused by ${e.cause.stack}\n` : ""}`;
  else if (!bad && !(e instanceof WriteError)) text += "(run with --debug for the stack trace)\n";
  else if (e instanceof UsageError && e.hint) text += "run 'funnel-sim --help' for usage\n";
  writeStderr(text);
  process.exit(bad ? 2 : 1);
}
