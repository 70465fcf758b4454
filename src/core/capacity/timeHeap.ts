/**
 * A binary min-heap of (time, id) pairs in two typed arrays: the consultants' seats, keyed by
 * when each frees up (read the earliest at time[0], id[0]). Ties resolve in a fixed order for
 * a fixed sequence of operations, so runs are reproducible.
 */
export class TimeHeap {
  readonly time: Float64Array;
  readonly id: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.time = new Float64Array(Math.max(1, capacity));
    this.id = new Int32Array(Math.max(1, capacity));
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

  /** Replaces the earliest entry by (t, id): a pop and a push in one sift-down. */
  replaceTop(t: number, id: number): void {
    this.siftDown(t, id, this.size);
  }

  /** Places (t, id) from the root down, among the first n entries. */
  private siftDown(t: number, id: number, n: number): void {
    const time = this.time;
    const ids = this.id;
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
}
