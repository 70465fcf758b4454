import seedrandom from "seedrandom";
import { nextUnit, type RngState } from "./sfc32.js";

/** Names of the independent random streams of one run; a stream never serves two purposes. */
export const Stream = {
  /** Reached agents of one channel, by block: click, category, click hour. */
  reach: 1,
  /** Click times inside each hour and the order of categories in it, by day. */
  clickTimes: 2,
  /** Each visitor's own draws (bounce, intent, close, session, patience, handle), by block. */
  visitors: 3,
  /** Each visitor's checkout draws (abandon, payment failure, payment time), by block. */
  checkout: 4,
  /** Each visitor's order size (units per purchase), by block; drawn only when sizes vary. */
  orderSize: 5,
  /** Click times of each traffic event and the order of categories among them, by event. */
  eventTimes: 6,
  /** Each consulter's delay before the request (segments' consultDelay), by block of visitors. */
  consultDelay: 7,
  /** Each buyer's delay before the purchase attempt (segments' purchaseDelay), by block. */
  purchaseDelay: 8,
  /** Whether and when each visitor turned away by the site comes back, by block. */
  returns: 16,
} as const;

/**
 * State of the stream keyed by (seed, replication, stream, unit), where unit is a block of
 * agents or similar unit of work. Keys go through seedrandom's ARC4 key schedule, so
 * neighbouring keys give unrelated states (never `seed + k`).
 */
export function streamState(
  seed: number,
  replication: number,
  stream: number,
  unit: number,
): RngState {
  const arc4 = seedrandom(`funnel-sim:${seed}:${replication}:${stream}:${unit}`);
  const s = new Int32Array(4);
  s[0] = arc4.int32();
  s[1] = arc4.int32();
  s[2] = arc4.int32();
  s[3] = 1; // sfc32's counter word: starting it at 1 rules out the all-zero state
  for (let i = 0; i < 12; i++) nextUnit(s); // the reference seeding discards 12 outputs
  return s;
}
