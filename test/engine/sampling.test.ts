import { describe, expect, it } from 'vitest';
import { triangular } from '../../engine/distributions/triangular.js';
import { lognormal } from '../../engine/distributions/lognormal.js';
import { createRng } from '../../engine/sampling/rng.js';
import { uniform } from '../../engine/distributions/uniform.js';
import { imanConover, sampleColumn } from '../../engine/sampling/samplers.js';
import { spearman } from '../../engine/metrics/statistics.js';

describe('Latin hypercube columns', () => {
  const n = 1000;
  const draw = (seed: number) => {
    const out = new Float64Array(n);
    sampleColumn('lhs', createRng(seed), uniform({ min: 0, max: 1 }), new Float64Array(n), out, n);
    return out;
  };
  it('put exactly one draw in each of the n equal strata', () => {
    const strata = new Set(Array.from(draw(3), (x) => Math.floor(x * n)));
    expect(strata.size).toBe(n);
  });
  it('come in random order: two seeds give uncorrelated columns', () => {
    expect(Math.abs(spearman(draw(3), draw(4)))).toBeLessThan(4 / Math.sqrt(n));
  });
});

describe('Iman–Conover', () => {
  const n = 50_000;
  const draw = (seed: number) => {
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const u = new Float64Array(n);
    sampleColumn('lhs', createRng(seed), triangular({ min: 800, mode: 1200, max: 2000 }), u, a, n);
    sampleColumn('lhs', createRng(seed + 1), lognormal({ p5: 100, p95: 400 }), u, b, n);
    return [a, b];
  };

  it('reaches a requested Spearman correlation of 0.7 within 0.02 at 50k trials', () => {
    for (const seed of [1, 2, 3]) {
      const [a, b] = draw(seed * 10);
      imanConover([a, b], new Float64Array([1, 0.7, 0.7, 1]), n, createRng(seed));
      expect(Math.abs(spearman(a, b) - 0.7)).toBeLessThan(0.02);
    }
  });

  it('reaches a negative correlation too, and leaves the marginals unchanged', () => {
    const [a, b] = draw(99);
    const sortedA = Float64Array.from(a).sort();
    const sortedB = Float64Array.from(b).sort();
    imanConover([a, b], new Float64Array([1, -0.4, -0.4, 1]), n, createRng(5));
    expect(Math.abs(spearman(a, b) + 0.4)).toBeLessThan(0.02);
    expect(Float64Array.from(a).sort()).toEqual(sortedA);
    expect(Float64Array.from(b).sort()).toEqual(sortedB);
  });
});
