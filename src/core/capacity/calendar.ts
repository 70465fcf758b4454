/**
 * A calendar queue (Brown, 1988) of session ends for the hosting pass: ends are kept in time
 * buckets of width `bucketMin`, each a list sorted by end time, on a wheel of `buckets` lists
 * reused year after year. Arrivals come in time order, so the cursor only moves forward, and an
 * insert or a pop touches one short list. Entries live in a small pool sized to the sessions
 * open at once (it grows when needed), not one per visitor: fresh memory costs ~1 ms per MB
 * here in page faults. Ends pop in exact time order (ties: earlier insert first).
 */
export class Calendar {
  private readonly head: Int32Array;
  private readonly mask: number;
  private readonly invWidth: number;
  // Entry pool: id (the caller's), end time, absolute bucket (computed once at insert, so pop
  // and insert never disagree on a float edge) and the next entry in its list or free list.
  private entryId: Int32Array;
  private entryEnd: Float64Array;
  private entryBucket: Float64Array;
  private entryNext: Int32Array;
  private free = -1;
  private used = 0;
  /** Absolute bucket the cursor is in. */
  private cursor = 0;
  /** End time of the entry popped last. */
  lastEnd = 0;
  /** Entries in the calendar. */
  size = 0;

  /** `bucketMin` the bucket width; `buckets` is rounded up to a power of two; `expected` sizes the pool. */
  constructor(bucketMin: number, buckets: number, expected: number) {
    let w = 1;
    while (w < buckets) w *= 2;
    this.head = new Int32Array(w).fill(-1);
    this.mask = w - 1;
    this.invWidth = 1 / bucketMin;
    const n = Math.max(16, expected);
    this.entryId = new Int32Array(n);
    this.entryEnd = new Float64Array(n);
    this.entryBucket = new Float64Array(n);
    this.entryNext = new Int32Array(n);
  }

  /** Adds `id` ending at `endMin` (≥ the time of the last pop). */
  insert(id: number, endMin: number): void {
    let e = this.free;
    if (e >= 0) this.free = this.entryNext[e];
    else {
      if (this.used === this.entryId.length) this.grow();
      e = this.used++;
    }
    const end = this.entryEnd;
    const next = this.entryNext;
    this.entryId[e] = id;
    end[e] = endMin;
    const abs = Math.floor(endMin * this.invWidth);
    this.entryBucket[e] = abs;
    const b = abs & this.mask;
    let p = this.head[b];
    if (p < 0 || end[p] > endMin) {
      next[e] = p;
      this.head[b] = e;
    } else {
      let q = next[p];
      while (q >= 0 && end[q] <= endMin) {
        p = q;
        q = next[q];
      }
      next[e] = q;
      next[p] = e;
    }
    this.size++;
  }

  /** Removes the earliest entry ending at or before `t` and returns its id (its end in lastEnd), or -1. */
  popDue(t: number): number {
    const last = Math.floor(t * this.invWidth);
    if (this.size === 0) {
      this.cursor = last;
      return -1;
    }
    const head = this.head;
    const end = this.entryEnd;
    let cursor = this.cursor;
    let idle = 0;
    for (;;) {
      const b = cursor & this.mask;
      const e = head[b];
      // Only this year's entries are due from this bucket; later years' sit behind them.
      if (e >= 0 && this.entryBucket[e] <= cursor && end[e] <= t) {
        head[b] = this.entryNext[e];
        this.entryNext[e] = this.free;
        this.free = e;
        this.size--;
        this.cursor = cursor;
        this.lastEnd = end[e];
        return this.entryId[e];
      }
      if (cursor >= last) {
        this.cursor = cursor;
        return -1;
      }
      cursor++;
      // A whole turn of the wheel with nothing due: jump to the earliest entry's bucket.
      if (++idle > this.mask) {
        cursor = Math.max(cursor, Math.min(last, this.earliestBucket()));
        idle = 0;
      }
    }
  }

  private earliestBucket(): number {
    let min = Infinity;
    for (let b = 0; b <= this.mask; b++) {
      const e = this.head[b];
      if (e >= 0 && this.entryBucket[e] < min) min = this.entryBucket[e];
    }
    return min;
  }

  private grow(): void {
    const n = this.entryId.length * 2;
    const id = new Int32Array(n);
    id.set(this.entryId);
    const end = new Float64Array(n);
    end.set(this.entryEnd);
    const bucket = new Float64Array(n);
    bucket.set(this.entryBucket);
    const next = new Int32Array(n);
    next.set(this.entryNext);
    this.entryId = id;
    this.entryEnd = end;
    this.entryBucket = bucket;
    this.entryNext = next;
  }
}
