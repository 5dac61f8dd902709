import type { Sampler } from '../sampling/samplers.js';

/** Fewest blocks for batch means: with fewer, their spread says too little about the error. */
const MIN_BATCHES = 8;

/** How the trials of a run were drawn, which decides how a mean's error is estimated. */
export interface Batches {
  /** Trials per block (each block an independent Latin hypercube or MC batch). */
  blockSize: number;
  sampler: Sampler;
}

/**
 * Standard error of a weighted mean of batch means: Var(Σ w_b m_b), w_b = c_b/C,
 * estimated from the batches' deviations from the overall mean.
 */
function batchMeansSe(sums: Float64Array, counts: Float64Array): number | null {
  let total = 0;
  let count = 0;
  let used = 0;
  for (let b = 0; b < sums.length; b++) {
    total += sums[b];
    count += counts[b];
    if (counts[b] > 0) used++;
  }
  if (count < 2 || used < 2) return null;
  const mean = total / count;
  let ss = 0;
  for (let b = 0; b < sums.length; b++) {
    if (counts[b] === 0) continue;
    const w = counts[b] / count;
    const d = sums[b] / counts[b] - mean;
    ss += w * w * d * d;
  }
  return Math.sqrt((ss * used) / (used - 1));
}

/** Latin hypercube runs of enough blocks use batch means; the rest sd/√n. */
function useBatches(n: number, batches?: Batches): batches is Batches {
  return batches !== undefined && batches.sampler === 'lhs' && Math.ceil(n / batches.blockSize) >= MIN_BATCHES;
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
  if (useBatches(n, batches)) {
    const blocks = Math.ceil(n / batches.blockSize);
    const sums = new Float64Array(blocks);
    const counts = new Float64Array(blocks);
    for (let b = 0; b < blocks; b++) {
      const end = Math.min(n, (b + 1) * batches.blockSize);
      let sum = 0;
      let count = 0;
      for (let i = b * batches.blockSize; i < end; i++) {
        const x = values[i];
        if (x - x !== 0) continue;
        sum += x;
        count++;
      }
      sums[b] = sum;
      counts[b] = count;
    }
    return batchMeansSe(sums, counts);
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
  const n = values.length;
  if (n < 2) return null;
  if (useBatches(n, batches)) {
    const blocks = Math.ceil(n / batches.blockSize);
    const sums = new Float64Array(blocks);
    const counts = new Float64Array(blocks);
    for (let b = 0; b < blocks; b++) {
      const end = Math.min(n, (b + 1) * batches.blockSize);
      let hits = 0;
      for (let i = b * batches.blockSize; i < end; i++) if (values[i] <= limit) hits++;
      sums[b] = hits;
      counts[b] = end - b * batches.blockSize;
    }
    return batchMeansSe(sums, counts);
  }
  let hits = 0;
  for (let i = 0; i < n; i++) if (values[i] <= limit) hits++;
  const p = hits / n;
  // sd/√n of a 0/1 column: √(p(1−p)·n/(n−1)/n).
  return Math.sqrt((p * (1 - p)) / (n - 1));
}
