// Numbers the kernels share with the host.

/** Minutes per hour slot of the traffic profile, as SLOT_MIN in src/core/plan.ts. */
export const SLOT_MIN: f64 = 60;

// Route bits of a visitor, as Route in src/core/route.ts: intent in the low two bits.
export const LEAVE = 0;
export const CONSULT = 1;
export const DIRECT = 2;
export const INTENT = 3;
export const BOUNCE = 4;
export const CLOSES = 8;

/** Who is in a session, and who asks for a consultation: route in the low 4 bits, the
 * consulter's rank (its place in the consulters' patience and handle columns) above. */
export const CONSULTER = 4;
