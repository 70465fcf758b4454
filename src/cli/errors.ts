import { ScenarioError } from "../scenario/errors.js";

/** A wrong command line (unknown option, missing argument). */
export class UsageError extends Error {}

/** Work refused before it starts: more memory or time than allowed (exit 2, no usage hint). */
export class LimitError extends Error {}

/** Exit codes: 2 for bad input (scenario or command line), 1 for anything else. */
export function exitOnError(e: unknown, debug: boolean): never {
  const bad = e instanceof ScenarioError || e instanceof UsageError || e instanceof LimitError;
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`funnel-sim: ${message}\n`);
  if (!bad)
    process.stderr.write(
      debug && e instanceof Error ? `${e.stack}\n` : "(run with --debug for the stack trace)\n",
    );
  else if (e instanceof UsageError) process.stderr.write("run 'funnel-sim --help' for usage\n");
  process.exit(bad ? 2 : 1);
}
