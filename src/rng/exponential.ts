import { nextInt32, nextUnit, type RngState } from "./sfc32.js";

// Standard exponential variates by the ziggurat method (Marsaglia & Tsang 2000, "The Ziggurat
// Method for Generating Random Variables", J. Stat. Softw. 5(8), REXP with 256 layers).
//
// Why not -ln(1 - U): Math.log is a call into V8's C++ runtime, and a run draws millions of
// exponentials (click spacings, session lengths, patience, handle times, the gaps between
// clickers): a measurable share of an R1 run's CPU went to it (docs/performance.md has the
// figures). The ziggurat returns ~99 % of draws from one 32-bit draw, a table lookup and a
// multiply. stdlib's exponential sampler is the inversion above, and no maintained JS package
// offers a ziggurat exponential on a caller's generator, hence this file.
//
// One departure from REXP: the layer comes from the draw's low 8 bits and the point inside the
// layer from its high 24 bits, so no bit is used twice (REXP reuses the layer bits in the value,
// a correlation Doornik (2005) pointed out for the normal ziggurat).

const LAYERS = 256;
const VALUE_BITS = 24;
const VALUE_SCALE = 2 ** VALUE_BITS;
/** Right edge of the base layer, where the tail begins (Marsaglia & Tsang's table constants). */
const R = 7.697117470131487;
/** Area of each layer (and of the base layer with its tail). */
const V = 3.949659822581572e-3;

/** Accept the point at once when its 24-bit value is below acceptBelow[layer]. */
const acceptBelow = new Int32Array(LAYERS);
/** x = value × scale[layer]. */
const scale = new Float64Array(LAYERS);
/** e^-x at each layer's edge, for the wedge test. */
const edgeDensity = new Float64Array(LAYERS);
{
  let x = R;
  let previous = R;
  const q = V / Math.exp(-x);
  acceptBelow[0] = Math.floor((x / q) * VALUE_SCALE);
  acceptBelow[1] = 0;
  scale[0] = q / VALUE_SCALE;
  scale[LAYERS - 1] = x / VALUE_SCALE;
  edgeDensity[0] = 1;
  edgeDensity[LAYERS - 1] = Math.exp(-x);
  for (let i = LAYERS - 2; i >= 1; i--) {
    x = -Math.log(V / x + Math.exp(-x));
    acceptBelow[i + 1] = Math.floor((x / previous) * VALUE_SCALE);
    previous = x;
    edgeDensity[i] = Math.exp(-x);
    scale[i] = x / VALUE_SCALE;
  }
}

/** The tables, for the WebAssembly kernels' copy of this sampler (src/wasm/assembly/rng.ts). */
export const zigguratTables = { acceptBelow, scale, edgeDensity } as const;

/**
 * A standard exponential variate (mean 1) from stream `s`; the rare rejections (~1 %) go to a
 * separate function. The kernels draw with their own copy (src/wasm/assembly/rng.ts), which
 * test/rng/exponential.test.ts holds to these numbers, draw for draw.
 */
export function nextExponential(s: RngState): number {
  const t = nextInt32(s);
  const layer = t & (LAYERS - 1);
  const value = t >>> (32 - VALUE_BITS);
  return value < acceptBelow[layer] ? value * scale[layer] : rejected(s, layer, value);
}

/** The slow path of nextExponential: the tail, or the wedge test, then fresh draws. */
function rejected(s: RngState, layer: number, value: number): number {
  for (;;) {
    if (layer === 0) return R - Math.log(1 - nextUnit(s));
    const x = value * scale[layer];
    const below = edgeDensity[layer];
    if (below + nextUnit(s) * (edgeDensity[layer - 1] - below) < Math.exp(-x)) return x;
    const u = nextInt32(s);
    layer = u & (LAYERS - 1);
    value = u >>> (32 - VALUE_BITS);
    if (value < acceptBelow[layer]) return value * scale[layer];
  }
}
