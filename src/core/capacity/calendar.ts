/**
 * A calendar queue (Brown, 1988) of session ends for the hosting pass: ends are kept in time
 * buckets of width `bucketMin`, each a list sorted by end time, on a wheel of `buckets` lists
 * reused year after year. Arrivals come in time order, so the cursor only moves forward, and an
 * insert or a pop touches one short list — where a binary heap of the same sessions spent most
 * of the hosting pass in unpredictable branches (measured: ~2× slower at 1 M visitors).
 * Ends pop in exact time order (ties: earlier insert first).
 */
export class Calendar {
  private readonly head: Int32Array;
  private readonly next: Int32Array;
  private readonly end: Float64Array;
  /** Absolute bucket of each entry, computed once at insert so pop and insert never disagree. */
  private readonly bucket: Float64Array;
  private readonly mask: number;
  private readonly invWidth: number;
  /** Absolute bucket the cursor is in. */
  private cursor = 0;
  /** Entries in the calendar. */
  size = 0;

  /** `ids` are 0..idCount-1; `bucketMin` the bucket width; `buckets` is rounded up to a power of two. */
  constructor(idCount: number, bucketMin: number, buckets: number) {
    let w = 1;
    while (w < buckets) w *= 2;
    this.head = new Int32Array(w).fill(-1);
    this.next = new Int32Array(Math.max(1, idCount));
    this.end = new Float64Array(Math.max(1, idCount));
    this.bucket = new Float64Array(Math.max(1, idCount));
    this.mask = w - 1;
    this.invWidth = 1 / bucketMin;
  }

  /** Adds entry `id` ending at `endMin` (≥ the time of the last pop). */
  insert(id: number, endMin: number): void {
    const end = this.end;
    const next = this.next;
    end[id] = endMin;
    const abs = Math.floor(endMin * this.invWidth);
    this.bucket[id] = abs;
    const b = abs & this.mask;
    let p = this.head[b];
    if (p < 0 || end[p] > endMin) {
      next[id] = p;
      this.head[b] = id;
    } else {
      let q = next[p];
      while (q >= 0 && end[q] <= endMin) {
        p = q;
        q = next[q];
      }
      next[id] = q;
      next[p] = id;
    }
    this.size++;
  }

  /** Removes and returns the earliest entry ending at or before `t`, or -1 if none. */
  popDue(t: number): number {
    if (this.size === 0) {
      this.cursor = Math.floor(t * this.invWidth);
      return -1;
    }
    const last = Math.floor(t * this.invWidth);
    const head = this.head;
    const end = this.end;
    for (;;) {
      const b = this.cursor & this.mask;
      const id = head[b];
      // Only this year's entries are due from this bucket; later years' sit behind them.
      if (id >= 0 && this.bucket[id] <= this.cursor && end[id] <= t) {
        head[b] = this.next[id];
        this.size--;
        return id;
      }
      if (this.cursor >= last) return -1;
      this.cursor++;
    }
  }

  /** End time of entry `id`. */
  endOf(id: number): number {
    return this.end[id];
  }
}
