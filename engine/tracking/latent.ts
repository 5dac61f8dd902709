import { fastNormalQuantile } from '../distributions/normal-quantile.js';
import { normalCdf } from '../distributions/normal-cdf.js';
import type { Variable } from '../sampling/variables.js';

/**
 * Normal scores of a block's column from its ranks: z_i = Φ⁻¹((r_i + ½)/n),
 * r_i the 0-based rank of value i, ties broken by position (so an atom of a
 * discrete input spreads evenly over its probability). Iman–Conover correlates
 * the columns in exactly these scores, so they are the copula's coordinates.
 * With `probabilities`, also u_i = scoreToProbability(z_i) (from a table: a rank's score and its u are the same for every column).
 * @example normalScoresByRank(Float64Array.of(5, 1, 3), 3, out) // out = [0.967, −0.967, 0]
 */
export function normalScoresByRank(column: Float64Array, n: number, out: Float64Array, probabilities?: Float64Array): void {
  // A native sort of the values, then each value's rank by binary search; equal values take consecutive ranks in position order.
  const sorted = column.slice(0, n).sort();
  const taken = new Int32Array(n);
  const table = rankTable(n);
  const scores = table.scores;
  const u = probabilities ? (table.probabilities ??= scores.map(scoreToProbability)) : null;
  // The search runs within the value's bucket of n equal-width buckets over [min, max] (a bucket's values
  // all lie above the lower buckets'): a step or two instead of log₂ n mispredicted ones.
  const min = sorted[0];
  const max = sorted[n - 1];
  const scale = n / (max - min);
  const start = Number.isFinite(min) && Number.isFinite(max) && Number.isFinite(scale) && scale > 0 ? bucketStarts(sorted, n, min, scale) : null;
  for (let i = 0; i < n; i++) {
    const x = column[i];
    let lo = 0;
    let hi = n;
    if (start) {
      const b = Math.min(n, Math.floor((x - min) * scale));
      lo = start[b];
      hi = start[b + 1];
    }
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    const r = lo + taken[lo]++;
    out[i] = scores[r];
    if (u) probabilities![i] = u[r];
  }
}

/** start[b] = the first index of sorted (ascending, finite) whose bucket ⌊(x − min)·scale⌋ (at most n) is b or more; start[n + 1] = n. */
function bucketStarts(sorted: Float64Array, n: number, min: number, scale: number): Int32Array {
  const start = new Int32Array(n + 2);
  for (let j = 0; j < n; j++) start[Math.min(n, Math.floor((sorted[j] - min) * scale)) + 1]++;
  for (let b = 1; b <= n + 1; b++) start[b] += start[b - 1];
  return start;
}

/** Each rank's score Φ⁻¹((r + ½)/n), r = 0 … n−1, and (when asked for) its probability scoreToProbability(score). */
interface RankTable {
  scores: Float64Array;
  probabilities?: Float64Array;
}

/** The rank tables of a few block lengths n: every column of a block shares them. */
const RANK_TABLES = new Map<number, RankTable>();

function rankTable(n: number): RankTable {
  let table = RANK_TABLES.get(n);
  if (!table) {
    if (RANK_TABLES.size >= 4) RANK_TABLES.clear();
    const scores = new Float64Array(n);
    for (let r = 0; r < n; r++) scores[r] = fastNormalQuantile((r + 0.5) / n);
    table = { scores };
    RANK_TABLES.set(n, table);
  }
  return table;
}

/** Largest |z| used: Φ(8.2) rounds to 1 in double precision, where a quantile would return the support's end (possibly infinite). */
const MAX_SCORE = 8.2;
/** Knots per unit of z of the log Φ table: cubic Hermite error ≈ h⁴/384·|(log Φ)''''| ≈ 1e-11 relative at h = 1/128. */
const LOG_CDF_KNOTS_PER_UNIT = 128;
const LOG_CDF_KNOTS = Math.ceil(MAX_SCORE * LOG_CDF_KNOTS_PER_UNIT) + 2;
/** log Φ(z) and its slope φ(z)/Φ(z) at z = −k/128, k = 0 … : the lower tail, where Φ keeps its relative precision. */
const LOG_CDF = new Float64Array(LOG_CDF_KNOTS);
const LOG_CDF_SLOPE = new Float64Array(LOG_CDF_KNOTS);
for (let k = 0; k < LOG_CDF_KNOTS; k++) {
  const z = -k / LOG_CDF_KNOTS_PER_UNIT;
  const p = normalCdf(z);
  LOG_CDF[k] = Math.log(p);
  LOG_CDF_SLOPE[k] = Math.exp(-0.5 * z * z - 0.5 * Math.log(2 * Math.PI)) / p;
}

/**
 * Probability u = Φ(z) of a normal score, kept inside (0, 1): the MCMC moves
 * call it for every input of every particle, so it interpolates log Φ of the
 * lower tail with cubic Hermite polynomials (values and slopes exact, from
 * normalCdf), 5–10× faster than the Chebyshev series and within 1e-10 of it
 * relative to the smaller tail (checked in the tests).
 * @example scoreToProbability(0) // 0.5
 */
export function scoreToProbability(z: number): number {
  const x = z < 0 ? (z < -MAX_SCORE ? MAX_SCORE : -z) : z > MAX_SCORE ? MAX_SCORE : z;
  const s = x * LOG_CDF_KNOTS_PER_UNIT;
  const k = Math.floor(s);
  const t = s - k;
  const h = 1 / LOG_CDF_KNOTS_PER_UNIT;
  // Hermite on [z_k, z_{k+1}] = [−k·h, −(k+1)·h]: the abscissa runs the other way, so slopes change sign.
  const t2 = t * t;
  const t3 = t2 * t;
  const logTail =
    (2 * t3 - 3 * t2 + 1) * LOG_CDF[k] +
    (t3 - 2 * t2 + t) * -h * LOG_CDF_SLOPE[k] +
    (-2 * t3 + 3 * t2) * LOG_CDF[k + 1] +
    (t3 - t2) * -h * LOG_CDF_SLOPE[k + 1];
  const tail = Math.exp(logTail);
  return z < 0 ? tail : 1 - tail;
}

/**
 * An input's value at probability u: its quantile, clamped as its draws are.
 * @example valueAtProbability(variable, 0.5) // the input's median
 */
export function valueAtProbability(v: Variable, u: number): number {
  const x = v.distribution.quantile(u);
  return v.clamp ? (x < v.clamp[0] ? v.clamp[0] : x > v.clamp[1] ? v.clamp[1] : x) : x;
}

/**
 * out[i] = the input's value at normal score z[i] (quantile of Φ(z), clamped), through
 * the distribution's fast vectorised quantile; `u` is scratch of length ≥ n.
 * @example valuesFromScores(variable, z, n, u, out)
 */
export function valuesFromScores(v: Variable, z: Float64Array, n: number, u: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) u[i] = scoreToProbability(z[i]);
  valuesFromProbabilities(v, u, n, out);
}

/**
 * out[i] = the input's value at probability u[i] (its quantile, clamped), through the distribution's fast vectorised quantile.
 * @example valuesFromProbabilities(variable, u, n, out)
 */
export function valuesFromProbabilities(v: Variable, u: Float64Array, n: number, out: Float64Array): void {
  v.distribution.quantiles(u, out, n);
  if (v.clamp) {
    const [lo, hi] = v.clamp;
    for (let i = 0; i < n; i++) out[i] = out[i] < lo ? lo : out[i] > hi ? hi : out[i];
  }
}
