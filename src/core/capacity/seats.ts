import { DAY_MIN, SLOT_MIN } from "../codes.js";

/** What the seats are built from: a scenario's `sales` (the fields read here). */
export interface Staffing {
  consultants?: number | "unlimited";
  shifts?: readonly {
    consultants: number;
    hours: [number, number];
    days?: [number, number];
    /** Weekdays it works ("mon" …), with `firstWeekday` telling day 1's (0 = Monday). */
    weekdays?: readonly string[];
  }[];
}

const WEEKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Consultant seats and when each is on duty, as the consult kernel reads them. */
export interface SeatSchedule {
  /** Number of seats; Infinity when consultants are unlimited. */
  seatCount: number;
  /** On-duty intervals [from, to) in minutes, flattened pairs, seat by seat, ascending. */
  seatIntervals: Float64Array;
  /** Seat k's intervals are pairs seatStart[k] .. seatStart[k+1]-1. */
  seatStart: Int32Array;
  /** Seat-minutes on duty within [0, horizon). */
  seatMinutesInHorizon: number;
  /** When at least one consultant is on duty: [from, to) pairs in minutes, ascending, disjoint. */
  dutyIntervals: Float64Array;
}

/**
 * Expands `sales.consultants` (always on duty, also while the last visitors drain after the
 * horizon) or `sales.shifts` (on duty only in their hours; overnight when from > to) into seats.
 */
export function seatSchedule(sales: Staffing, days: number, firstWeekday = 0): SeatSchedule {
  const horizonMin = days * DAY_MIN;
  if (sales.consultants === "unlimited")
    return {
      seatCount: Infinity,
      seatIntervals: new Float64Array(0),
      seatStart: new Int32Array(1),
      seatMinutesInHorizon: Infinity,
      dutyIntervals: Float64Array.of(0, Infinity),
    };
  const seats: number[][] = [];
  if (sales.consultants !== undefined) {
    for (let k = 0; k < sales.consultants; k++) seats.push([0, Infinity]);
  } else {
    for (const shift of sales.shifts ?? []) {
      const [first, last] = shift.days ?? [1, days];
      const [from, to] = shift.hours;
      const pairs: number[] = [];
      const works = shift.weekdays;
      for (let d = first; d <= last; d++) {
        if (works && !works.includes(WEEKDAY_NAMES[(firstWeekday + d - 1) % 7])) continue;
        const start = (d - 1) * DAY_MIN + from * SLOT_MIN;
        const end = (from < to ? d - 1 : d) * DAY_MIN + to * 60;
        // Back-to-back days (e.g. hours [0, 24]) are one continuous stretch on duty.
        if (pairs.length && pairs[pairs.length - 1] === start) pairs[pairs.length - 1] = end;
        else pairs.push(start, end);
      }
      for (let k = 0; k < shift.consultants; k++) seats.push(pairs);
    }
  }
  const seatStart = new Int32Array(seats.length + 1);
  let total = 0;
  seats.forEach((p, k) => {
    total += p.length / 2;
    seatStart[k + 1] = total;
  });
  const seatIntervals = new Float64Array(total * 2);
  let minutes = 0;
  seats.forEach((p, k) => {
    seatIntervals.set(p, seatStart[k] * 2);
    for (let i = 0; i < p.length; i += 2)
      minutes += Math.max(0, Math.min(p[i + 1], horizonMin) - Math.min(p[i], horizonMin));
  });
  return {
    seatCount: seats.length,
    seatIntervals,
    seatStart,
    seatMinutesInHorizon: minutes,
    dutyIntervals: union(seats),
  };
}

/** The union of every seat's on-duty intervals, merged into ascending disjoint pairs. */
function union(seats: number[][]): Float64Array {
  const all: [number, number][] = [];
  for (const p of new Set(seats)) for (let i = 0; i < p.length; i += 2) all.push([p[i], p[i + 1]]);
  all.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [from, to] of all) {
    if (out.length && from <= out[out.length - 1])
      out[out.length - 1] = Math.max(out[out.length - 1], to);
    else out.push(from, to);
  }
  return Float64Array.from(out);
}
