import type { Estimate } from "../analysis/replications.js";

// Number formats for reports, built on first use: constructing an Intl.NumberFormat loads ICU
// data (~15 ms here), which a --json run never needs.

let whole: Intl.NumberFormat | undefined;
let cents: Intl.NumberFormat | undefined;

/** 1234567.8 → "1,234,568". */
export function formatWhole(x: number): string {
  whole ??= new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  return whole.format(x);
}

/** An estimate as "1,234 ± 56" (mean ± 95 % half-width, whole numbers). */
export const formatEstimate = (e: Estimate) =>
  `${formatWhole(e.mean)} ± ${formatWhole(e.halfWidth)}`;

/** A change with its sign: "+1,234", "−56". */
export const formatSigned = (x: number) => `${x >= 0 ? "+" : "−"}${formatWhole(Math.abs(x))}`;

/** 1234.567 → "1,234.57". */
export function formatMoney(x: number): string {
  cents ??= new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
  return cents.format(x);
}

/** A minute of the horizon as the planner reads it: 2,087 → "day 2, 10:47". */
export function formatMinute(min: number, start?: string): string {
  const m = Math.floor(min);
  const day = Math.floor(m / 1440) + 1;
  const hh = String(Math.floor((m % 1440) / 60)).padStart(2, "0");
  const mm = String(m % 60).padStart(2, "0");
  return `${formatDay(day, start)}, ${hh}:${mm}`;
}

const WEEKDAY = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Day 8 of a horizon starting on 2027-01-04 → "Mon 2027-01-11". */
export function formatDate(day: number, start: string): string {
  const [y, mo, d] = start.split("-").map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d + day - 1));
  return `${WEEKDAY[date.getUTCDay()]} ${date.toISOString().slice(0, 10)}`;
}

/** Day 8 of a horizon starting on 2027-01-04 → "day 8 (Mon 2027-01-11)"; "day 8" without one. */
export function formatDay(day: number, start?: string): string {
  return start === undefined ? `day ${day}` : `day ${day} (${formatDate(day, start)})`;
}
