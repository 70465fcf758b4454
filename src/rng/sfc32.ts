// sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-clean to 2^64 bytes):
// chosen over seedrandom's ARC4 for its speed, which is highest with the state held in locals
// inside a kernel loop (docs/performance.md has the draw rates). State is a plain value so a
// unit of work (block, replication) owns its stream and can be cloned or shipped to a worker.

/** Generator state: four int32 words (a, b, c, counter). */
export type RngState = Int32Array;

/** 2^-32: maps a uint32 to [0, 1). */
export const UINT32_TO_UNIT = 2.3283064365386963e-10;

/** Next 32 random bits as an int32; advances `s` in place. */
export function nextInt32(s: RngState): number {
  let a = s[0];
  let b = s[1];
  let c = s[2];
  let d = s[3];
  const t = (((a + b) | 0) + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
  return t;
}

/** Next uniform in [0, 1); advances `s` in place. */
export function nextUnit(s: RngState): number {
  return (nextInt32(s) >>> 0) * UINT32_TO_UNIT;
}
