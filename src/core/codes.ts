// The numbers the host and the WebAssembly kernels share, declared once, here. scripts/kernels.mjs
// writes them into src/wasm/assembly/codes.generated.ts (an object becomes an enum of i32, a
// number a const: f64 for minutes, `_MIN`, i32 otherwise) before it compiles the kernels, and
// the kernels export them back so test/wasm/contract.test.ts can hold them to these. Plain
// numbers only, and no imports: the build script loads this file on its own.

/**
 * What a visitor will do, drawn once from its own stream and stored as one byte per clicker
 * (so later capacity passes stay free of randomness). Intent in the low two bits, flags above.
 */
export const Route = {
  /** Stays the whole session, then leaves without asking or buying. */
  leave: 0,
  /** Asks for a consultation at the end of the session. */
  consult: 1,
  /** Tries to buy directly at the end of the session. */
  direct: 2,
  intentMask: 3,
  /** Leaves at once when served (usability); holds no session slot. */
  bounce: 4,
  /** Buys if consulted (only meaningful with consult). */
  closes: 8,
} as const;

/**
 * Who a session belongs to, packed above its route in the hosting kernel's calendar: for a
 * consulter its rank (its place in the consulters' patience and handle columns), for a direct
 * buyer its visitor index, shifted left by this.
 */
export const CONSULTER_SHIFT = 4;

/** Distribution codes in a compiled plan (numbers only, so kernels switch on a small int). */
export const Dist = {
  fixed: 0,
  exponential: 1,
  uniform: 2,
  lognormal: 3,
  gamma: 4,
  /** No distribution given (e.g. no patience): always its `a`, Infinity. */
  never: 5,
} as const;

/** Minutes per hour slot of the traffic profile. */
export const SLOT_MIN = 60;
/** Minutes per day. */
export const DAY_MIN = 1440;
/** Hour slots per day. */
export const SLOTS_PER_DAY = DAY_MIN / SLOT_MIN;

/** What the hosting pass counted, by index: `hostingCount(which)`. */
export const HostingCount = {
  /** Consultation requests made at the end of a session. */
  requests: 0,
  /** Direct purchase attempts made at the end of a session. */
  directs: 1,
  /** Sessions that ended without asking or buying. */
  left: 2,
  /** Arrivals that found every session slot busy. */
  lost: 3,
  bounced: 4,
  lostWouldBuy: 5,
  bouncedWouldBuy: 6,
  /** The most sessions open at once. */
  peak: 7,
  /** Arrivals refused while the site was down (an outage), and of them those who would buy. */
  lostOutage: 8,
  lostOutageWouldBuy: 9,
  /** People turned away who came back once (counted once, by how their return ended). */
  retried: 10,
} as const;

/** What the consult pass counted, by index: `consultCount(which)`. */
export const ConsultCount = {
  /** Purchase attempts after a consultation (consulted visitors who close). */
  attempts: 0,
  abandoned: 1,
  /** Requests still waiting at the end, with no consultant ever on duty again. */
  unserved: 2,
  abandonedWouldBuy: 3,
  unservedWouldBuy: 4,
  consulted: 5,
  /** Consulted requests that waited at all. */
  waited: 6,
  /** Minutes the consulted requests waited. */
  waitSum: 7,
  /** Consultants' busy minutes on duty inside the horizon. */
  busy: 8,
  /** Abandonments while no consultant was on duty. */
  abandonedOffDuty: 9,
  abandonedOffDutyWouldBuy: 10,
  /** Minutes the abandoning requests waited (their patience). */
  abandonWaitSum: 11,
  /** Minute of the first request lost to patience (NaN: none). */
  firstAbandonMin: 12,
} as const;
