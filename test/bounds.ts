// Bounds for statistical tests: each is a statistic's law under a correct engine at a chosen
// false-alarm rate, never a tolerance picked to pass.

/**
 * Upper α point of the standard normal, from the Mills-ratio bound P(Z > z) ≤ φ(z)/z solved
 * for φ(z)/z = α (Newton on the log): slightly above the exact point, so bounds err wide.
 */
export function zUpper(alpha: number): number {
  let z = 4;
  for (let i = 0; i < 50; i++) {
    const f = -0.5 * z * z - Math.log(z * Math.sqrt(2 * Math.PI)) - Math.log(alpha);
    z += f / (z + 1 / z);
  }
  return z;
}

/** Wilson–Hilferty bounds of χ² with k degrees of freedom at two-sided level α. */
export function chi2Bounds(k: number, alpha: number): [number, number] {
  const z = zUpper(alpha / 2);
  const at = (sign: number) => k * (1 - 2 / (9 * k) + sign * z * Math.sqrt(2 / (9 * k))) ** 3;
  return [at(-1), at(1)];
}
