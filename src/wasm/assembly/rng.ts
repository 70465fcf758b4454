// sfc32 and the ziggurat exponential, as in src/rng/sfc32.ts and src/rng/exponential.ts, with
// the state of the stream being drawn in module globals (taken from memory and put back by
// the kernel). Same arithmetic, same draws: a kernel here gives exactly the numbers the
// TypeScript stream would.

/** Ziggurat tables, written by the host from src/rng/exponential.ts (one source of truth). */
let acceptBelow: usize = 0; // i32[256]
let scale: usize = 0; // f64[256]
let edgeDensity: usize = 0; // f64[256]

const R: f64 = 7.697117470131487;

// The host's Math.log and Math.exp, so the rare slow path rounds exactly as TypeScript's does.
declare function hostLog(x: f64): f64;
declare function hostExp(x: f64): f64;

let a: i32 = 0;
let b: i32 = 0;
let c: i32 = 0;
let d: i32 = 0;

export function setTables(accept: usize, scales: usize, edges: usize): void {
  acceptBelow = accept;
  scale = scales;
  edgeDensity = edges;
}

/** Takes the stream's state from memory (four int32 words, as RngState). */
export function loadState(at: usize): void {
  a = load<i32>(at);
  b = load<i32>(at, 4);
  c = load<i32>(at, 8);
  d = load<i32>(at, 12);
}

/** Puts the stream's state back, for the host (samplers of other shapes) or the next unit. */
export function storeState(at: usize): void {
  store<i32>(at, a);
  store<i32>(at, b, 4);
  store<i32>(at, c, 8);
  store<i32>(at, d, 12);
}

export function nextInt32(): i32 {
  const t = a + b + d;
  d = d + 1;
  a = b ^ (b >>> 9);
  b = c + (c << 3);
  c = (c << 21) | (c >>> 11);
  c = c + t;
  return t;
}

export function nextUnit(): f64 {
  return <f64>(<u32>nextInt32()) * 2.3283064365386963e-10;
}

export function nextExponential(): f64 {
  const t = nextInt32();
  const layer = t & 255;
  const value = <u32>t >>> 8;
  if (value < <u32>load<i32>(acceptBelow + ((<usize>layer) << 2)))
    return <f64>value * load<f64>(scale + ((<usize>layer) << 3));
  return rejected(layer, value);
}

function rejected(layer: i32, value: u32): f64 {
  while (layer !== 0) {
    const x = <f64>value * load<f64>(scale + ((<usize>layer) << 3));
    const below = load<f64>(edgeDensity + ((<usize>layer) << 3));
    const above = load<f64>(edgeDensity + ((<usize>(layer - 1)) << 3));
    if (below + nextUnit() * (above - below) < hostExp(-x)) return x;
    const u = nextInt32();
    layer = u & 255;
    value = <u32>u >>> 8;
    if (value < <u32>load<i32>(acceptBelow + ((<usize>layer) << 2)))
      return <f64>value * load<f64>(scale + ((<usize>layer) << 3));
  }
  return R - hostLog(1 - nextUnit()); // the tail, beyond the base layer's edge R
}

/** `n` standard exponentials from the stream at `state` into `out` (f64): for the tests. */
export function fillExponentials(state: usize, out: usize, n: i32): void {
  loadState(state);
  for (let i = 0; i < n; i++) store<f64>(out + ((<usize>i) << 3), nextExponential());
  storeState(state);
}
