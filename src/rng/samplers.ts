import gamma from "@stdlib/random-base-gamma";
import lognormal from "@stdlib/random-base-lognormal";
import type { Distribution } from "../scenario/fields.js";
import { nextExponential } from "./exponential.js";
import { nextUnit, type RngState } from "./sfc32.js";

// stdlib's samplers (~200 small modules) are bundled but evaluated on first use only (see
// scripts/bundle.mjs): most scenarios use exponential times, and start-up counts in every run.

// Distribution codes are shared with the kernels, so they are declared in src/core/codes.ts.
import { Dist } from "../core/codes.js";

export { Dist };

/** A distribution compiled to a code and two numeric parameters. */
export interface CompiledDist {
  kind: number;
  /** fixed: value; exponential: mean; uniform: min; lognormal: mean; gamma: mean. */
  a: number;
  /** uniform: max; lognormal, gamma: sd. */
  b: number;
}

/** Compiles a scenario distribution; `undefined` (e.g. no patience given) means "never". */
export function compileDist(d: Distribution | undefined): CompiledDist {
  if (!d) return { kind: Dist.never, a: Infinity, b: 0 };
  switch (d.dist) {
    case "fixed":
      return { kind: Dist.fixed, a: d.value, b: 0 };
    case "exponential":
      return { kind: Dist.exponential, a: d.mean, b: 0 };
    case "uniform":
      return { kind: Dist.uniform, a: d.min, b: d.max };
    case "lognormal":
      return { kind: Dist.lognormal, a: d.mean, b: d.sd };
    case "gamma":
      return { kind: Dist.gamma, a: d.mean, b: d.sd };
  }
}

/** Mean of a distribution, in its own units. */
export function meanOf(d: Distribution): number {
  switch (d.dist) {
    case "fixed":
      return d.value;
    case "uniform":
      return (d.min + d.max) / 2;
    default:
      return d.mean;
  }
}

/**
 * A sampler bound to one generator state. Exponential, uniform and fixed are drawn here from
 * the stream with the same arithmetic as the kernels' own branches: the visit kernel
 * (src/wasm/assembly/visit.ts) draws those three itself and calls back to the host (hostSample)
 * for lognormal and gamma only, so their branches here serve host code that draws without a
 * kernel. Lognormal and gamma come from stdlib's tested samplers, driven by our stream.
 * Built once per unit of work, never per agent.
 */
export function bindSampler(d: CompiledDist, s: RngState): () => number {
  const prng = () => nextUnit(s);
  switch (d.kind) {
    case Dist.fixed:
    case Dist.never: {
      const v = d.a;
      return () => v;
    }
    case Dist.exponential: {
      const mean = d.a;
      return () => mean * nextExponential(s);
    }
    case Dist.uniform: {
      const lo = d.a;
      const span = d.b - d.a;
      return () => lo + span * nextUnit(s);
    }
    case Dist.lognormal: {
      // mean m, sd v of the variable itself: sigma^2 = ln(1 + v^2/m^2), mu = ln m - sigma^2/2
      const sigma2 = Math.log(1 + (d.b * d.b) / (d.a * d.a));
      return lognormal.factory(Math.log(d.a) - sigma2 / 2, Math.sqrt(sigma2), { prng });
    }
    case Dist.gamma: {
      // shape k = m^2/v^2, rate = m/v^2 (stdlib's beta is a rate)
      return gamma.factory((d.a * d.a) / (d.b * d.b), d.a / (d.b * d.b), { prng });
    }
    default:
      throw new Error(`unknown distribution code ${d.kind}`);
  }
}
