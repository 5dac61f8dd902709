/**
 * Quantiles and rank correlation on plain or typed arrays.
 * simple-statistics' quantile is not R-7 (it picks order statistics), so the
 * R-7 rule that Excel's PERCENTILE.INC uses is written here. Its rank
 * correlation allocates a pair per value; `spearman` here works on typed
 * arrays without that, for the per-input sensitivity over many trials, and the
 * tests hold it equal to simple-statistics' sampleRankCorrelation.
 */

/**
 * R-7 quantile of an ascending sorted array: h = (n−1)·p, x[⌊h⌋] + (h−⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])
 * (Hyndman & Fan 1996, definition 7; Excel PERCENTILE.INC).
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo];
  const b = sorted[hi];
  if (h === lo || a === b) return a; // also keeps ±Infinity from turning into NaN
  return a + (h - lo) * (b - a);
}

/**
 * R-7 quantile of unsorted values (Excel PERCENTILE.INC), p in [0, 1].
 * @example quantile([3, 1, 4, 1, 5], 0.25) // 1
 */
export function quantile(values: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  return quantileSorted(Float64Array.from(values).sort(), p);
}

/**
 * Ranks 1…n with ties given their average rank (midranks). A sorted copy gives
 * the order; each value's span of equal entries is then found by binary search
 * within its bucket of an n-bucket index over [min, max], so the search is
 * short even for large n (equal values always share a bucket).
 * @example averageRanks([10, 20, 20, 30]) // [1, 2.5, 2.5, 4]
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const ranks = new Float64Array(n);
  if (n === 0) return ranks;
  const min = sorted[0];
  const max = sorted[n - 1];
  if (min === max) return ranks.fill((n + 1) / 2);
  const scale = n / (max - min);
  // A range too narrow to bucket (or NaN / infinite ends) falls back to plain binary search.
  const bucketed = scale < Infinity && Number.isFinite(min) && Number.isFinite(max);
  const bucketOf = (x: number) => Math.min(n - 1, Math.floor((x - min) * scale));
  // start[b] = first sorted index whose value falls in bucket b (or later).
  const start = new Int32Array(n + 1);
  if (bucketed) {
    for (let j = 0; j < n; j++) start[bucketOf(sorted[j]) + 1]++;
    for (let b = 0; b < n; b++) start[b + 1] += start[b];
  }
  for (let i = 0; i < n; i++) {
    const x = values[i];
    let lo = 0;
    let hi = n;
    if (bucketed && x - x === 0) {
      const b = bucketOf(x);
      lo = start[b];
      hi = start[b + 1];
    }
    let first = lo;
    let top = hi;
    while (first < top) {
      const mid = (first + top) >> 1;
      if (sorted[mid] < x) first = mid + 1;
      else top = mid;
    }
    let end = first;
    top = hi;
    while (end < top) {
      const mid = (end + top) >> 1;
      if (sorted[mid] <= x) end = mid + 1;
      else top = mid;
    }
    ranks[i] = (first + 1 + end) / 2; // positions first+1 … end share their mean
  }
  return ranks;
}

/**
 * Pearson correlation of two equal-length arrays; NaN when either is constant.
 * @example pearson([1, 2, 3], [2, 4, 7]) // 0.993…
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`x and y differ in length (${n} vs ${y.length})`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/**
 * Spearman rank correlation: Pearson correlation of average ranks (ties share their mean rank).
 * @example spearman([1, 2, 3], [10, 20, 15]) // 0.5
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(averageRanks(x), averageRanks(y));
}

/** Bins of the counting pass in `quantilesByBins`: the needed bins then hold ~n/4096 values each. */
const QUANTILE_BINS = 4096;

/**
 * Exact R-7 quantiles of the finite values of `values` for probabilities `ps`,
 * given their count n, min and max, with `extraInfinite` further values taken
 * as +Infinity (they rank above every finite one). Two passes instead of a sort:
 * count the values into equal-width bins, then sort only the few bins that
 * hold the needed order statistics.
 * @example quantilesByBins(Float64Array.of(4, 1, 3, 2), [0.5], 4, 1, 4, 0) // [2.5]
 */
export function quantilesByBins(
  values: Float64Array,
  ps: readonly number[],
  n: number,
  min: number,
  max: number,
  extraInfinite: number,
): number[] {
  const total = n + extraInfinite;
  const ranks = new Set<number>();
  for (const p of ps) {
    const h = (total - 1) * p;
    ranks.add(Math.floor(h));
    ranks.add(Math.min(Math.floor(h) + 1, total - 1));
  }
  const orderStat = new Map<number, number>();
  const finiteRanks = [...ranks].filter((r) => r < n);
  for (const r of ranks) if (r >= n) orderStat.set(r, Infinity);
  if (finiteRanks.length > 0) {
    const bins = QUANTILE_BINS;
    const scale = bins / (max - min);
    if (min === max) for (const r of finiteRanks) orderStat.set(r, min);
    else if (!Number.isFinite(scale)) {
      // A range too narrow to bin (subnormal widths): sort the finite values instead.
      const sorted = Float64Array.from(values).filter((x) => x - x === 0).sort();
      for (const r of finiteRanks) orderStat.set(r, sorted[r]);
    } else {
      const counts = new Uint32Array(bins);
      for (let i = 0; i < values.length; i++) {
        const x = values[i];
        if (x - x === 0) counts[Math.min(bins - 1, Math.floor((x - min) * scale))]++; // finite
      }
      const before = new Float64Array(bins); // values in lower bins
      for (let b = 1; b < bins; b++) before[b] = before[b - 1] + counts[b - 1];
      const binOfRank = (r: number) => {
        let lo = 0;
        let hi = bins - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (before[mid] <= r) lo = mid;
          else hi = mid - 1;
        }
        return lo;
      };
      // Slots for the bins that hold a needed order statistic; -1 elsewhere.
      const slotOf = new Int32Array(bins).fill(-1);
      const buckets: Float64Array[] = [];
      for (const r of finiteRanks) {
        const b = binOfRank(r);
        if (slotOf[b] < 0) {
          slotOf[b] = buckets.length;
          buckets.push(new Float64Array(counts[b]));
        }
      }
      const filled = new Uint32Array(buckets.length);
      for (let i = 0; i < values.length; i++) {
        const x = values[i];
        if (x - x !== 0) continue;
        const slot = slotOf[Math.min(bins - 1, Math.floor((x - min) * scale))];
        if (slot >= 0) buckets[slot][filled[slot]++] = x;
      }
      for (const bucket of buckets) bucket.sort();
      for (const r of finiteRanks) {
        const b = binOfRank(r);
        orderStat.set(r, buckets[slotOf[b]][r - before[b]]);
      }
    }
  }
  return ps.map((p) => {
    const h = (total - 1) * p;
    const lo = Math.floor(h);
    const a = orderStat.get(lo)!;
    const b = orderStat.get(Math.min(lo + 1, total - 1))!;
    return h === lo || a === b ? a : a + (h - lo) * (b - a);
  });
}
