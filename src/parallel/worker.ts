import { move, transferableSymbol, valueSymbol } from "piscina";
import { buffersOf, type Claim, type Claimed, claimTasks } from "./tasks.js";

/**
 * Piscina worker entry: claims and runs tasks of a batch until none is left, then transfers
 * the results' typed arrays back (move() marks the wrapper as movable; without it piscina would
 * clone the wrapper, not its value).
 */
export default function worker(claim: Claim): unknown {
  const claimed: Claimed = [];
  claimTasks(claim, (index, result) => claimed.push([index, result]));
  return move({
    get [transferableSymbol]() {
      return buffersOf(claimed);
    },
    get [valueSymbol]() {
      return claimed;
    },
  } as never);
}
