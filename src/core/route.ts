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
