import type { RunResult } from "../core/pipeline.js";
import type { CapacityDeclaration } from "../model/stage.js";
import { CAPACITIES } from "../model/stages.js";
import { describeSlots, HOURS_PER_DAY, type SlotDescription } from "./slotDescription.js";

export {
  describeSlots,
  type Range,
  type SlotDescription,
  type SlotSpan,
} from "./slotDescription.js";

/**
 * Share of replications in which a department must lose someone in an hour slot for that hour
 * to count as binding. A majority, because the count must describe the scenario, not the
 * luck of one draw: the union over replications (any replication lost someone) grows with the
 * number of replications, the hours of a typical replication do not. With one replication a
 * slot binds exactly when that run lost someone in it; with 20, when at least 10 did.
 */
export const BINDING_SHARE = 0.5;

/** When one capacity limit binds: data only (src/report/binding.ts words it). */
export interface BindingHours {
  /** The limit (CapacityDeclaration.id: "it", "sales", "supply", "payments"). */
  department: string;
  /** Replications the figures are over. */
  replications: number;
  /**
   * For each hour slot ((day − 1) × 24 + hour, days × 24 of them), the share of replications
   * in which the department lost anyone in that slot.
   */
  share: number[];
  /** The binding slots, ascending: those with share ≥ {@link BINDING_SHARE}. */
  slots: number[];
  /** slots.length. */
  hours: number;
  /** The earliest binding slot, or null. */
  firstSlot: number | null;
  /** The date of day 1 ("YYYY-MM-DD"), when the scenario gives horizon.start. */
  start?: string;
  /** An exact description of `slots`. */
  description: SlotDescription;
}

/**
 * When each capacity limit binds (in the order given): the hour slots in which it lost anyone
 * in at least {@link BINDING_SHARE} of the replications `runs`, over `days` days. By default
 * every declared limit the runs count losses for.
 */
export function bindingHours(
  runs: RunResult[],
  days: number,
  limits: readonly Pick<CapacityDeclaration, "id" | "lostBySlot">[] = CAPACITIES.filter(
    (c) => runs.length > 0 && c.lostBySlot in runs[0].lostBySlot,
  ),
  /** horizon.start, for sentences that name dates. */
  start?: string,
): BindingHours[] {
  if (runs.length === 0) throw new RangeError("bindingHours needs at least one run");
  const n = days * HOURS_PER_DAY;
  for (const r of runs)
    for (const { lostBySlot } of limits)
      if (r.lostBySlot[lostBySlot]?.length !== n)
        throw new RangeError(
          `replication ${r.replication}: ${lostBySlot} has ${r.lostBySlot[lostBySlot]?.length ?? 0} slots, expected ${n} (${days} days × 24)`,
        );
  const replications = runs.length;
  return limits.map(({ id: department, lostBySlot }) => {
    const hits = new Array<number>(n).fill(0);
    for (const r of runs) {
      const lost = r.lostBySlot[lostBySlot];
      for (let s = 0; s < n; s++) if (lost[s] > 0) hits[s]++;
    }
    // Compared as counts: hits ≥ BINDING_SHARE × replications, exact for a share of 0.5.
    const slots: number[] = [];
    for (let s = 0; s < n; s++) if (hits[s] >= BINDING_SHARE * replications) slots.push(s);
    return {
      department,
      replications,
      share: hits.map((h) => h / replications),
      slots,
      hours: slots.length,
      firstSlot: slots.length > 0 ? slots[0] : null,
      ...(start === undefined ? {} : { start }),
      description: describeSlots(slots, days),
    };
  });
}
