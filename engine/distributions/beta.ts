import jStat from 'jstat';
import type { Rng } from '../sampling/rng.js';
import {
  type Distribution,
  InvalidDistributionError,
  formatParameter,
  requireFinite,
} from './distribution.js';
import { defineFamily, writtenForm } from './family.js';

/**
 * Shape parameters of the beta with mean m in (0, 1) and sd s by the method of
 * moments: α = m·k, β = (1−m)·k with k = m(1−m)/s² − 1 (Johnson, Kotz &
 * Balakrishnan, Continuous Univariate Distributions, vol. 2, ch. 25).
 * @example betaFromMoments(0.3, 0.1) // { alpha: 6, beta: 14 }
 */
export function betaFromMoments(mean: number, sd: number): { alpha: number; beta: number } {
  requireFinite('mean', mean);
  requireFinite('sd', sd);
  if (!(mean > 0 && mean < 1)) throw new InvalidDistributionError('mean', `mean (${mean}) must be in (0, 1) for a beta`);
  if (!(sd > 0)) throw new InvalidDistributionError('sd', `sd must be > 0, got ${sd}`);
  const maxVariance = mean * (1 - mean);
  if (!(sd * sd < maxVariance)) {
    throw new InvalidDistributionError('sd', `sd (${sd}) is too large for mean ${mean}: a beta needs sd² < mean·(1 − mean) = ${formatParameter(maxVariance)}`);
  }
  const k = maxVariance / (sd * sd) - 1;
  return { alpha: mean * k, beta: (1 - mean) * k };
}

export type BetaParams = { alpha: number; beta: number } | { mean: number; sd: number };

/**
 * The fast quantile table has three parts. The centre, p in [TABLE_TAIL_P, 1 − TABLE_TAIL_P]
 * (90 % of draws), is a cubic in p: no log or exp. 512 cells (h ≈ 0.0018) bring the Hermite
 * error h⁴·|x⁗|/384 at p = 0.05 and 0.95 below 1e-9 even for PERT shapes whose quantile
 * bends like (1−p)^(1/5) there; 256 cells left 2.5e-8. Construction (675 jStat.ibetainv
 * calls in all) takes ~0.5 ms.
 */
const TABLE_CENTRAL_CELLS = 512;
/** Where the centre ends: beyond it the quantile of a beta with α or β ≠ 1 bends like p^(1/α). */
const TABLE_TAIL_P = 0.05;
/**
 * Each tail, out to logit(p) = ±TABLE_LOGIT_END, is a cubic in t = logit(p) for
 * logit(x): there the beta quantile is nearly linear (logit x ≈ t/α + c as p → 0,
 * t/β + c as p → 1), so 80 cells of width ≈ 0.063 keep the error far below jStat's own
 * ~1e-8. ±8 is p ≈ 3.4e-4 and 1 − 3.4e-4: beyond it (0.07 % of draws) jStat is called.
 */
const TABLE_TAIL_CELLS = 80;
const TABLE_LOGIT_END = 8;
/** Below this p (or 1 − p) the beta quantile comes from solveBetaQuantile, not jStat (see smallSideQuantile). */
const TAIL_P = 1e-6;
/** The smallest positive normal double. */
const MIN_NORMAL = 2.2250738585072014e-308;
/** Safeguarded Newton steps of solveBetaQuantile: it converges in ~5, bisection needs ≤ 64 more. */
const TAIL_SOLVER_STEPS = 100;
/** log of the smallest positive double (5e-324): below it x is 0. */
const MIN_LOG_X = -744.4;
/** logit(x) is clamped to ±700 where x or 1 − x underflows (e^−700 ≈ 1e-304, still a normal double). */
const LOGIT_CLAMP = 700;

/**
 * Variance of Beta(α, β) on [0, 1]: αβ / ((α+β)²(α+β+1)) (Johnson, Kotz &
 * Balakrishnan, Continuous Univariate Distributions, vol. 2, ch. 25).
 * @example betaVariance(2, 5) // 0.025510…
 */
export function betaVariance(alpha: number, beta: number): number {
  const s = alpha + beta;
  return (alpha * beta) / (s * s * (s + 1));
}

/** Exact and fast quantiles of loc + scale·Beta(α, β): the machinery beta and pert share. */
export interface ScaledBetaQuantiles {
  /**
   * loc + scale·I⁻¹_p(α, β) by jStat.ibetainv (beyond p = 1e-6 and 1 − 1e-6 by a Newton
   * solver on jStat's continued fraction); p = 0 and 1 give loc and loc + scale.
   */
  quantile(p: number): number;
  /** The same through the interpolation table (exact jStat beyond its ends). */
  quantiles(u: Float64Array, out: Float64Array, n: number): void;
}

/**
 * log I_x(α, β), never underflowing: below xm = (α+1)/(α+β+2), where the continued
 * fraction converges fast, log(x^α(1−x)^β/(α·B(α, β))·cf(x)) (Press et al., Numerical
 * Recipes, 3rd ed., §6.4); above it log(jStat.ibeta), which is then near 1 and uses
 * the symmetry I_x(α, β) = 1 − I_(1−x)(β, α).
 */
function logIncompleteBeta(x: number, alpha: number, beta: number, lnB: number, xm: number): number {
  if (x >= xm) return Math.log(jStat.ibeta(x, alpha, beta));
  return alpha * Math.log(x) + beta * Math.log1p(-x) - lnB - Math.log(alpha) + Math.log(jStat.betacf(x, alpha, beta));
}

/**
 * x with I_x(α, β) = e^logP, by safeguarded Newton steps on h(y) = log I_(e^y) − logP,
 * y = log x, inside a bracket that starts as (−∞, 0): h is increasing and, in the lower
 * tail, nearly linear (log I ≈ αy + const), with h′ = x·f(x)/I_x for the beta density f.
 * Starts from the leading tail term x = (α·B(α, β)·p)^(1/α); returns 0 where x underflows.
 */
function solveBetaQuantile(logP: number, alpha: number, beta: number, lnB: number): number {
  const xm = (alpha + 1) / (alpha + beta + 2);
  let y = Math.min(Math.log(xm), Math.max(MIN_LOG_X, (logP + lnB + Math.log(alpha)) / alpha));
  let lo = -Infinity;
  let hi = 0;
  for (let i = 0; i < TAIL_SOLVER_STEPS; i++) {
    const x = Math.exp(y);
    const logI = logIncompleteBeta(x, alpha, beta, lnB, xm);
    const hy = logI - logP;
    if (hy === 0) return x;
    if (hy < 0) {
      lo = y;
    } else {
      hi = y;
      if (y <= MIN_LOG_X) return 0;
    }
    const step = hy / Math.exp(alpha * y + (beta - 1) * Math.log1p(-x) - lnB - logI);
    if (Math.abs(step) <= 4 * Number.EPSILON * Math.max(1, Math.abs(y))) return Math.exp(y - step);
    let next = y - step;
    if (!(next > lo && next < hi)) {
      next = lo === -Infinity ? hi - 2 * Math.max(1, Math.abs(hi)) : (lo + hi) / 2;
    }
    y = Math.max(MIN_LOG_X, next);
  }
  return Math.exp(y);
}

/**
 * I⁻¹_p(α, β) on the side where x is small (x ≤ ½): jStat.ibetainv, except in the far
 * tail (p < TAIL_P) and wherever jStat gives no value in (0, 1), where solveBetaQuantile
 * solves I_x = p itself. jStat's ten Newton steps from a normal approximation return
 * NaN or values off by orders of magnitude for some tiny p (NaN at p = 1.12e-162 for
 * α = β = ½; 2e-17 instead of 1e-12 at p = 1e-60 for α = 5, β = 1). Results below the
 * smallest normal double are 0: subnormals carry too few digits to stay monotone.
 */
function smallSideQuantile(p: number, alpha: number, beta: number, lnB: number): number {
  let x = p < TAIL_P ? NaN : jStat.ibetainv(p, alpha, beta);
  if (!(x > 0 && x < 1)) x = solveBetaQuantile(Math.log(p), alpha, beta, lnB);
  return x < MIN_NORMAL ? 0 : x;
}

/**
 * I⁻¹_p(α, β) for p and q = 1 − p, as [x, 1 − x] with the smaller of the two carrying
 * full relative precision: x = smallSideQuantile(p, α, β) while p ≤ pHalf = I_½(α, β)
 * (so x ≤ ½), else 1 − x = smallSideQuantile(q, β, α) (I⁻¹_q(β, α) = 1 − x).
 */
function betaQuantilePair(
  p: number,
  q: number,
  alpha: number,
  beta: number,
  lnB: number,
  pHalf: number,
): [number, number] {
  if (p <= pHalf) {
    const x = smallSideQuantile(p, alpha, beta, lnB);
    return [x, 1 - x];
  }
  const r = smallSideQuantile(q, beta, alpha, lnB);
  return [1 - r, r];
}

/**
 * Coefficients of a monotone piecewise cubic Hermite interpolant (Fritsch & Carlson,
 * SIAM J. Numer. Anal. 17 (1980) 238–246) through non-decreasing y[j] with slopes
 * m[j] per cell width: per cell j, y(w) = c0 + w(c1 + w(c2 + w·c3)) for w ∈ [0, 1],
 * mapped to offset + scale·y. Slopes are limited to [0, 3·secant] of both adjacent
 * cells, which keeps every cubic monotone; a NaN or infinite slope (a node rounded
 * to 0 or 1) is limited the same way.
 */
function monotoneHermite(y: Float64Array, m: Float64Array, offset: number, scale: number): Float64Array {
  const cells = y.length - 1;
  for (let j = 1; j <= cells; j++) if (y[j] < y[j - 1]) y[j] = y[j - 1];
  const d = new Float64Array(cells + 1);
  for (let j = 0; j <= cells; j++) {
    const left = j > 0 ? 3 * (y[j] - y[j - 1]) : Infinity;
    const right = j < cells ? 3 * (y[j + 1] - y[j]) : Infinity;
    d[j] = Math.min(m[j] >= 0 ? m[j] : Infinity, left, right);
  }
  const coef = new Float64Array(4 * cells);
  for (let j = 0; j < cells; j++) {
    const dy = y[j + 1] - y[j];
    coef[4 * j] = offset + scale * y[j];
    coef[4 * j + 1] = scale * d[j];
    coef[4 * j + 2] = scale * (3 * dy - 2 * d[j] - d[j + 1]);
    coef[4 * j + 3] = scale * (d[j] + d[j + 1] - 2 * dy);
  }
  return coef;
}

/**
 * Table of logit(x) against t = logit(p) for t from t0 to t1: slope
 * dz/dt = p(1−p) / (f(x)·x(1−x)) with the beta density f(x) = x^(α−1)(1−x)^(β−1)/B(α, β).
 */
function logitTable(
  t0: number,
  t1: number,
  cells: number,
  alpha: number,
  beta: number,
  lnB: number,
  pHalf: number,
): Float64Array {
  const h = (t1 - t0) / cells;
  const z = new Float64Array(cells + 1);
  const m = new Float64Array(cells + 1);
  for (let j = 0; j <= cells; j++) {
    const t = t0 + j * h;
    const logP = -Math.log1p(Math.exp(-t));
    const logQ = -Math.log1p(Math.exp(t));
    const [x, r] = betaQuantilePair(Math.exp(logP), Math.exp(logQ), alpha, beta, lnB, pHalf);
    const logX = Math.log(x);
    const logR = Math.log(r);
    z[j] = Math.min(LOGIT_CLAMP, Math.max(-LOGIT_CLAMP, logX - logR));
    m[j] = h * Math.exp(logP + logQ + lnB - alpha * logX - beta * logR);
  }
  return monotoneHermite(z, m, 0, 1);
}

/**
 * The quantile of loc + scale·Beta(α, β), exact (jStat.ibetainv) and fast. The fast
 * form interpolates a table built from jStat.ibetainv at construction (675 nodes,
 * ~0.5 ms) with monotone cubic Hermite cells and the exact slope from the
 * beta density: in the centre (p in [0.05, 0.95]) a cubic in p for x; in the tails a
 * cubic in logit(p) for logit(x), where x ∝ p^(1/α) is nearly linear, since a cubic
 * in p cannot follow p^(1/α) to 1e-7 next to the ends; beyond logit(p) = ±8 it calls
 * jStat. Agrees with jStat to ~1e-8 of the range (jStat's own accuracy).
 * @example scaledBetaQuantiles(2, 5, 0, 1).quantile(0.5) // 0.26445…
 */
export function scaledBetaQuantiles(alpha: number, beta: number, loc: number, scale: number): ScaledBetaQuantiles {
  if (scale === 0) {
    return {
      quantile: (p) => (p >= 0 && p <= 1 ? loc : NaN),
      quantiles(u, out, n) {
        for (let i = 0; i < n; i++) out[i] = u[i] >= 0 && u[i] <= 1 ? loc : NaN;
      },
    };
  }
  // ln B(α, β), I_½(α, β) and the table are computed on first use: validating a
  // proposal needs only the support and moments, so checking thousands of inputs stays cheap.
  let constants: { lnB: number; pHalf: number } | null = null;
  const shape = () => (constants ??= { lnB: jStat.betaln(alpha, beta), pHalf: jStat.ibeta(0.5, alpha, beta) });
  const quantile = (p: number): number => {
    if (p > 0 && p < 1) {
      const { lnB, pHalf } = shape();
      return loc + scale * betaQuantilePair(p, 1 - p, alpha, beta, lnB, pHalf)[0];
    }
    return p === 0 ? loc : p === 1 ? loc + scale : NaN;
  };
  let table: QuantileTable | null = null;
  return {
    quantile,
    quantiles(u, out, n) {
      table ??= cachedTable(alpha, beta, loc, scale, () => buildQuantileTable(alpha, beta, loc, scale, shape().lnB, shape().pHalf, quantile));
      table(u, out, n);
    },
  };
}

type QuantileTable = (u: Float64Array, out: Float64Array, n: number) => void;

/**
 * Tables built in this thread, by shape and range: every pass over the trials
 * (the analysis, the planning data, the portfolio, break-even probes) makes its
 * own distributions of the same inputs, and a table costs ~1 ms to build.
 * Cleared when full, so a long-lived server holds a bounded number.
 */
const tables = new Map<string, QuantileTable>();
const MAX_CACHED_TABLES = 4096;

function cachedTable(alpha: number, beta: number, loc: number, scale: number, build: () => QuantileTable): QuantileTable {
  const key = `${alpha},${beta},${loc},${scale}`;
  let table = tables.get(key);
  if (!table) {
    if (tables.size >= MAX_CACHED_TABLES) tables.clear();
    tables.set(key, (table = build()));
  }
  return table;
}

/** The interpolation table of scaledBetaQuantiles (its fast `quantiles`), ~0.5–1 ms to build. */
function buildQuantileTable(
  alpha: number,
  beta: number,
  loc: number,
  scale: number,
  lnB: number,
  pHalf: number,
  quantile: (p: number) => number,
): QuantileTable {
  const cLo = TABLE_TAIL_P;
  const cHi = 1 - TABLE_TAIL_P;
  const cCells = TABLE_CENTRAL_CELLS;
  const hC = (cHi - cLo) / cCells;
  const y = new Float64Array(cCells + 1);
  const m = new Float64Array(cCells + 1);
  for (let j = 0; j <= cCells; j++) {
    const p = cLo + j * hC;
    const [x, r] = betaQuantilePair(p, 1 - p, alpha, beta, lnB, pHalf);
    y[j] = x;
    // dx/dp = 1/f(x), per cell width.
    m[j] = hC * Math.exp(lnB - (alpha - 1) * Math.log(x) - (beta - 1) * Math.log(r));
  }
  const central = monotoneHermite(y, m, loc, scale);
  const invHC = 1 / hC;
  const lastC = cCells - 1;

  const tCells = TABLE_TAIL_CELLS;
  const tSplit = Math.log(cLo / (1 - cLo));
  const tEnd = TABLE_LOGIT_END;
  const lower = logitTable(-tEnd, tSplit, tCells, alpha, beta, lnB, pHalf);
  const upper = logitTable(-tSplit, tEnd, tCells, alpha, beta, lnB, pHalf);
  const invHT = tCells / (tEnd + tSplit);
  const lastT = tCells - 1;
  const pLo = 1 / (1 + Math.exp(tEnd));
  const pHi = 1 / (1 + Math.exp(-tEnd));

  return (u, out, n) => {
    for (let i = 0; i < n; i++) {
      const p = u[i];
      if (p >= cLo && p <= cHi) {
        const s = (p - cLo) * invHC;
        let j = s | 0;
        if (j > lastC) j = lastC;
        const w = s - j;
        const k = 4 * j;
        out[i] = central[k] + w * (central[k + 1] + w * (central[k + 2] + w * central[k + 3]));
      } else if (p >= pLo && p <= pHi) {
        const t = Math.log(p / (1 - p));
        const c = t < 0 ? lower : upper;
        let s = (t < 0 ? t + tEnd : t + tSplit) * invHT;
        if (s < 0) s = 0;
        let j = s | 0;
        if (j > lastT) j = lastT;
        const w = s - j;
        const k = 4 * j;
        const z = c[k] + w * (c[k + 1] + w * (c[k + 2] + w * c[k + 3]));
        out[i] = loc + scale / (1 + Math.exp(-z));
      } else {
        out[i] = quantile(p);
      }
    }
  };
}

/**
 * Beta distribution on [0, 1] (for rates), by shape parameters or by mean and sd.
 * Mean α/(α+β), variance αβ/((α+β)²(α+β+1)); from mean m and sd s by the method of
 * moments, α = m·k and β = (1−m)·k with k = m(1−m)/s² − 1 (Johnson, Kotz &
 * Balakrishnan, Continuous Univariate Distributions, vol. 2, ch. 25). Quantile by
 * jStat.ibetainv; `quantiles` through the table of scaledBetaQuantiles. jStat's continued
 * fraction stops after 100 terms, so for α + β beyond ~10⁴ (sd below ~0.005) the quantile
 * loses digits: 7e-7 at α = β = 125,000.
 * @example beta({ mean: 0.3, sd: 0.1 }).quantile(0.5) // 0.29322… (α = 6, β = 14)
 */
export function beta(params: BetaParams): Distribution {
  let alpha: number;
  let b: number;
  let description: string;
  if ('alpha' in params) {
    alpha = params.alpha;
    b = params.beta;
    requireFinite('alpha', alpha);
    requireFinite('beta', b);
    if (!(alpha > 0)) throw new InvalidDistributionError('alpha', `alpha (${alpha}) must be > 0`);
    if (!(b > 0)) throw new InvalidDistributionError('beta', `beta (${b}) must be > 0`);
    description = `beta(${formatParameter(alpha)}, ${formatParameter(b)})`;
  } else {
    ({ alpha, beta: b } = betaFromMoments(params.mean, params.sd));
    description = `beta, mean ${formatParameter(params.mean)}, sd ${formatParameter(params.sd)}`;
  }
  const { quantile, quantiles } = scaledBetaQuantiles(alpha, b, 0, 1);
  return {
    family: 'beta',
    mean: () => alpha / (alpha + b),
    variance: () => betaVariance(alpha, b),
    quantile,
    sample: (rng: Rng) => quantile(rng.uniform()),
    quantiles,
    describe: () => description,
  };
}

/** The beta family on [0, 1]: written `{ dist: beta, alpha, beta }` or `{ dist: beta, mean, sd }`. */
export const betaFamily = defineFamily<'beta', { alpha: number; beta: number }>({
  name: 'beta',
  forms: [
    writtenForm({ form: 'beta', params: { alpha: 'number', beta: 'number' }, toCanonical: (p) => ({ alpha: p.alpha, beta: p.beta }) }),
    writtenForm({ form: 'beta-moments', params: { mean: 'number', sd: 'number' }, toCanonical: (p) => betaFromMoments(p.mean, p.sd) }),
  ],
  make: (c) => beta(c),
});
