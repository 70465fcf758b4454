import { move, transferableSymbol, valueSymbol } from "piscina";
import { buffersOf, runTask, type Task } from "./tasks.js";

/** Piscina worker entry: runs one task and transfers its result's typed arrays back (move()
 * marks the wrapper as movable; without it piscina would clone the wrapper, not its value). */
export default function worker(task: Task): unknown {
  const result = runTask(task);
  return move({
    get [transferableSymbol]() {
      return buffersOf(result);
    },
    get [valueSymbol]() {
      return result;
    },
  } as never);
}
