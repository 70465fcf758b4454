// The campaign's calendar: day 1 as a date, and weekdays. Dates name days in reports and let
// a scenario say "weekdays" (shifts, traffic) instead of listing day numbers.
import * as z from "zod";

/** Weekdays as a scenario writes them, Monday first (ISO 8601). */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date "YYYY-MM-DD" (2027-02-30 is refused). */
function isDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Whether the runtime knows an IANA time zone ("Europe/Berlin"). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const startSchema = z
  .string({ error: 'expected a date "YYYY-MM-DD" in quotes, e.g. "2027-03-01"' })
  .refine(isDate, { error: 'expected a real date "YYYY-MM-DD", e.g. "2027-03-01"' })
  .describe('The date of day 1, "YYYY-MM-DD": lets shifts and traffic say weekdays');

export const timeZoneSchema = z
  .string()
  .refine(isTimeZone, {
    error:
      'expected an IANA time zone, e.g. "Europe/Berlin" (every time in the scenario is local to it)',
  })
  .describe(
    'The time zone every hour and minute of the scenario is in, e.g. "Europe/Berlin" (a label for reports)',
  );

export const weekdaySchema = z
  .enum(WEEKDAYS, { error: `expected a weekday: ${WEEKDAYS.join(", ")}` })
  .describe("A weekday: mon, tue, wed, thu, fri, sat or sun");

/** Relative weight of each weekday (unnamed weekdays weigh 1). */
export const weekdayWeightsSchema = z
  .partialRecord(
    weekdaySchema,
    z.number().min(0).describe("Relative weight of this weekday (1: as the others)"),
  )
  .describe(
    "Relative weight of each weekday (mon … sun), multiplying the daily weights; weekdays not named weigh 1 (needs horizon.start)",
  );

/** Index (0 = Monday) of the weekday of day 1 of a horizon starting on `start`. */
export function firstWeekday(start: string): number {
  const [y, m, d] = start.split("-").map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** Index (0 = Monday) of the weekday of 1-based `day`, day 1 being weekday `first`. */
export const weekdayOf = (first: number, day: number) => (first + day - 1) % 7;

/** Weekday (0 = Monday) of day 1 of a scenario's horizon; Monday when it gives no start. */
export function startWeekday(s: { horizon: { start?: string } }): number {
  return s.horizon.start === undefined ? 0 : firstWeekday(s.horizon.start);
}
