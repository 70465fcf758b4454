import type { RngState } from "./sfc32.js";
import { streamState } from "./streams.js";

/** Visitors per unit of a per-visitor stream: a block's draws come from its own stream. */
export const VISITOR_DRAW_BLOCK = 1 << 16;

/**
 * Each attempt's draws, from its visitor's own: the blocks of VISITOR_DRAW_BLOCK visitors that
 * hold an attempt are visited in order, each with its own stream (seed, replication, stream,
 * block), where every visitor from the block's start draws in visitor order (`visit(v)`, made
 * by `begin(state)` once per block) — so an attempt gets the same draws in every variant in
 * which its visitor gets there (common random numbers across capacities). `keep(i, v)` is
 * called for each attempt i of visitor v right after v has drawn. Blocks without an attempt
 * are not drawn.
 */
export function drawForAttempts(
  seed: number,
  replication: number,
  stream: number,
  visitor: Int32Array,
  count: number,
  begin: (state: RngState) => (v: number) => void,
  keep: (attempt: number, v: number) => void,
): void {
  const byVisitor = Uint32Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => visitor[a] - visitor[b],
  );
  let k = 0;
  while (k < count) {
    const block = Math.floor(visitor[byVisitor[k]] / VISITOR_DRAW_BLOCK);
    const visit = begin(streamState(seed, replication, stream, block));
    const end = (block + 1) * VISITOR_DRAW_BLOCK;
    for (let v = block * VISITOR_DRAW_BLOCK; k < count && v < end; v++) {
      visit(v);
      for (; k < count && visitor[byVisitor[k]] === v; k++) keep(byVisitor[k], v);
    }
  }
}
