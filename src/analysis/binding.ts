import type { RunResult } from "../core/pipeline.js";
import { DAY_MIN, SLOT_MIN } from "../core/plan.js";
import { CAPACITY_DEPARTMENTS, type CapacityDepartment, DEPARTMENT_NAME } from "./departments.js";

export interface BindingHours {
  department: CapacityDepartment;
  /** Hours of the horizon (day × 24 + hour) in which this department lost anyone, summed over replications. */
  hours: number;
  text: string;
}

/** Hours each capacity department lost anyone, as "days a–b, hh:00–hh:59" text. */
export function bindingHours(runs: RunResult[], days: number): BindingHours[] {
  const slots = runs[0].clicksBySlot.length;
  const pick = {
    it: "lostHostingBySlot",
    sales: "lostAbandonBySlot",
    supply: "lostStockBySlot",
  } as const;
  return CAPACITY_DEPARTMENTS.map((department) => {
    const hit = new Uint8Array(slots);
    for (const r of runs) {
      const a = r[pick[department]];
      for (let s = 0; s < slots; s++) if (a[s] > 0) hit[s] = 1;
    }
    const dayHit = new Set<number>();
    const hourCount = new Array<number>(24).fill(0);
    let hours = 0;
    for (let s = 0; s < slots; s++)
      if (hit[s]) {
        hours++;
        dayHit.add(Math.floor((s * SLOT_MIN) / DAY_MIN) + 1);
        hourCount[s % 24]++;
      }
    const name = DEPARTMENT_NAME[department];
    if (hours === 0) return { department, hours, text: `${name} never binds` };
    // Hours of day on which it binds on at least a quarter of its binding days.
    const often = hourCount.map((n, h) => (n * 4 >= dayHit.size ? h : -1)).filter((h) => h >= 0);
    return {
      department,
      hours,
      text: `${name} binds ${ranges(often, (a, b) => `${pad(a)}:00–${pad(b)}:59`)} on days ${ranges(
        [...dayHit].sort((a, b) => a - b),
        (a, b) => (a === b ? `${a}` : `${a}–${b}`),
      )} (${hours} of ${days * 24} hours)`,
    };
  });
}

const pad = (h: number) => String(h).padStart(2, "0");

function ranges(xs: number[], fmt: (a: number, b: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    out.push(fmt(xs[i], xs[j]));
    i = j + 1;
  }
  return out.join(", ");
}
