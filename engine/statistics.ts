/**
 * Quantiles and rank correlation on plain or typed arrays.
 * simple-statistics' quantile is not R-7 (it picks order statistics), so the
 * R-7 rule that Excel's PERCENTILE.INC uses is written here; means and
 * standard deviations use simple-statistics where arrays are small.
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

/** Ranks 1…n with ties given their average rank. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation of two equal-length arrays; NaN when either is constant. */
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
