import jStat from 'jstat';
import type { Distribution } from '../distributions/distribution.js';
import type { Rng } from './rng.js';

/** How uniforms are drawn: plain Monte Carlo, or Latin hypercube (one draw per equal-probability stratum). */
export type Sampler = 'lhs' | 'mc';

export const SAMPLERS: readonly Sampler[] = ['lhs', 'mc'];

/**
 * Draws one input's column for one block: `out[i] = quantile(u_i)`.
 * `mc`: independent uniforms. `lhs`: u_i = (i + U_i)/n, one draw in each of the
 * n equal-probability strata (McKay, Beckman & Conover 1979), then the values
 * are shuffled. Taking the quantiles while the strata are still in order keeps
 * the quantile functions' branches and table look-ups predictable; shuffling
 * the values afterwards gives the same column as shuffling the uniforms first.
 * @example sampleColumn('lhs', createRng(1), triangular({ min: 0, mode: 1, max: 2 }), u, out, 4)
 */
export function sampleColumn(sampler: Sampler, rng: Rng, d: Distribution, u: Float64Array, out: Float64Array, n: number): void {
  rng.fill(u, n);
  if (sampler === 'mc') {
    d.quantiles(u, out, n);
    return;
  }
  const inv = 1 / n;
  for (let i = 0; i < n; i++) u[i] = (i + u[i]) * inv;
  d.quantiles(u, out, n);
  shuffle(rng, out, n);
}

/**
 * Fisher–Yates shuffle of the first n entries.
 * @example shuffle(createRng(1), Float64Array.of(1, 2, 3), 3)
 */
export function shuffle(rng: Rng, a: Float64Array | Uint32Array | Int32Array, n: number): void {
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/**
 * The Pearson correlation of normal scores that yields Spearman correlation ρs:
 * 2·sin(π·ρs/6) (Pearson 1907; the inverse of ρs = (6/π)·asin(ρ/2) for a bivariate normal).
 * @example spearmanToNormalScoreCorrelation(0.7) // 0.7167
 */
export function spearmanToNormalScoreCorrelation(rhoS: number): number {
  return 2 * Math.sin((Math.PI * rhoS) / 6);
}

/**
 * Lower-triangular Cholesky factor L of a symmetric matrix (row-major k×k), or
 * the index of the first row whose pivot is not positive (the matrix is not
 * positive definite there).
 * @example cholesky(Float64Array.of(1, 0.5, 0.5, 1), 2) // { factor: [1, 0, 0.5, 0.866…] }
 */
export function cholesky(m: Float64Array, k: number): { factor: Float64Array } | { failedRow: number } {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i * k + j];
      for (let p = 0; p < j; p++) s -= l[i * k + p] * l[j * k + p];
      if (i === j) {
        if (!(s > 1e-12)) return { failedRow: i };
        l[i * k + i] = Math.sqrt(s);
      } else {
        l[i * k + j] = s / l[j * k + j];
      }
    }
  }
  return { factor: l };
}

/**
 * Iman–Conover (1982) rank correlation: reorders each column of `columns` (the
 * values stay, only their order changes, so marginals are untouched) so that the
 * rank correlation approaches `target` (k×k Spearman, row-major, positive definite).
 * Scores are van der Waerden's Φ⁻¹(i/(n+1)), shuffled per column with `rng`;
 * their sample correlation E = F·Fᵀ is corrected to the target P·Pᵀ by
 * T = S·(F⁻¹)ᵀ·Pᵀ, and each column takes the rank order of T's column.
 * @example imanConover([a, b], new Float64Array([1, .7, .7, 1]), n, rng)
 */
export function imanConover(columns: Float64Array[], target: Float64Array, n: number, rng: Rng): void {
  const k = columns.length;
  const normalTarget = new Float64Array(k * k);
  for (let i = 0; i < k * k; i++) normalTarget[i] = spearmanToNormalScoreCorrelation(target[i]);
  for (let i = 0; i < k; i++) normalTarget[i * k + i] = 1;
  const p = cholesky(normalTarget, k);
  if (!('factor' in p)) throw new RangeError(`target correlation is not positive definite (row ${p.failedRow})`);

  const baseScores = new Float64Array(n);
  for (let i = 0; i < n; i++) baseScores[i] = jStat.normal.inv((i + 1) / (n + 1), 0, 1);
  const scores: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const s = Float64Array.from(baseScores.subarray(0, n));
    shuffle(rng, s, n);
    scores.push(s);
  }
  // Sample correlation of the scores (they share mean 0 and one variance).
  const e = new Float64Array(k * k);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += baseScores[i] * baseScores[i];
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      const x = scores[a];
      const y = scores[b];
      for (let i = 0; i < n; i++) s += x[i] * y[i];
      e[a * k + b] = e[b * k + a] = s / ss;
    }
  }
  const f = cholesky(e, k);
  if (!('factor' in f)) return; // degenerate scores (tiny n): leave the columns independent
  // M = Pᵀ applied after F⁻¹: for each row, t = P · (F⁻¹ · s).
  const z = new Float64Array(k);
  const t: Float64Array[] = scores.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      let s = scores[a][i];
      for (let b = 0; b < a; b++) s -= f.factor[a * k + b] * z[b];
      z[a] = s / f.factor[a * k + a];
    }
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b <= a; b++) s += p.factor[a * k + b] * z[b];
      t[a][i] = s;
    }
  }
  for (let a = 0; a < k; a++) reorderToRanks(columns[a], t[a], n);
}

/** Rearranges values[0..n) so that its order statistics follow the ranks of `pattern`. */
function reorderToRanks(values: Float64Array, pattern: Float64Array, n: number): void {
  const sorted = Float64Array.from(values.subarray(0, n)).sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => pattern[x] - pattern[y]);
  for (let r = 0; r < n; r++) values[order[r]] = sorted[r];
}
