// How many times a property runs. FUNNEL_PROP_RUNS=n runs every property n times (those with
// a count of their own too); unset, each keeps its own count, and FC_NUM_RUNS (the older
// variable) still sets the counts that read it. The global default is in test/setup.ts.

/** FUNNEL_PROP_RUNS when it is set, else `fallback`. */
export function propRuns(fallback: number): number {
  const runs = process.env.FUNNEL_PROP_RUNS;
  if (runs === undefined || runs === "") return fallback;
  const n = Number(runs);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`FUNNEL_PROP_RUNS must be a whole number ≥ 1 (got ${JSON.stringify(runs)})`);
  return n;
}

/** Whether FUNNEL_PROP_RUNS asks for a fixed number of runs (no time limit cuts them short). */
export const propRunsFixed = (): boolean => propRuns(0) > 0;
