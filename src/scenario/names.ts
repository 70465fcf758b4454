import * as z from "zod";
import { hasUnprintable, quoted } from "./errors.js";

// Names the reports print: of the scenario, its channels, segments, currency and what-if
// variants. A control character in one (ESC, a newline, a bidirectional override) would move
// the cursor, clear the screen or reorder the text in every report that shows it, so a name
// may not hold one. Messages escape what they echo (printable in src/scenario/errors.ts);
// the reports print names as they are, which this keeps safe.

/** A name shown in the report: a non-empty string without control characters. */
export const label = (what: string) =>
  z
    .string()
    .min(1)
    .refine((s) => !hasUnprintable(s), {
      error: (issue) =>
        `${what} is shown in the report: it may not hold control characters (got ${quoted(String(issue.input).slice(0, 60))})`,
    });
