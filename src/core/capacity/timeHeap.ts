/**
 * A binary min-heap of (time, id) pairs in two typed arrays: the slots of a limited
 * resource (sessions on the site, consultants), keyed by when each frees up. Ties pop in
 * a fixed order for a fixed sequence of operations, so runs are reproducible.
 */
export class TimeHeap {
  readonly time: Float64Array;
  readonly id: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.time = new Float64Array(Math.max(1, capacity));
    this.id = new Int32Array(Math.max(1, capacity));
  }

  /** Earliest time in the heap (Infinity when empty). */
  peekTime(): number {
    return this.size > 0 ? this.time[0] : Infinity;
  }

  push(t: number, id: number): void {
    const time = this.time;
    const ids = this.id;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = time[parent];
      if (pt <= t) break;
      time[i] = pt;
      ids[i] = ids[parent];
      i = parent;
    }
    time[i] = t;
    ids[i] = id;
  }

  /** Removes the earliest entry and returns its id (read its time with peekTime() first). */
  pop(): number {
    const time = this.time;
    const ids = this.id;
    const top = ids[0];
    const n = --this.size;
    if (n > 0) {
      const t = time[n];
      const id = ids[n];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && time[child + 1] < time[child]) child++;
        if (time[child] >= t) break;
        time[i] = time[child];
        ids[i] = ids[child];
        i = child;
      }
      time[i] = t;
      ids[i] = id;
    }
    return top;
  }
}
