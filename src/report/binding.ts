import { BINDING_SHARE, type BindingHours } from "../analysis/binding.js";
import { dayOf, hourOf, type Range, type SlotSpan } from "../analysis/slotDescription.js";
import { limitName } from "../model/stages.js";
import { formatDate, formatDay, formatWhole } from "./format.js";

const pad = (h: number) => String(h).padStart(2, "0");

/** Hours of day a–b as "aa:00–bb:59", ranges joined by ", ". */
const hourRanges = (hours: Range[]) =>
  hours.map(([a, b]) => `${pad(a)}:00–${pad(b)}:59`).join(", ");

/**
 * "day 2" or "days 2–14, 19–30"; with the horizon's start, each with its dates: "days 2–14 (Tue
 * 2027-01-05 to Sun 2027-01-17)".
 */
function dayRanges(days: Range[], start?: string): string {
  const single = days.length === 1 && days[0][0] === days[0][1];
  const dated = (a: number, b: number) =>
    start === undefined
      ? ""
      : a === b
        ? ` (${formatDate(a, start)})`
        : ` (${formatDate(a, start)} to ${formatDate(b, start)})`;
  return `${single ? "day" : "days"} ${days.map(([a, b]) => `${a === b ? `${a}` : `${a}–${b}`}${dated(a, b)}`).join(", ")}`;
}

/** "on day 3 10:00–15:59" within a day, else "from day 2 10:00 to day 14 23:59" (dated too). */
function span({ from, to }: SlotSpan, start?: string): string {
  const [d0, d1] = [formatDay(dayOf(from), start), formatDay(dayOf(to), start)];
  return dayOf(from) === dayOf(to)
    ? `on ${d0} ${pad(hourOf(from))}:00–${pad(hourOf(to))}:59`
    : `from ${d0} ${pad(hourOf(from))}:00 to ${d1} ${pad(hourOf(to))}:59`;
}

/** "a", "a and b", "a, b and c". */
function list(xs: string[]): string {
  return xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

/**
 * One sentence on when a capacity department binds, naming exactly the hours it counts:
 * - "supply binds 10:00–23:59 on days 2–14, 19–30 (312 of 720 hours, in this run)";
 * - "IT/hosting binds from day 2 10:00 to day 14 23:59 (…)";
 * - "sales binds in 38 scattered hours, 31 of them at 10:00–18:59 on days 1–2 (…)";
 * - "supply never binds (in this run)".
 * With several replications the parenthesis says which hours count: those in which it lost
 * someone in at least half of them (so `run`, one replication, and `explain`, 20, may differ,
 * and say why).
 */
export function renderBinding(b: BindingHours): string {
  const name = limitName(b.department);
  const total = formatWhole(b.share.length);
  const r = b.replications;
  const need = Math.ceil(BINDING_SHARE * r);
  const of = `of the ${formatWhole(r)} replications`;
  const d = b.description;
  if (d.kind === "none") {
    if (r === 1) return `${name} never binds (in this run)`;
    const most = Math.max(0, ...b.share.map((s) => Math.round(s * r)));
    if (most === 0) return `${name} never binds (in none ${of})`;
    const some = b.share.filter((s) => s > 0).length;
    return `${name} binds in no hour in at least ${formatWhole(need)} ${of} (in ${formatWhole(some)} of ${total} hours it lost someone in some replication, but never in more than ${formatWhole(most)} of the ${formatWhole(r)} in the same hour)`;
  }
  const basis =
    r === 1 ? "in this run" : `in which it lost someone in at least ${formatWhole(need)} ${of}`;
  const counted = `${formatWhole(d.count)} of ${total} hours${r === 1 ? ", " : ": those "}${basis}`;
  switch (d.kind) {
    case "grid":
      return `${name} binds ${hourRanges(d.hours)} on ${dayRanges(d.days, b.start)} (${counted})`;
    case "spans":
      return `${name} binds ${list(d.spans.map((x) => span(x, b.start)))} (${counted})`;
    case "scattered": {
      const held = d.inWindow === d.count ? "all of them" : `${formatWhole(d.inWindow)} of them`;
      return `${name} binds in ${formatWhole(d.count)} scattered hours of ${total}, ${held} at ${hourRanges(d.window.hours)} on ${dayRanges(d.window.days, b.start)} (${r === 1 ? basis : `hours ${basis}`})`;
    }
  }
}
