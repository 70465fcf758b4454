/**
 * Shapley values of n players from the values of all 2^n coalitions: value[mask] is the
 * worth of the coalition whose members are the set bits of mask. Player i gets the average of
 * its marginal contribution value[S ∪ {i}] − value[S] over all orders, i.e. weighted by
 * |S|!(n−|S|−1)!/n!. The shares add up to value[all] − value[none] (efficiency).
 */
export function shapley(value: ArrayLike<number>, n: number): number[] {
  if (value.length !== 1 << n)
    throw new Error(`shapley: need ${1 << n} coalition values, got ${value.length}`);
  const fact = [1];
  for (let k = 1; k <= n; k++) fact[k] = fact[k - 1] * k;
  const shares = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask & bit) continue;
      let size = 0;
      for (let m = mask; m; m &= m - 1) size++;
      shares[i] +=
        ((fact[size] * fact[n - size - 1]) / fact[n]) * (value[mask | bit] - value[mask]);
    }
  }
  return shares;
}
