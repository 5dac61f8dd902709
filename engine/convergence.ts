import type { Sampler } from './sampling.js';

/** Fewest blocks for batch means: with fewer, their spread says too little about the error. */
const MIN_BATCHES = 8;

/** How the trials of a run were drawn, which decides how a mean's error is estimated. */
export interface Batches {
  /** Trials per block (each block an independent Latin hypercube or MC batch). */
  blockSize: number;
  sampler: Sampler;
}

/**
 * Monte Carlo standard error of the mean of the finite entries of `values`.
 * Plain Monte Carlo: sd/√n. Latin hypercube: the trials of one block are not
 * independent (that is the point), so the error comes from the spread of the
 * block means (batch means; each block is an independent hypercube), weighted by
 * each block's count; with fewer than 8 blocks, sd/√n, which overstates the
 * error of a hypercube. Null when fewer than two values.
 * @example meanStandardError(npv, { blockSize: 8192, sampler: 'lhs' })
 */
export function meanStandardError(values: Float64Array, batches?: Batches): number | null {
  const n = values.length;
  const blocks = batches ? Math.ceil(n / batches.blockSize) : 0;
  if (batches && batches.sampler === 'lhs' && blocks >= MIN_BATCHES) {
    const sums = new Float64Array(blocks);
    const counts = new Float64Array(blocks);
    for (let i = 0; i < n; i++) {
      const x = values[i];
      if (x - x !== 0) continue;
      const b = (i / batches.blockSize) | 0;
      sums[b] += x;
      counts[b]++;
    }
    let total = 0;
    let count = 0;
    let used = 0;
    for (let b = 0; b < blocks; b++) {
      total += sums[b];
      count += counts[b];
      if (counts[b] > 0) used++;
    }
    if (count < 2 || used < 2) return null;
    const mean = total / count;
    // Var(Σ w_b m_b) with w_b = c_b / C, estimated from the batches' deviations.
    let ss = 0;
    for (let b = 0; b < blocks; b++) {
      if (counts[b] === 0) continue;
      const w = counts[b] / count;
      const d = sums[b] / counts[b] - mean;
      ss += w * w * d * d;
    }
    return Math.sqrt((ss * used) / (used - 1));
  }
  let count = 0;
  let sum = 0;
  let sumSq = 0;
  let shift = NaN;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x - x !== 0) continue;
    if (count === 0) shift = x;
    const d = x - shift;
    sum += d;
    sumSq += d * d;
    count++;
  }
  if (count < 2) return null;
  const variance = Math.max(0, (sumSq - (sum * sum) / count) / (count - 1));
  return Math.sqrt(variance / count);
}

/**
 * Standard error of the share of entries ≤ limit (NaN never counts), by the same rule.
 * @example proportionStandardError(payback, 12, { blockSize: 8192, sampler: 'mc' })
 */
export function proportionStandardError(values: Float64Array, limit: number, batches?: Batches): number | null {
  const indicator = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) indicator[i] = values[i] <= limit ? 1 : 0;
  return meanStandardError(indicator, batches);
}
