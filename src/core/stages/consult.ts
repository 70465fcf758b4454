import { kernelMemory, readCounts } from "../../wasm/kernels.js";
import { ConsultCount } from "../codes.js";
import { C } from "../counters.js";
import { keepEarliest } from "../earliest.js";
import type { Plan } from "../plan.js";
import type { SiteExits } from "./hosting.js";
import type { Visitors } from "./visit.js";

/**
 * Purchase attempts made by consulted visitors who close, at the end of their consultation.
 * Columns in kernel memory, as Clicks'.
 */
export interface ConsultOutcome {
  attemptCount: number;
  /** Minute of each attempt; not sorted (consultations end in any order). */
  attemptMin: Float64Array;
  /** Who makes each attempt: the consulter's rank (see Visitors.patienceMin). */
  attemptConsulter: Int32Array;
  lostAbandonBySlot: Uint32Array;
  /** Consultant-minutes busy in each hour slot (on duty, inside the horizon, as utilisation). */
  busyMinBySlot: Float64Array;
  /** Minutes waited in the queue in each hour slot, summed over the requests waiting. */
  queueMinBySlot: Float64Array;
}

/**
 * The 90th percentile (nearest rank: the least wait that 90 % waited at most) of `zeros` zero
 * waits and the `count` positive ones (f32) at `at` in kernel memory, which it reorders. NaN
 * when there are none.
 */
function p90(at: number, count: number, zeros: number): number {
  const n = count + zeros;
  if (n === 0) return Number.NaN;
  const rank = Math.ceil(0.9 * n) - zeros; // 1-based among the positive waits
  return rank <= 0 ? 0 : kernelMemory().k.selectF32(at, count, rank - 1);
}

/**
 * Sales as one FIFO queue in front of the consultants' seats. First come, first served means
 * each request, in arrival order, takes the seat that can start it earliest (Kiefer–Wolfowitz
 * recursion), and a request whose wait would exceed its patience abandons without delaying
 * anyone behind it — so the queue needs no event list. A seat off duty is keyed lazily by the
 * next moment it is on duty; a call started on duty may run past the end of the shift. The
 * pass is a WebAssembly kernel (src/wasm/assembly/consult.ts).
 */
export function consult(
  plan: Plan,
  v: Visitors,
  exits: SiteExits,
  counters: Float64Array,
  /** Whether to record who makes each attempt (stages after the decision read it). */
  withVisitors = false,
): ConsultOutcome {
  const n = exits.requestCount;
  const memory = kernelMemory();
  const slots = v.clicksBySlot.length;
  const seats = plan.seatCount === Infinity ? 0 : plan.seatCount;
  const intervals = plan.seatIntervals;
  const attemptAt = memory.alloc(8 * n);
  const attemptConsulterAt = withVisitors ? memory.alloc(4 * n) : 0;
  const lostAt = memory.alloc(4 * slots);
  const intervalsAt = memory.alloc(8 * intervals.length);
  const seatNextAt = memory.alloc(4 * seats);
  const seatEndAt = memory.alloc(4 * seats);
  const heapAt = memory.alloc(12 * seats);
  const duty = plan.dutyIntervals;
  const dutyAt = memory.alloc(8 * duty.length);
  const servedWaitAt = memory.alloc(4 * n);
  const abandonWaitAt = memory.alloc(4 * n);
  const busyAt = memory.alloc(8 * slots);
  const queueAt = memory.alloc(8 * slots);
  memory.f64(busyAt, slots).fill(0);
  memory.f64(queueAt, slots).fill(0);
  memory.f64(dutyAt, duty.length).set(duty);
  memory.u32(lostAt, slots).fill(0);
  memory.f64(intervalsAt, intervals.length).set(intervals);
  memory.i32(seatNextAt, seats).set(plan.seatStart.subarray(0, seats));
  memory.i32(seatEndAt, seats).set(plan.seatStart.subarray(1, seats + 1));
  memory.k.consultPass(
    n,
    exits.requestAt,
    exits.requestConsulterAt,
    v.patienceAt,
    v.handleAt,
    plan.horizonMin,
    plan.seatCount === Infinity ? -1 : seats,
    intervalsAt,
    seatNextAt,
    seatEndAt,
    heapAt,
    attemptAt,
    attemptConsulterAt,
    lostAt,
    slots - 1, // requests made while the site drains count in the last slot
    dutyAt,
    duty.length / 2,
    servedWaitAt,
    abandonWaitAt,
    busyAt,
    queueAt,
  );
  const {
    attempts,
    abandoned,
    unserved,
    abandonedWouldBuy,
    unservedWouldBuy,
    consulted,
    waited,
    waitSum,
    busy,
    abandonedOffDuty: offDuty,
    abandonedOffDutyWouldBuy: offDutyWouldBuy,
    abandonWaitSum,
    firstAbandonMin,
  } = readCounts(memory.k.consultCount, ConsultCount);
  keepEarliest(counters, C.firstAbandonMin, firstAbandonMin);

  counters[C.lostAbandon] += abandoned;
  counters[C.lostAbandonBusy] += abandoned - offDuty;
  counters[C.lostAbandonOffDuty] += offDuty;
  counters[C.unservedAtEnd] += unserved;
  counters[C.lostAbandonBusyWouldBuy] += abandonedWouldBuy - offDutyWouldBuy;
  counters[C.lostAbandonOffDutyWouldBuy] += offDutyWouldBuy;
  counters[C.unservedWouldBuy] += unservedWouldBuy;
  counters[C.waitMinAbandoned] += abandonWaitSum;
  // Served requests that did not wait are not in the column: they are the lowest ranks, at 0.
  counters[C.waitP90Consulted] = p90(servedWaitAt, waited, consulted - waited);
  counters[C.waitP90Abandoned] = p90(abandonWaitAt, abandoned, 0);
  counters[C.consulted] += consulted;
  counters[C.notClosed] += consulted - attempts;
  counters[C.consultPurchaseAttempts] += attempts;
  counters[C.waitedForConsultant] += waited;
  counters[C.waitMinConsulted] += waitSum;
  counters[C.consultantBusyMin] += busy;
  return {
    attemptCount: attempts,
    lostAbandonBySlot: memory.u32(lostAt, slots).slice(),
    busyMinBySlot: memory.f64(busyAt, slots).slice(),
    queueMinBySlot: memory.f64(queueAt, slots).slice(),
    get attemptMin() {
      return memory.f64(attemptAt, attempts);
    },
    get attemptConsulter() {
      return memory.i32(attemptConsulterAt, attempts);
    },
  };
}
