import { C } from "../counters.js";
import { type Plan, SLOT_MIN } from "../plan.js";
import type { ConsultOutcome } from "./consult.js";
import type { SiteExits } from "./hosting.js";

/**
 * Supply as a container: purchase attempts, direct and after consultation, merged in time
 * order, each take one unit; restocks arrive at the start of their day; an attempt that finds
 * the shelf empty is lost to supply.
 */
export function purchase(
  plan: Plan,
  exits: SiteExits,
  consulted: ConsultOutcome,
  counters: Float64Array,
  lostStockBySlot: Uint32Array,
): void {
  const direct = exits.directMin;
  const nDirect = exits.directCount;
  const afterConsult = consulted.attemptMin.subarray(0, consulted.attemptCount).sort();
  const nConsult = afterConsult.length;
  const restockMin = plan.restockMin;
  const restockUnits = plan.restockUnits;
  const nRestock = restockMin.length;

  let stock = plan.stock;
  let i = 0;
  let j = 0;
  let r = 0;
  let bought = 0;
  let lost = 0;
  let stockOutMin = NaN;
  while (i < nDirect || j < nConsult) {
    // Direct attempts win ties: they were decided before any consultation ending then.
    const t =
      j >= nConsult || (i < nDirect && direct[i] <= afterConsult[j])
        ? direct[i++]
        : afterConsult[j++];
    while (r < nRestock && restockMin[r] <= t) stock += restockUnits[r++];
    if (stock > 0) {
      stock--;
      bought++;
    } else {
      lost++;
      if (lost === 1) stockOutMin = t;
      lostStockBySlot[Math.min(Math.floor(t / SLOT_MIN), lostStockBySlot.length - 1)]++;
    }
  }
  counters[C.purchaseAttempts] += nDirect + nConsult;
  counters[C.purchased] += bought;
  counters[C.lostStock] += lost;
  if (!(counters[C.stockOutMin] <= stockOutMin)) counters[C.stockOutMin] = stockOutMin;
}
