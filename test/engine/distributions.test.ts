import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import jStat from 'jstat';
import { createRng } from '../../engine/sampling/rng.js';
import {
  type Distribution,
  InvalidDistributionError,
  beta,
  discrete,
  fastNormalQuantile,
  fixed,
  lognormal,
  normal,
  pert,
  triangular,
  uniform,
} from '../../engine/distributions/index.js';
import { Z_95 } from '../../engine/distributions/normal-quantile.js';

/**
 * Tolerances used below:
 * - Moments: with n draws the sample mean must lie within Z_SE standard errors
 *   sqrt(variance/n) of mean(), the sample variance within Z_SE·sqrt((μ4 − σ⁴)/n) of
 *   variance(), μ4 the sample fourth central moment (a 4-SE miss has probability ~6e-5
 *   per check; the seeds are fixed, so the outcome is deterministic).
 * - Inversion: cdf(quantile(p)) = p to INVERSION_TOL, the CDF from jStat or closed form;
 *   to INVERSION_TOL_BETA for betas with a shape below 1, where jStat.ibetainv stops after
 *   ten Newton steps short of its own ibeta's root (3.6e-8 for Beta(½, ½) at p = ½).
 * - Fast quantiles: pert and beta agree with jStat.ibetainv to FAST_BETA_TOL of the range
 *   (jStat's own inverse is only good to ~3e-8 for Beta(0.5, 0.5) at p = 0.5); normal to
 *   FAST_NORMAL_TOL·sd and lognormal to FAST_NORMAL_TOL·sigma relative, over
 *   p in [2^-33, 1 − 2^-33] (the span of Rng.uniform), where jStat.normal.inv, whose erfc
 *   is 1 − erf, drifts up to 4e-8 from the true quantile.
 */
const N_FAST = 200_000;
const N_SAMPLE = 20_000;
const Z_SE = 4;
const INVERSION_TOL = 1e-9;
const INVERSION_TOL_BETA = 1e-7;
const FAST_BETA_TOL = 1e-7;
const FAST_NORMAL_TOL = 1e-7;
const U_MIN = 2 ** -33;

interface Case {
  name: string;
  make: () => Distribution;
  /** CDF computed independently of the family's code (closed form or jStat). */
  cdf?: (x: number) => number;
  /** |cdf(quantile(p)) − p| allowed, when not INVERSION_TOL. */
  inversionTol?: number;
}

const triangularCdf = (a: number, c: number, b: number) => (x: number) =>
  x <= a ? 0 : x < c ? (x - a) ** 2 / ((b - a) * (c - a)) : x < b ? 1 - (b - x) ** 2 / ((b - a) * (b - c)) : 1;

const pertCdf = (min: number, mode: number, max: number, lambda = 4) => {
  const w = max - min;
  const a = 1 + (lambda * (mode - min)) / w;
  const b = 1 + (lambda * (max - mode)) / w;
  return (x: number) => (x <= min ? 0 : x >= max ? 1 : jStat.ibeta((x - min) / w, a, b));
};

const betaCdf = (a: number, b: number) => (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : jStat.ibeta(x, a, b));

/** Beta(α, β) with mean 0.3 and sd 0.1: k = 0.21/0.01 − 1 = 20, α = 6, β = 14. */
const CONTINUOUS: Case[] = [
  {
    name: 'triangular 800/1200/2000',
    make: () => triangular({ min: 800, mode: 1200, max: 2000 }),
    cdf: triangularCdf(800, 1200, 2000),
  },
  { name: 'triangular 0/0/10', make: () => triangular({ min: 0, mode: 0, max: 10 }), cdf: triangularCdf(0, 0, 10) },
  { name: 'pert 2/5/12', make: () => pert({ min: 2, mode: 5, max: 12 }), cdf: pertCdf(2, 5, 12) },
  { name: 'pert 0/0/10', make: () => pert({ min: 0, mode: 0, max: 10 }), cdf: pertCdf(0, 0, 10) },
  { name: 'pert 100/900/1000', make: () => pert({ min: 100, mode: 900, max: 1000 }), cdf: pertCdf(100, 900, 1000) },
  { name: 'pert 2/5/12 λ=8', make: () => pert({ min: 2, mode: 5, max: 12, lambda: 8 }), cdf: pertCdf(2, 5, 12, 8) },
  { name: 'beta(2, 5)', make: () => beta({ alpha: 2, beta: 5 }), cdf: betaCdf(2, 5) },
  ...[
    [0.5, 0.5],
    [0.3, 2],
    [2, 0.4],
  ].map(
    ([a, b]): Case => ({
      name: `beta(${a}, ${b})`,
      make: () => beta({ alpha: a, beta: b }),
      cdf: betaCdf(a, b),
      inversionTol: INVERSION_TOL_BETA,
    }),
  ),
  { name: 'beta mean 0.3 sd 0.1', make: () => beta({ mean: 0.3, sd: 0.1 }), cdf: betaCdf(6, 14) },
  { name: 'normal 100 ± 15', make: () => normal({ mean: 100, sd: 15 }), cdf: (x) => jStat.normal.cdf(x, 100, 15) },
  {
    name: 'normal p5 80 p95 120',
    make: () => normal({ p5: 80, p95: 120 }),
    cdf: (x) => jStat.normal.cdf(x, 100, 20 / Z_95),
  },
  {
    name: 'lognormal p5 100 p95 400',
    make: () => lognormal({ p5: 100, p95: 400 }),
    cdf: (x) => jStat.lognormal.cdf(x, Math.log(200), Math.log(4) / (2 * Z_95)),
  },
  {
    name: 'lognormal mu 1 sigma 0.8',
    make: () => lognormal({ mu: 1, sigma: 0.8 }),
    cdf: (x) => jStat.lognormal.cdf(x, 1, 0.8),
  },
  {
    name: 'uniform 10–20',
    make: () => uniform({ min: 10, max: 20 }),
    cdf: (x) => Math.min(1, Math.max(0, (x - 10) / 10)),
  },
];

const DISCRETE: Case[] = [
  { name: 'discrete 5/1/2 weights 1/1/3', make: () => discrete({ values: [5, 1, 2], weights: [1, 1, 3] }) },
  { name: 'discrete equal 0/10/100', make: () => discrete({ values: [0, 10, 100] }) },
  { name: 'discrete with a zero weight', make: () => discrete({ values: [1, 2, 3, 4], weights: [0.2, 0, 0.5, 0.3] }) },
];

const ALL: Case[] = [...CONTINUOUS, ...DISCRETE, { name: 'fixed 1200', make: () => fixed(1200) }];

function uniforms(seed: number, n: number): Float64Array {
  const rng = createRng(seed);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = rng.uniform();
  return u;
}

/** Sample mean, unbiased sample variance and fourth central moment. */
function moments(xs: Float64Array): { mean: number; variance: number; m4: number } {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  const mean = s / n;
  let s2 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - mean;
    const d2 = d * d;
    s2 += d2;
    s4 += d2 * d2;
  }
  return { mean, variance: s2 / (n - 1), m4: s4 / n };
}

function expectMomentsMatch(d: Distribution, xs: Float64Array): void {
  const n = xs.length;
  const m = moments(xs);
  const variance = d.variance();
  if (variance === 0) {
    expect(m.mean).toBe(d.mean());
    expect(m.variance).toBe(0);
    return;
  }
  expect(Math.abs(m.mean - d.mean())).toBeLessThanOrEqual(Z_SE * Math.sqrt(variance / n));
  const seVariance = Math.sqrt(Math.max(m.m4 - variance * variance, 0) / n);
  expect(Math.abs(m.variance - variance)).toBeLessThanOrEqual(Z_SE * seVariance);
}

describe('moments: sample mean and variance within 4 standard errors of mean() and variance()', () => {
  ALL.forEach((c, index) => {
    it(`${c.name}: ${N_FAST} draws through quantiles`, () => {
      const d = c.make();
      const u = uniforms(1000 + index, N_FAST);
      const xs = new Float64Array(N_FAST);
      d.quantiles(u, xs, N_FAST);
      expectMomentsMatch(d, xs);
    });
    it(`${c.name}: ${N_SAMPLE} draws through sample`, () => {
      const d = c.make();
      const rng = createRng(5000 + index);
      const xs = new Float64Array(N_SAMPLE);
      for (let i = 0; i < N_SAMPLE; i++) xs[i] = d.sample(rng);
      expectMomentsMatch(d, xs);
    });
  });
});

describe('sample(rng) is quantile(rng.uniform())', () => {
  ALL.forEach((c) => {
    it(c.name, () => {
      const d = c.make();
      const a = createRng(77);
      const b = createRng(77);
      for (let i = 0; i < 50; i++) expect(d.sample(a)).toBe(d.quantile(b.uniform()));
      expect(a.uniform()).toBe(b.uniform());
    });
  });
});

const P_GRID = [
  1e-6,
  0.001,
  0.01,
  0.025,
  ...Array.from({ length: 19 }, (_, i) => (i + 1) / 20),
  0.975,
  0.99,
  0.999,
  1 - 1e-6,
];

describe('quantile inverts the CDF', () => {
  CONTINUOUS.forEach((c) => {
    it(c.name, () => {
      const d = c.make();
      const tol = c.inversionTol ?? INVERSION_TOL;
      for (const p of P_GRID) expect(Math.abs(c.cdf!(d.quantile(p)) - p)).toBeLessThanOrEqual(tol);
    });
  });

  it('discrete: the smallest value whose cumulative weight is ≥ p', () => {
    const values = [5, 1, 2, 2.5];
    const weights = [1, 1, 3, 0];
    const d = discrete({ values, weights });
    const cdf = (x: number) => values.reduce((s, v, i) => s + (v <= x ? weights[i] : 0), 0) / 5;
    const support = [1, 2, 5];
    for (const p of [...P_GRID, 0.2, 0.8]) {
      const q = d.quantile(p);
      expect(cdf(q)).toBeGreaterThanOrEqual(p);
      const below = support.filter((v) => v < q);
      if (below.length > 0) expect(cdf(below[below.length - 1])).toBeLessThan(p);
    }
    expect(d.quantile(0.2)).toBe(1);
    expect(d.quantile(0.2000001)).toBe(2);
    expect(d.quantile(0.8)).toBe(2);
    expect(d.quantile(0.81)).toBe(5);
  });

  it('p = 0 and p = 1 give the ends of the support; p outside [0, 1] gives NaN', () => {
    const ends: [Distribution, number, number][] = [
      [triangular({ min: 1, mode: 2, max: 4 }), 1, 4],
      [pert({ min: 1, mode: 2, max: 4 }), 1, 4],
      [beta({ alpha: 2, beta: 3 }), 0, 1],
      [normal({ mean: 0, sd: 1 }), -Infinity, Infinity],
      [lognormal({ mu: 0, sigma: 1 }), 0, Infinity],
      [uniform({ min: 3, max: 7 }), 3, 7],
      [discrete({ values: [4, -1, 9], weights: [1, 1, 1] }), -1, 9],
    ];
    for (const [d, lo, hi] of ends) {
      expect(d.quantile(0)).toBe(lo);
      expect(d.quantile(1)).toBe(hi);
      const out = new Float64Array(2);
      d.quantiles(Float64Array.of(0, 1), out, 2);
      expect(Array.from(out)).toEqual([lo, hi]);
      if (d.family !== 'triangular') {
        expect(d.quantile(-0.1)).toBeNaN();
        expect(d.quantile(1.1)).toBeNaN();
      }
    }
  });
});

describe('beta quantile against scipy', () => {
  /** [α, β, p, x]: golden values from scipy.special.betaincinv 1.17.1 (Boost). */
  const GOLDEN: [number, number, number, number][] = [
    [2.2, 3.8, 1e-60, 1.8290655372645322e-28],
    [2.2, 3.8, 1e-12, 1.203404254201305e-6],
    [2.2, 3.8, 1e-6, 0.0006425812390762546],
    [2.2, 3.8, 0.01, 0.043930331711178494],
    [2.2, 3.8, 0.5, 0.35099948494911815],
    [2.2, 3.8, 0.99, 0.805069895892547],
    [2.2, 3.8, 0.999999, 0.9835533430183723],
    [0.5, 0.5, 1e-60, 2.467401100272339e-120],
    [0.5, 0.5, 1e-12, 2.4674011002723395e-24],
    [0.5, 0.5, 1e-6, 2.46740110027031e-12],
    [0.5, 0.5, 0.01, 0.00024671981713422146],
    [0.5, 0.5, 0.5, 0.4999999999999999],
    [0.5, 0.5, 0.99, 0.9997532801828658],
    [0.5, 0.5, 0.999999, 0.9999999999975326],
    [2, 0.4, 1e-60, 1.889822365046136e-30],
    [2, 0.4, 1e-12, 1.8898216507602871e-6],
    [2, 0.4, 1e-6, 0.00188910794430371],
    [2, 0.4, 0.01, 0.18170018270792906],
    [2, 0.4, 0.5, 0.9191896363014541],
    [2, 0.4, 0.99, 0.9999956879752152],
    [0.3, 2, 1e-60, 4.1705067231413906e-201],
    [0.3, 2, 1e-12, 4.170506723141449e-41],
    [0.3, 2, 1e-6, 4.170506723141455e-21],
    [0.3, 2, 0.01, 8.985084980360625e-8],
    [0.3, 2, 0.5, 0.04276750690589219],
    [0.3, 2, 0.99, 0.7856582389534142],
    [0.3, 2, 0.999999, 0.9977366426596641],
    [5, 1, 1e-60, 9.999999999999984e-13],
    [5, 1, 1e-12, 0.003981071705534972],
    [5, 1, 1e-6, 0.06309573444801932],
    [5, 1, 0.01, 0.39810717055349726],
    [5, 1, 0.5, 0.8705505632961241],
    [5, 1, 0.99, 0.9979919516614258],
    [5, 1, 0.999999, 0.99999979999992],
  ];

  it('matches to 1e-7 relative to the nearer end, down to p = 1e-60 (where jStat alone fails)', () => {
    for (const [a, b, p, x] of GOLDEN) {
      const q = beta({ alpha: a, beta: b }).quantile(p);
      expect(Math.abs(q - x)).toBeLessThanOrEqual(1e-7 * Math.min(x, 1 - x) + 1e-15);
    }
  });

  it('is finite and monotone across p from 1e-300 to 1 − 1e-16 (jStat.ibetainv alone gives NaN at some)', () => {
    const ps: number[] = [];
    for (let e = -300; e <= -1; e += 0.05) ps.push(10 ** e);
    for (let i = 1; i < 1000; i++) ps.push(i / 1000);
    for (let e = -1; e >= -16; e -= 0.05) ps.push(1 - 10 ** e);
    ps.sort((x, y) => x - y);
    for (const [a, b] of [[0.5, 0.5], [5, 1], [0.3, 2], [2, 0.4], [0.01, 1], [0.05, 0.05], [2.2, 3.8]]) {
      const d = beta({ alpha: a, beta: b });
      const u = Float64Array.from(ps);
      const out = new Float64Array(u.length);
      d.quantiles(u, out, u.length);
      const failures: string[] = [];
      let prev = 0;
      for (let i = 0; i < ps.length; i++) {
        const x = d.quantile(ps[i]);
        if (!(x >= prev && x <= 1)) failures.push(`quantile(${ps[i]}) = ${x} after ${prev}`);
        if (!(out[i] <= 1 && (i === 0 || out[i] >= out[i - 1]))) failures.push(`quantiles at ${ps[i]}: ${out[i]}`);
        prev = x;
      }
      expect(failures, `Beta(${a}, ${b})`).toEqual([]);
    }
  });
});

describe('pert', () => {
  it('variance is the true beta variance, not ((max − min)/6)², for a skewed 2/5/12', () => {
    const d = pert({ min: 2, mode: 5, max: 12 });
    // α = 1 + 4·3/10 = 2.2, β = 1 + 4·7/10 = 3.8.
    const exact = (100 * 2.2 * 3.8) / (36 * 7);
    expect(d.variance()).toBeCloseTo(exact, 12);
    expect(d.variance()).toBeCloseTo(100 * jStat.beta.variance(2.2, 3.8), 12);
    expect(Math.abs(d.variance() - (10 / 6) ** 2)).toBeGreaterThan(0.5);
    expect(d.mean()).toBeCloseTo((2 + 4 * 5 + 12) / 6, 12);
  });

  it('λ changes the shape: mean (min + λ·mode + max)/(λ + 2)', () => {
    expect(pert({ min: 2, mode: 5, max: 12, lambda: 8 }).mean()).toBeCloseTo((2 + 8 * 5 + 12) / 10, 12);
  });

  it('min = max is a fixed value', () => {
    const d = pert({ min: 5, mode: 5, max: 5 });
    expect(d.mean()).toBe(5);
    expect(d.variance()).toBe(0);
    expect(d.quantile(0.3)).toBe(5);
    const out = new Float64Array(3);
    d.quantiles(Float64Array.of(0.001, 0.5, 0.999), out, 3);
    expect(Array.from(out)).toEqual([5, 5, 5]);
  });

  it('describes itself', () => {
    expect(pert({ min: 2, mode: 5, max: 12 }).describe()).toBe('PERT 2 / 5 / 12');
    expect(pert({ min: 2, mode: 5, max: 12, lambda: 6 }).describe()).toBe('PERT 2 / 5 / 12 (λ = 6)');
  });
});

describe('parameterisations', () => {
  it('beta by mean and sd has that mean and sd (method of moments)', () => {
    const d = beta({ mean: 0.3, sd: 0.1 });
    expect(d.mean()).toBeCloseTo(0.3, 14);
    expect(Math.sqrt(d.variance())).toBeCloseTo(0.1, 14);
    expect(d.describe()).toBe('beta, mean 0.3, sd 0.1');
    expect(beta({ alpha: 2, beta: 5 }).describe()).toBe('beta(2, 5)');
  });

  it('normal by p5/p95 puts 90% between them', () => {
    const d = normal({ p5: 80, p95: 120 });
    expect(d.mean()).toBe(100);
    expect(d.quantile(0.05)).toBeCloseTo(80, 9);
    expect(d.quantile(0.95)).toBeCloseTo(120, 9);
    expect(d.describe()).toBe('normal, 90% in 80 – 120');
  });

  it('lognormal by p5/p95 puts 90% between them; median √(p5·p95)', () => {
    const d = lognormal({ p5: 100, p95: 400 });
    expect(d.quantile(0.05)).toBeCloseTo(100, 8);
    expect(d.quantile(0.95)).toBeCloseTo(400, 8);
    expect(d.quantile(0.5)).toBeCloseTo(200, 10);
    const sigma = Math.log(4) / (2 * Z_95);
    expect(d.mean()).toBeCloseTo(200 * Math.exp(sigma ** 2 / 2), 10);
    expect(d.describe()).toBe('lognormal, 90% in 100 – 400');
  });

  it('lognormal by mu/sigma: mean exp(mu + σ²/2), variance (exp(σ²) − 1)·exp(2mu + σ²)', () => {
    const d = lognormal({ mu: 1, sigma: 0.8 });
    expect(d.mean()).toBeCloseTo(Math.exp(1.32), 12);
    expect(d.variance()).toBeCloseTo((Math.exp(0.64) - 1) * Math.exp(2.64), 12);
  });

  it('discrete normalises weights and sorts values; equal weights when omitted', () => {
    const d = discrete({ values: [5, 1, 2], weights: [1, 1, 3] });
    expect(d.mean()).toBeCloseTo((5 + 1 + 6) / 5, 14);
    expect(d.variance()).toBeCloseTo((25 + 1 + 12) / 5 - 2.4 ** 2, 14);
    expect(d.describe()).toBe('discrete 1 (0.2), 2 (0.6), 5 (0.2)');
    const e = discrete({ values: [0, 10, 100] });
    expect(e.mean()).toBeCloseTo(110 / 3, 12);
    expect(e.describe()).toBe('discrete, equally likely: 0, 10, 100');
  });

  it('uniform and fixed', () => {
    expect(uniform({ min: 10, max: 20 }).variance()).toBeCloseTo(100 / 12, 14);
    expect(uniform({ min: 10, max: 20 }).describe()).toBe('uniform 10 – 20');
    const f = fixed(1200);
    expect([f.mean(), f.variance(), f.quantile(0.01), f.quantile(0.99)]).toEqual([1200, 0, 1200, 1200]);
    expect(f.describe()).toBe('1200');
  });
});

/** A dense grid over (0, 1) plus points down to 1e-10 from either end and Rng.uniform's extremes. */
function denseGrid(): Float64Array {
  const ps: number[] = [];
  const m = 100_000;
  for (let i = 0; i < m; i++) ps.push((i + 0.5) / m);
  for (let e = 2; e <= 40; e++) {
    const p = 10 ** (-e / 4);
    ps.push(p, 1 - p, 1.5 * p, 1 - 1.5 * p);
  }
  ps.push(U_MIN, 1 - U_MIN, 0.05, 0.95, 1 / (1 + Math.exp(8)), 1 / (1 + Math.exp(-8)));
  return Float64Array.from(ps);
}

describe('fast quantiles agree with the exact (library) quantile', () => {
  const grid = denseGrid();
  const out = new Float64Array(grid.length);

  const betaLike: [string, Distribution, number][] = [
    ['pert 2/5/12', pert({ min: 2, mode: 5, max: 12 }), 10],
    ['pert 0/0/10', pert({ min: 0, mode: 0, max: 10 }), 10],
    ['pert 100/900/1000', pert({ min: 100, mode: 900, max: 1000 }), 900],
    ['pert 1/1.5/1000 λ=4', pert({ min: 1, mode: 1.5, max: 1000 }), 999],
    ['pert 2/5/12 λ=1', pert({ min: 2, mode: 5, max: 12, lambda: 1 }), 10],
    ['beta(1, 1)', beta({ alpha: 1, beta: 1 }), 1],
    ['beta(2, 5)', beta({ alpha: 2, beta: 5 }), 1],
    ['beta(0.5, 0.5)', beta({ alpha: 0.5, beta: 0.5 }), 1],
    ['beta(0.3, 2)', beta({ alpha: 0.3, beta: 2 }), 1],
    ['beta(2, 0.4)', beta({ alpha: 2, beta: 0.4 }), 1],
    ['beta(0.1, 3)', beta({ alpha: 0.1, beta: 3 }), 1],
    ['beta(50, 30)', beta({ alpha: 50, beta: 30 }), 1],
    ['beta mean 0.3 sd 0.1', beta({ mean: 0.3, sd: 0.1 }), 1],
  ];
  betaLike.forEach(([name, d, range]) => {
    it(`${name}: within ${FAST_BETA_TOL} of the range`, () => {
      d.quantiles(grid, out, grid.length);
      let worst = 0;
      for (let i = 0; i < grid.length; i++) worst = Math.max(worst, Math.abs(out[i] - d.quantile(grid[i])));
      expect(worst).toBeLessThanOrEqual(FAST_BETA_TOL * range);
    });
  });

  it(`normal: within ${FAST_NORMAL_TOL}·sd on [2^-33, 1 − 2^-33]`, () => {
    const d = normal({ mean: 100, sd: 15 });
    d.quantiles(grid, out, grid.length);
    let worst = 0;
    for (let i = 0; i < grid.length; i++) {
      if (grid[i] < U_MIN || grid[i] > 1 - U_MIN) continue;
      worst = Math.max(worst, Math.abs(out[i] - d.quantile(grid[i])));
    }
    expect(worst).toBeLessThanOrEqual(FAST_NORMAL_TOL * 15);
  });

  it(`lognormal: within ${FAST_NORMAL_TOL}·sigma relative on [2^-33, 1 − 2^-33]`, () => {
    for (const d of [lognormal({ p5: 100, p95: 400 }), lognormal({ mu: 3, sigma: 1.5 })]) {
      const sigma = Math.sqrt(Math.log1p(d.variance() / d.mean() ** 2));
      d.quantiles(grid, out, grid.length);
      let worst = 0;
      for (let i = 0; i < grid.length; i++) {
        if (grid[i] < U_MIN || grid[i] > 1 - U_MIN) continue;
        const exact = d.quantile(grid[i]);
        worst = Math.max(worst, Math.abs(out[i] - exact) / (sigma * exact));
      }
      expect(worst).toBeLessThanOrEqual(FAST_NORMAL_TOL);
    }
  });

  it('the other families: quantiles equals quantile exactly', () => {
    const others = [
      triangular({ min: 800, mode: 1200, max: 2000 }),
      uniform({ min: 10, max: 20 }),
      discrete({ values: [5, 1, 2], weights: [1, 1, 3] }),
      fixed(7),
    ];
    for (const d of others) {
      d.quantiles(grid, out, grid.length);
      let mismatches = 0;
      for (let i = 0; i < grid.length; i++) if (!Object.is(out[i], d.quantile(grid[i]))) mismatches++;
      expect(mismatches, d.describe()).toBe(0);
    }
  });

  it('quantiles writes only the first n entries', () => {
    const d = pert({ min: 2, mode: 5, max: 12 });
    const o = new Float64Array(4).fill(-1);
    d.quantiles(Float64Array.of(0.1, 0.5, 0.9, 0.99), o, 2);
    expect(o[2]).toBe(-1);
    expect(o[3]).toBe(-1);
  });
});

describe('fastNormalQuantile', () => {
  /** Golden values: scipy.special.ndtri 1.17.1 (Cephes). */
  const GOLDEN: [number, number][] = [
    [1e-300, -37.0470962993612],
    [1e-100, -21.273453560965322],
    [1e-20, -9.262340089798409],
    [1e-12, -7.034483825301131],
    [1e-10, -6.361340902404056],
    [1.1641532182693481e-10, -6.3379577545537895],
    [1e-6, -4.753424308822899],
    [0.001, -3.090232306167813],
    [0.025, -1.9599639845400545],
    [0.075, -1.4395314709384563],
    [0.2, -0.8416212335729142],
    [0.5, 0],
    [0.8, 0.8416212335729143],
    [0.925, 1.4395314709384563],
    [0.95, Z_95],
    [0.975, 1.959963984540054],
    [0.999, 3.090232306167813],
    [0.999999, 4.753424308817087],
    [0.9999999998835847, 6.3379577545537895],
    [0.9999999999, 6.361340889697422],
    [0.999999999999, 7.0344869100478356],
  ];

  it('matches scipy golden values to 1e-14 relative over [1e-300, 1 − 1e-12]', () => {
    for (const [p, x] of GOLDEN) {
      expect(Math.abs(fastNormalQuantile(p) - x)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(x)));
    }
  });

  it('matches jStat.normal.inv to 1e-9 absolute on [1e-8, 1 − 1e-8] (beyond, jStat itself drifts)', () => {
    const ps: number[] = [];
    for (let i = 0; i < 20_000; i++) ps.push((i + 0.5) / 20_000);
    for (let e = 8; e <= 80; e++) {
      const p = 10 ** (-e / 10);
      ps.push(p, 1 - p);
    }
    let worst = 0;
    for (const p of ps) worst = Math.max(worst, Math.abs(fastNormalQuantile(p) - jStat.normal.inv(p, 0, 1)));
    expect(worst).toBeLessThanOrEqual(1e-9);
  });

  it('inverts the normal CDF: jStat.normal.cdf to 1e-9 relative on the smaller tail, p in [1e-6, 1 − 1e-6]', () => {
    // jStat's cdf is ½(1 + erf) and has no relative digits left further out; the golden values cover that.
    for (const p of [1e-6, 1e-4, 1e-3, 0.05, 0.3, 0.5, 0.7, 0.95, 1 - 1e-3, 1 - 1e-4, 1 - 1e-6]) {
      const c = jStat.normal.cdf(fastNormalQuantile(p), 0, 1);
      const tail = p < 0.5 ? c : 1 - c;
      const target = p < 0.5 ? p : 1 - p;
      expect(Math.abs(tail - target) / target).toBeLessThanOrEqual(1e-9);
    }
  });

  it('gives ∓Infinity at 0 and 1 and NaN outside [0, 1]', () => {
    expect(fastNormalQuantile(0)).toBe(-Infinity);
    expect(fastNormalQuantile(1)).toBe(Infinity);
    expect(fastNormalQuantile(-0.5)).toBeNaN();
    expect(fastNormalQuantile(1.5)).toBeNaN();
    expect(fastNormalQuantile(NaN)).toBeNaN();
  });
});

describe('quantiles are monotone (fast-check)', () => {
  const unit = fc.double({ min: 0, max: 1, noNaN: true });
  ALL.forEach((c, index) => {
    it(c.name, () => {
      const d = c.make();
      fc.assert(
        fc.property(unit, unit, (a, b) => {
          const lo = Math.min(a, b);
          const hi = Math.max(a, b);
          const out = new Float64Array(2);
          d.quantiles(Float64Array.of(lo, hi), out, 2);
          return d.quantile(lo) <= d.quantile(hi) && out[0] <= out[1];
        }),
        { numRuns: 500, seed: 42 + index },
      );
      fc.assert(
        fc.property(fc.array(unit, { minLength: 2, maxLength: 200 }), (ps) => {
          const u = Float64Array.from(ps).sort();
          const out = new Float64Array(u.length);
          d.quantiles(u, out, u.length);
          for (let i = 1; i < u.length; i++) if (!(out[i - 1] <= out[i])) return false;
          return true;
        }),
        { numRuns: 200, seed: 7 + index },
      );
    });
  });
});

/** Calls make(), expecting an InvalidDistributionError that names `parameter` (and says `message`). */
function expectInvalid(make: () => unknown, parameter: string, message?: string): void {
  let error: unknown;
  try {
    make();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidDistributionError);
  const e = error as InvalidDistributionError;
  expect(e.parameter).toBe(parameter);
  expect(e.message).toContain(message ?? parameter);
}

describe('invalid parameters throw InvalidDistributionError naming the parameter', () => {
  const MODE_OUTSIDE = 'mode (20) is outside [min, max] = [1, 10]';
  const cases: [string, () => unknown, string, string?][] = [
    ['triangular max < min', () => triangular({ min: 10, mode: 7, max: 5 }), 'max', 'max (5) is below min (10)'],
    ['triangular mode outside', () => triangular({ min: 1, mode: 20, max: 10 }), 'mode', MODE_OUTSIDE],
    ['triangular NaN min', () => triangular({ min: NaN, mode: 2, max: 3 }), 'min'],
    ['pert max < min', () => pert({ min: 10, mode: 7, max: 5 }), 'max', 'max (5) is below min (10)'],
    ['pert mode outside', () => pert({ min: 1, mode: 20, max: 10 }), 'mode', MODE_OUTSIDE],
    ['pert mode infinite', () => pert({ min: 1, mode: Infinity, max: 10 }), 'mode'],
    ['pert lambda 0', () => pert({ min: 1, mode: 2, max: 10, lambda: 0 }), 'lambda', 'lambda (0) must be > 0'],
    ['pert lambda NaN', () => pert({ min: 1, mode: 2, max: 10, lambda: NaN }), 'lambda'],
    ['beta alpha 0', () => beta({ alpha: 0, beta: 2 }), 'alpha', 'alpha (0) must be > 0'],
    ['beta beta < 0', () => beta({ alpha: 2, beta: -1 }), 'beta', 'beta (-1) must be > 0'],
    ['beta alpha NaN', () => beta({ alpha: NaN, beta: 2 }), 'alpha'],
    ['beta mean 0', () => beta({ mean: 0, sd: 0.1 }), 'mean', 'mean (0) must be in (0, 1)'],
    ['beta mean 1.2', () => beta({ mean: 1.2, sd: 0.1 }), 'mean', 'mean (1.2) must be in (0, 1)'],
    ['beta sd 0', () => beta({ mean: 0.5, sd: 0 }), 'sd', 'sd must be > 0'],
    ['beta sd² = mean(1 − mean)', () => beta({ mean: 0.5, sd: 0.5 }), 'sd', 'sd² < mean·(1 − mean) = 0.25'],
    ['beta sd too large', () => beta({ mean: 0.1, sd: 0.4 }), 'sd', 'sd (0.4) is too large for mean 0.1'],
    ['normal sd 0', () => normal({ mean: 1, sd: 0 }), 'sd', 'sd must be > 0'],
    ['normal sd < 0', () => normal({ mean: 1, sd: -2 }), 'sd', 'sd must be > 0'],
    ['normal mean infinite', () => normal({ mean: Infinity, sd: 1 }), 'mean'],
    ['normal p5 ≥ p95', () => normal({ p5: 10, p95: 5 }), 'p5', 'p5 (10) must be below p95 (5)'],
    ['normal p95 NaN', () => normal({ p5: 1, p95: NaN }), 'p95'],
    ['lognormal p5 0', () => lognormal({ p5: 0, p95: 5 }), 'p5', 'p5 (0) must be > 0 for a lognormal'],
    ['lognormal p5 ≥ p95', () => lognormal({ p5: 10, p95: 5 }), 'p5', 'p5 (10) must be below p95 (5)'],
    ['lognormal sigma 0', () => lognormal({ mu: 1, sigma: 0 }), 'sigma', 'sigma must be > 0'],
    ['lognormal mu NaN', () => lognormal({ mu: NaN, sigma: 1 }), 'mu'],
    ['uniform max < min', () => uniform({ min: 10, max: 5 }), 'max', 'max (5) is below min (10)'],
    ['uniform min infinite', () => uniform({ min: -Infinity, max: 5 }), 'min'],
    ['discrete no values', () => discrete({ values: [] }), 'values'],
    ['discrete NaN value', () => discrete({ values: [1, NaN] }), 'values[1]'],
    ['discrete lengths differ', () => discrete({ values: [1, 2], weights: [1] }), 'weights', 'same length as values'],
    [
      'discrete negative weight',
      () => discrete({ values: [1, 2, 3], weights: [1, 1, -1] }),
      'weights[2]',
      'weights[2] must be ≥ 0',
    ],
    ['discrete infinite weight', () => discrete({ values: [1, 2], weights: [Infinity, 1] }), 'weights[0]'],
    ['discrete all weights 0', () => discrete({ values: [1, 2], weights: [0, 0] }), 'weights', 'must not all be 0'],
    ['fixed NaN', () => fixed(NaN), 'value'],
  ];
  cases.forEach(([name, make, parameter, message]) => {
    it(name, () => expectInvalid(make, parameter, message));
  });
});
