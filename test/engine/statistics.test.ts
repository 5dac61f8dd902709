import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantile, quantilesByBins, spearman } from '../../engine/metrics/statistics.js';

describe('quantile (R-7, Excel PERCENTILE.INC)', () => {
  it('matches the documented PERCENTILE.INC example', () => {
    // Microsoft Support, "PERCENTILE.INC function": PERCENTILE.INC({1,3,2,4}, 0.3) = 1.9.
    expect(quantile([1, 3, 2, 4], 0.3)).toBeCloseTo(1.9, 12);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.9)).toBe(5);
  });

  it('the binned exact quantiles equal the sort-based ones (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 0, max: 20 }), (xs, never) => {
        const values = Float64Array.from([...xs, ...Array(never).fill(NaN)]);
        const ps = [0, 0.05, 0.1, 0.5, 0.9, 0.95, 1];
        const min = Math.min(...xs);
        const max = Math.max(...xs);
        const got = quantilesByBins(values, ps, xs.length, min, max, never);
        const sorted = [...xs, ...Array(never).fill(Infinity)];
        ps.forEach((p, i) => {
          const want = quantile(sorted, p);
          if (Number.isFinite(want)) expect(got[i]).toBeCloseTo(want, 6);
          else expect(got[i]).toBe(want);
        });
      }),
    );
  });

  it('quantiles are ordered in p (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, p, q) => {
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        expect(quantile(xs, lo)).toBeLessThanOrEqual(quantile(xs, hi));
      }),
    );
  });
});

describe('spearman', () => {
  it('uses average ranks for ties', () => {
    // x ranks 1, 2.5, 2.5, 4; y ranks 1, 2, 3, 4: Pearson of the ranks = 0.9486832980505138 (hand: cov 1.5 / sqrt(1.5·1.6667)).
    expect(spearman([1, 2, 2, 3], [10, 20, 30, 40])).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3], [10, 20, 15])).toBeCloseTo(0.5, 12);
  });
});

describe('spearman against simple-statistics', () => {
  // Values in hundredths: doubles near 1e-162 underflow when squared and defeat both implementations alike.
  it('equals sampleRankCorrelation (midranks for ties) on random data with ties', async () => {
    const { sampleRankCorrelation, sampleCorrelation } = await import('simple-statistics');
    const { pearson } = await import('../../engine/metrics/statistics.js');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: -10_000, max: 10_000 }).map((k) => k / 100)), { minLength: 3, maxLength: 200 }), (pairs) => {
        const x = pairs.map((p) => p[0]);
        const y = pairs.map((p) => p[1]);
        const want = sampleRankCorrelation(x, y);
        const got = spearman(Float64Array.from(x), Float64Array.from(y));
        if (Number.isNaN(want)) expect(got).toBeNaN();
        else expect(got).toBeCloseTo(want, 10);
        const pw = sampleCorrelation(x, y);
        if (Number.isFinite(pw)) expect(pearson(x, y)).toBeCloseTo(pw, 10);
      }),
    );
  });
});
