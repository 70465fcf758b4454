// Queueing-theory reference values and the statistics the theory tests use to compare the
// simulator against them. Test-only code: nothing in src/ imports it.

// ---------------------------------------------------------------------------------------------
// Erlang B, C and A
// ---------------------------------------------------------------------------------------------

/**
 * Erlang B: blocking probability of M/G/c/c with offered load a = λ·E[S] (insensitive to the
 * service distribution). Stable recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)): every
 * step is a ratio of positive terms, so no overflow and no cancellation for any c and a.
 */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: P(wait > 0) in M/M/c with offered load a < c; C = c·B / (c − a·(1 − B)). */
export function erlangC(c: number, a: number): number {
  if (!(a < c)) throw new Error(`Erlang C needs a < c (a = ${a}, c = ${c})`);
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

/** Mean wait in queue (all customers) of M/M/c: E[W] = C(c, a) / (c·μ − λ). */
export function erlangCMeanWait(c: number, lambda: number, mu: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/**
 * The birth–death chain of the number in system n = 0..top of M/M/c+M (Erlang A): births at λ
 * (none at `top`: an arrival that finds the system at `top` is refused), deaths at
 * min(n, c)·μ + max(n − c, 0)·θ. θ = 0 is M/M/c (Erlang C); top = c is M/M/c/c (Erlang B).
 */
export interface Chain {
  c: number;
  lambda: number;
  mu: number;
  theta: number;
  top: number;
}

export function deathRate(ch: Chain, n: number): number {
  return Math.min(n, ch.c) * ch.mu + Math.max(n - ch.c, 0) * ch.theta;
}

/**
 * A chain for M/M/c+M truncated where the stationary mass beyond it is below 1e-18 of the
 * mode: the tail ratio π(n+1)/π(n) = λ/death(n+1) is eventually < 1 (θ > 0, or λ < cμ), so the
 * tail beyond a state whose ratio is ≤ r < 1 is at most π(n)·r/(1 − r).
 */
export function erlangAChain(c: number, lambda: number, mu: number, theta: number): Chain {
  const ch: Chain = { c, lambda, mu, theta, top: c };
  if (theta === 0 && !(lambda < c * mu)) throw new Error("M/M/c without abandonment needs λ < cμ");
  let logPi = 0;
  let logMax = 0;
  for (let n = 0; ; n++) {
    const r = lambda / deathRate(ch, n + 1);
    if (n >= c && r < 1 && logPi - logMax + Math.log(r / (1 - r)) < Math.log(1e-18)) {
      ch.top = n;
      return ch;
    }
    logPi += Math.log(r);
    logMax = Math.max(logMax, logPi);
  }
}

/** Stationary distribution of a chain, computed in log space (no overflow for any c, a). */
export function stationary(ch: Chain): Float64Array {
  const logPi = new Float64Array(ch.top + 1);
  for (let n = 1; n <= ch.top; n++)
    logPi[n] = logPi[n - 1] + Math.log(ch.lambda / deathRate(ch, n));
  let max = -Infinity;
  for (const x of logPi) max = Math.max(max, x);
  const pi = new Float64Array(ch.top + 1);
  let sum = 0;
  for (let n = 0; n <= ch.top; n++) sum += pi[n] = Math.exp(logPi[n] - max);
  for (let n = 0; n <= ch.top; n++) pi[n] /= sum;
  return pi;
}

/**
 * What happens to a FCFS arrival that finds n in the system of M/M/c+M, as functions of n.
 * It waits iff n ≥ c, at queue position j = n − c + 1. While at position i it leaves that
 * position at rate cμ + (i−1)θ (a service ends, or one of the i−1 ahead abandons) or abandons
 * itself at rate θ, so P(served | j) = Π_{i=1..j} (cμ + (i−1)θ)/(cμ + iθ) = cμ/(cμ + jθ)
 * (telescoping), and each stage lasts Exp(cμ + iθ) independently of how it ends, so
 * E[wait | served, j] = Σ_{i=1..j} 1/(cμ + iθ). With θ = 0 this is E[wait | j] = j/(cμ).
 */
export interface ArrivalFunctionals {
  waits: Float64Array;
  abandons: Float64Array;
  /** P(served and waited | n). */
  waitsServed: Float64Array;
  /** E[wait · 1{served} | n]. */
  waitTimesServed: Float64Array;
  /** P(refused | n): 1 at `top` (the loss of Erlang B when top = c). */
  blocked: Float64Array;
}

export function arrivalFunctionals(ch: Chain): ArrivalFunctionals {
  const m = ch.top + 1;
  const f: ArrivalFunctionals = {
    waits: new Float64Array(m),
    abandons: new Float64Array(m),
    waitsServed: new Float64Array(m),
    waitTimesServed: new Float64Array(m),
    blocked: new Float64Array(m),
  };
  const cmu = ch.c * ch.mu;
  let stages = 0;
  for (let n = ch.c; n < m; n++) {
    const j = n - ch.c + 1;
    const served = cmu / (cmu + j * ch.theta);
    stages += 1 / (cmu + j * ch.theta);
    f.waits[n] = 1;
    f.abandons[n] = 1 - served;
    f.waitsServed[n] = served;
    f.waitTimesServed[n] = served * stages;
  }
  f.blocked[ch.top] = 1;
  return f;
}

/** Σ π(n)·g(n). */
export function expectation(pi: Float64Array, g: Float64Array): number {
  let s = 0;
  for (let n = 0; n < pi.length; n++) s += pi[n] * g[n];
  return s;
}

/** Stationary Erlang-A figures; the arrival-averaged ones by PASTA. */
export function erlangA(c: number, lambda: number, mu: number, theta: number) {
  const ch = erlangAChain(c, lambda, mu, theta);
  const pi = stationary(ch);
  const f = arrivalFunctionals(ch);
  let meanQueue = 0;
  for (let n = c; n <= ch.top; n++) meanQueue += (n - c) * pi[n];
  const pAbandon = expectation(pi, f.abandons);
  return {
    chain: ch,
    pi,
    /** P(wait > 0) of an arrival = P(n ≥ c). */
    pWait: expectation(pi, f.waits),
    /** The textbook form: abandonments per unit time over arrivals per unit time. */
    pAbandon: theta > 0 ? (theta * meanQueue) / lambda : 0,
    /** The same by conditioning on the state an arrival finds (checks the chain). */
    pAbandonByArrival: pAbandon,
    /** P(waited > 0 and was served). */
    pWaitServed: expectation(pi, f.waitsServed),
    /** Mean wait of the served (consulted) arrivals. */
    meanWaitServed: expectation(pi, f.waitTimesServed) / (1 - pAbandon),
    meanQueue,
  };
}

// ---------------------------------------------------------------------------------------------
// The empty-start transient: a deterministic bias bound
// ---------------------------------------------------------------------------------------------

/**
 * The simulator starts empty, and its arrival rate may ramp up and drain (consult requests are
 * session ends: rate λ·(1 − e^(−t/s)) after the first clicks, λ·e^(−τ/s) after the last). For
 * exponential service and patience the expected per-arrival average of a functional g over a
 * run follows exactly from the transient law p(t) of the chain (PASTA holds for a
 * nonhomogeneous Poisson stream):
 *
 *   E[Σ g] = ∫ λ r(t) Σ_n p_n(t) g(n) dt = ḡ·λT − D_start − D_end,
 *   D = ∫ λ r(t) (ḡ − Σ_n p_n(t) g(n)) dt,   ḡ = Σ π(n) g(n),   ∫ λ r = λT,
 *
 * where D_start integrates the start (from p(0) = δ₀, or from the end of a skipped warm-up,
 * until p(t) = π to 1e-13 in L¹ and r(t) = 1 to 1e-15) and D_end the drain after the horizon T
 * (from p = π until r < 1e-16); in between p = π and r = 1, so the integrand is zero. Returns,
 * per functional, (D_start + D_end)/(λ(T − skip)): E[per-arrival average] = ḡ − that, up to the
 * O(1/n) terms checkRatio allows for. Kolmogorov's forward equations are integrated by
 * classical RK4 with the deficits appended to the state; the step h = 0.5/(λ + top death rate)
 * keeps h·|eigenvalue| ≤ 1 (Gershgorin: every eigenvalue has |z| ≤ 2·max rate), inside RK4's
 * stability interval (2.78), and the slow modes that carry the deficit are resolved to ~1e-6.
 * The unit tests check it against M/M/∞ from empty, where D = λ·a/μ exactly for g(n) = n.
 */
export function transientBias(
  ch: Chain,
  gs: readonly Float64Array[],
  horizonMin: number,
  ramp: { start: (t: number) => number; end?: (tau: number) => number },
  /** Leave out arrivals before this minute (a warm-up the estimator skips). */
  skipMin = 0,
): number[] {
  const pi = stationary(ch);
  const gbar = gs.map((g) => expectation(pi, g));
  const m = ch.top + 1;
  const death = Float64Array.from({ length: m }, (_, n) => deathRate(ch, n));
  let h = 0.5 / (ch.lambda + death[ch.top]);
  const skipSteps = Math.ceil(skipMin / h);
  if (skipSteps > 0) h = skipMin / skipSteps; // so the warm-up ends on a step
  const k = gs.length;
  const size = m + k;

  // d/dt of (p, y): forward equations and the deficits' integrands.
  const deriv = (t: number, r: (t: number) => number, x: Float64Array, out: Float64Array) => {
    const lam = ch.lambda * r(t);
    for (let n = 0; n < m; n++) {
      let d = -(death[n] + (n < ch.top ? lam : 0)) * x[n];
      if (n > 0) d += lam * x[n - 1];
      if (n < ch.top) d += death[n + 1] * x[n + 1];
      out[n] = d;
    }
    for (let i = 0; i < k; i++) {
      const g = gs[i];
      let e = 0;
      for (let n = 0; n < m; n++) e += x[n] * g[n];
      out[m + i] = lam * (gbar[i] - e);
    }
  };
  const k1 = new Float64Array(size);
  const k2 = new Float64Array(size);
  const k3 = new Float64Array(size);
  const k4 = new Float64Array(size);
  const tmp = new Float64Array(size);
  const step = (t: number, r: (t: number) => number, x: Float64Array) => {
    deriv(t, r, x, k1);
    for (let i = 0; i < size; i++) tmp[i] = x[i] + (h / 2) * k1[i];
    deriv(t + h / 2, r, tmp, k2);
    for (let i = 0; i < size; i++) tmp[i] = x[i] + (h / 2) * k2[i];
    deriv(t + h / 2, r, tmp, k3);
    for (let i = 0; i < size; i++) tmp[i] = x[i] + h * k3[i];
    deriv(t + h, r, tmp, k4);
    for (let i = 0; i < size; i++) x[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  };
  const distance = (x: Float64Array) => {
    let d = 0;
    for (let n = 0; n < m; n++) d += Math.abs(x[n] - pi[n]);
    return d;
  };

  const deficit = new Array<number>(k).fill(0);
  // Start: from empty until stationary.
  const x = new Float64Array(size);
  x[0] = 1;
  let t = 0;
  for (let i = 0; i < skipSteps; i++, t = i * h) step(t, ramp.start, x);
  x.fill(0, m);
  while (!(distance(x) < 1e-13 && Math.abs(1 - ramp.start(t)) < 1e-15)) {
    step(t, ramp.start, x);
    t += h;
  }
  if (t > horizonMin / 2)
    throw new Error(`transient lasts ${t} min, not short against the horizon`);
  for (let i = 0; i < k; i++) deficit[i] += x[m + i];
  // End: from stationary while the rate drains.
  if (ramp.end) {
    x.set(pi);
    x.fill(0, m);
    let tau = 0;
    while (ramp.end(tau) > 1e-16) {
      step(tau, ramp.end, x);
      tau += h;
    }
    for (let i = 0; i < k; i++) deficit[i] += x[m + i];
  }
  return deficit.map((d) => d / (ch.lambda * (horizonMin - skipMin)));
}

// ---------------------------------------------------------------------------------------------
// Statistics: Student's t and the replication check
// ---------------------------------------------------------------------------------------------

/** log Γ(x), x > 0 (Lanczos, g = 7, n = 9; relative error < 1e-15). */
export function logGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let s = g[0];
  for (let i = 1; i < 9; i++) s += g[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Regularized incomplete beta I_x(a, b) (continued fraction, modified Lentz). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front =
    Math.exp(a * Math.log(x) + b * Math.log(1 - x) - logGamma(a) - logGamma(b) + logGamma(a + b)) /
    a;
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let f = d;
  for (let i = 1; i < 1000; i++) {
    const m = i;
    let num = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    f *= d * c;
    num = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return front * f;
}

/** P(T > t) for Student's t with df degrees of freedom, t ≥ 0. */
export function studentTUpperTail(t: number, df: number): number {
  return 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** The t with P(T > t) = q (0 < q ≤ 1/2), by bisection to double precision. */
export function studentTQuantileUpper(q: number, df: number): number {
  let lo = 0;
  let hi = 1;
  while (studentTUpperTail(hi, df) > q) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTUpperTail(mid, df) > q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The suite's false-alarm budget: a correct engine should fail the whole theory suite less
 * than once in 10^4 runs (seeds). Every statistical check gets an equal share α = 10⁻⁴/STAT_CHECKS
 * (Bonferroni). Each statistical test file declares its number of checks here and asserts in
 * afterAll that it made no more (see checksMade).
 */
export const SUITE_FALSE_ALARM = 1e-4;
export const CHECKS_PER_FILE = { hosting: 4, payment: 3, erlangC: 9, erlangA: 9 } as const;
export const STAT_CHECKS = Object.values(CHECKS_PER_FILE).reduce((a, b) => a + b, 0);
const checksMadeIn: Record<string, number> = {};
/** Number of checkRatio calls made so far for a file key (each test file runs in its own process). */
export function checksMade(file: keyof typeof CHECKS_PER_FILE): number {
  return checksMadeIn[file] ?? 0;
}

/** |λ·f′(λ)|, by a central difference with step 10⁻⁴·λ (for the O(1/n) allowance below). */
export function rateSlope(f: (lambda: number) => number, lambda: number): number {
  const d = 1e-4 * lambda;
  return Math.abs((lambda * (f(lambda + d) - f(lambda - d))) / (2 * d));
}

export interface TheoryCheck {
  label: string;
  theory: number;
  mean: number;
  sd: number;
  replications: number;
  /** t(1 − α/2; R − 1)·sd/√R with α = SUITE_FALSE_ALARM / STAT_CHECKS. */
  halfWidth: number;
  /** Deterministic bias bound plus the O(1/n) allowance, added to the half-width. */
  allowance: number;
  pass: boolean;
}

/**
 * The replication check for an estimate x_r/y_r (a ratio of two counters of replication r).
 *
 * Statistics. The R estimates are independent (replication r has its own random streams) and
 * each averages tens of thousands of arrivals, so it is close to normal; then
 * (mean − E)/(sd/√R) is Student-t with R − 1 degrees of freedom and
 * |mean − E| ≤ t(1 − α/2; R−1)·sd/√R fails with probability α.
 *
 * Bias. E = E[x/y] differs from the stationary theory value by
 *  - `bias`: the deterministic bound the caller derives (empty start, drain; transientBias);
 *  - the ratio of counts: by the delta method E[x/y] − E[x]/E[y] ≈ −Cov(x, y)/E[y]² +
 *    E[x]·Var y/E[y]³, bounded via Cauchy–Schwarz by sd_x·sd_y/ȳ² + |x̄|·sd_y²/ȳ³ (sample
 *    moments; O(1/n));
 *  - the replication's own arrival rate λ_r = N/T (N binomial, Var N ≤ E N = n): E[x]/E[y] =
 *    E[N·f(N/T)]/E[N] = f(λ) + f′(λ)·Var N/(T·n) + …, at most |λ f′(λ)|/n; we allow twice that
 *    with n = ȳ (`slope` = |λ f′(λ)| from rateSlope; ȳ ≤ n makes this conservative).
 * In the runs of this suite (n ≥ 5·10⁴ arrivals a replication) the whole allowance, transient
 * included, is under 10% of the half-width (print them with THEORY_VERBOSE=1).
 *
 * Assumption: normality of the per-replication estimates far into the tail (α/2 ≈ 3·10⁻⁶);
 * each is an average over thousands of regeneration cycles, so its skewness is small.
 */
export function checkRatio(
  file: keyof typeof CHECKS_PER_FILE,
  label: string,
  x: readonly number[],
  y: readonly number[],
  theory: number,
  opts: { bias?: number; slope?: number } = {},
): TheoryCheck {
  checksMadeIn[file] = (checksMadeIn[file] ?? 0) + 1;
  const r = x.length;
  const avg = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const sdOf = (v: readonly number[]) => {
    const m = avg(v);
    return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
  };
  const est = x.map((xi, i) => xi / y[i]);
  const mean = avg(est);
  const sd = sdOf(est);
  const xBar = avg(x);
  const yBar = avg(y);
  const sdY = sdOf(y);
  const ratio = (sdOf(x) * sdY) / yBar ** 2 + (Math.abs(xBar) * sdY ** 2) / yBar ** 3;
  const allowance = (opts.bias ?? 0) + ratio + (2 * (opts.slope ?? 0)) / yBar;
  const alpha = SUITE_FALSE_ALARM / STAT_CHECKS;
  const halfWidth = (studentTQuantileUpper(alpha / 2, r - 1) * sd) / Math.sqrt(r);
  const pass = Math.abs(mean - theory) <= halfWidth + allowance;
  if (process.env.THEORY_VERBOSE)
    console.log(
      `${label}: theory ${theory.toPrecision(6)}, measured ${mean.toPrecision(6)} ± ${halfWidth.toPrecision(3)}` +
        ` (R = ${r}, sd ${sd.toPrecision(3)}, allowance ${allowance.toPrecision(3)}),` +
        ` z = ${((mean - theory) / (sd / Math.sqrt(r))).toFixed(2)} ${pass ? "ok" : "FAIL"}`,
    );
  return { label, theory, mean, sd, replications: r, halfWidth, allowance, pass };
}
