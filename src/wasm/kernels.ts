import { zigguratTables } from "../rng/exponential.js";
import type { instantiate } from "./kernel-exports.generated.js";
import { KERNELS_WASM } from "./kernels.generated.js";

/**
 * What the WebAssembly kernels export (src/wasm/assembly/index.ts), as asc declares them from
 * the kernels' own signatures: a kernel whose parameters change breaks tsc at its call sites.
 * Pointers are byte offsets.
 */
export type KernelExports = Awaited<ReturnType<typeof instantiate>>;

/** A kernel's counts by name: `read(index)` for each entry of `codes` (HostingCount, …). */
export function readCounts<K extends string>(
  read: (which: number) => number,
  codes: Readonly<Record<K, number>>,
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const name of Object.keys(codes) as K[]) out[name] = read(codes[name]);
  return out;
}

const PAGE = 65536;
/** The most a wasm32 memory can hold: 65,536 pages of 64 KiB. */
const MAX_PAGES = 65536;
/** Bytes of a run's columns one thread's kernels can hold (the first page is the host's). */
export const MAX_KERNEL_BYTES = (MAX_PAGES - 1) * PAGE;

/** Fixed areas of the first page, owned by the host; a run's columns start at the second. */
export const At = {
  acceptBelow: 1024,
  scale: 2048,
  edgeDensity: 4096,
  /** A stream's state (four int32) while a kernel draws from it. */
  state: 6144,
  byIntent: 6160,
  /** Per audience category (at most 256): its segment. */
  categorySegment: 6176,
  /** Per segment (at most 256), f64. */
  consultProb: 6432,
  directProb: 8480,
  closeProb: 10528,
  /** Session, patience and handle time: (kind, a, b) each, f64 (nine). */
  dists: 12576,
} as const;

/**
 * The kernels' instance and memory in this thread (each worker has its own). A run's columns
 * live in that memory, allocated from the second page up and released when the next run
 * starts. Growing the memory detaches every view of it, so columns are handed around as byte
 * offsets and read through views made on the spot (see `f64` and friends), never kept.
 */
export class KernelMemory {
  readonly memory = new WebAssembly.Memory({ initial: 2, maximum: MAX_PAGES });
  readonly k: KernelExports;
  /** The host's sampler for visit's shapes other than exponential, fixed and uniform. */
  hostSample: (which: number) => number = () => Number.NaN;
  private top = PAGE;

  constructor() {
    const module = new WebAssembly.Module(Buffer.from(KERNELS_WASM, "base64"));
    const instance = new WebAssembly.Instance(module, {
      env: { memory: this.memory },
      rng: { hostLog: Math.log, hostExp: Math.exp },
      visit: { hostSample: (which: number) => this.hostSample(which) },
    });
    this.k = instance.exports as unknown as KernelExports;
    const { acceptBelow, scale, edgeDensity } = zigguratTables;
    this.i32(At.acceptBelow, acceptBelow.length).set(acceptBelow);
    this.f64(At.scale, scale.length).set(scale);
    this.f64(At.edgeDensity, edgeDensity.length).set(edgeDensity);
    this.k.setTables(At.acceptBelow, At.scale, At.edgeDensity);
  }

  /** Frees every column: a new run starts. */
  releaseAll(): void {
    this.top = PAGE;
  }

  /** The allocation mark, to release back to with `release`. */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = mark;
  }

  /** Room for `bytes` (8-aligned; may hold an earlier run's data); returns its byte offset. */
  alloc(bytes: number): number {
    const at = this.top;
    const top = at + Math.ceil(bytes / 8) * 8;
    const have = this.memory.buffer.byteLength;
    if (top > have) {
      const pages = Math.ceil((top - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES)
        throw new RangeError(
          `a run's columns need ${(top / 2 ** 30).toFixed(1)} GiB, more than the 4 GiB a thread's kernels can address: split the campaign into smaller runs`,
        );
      this.memory.grow(pages);
    }
    this.top = top;
    return at;
  }

  f64(at: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, at, length);
  }

  f32(at: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, length);
  }

  i32(at: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, at, length);
  }

  u16(at: number, length: number): Uint16Array {
    return new Uint16Array(this.memory.buffer, at, length);
  }

  u32(at: number, length: number): Uint32Array {
    return new Uint32Array(this.memory.buffer, at, length);
  }

  u8(at: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, at, length);
  }
}

let kernels: KernelMemory | undefined;

/** This thread's kernels, instantiated on first use (~1 ms). */
export function kernelMemory(): KernelMemory {
  kernels ??= new KernelMemory();
  return kernels;
}

/**
 * Lets this thread's kernel memory go (a wasm memory never shrinks: after a big run it keeps
 * its size for the next). For long-lived processes; the next run starts a fresh one.
 */
export function releaseKernelMemory(): void {
  kernels = undefined;
}
