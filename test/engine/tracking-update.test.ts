import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../engine/distributions/normal-cdf.js';
import { fastNormalQuantile } from '../../engine/distributions/normal-quantile.js';
import { pert } from '../../engine/distributions/pert.js';
import { quantile } from '../../engine/metrics/statistics.js';
import { forEachBlock } from '../../engine/model/simulate.js';
import type { Proposal } from '../../engine/model/proposal.js';
import { createRng } from '../../engine/sampling/rng.js';
import { VariableSet } from '../../engine/sampling/variables.js';
import { SMC_PARTICLES } from '../../engine/tracking/constants.js';
import { gridPosterior } from '../../engine/tracking/grid.js';
import { normalScoresByRank, scoreToProbability } from '../../engine/tracking/latent.js';
import { Posterior } from '../../engine/tracking/posterior.js';
import { effectiveSampleSize, systematicResample } from '../../engine/tracking/smc.js';
import { track } from '../../engine/tracking/track.js';
import { normalizeProposal } from '../../scenarios/normalize.js';
import { actualsOf, bivariatePosterior, normalPairProposal } from './tracking-helpers.js';

const RHO_S = 0.6;
/** The normal-score correlation Iman–Conover targets for a Spearman ρ: the bivariate normal's correlation. */
const R = 2 * Math.sin((Math.PI * RHO_S) / 6);
const PRIOR = { mx: 100, sx: 20, my: 50, sy: 10, r: R };
const pair = normalPairProposal({ x: { mean: 100, sd: 20 }, y: { mean: 50, sd: 10 }, rho: RHO_S });

function posteriorOf(proposal: Proposal, lines: string[], trials: number, seed: number) {
  const report = track(proposal, actualsOf(proposal, lines), { trials, seed });
  const tracking = report.tracking!;
  const inputs = tracking.scenarios[0].inputs;
  return { tracking, x: inputs.find((i) => i.input === 'x')!, y: inputs.find((i) => i.input === 'y')! };
}

describe('normal prior, normal measurement: the closed form (conjugate update)', () => {
  it('a weak reading keeps plain importance reweighting, within its ESS-based error', () => {
    const { tracking, x, y } = posteriorOf(pair, ['s,1,x,130,1,40'], 20_000, 11);
    const update = tracking.updates[0];
    expect(update.method).toBe('reweighting');
    const exact = bivariatePosterior(PRIOR, [{ of: 'x', value: 130, se: 40 }]);
    // Importance sampling then resampling: error sd ≈ sd_post·√(2/ESS).
    const tol = (sd: number) => 4 * sd * Math.sqrt(2 / update.effectiveSampleSize);
    expect(Math.abs(x.posterior.mean! - exact.mean[0])).toBeLessThan(tol(exact.sd[0]));
    expect(Math.abs(y.posterior.mean! - exact.mean[1])).toBeLessThan(tol(exact.sd[1]));
    expect(Math.abs(x.posterior.sd! - exact.sd[0])).toBeLessThan(tol(exact.sd[0]));
    expect(Math.abs(y.posterior.sd! - exact.sd[1])).toBeLessThan(tol(exact.sd[1]));
  });

  it('a precise reading of one input falls back to the grid; its correlated partner follows the copula exactly', () => {
    const trials = 20_000;
    const { tracking, x, y } = posteriorOf(pair, ['s,1,x,130,100,20'], trials, 11);
    expect(tracking.updates[0].method).toBe('grid');
    expect(tracking.updates[0].effectiveSampleSize).toBeLessThan(0.5 * 8192);
    expect(y.moved).toBe('correlated');
    const exact = bivariatePosterior(PRIOR, [{ of: 'x', value: 130, se: 2 }]);
    // The grid maps stratified prior draws through the exact posterior quantile: far inside the iid error 4·sd/√N.
    const tol = (sd: number) => (4 * sd) / Math.sqrt(trials);
    expect(Math.abs(x.posterior.mean! - exact.mean[0])).toBeLessThan(tol(exact.sd[0]));
    expect(Math.abs(x.posterior.sd! - exact.sd[0])).toBeLessThan(tol(exact.sd[0]));
    expect(Math.abs(y.posterior.mean! - exact.mean[1])).toBeLessThan(tol(exact.sd[1]) + 0.01 * exact.sd[1]);
    expect(Math.abs(y.posterior.sd! - exact.sd[1])).toBeLessThan(tol(exact.sd[1]) + 0.01 * exact.sd[1]);
  });

  it('two correlated inputs, both measured precisely: tempered SMC, within its Monte Carlo error', () => {
    const { tracking, x, y } = posteriorOf(pair, ['s,1,x,130,100,20', 's,1,y,40,25,10'], 20_000, 11);
    const update = tracking.updates[0];
    expect(update.method).toBe('smc');
    expect(update.complete).toBe(true);
    const exact = bivariatePosterior(PRIOR, [
      { of: 'x', value: 130, se: 2 },
      { of: 'y', value: 40, se: 2 },
    ]);
    // SMC_PARTICLES particles with autocorrelated moves: error sd ≈ sd_post·√(τ/P); τ measured ≈ 1 over seeds, allowed 4.
    const tol = (sd: number) => 4 * sd * Math.sqrt(4 / SMC_PARTICLES);
    expect(Math.abs(x.posterior.mean! - exact.mean[0])).toBeLessThan(tol(exact.sd[0]));
    expect(Math.abs(y.posterior.mean! - exact.mean[1])).toBeLessThan(tol(exact.sd[1]));
    expect(Math.abs(x.posterior.sd! - exact.sd[0])).toBeLessThan(tol(exact.sd[0]));
    expect(Math.abs(y.posterior.sd! - exact.sd[1])).toBeLessThan(tol(exact.sd[1]));
  });

  it('several readings of one input combine: two readings of precision 1/se² each equal one of twice the precision', () => {
    const trials = 20_000;
    const { x } = posteriorOf(pair, ['s,1,x,120,4,8', 's,2,x,128,4,8'], trials, 5);
    const exact = bivariatePosterior(PRIOR, [
      { of: 'x', value: 120, se: 4 },
      { of: 'x', value: 128, se: 4 },
    ]);
    const tol = (4 * exact.sd[0]) / Math.sqrt(trials);
    expect(Math.abs(x.posterior.mean! - exact.mean[0])).toBeLessThan(tol);
    expect(Math.abs(x.posterior.sd! - exact.sd[0])).toBeLessThan(tol);
  });
});

describe('a shared assumption measured in one scenario', () => {
  const shared = normalizeProposal({
    customer: { name: 'Two users of x' },
    horizonMonths: 12,
    assumptions: { x: { dist: 'normal', mean: 100, sd: 20 } },
    scenarios: ['a', 'b'].map((id, k) => ({
      id,
      name: `Scenario ${id}`,
      implementationMonths: 0,
      adoption: { curve: 'none' },
      benefits: [{ kind: 'custom', quantityPerMonth: { ref: 'x' }, unitValue: k + 1 }],
      costs: [{ kind: 'oneOff', amount: 600, timing: 'upfront' }],
    })),
  });
  const report = track(shared, actualsOf(shared, ['a,2,x,140,50,20']), { trials: 10_000, seed: 3 });
  const [a, b] = ['a', 'b'].map((id) => report.tracking!.scenarios.find((s) => s.id === id)!);

  it('moves in every scenario that uses it, to the same posterior', () => {
    expect(b).toBeDefined();
    const xa = a.inputs.find((i) => i.input === 'x')!;
    const xb = b.inputs.find((i) => i.input === 'x')!;
    expect(xb.posterior).toEqual(xa.posterior);
    const exact = bivariatePosterior({ mx: 100, sx: 20, my: 0, sy: 1, r: 0 }, [{ of: 'x', value: 140, se: 20 / Math.sqrt(50) }]);
    expect(Math.abs(xa.posterior.mean! - exact.mean[0])).toBeLessThan(0.05);
    expect(b.statusMessage.code).toBe('tracking.status.no-readings');
  });

  it('re-forecasts the other scenario on the posterior: NPV = 12 months of x × 2 − 600 moves with E[x]', () => {
    const priorB = report.scenarios.find((s) => s.id === 'b')!.npv.mean!;
    const xa = a.inputs.find((i) => i.input === 'x')!;
    // Mean NPV is linear in E[x]: the shift is (E_post[x] − E_prior[x]) × 2 × Σ_{m=1..12} D(m).
    const monthly = Math.pow(1.08, 1 / 12) - 1;
    let annuity = 0;
    for (let m = 1; m <= 12; m++) annuity += Math.pow(1 + monthly, -m);
    const expected = priorB + (xa.posterior.mean! - xa.prior.mean!) * 2 * annuity;
    expect(Math.abs(b.reforecast.npv.mean! - expected)).toBeLessThan(0.01 * Math.abs(expected));
  });
});

describe('simulation-based calibration (Talts et al. 2018): the posterior intervals cover the truth as often as they claim', () => {
  /** Posterior draws of one input: the update, then a pass over the trials through its BlockTransform. */
  function posteriorDraws(proposal: Proposal, lines: string[], names: string[], trials: number, seed: number) {
    const set = new VariableSet(proposal);
    const posterior = new Posterior(proposal, set, actualsOf(proposal, lines), { trials, seed, sampler: 'lhs' });
    const vs = names.map((name) => set.indexOfName(name)!);
    const draws = vs.map(() => new Float64Array(trials));
    forEachBlock(proposal, set, { trials, seed, sampler: 'lhs', transformBlock: posterior.transformBlock }, (cols, n, offset) =>
      vs.forEach((v, j) => draws[j].set(cols[v].subarray(0, n), offset)),
    );
    return { draws, method: posterior.updates[0].method };
  }
  const covers = (draws: Float64Array, truth: number, level: number) => {
    const a = (1 - level) / 2;
    return quantile(draws, a) <= truth && truth <= quantile(draws, 1 - a);
  };
  /** Coverage of the 80% and 50% central intervals over replicates: truth from the prior, a pilot reading, the update. */
  function calibrate(replicates: number, replicate: (k: number) => { draws: Float64Array; truth: number; method: string }[]) {
    let n = 0;
    let c80 = 0;
    let c50 = 0;
    const methods = new Map<string, number>();
    for (let k = 0; k < replicates; k++) {
      for (const r of replicate(k)) {
        n++;
        if (covers(r.draws, r.truth, 0.8)) c80++;
        if (covers(r.draws, r.truth, 0.5)) c50++;
        methods.set(r.method, (methods.get(r.method) ?? 0) + 1);
      }
    }
    return { c80: c80 / n, c50: c50 / n, n, methods };
  }

  const pertPrior = pert({ min: 2, mode: 5, max: 12 });
  const onePert = normalizeProposal({
    customer: { name: 'SBC' },
    horizonMonths: 6,
    assumptions: { m: { min: 2, mode: 5, max: 12 } },
    scenarios: [{ id: 's', name: 'S', implementationMonths: 0, adoption: { curve: 'none' }, benefits: [{ kind: 'custom', quantityPerMonth: { ref: 'm' }, unitValue: 100 }], costs: [] }],
  });
  // 1,000 replicates: the coverage's sampling sd is 1.3 points at 80% and 1.6 at 50%, so the bands are over 3 sd wide.
  const REPLICATES = 1000;

  it('a precise reading (n 200, sd 3) of a PERT input: the grid fallback, 1,000 replicates', () => {
    const rng = createRng(2024);
    const result = calibrate(REPLICATES, (k) => {
      const truth = pertPrior.quantile(rng.uniform());
      const se = 3 / Math.sqrt(200);
      const y = truth + se * fastNormalQuantile(rng.uniform());
      const { draws, method } = posteriorDraws(onePert, [`s,1,m,${y},200,3`], ['m'], 2000, 100 + k);
      return [{ truth, draws: draws[0], method }];
    });
    expect(result.methods.get('grid')).toBe(REPLICATES);
    expect(Math.abs(result.c80 - 0.8), `80% interval covers ${result.c80}`).toBeLessThanOrEqual(0.04);
    expect(Math.abs(result.c50 - 0.5), `50% interval covers ${result.c50}`).toBeLessThanOrEqual(0.05);
  });

  it('a rough reading (one unit, sd 6) of a PERT input: plain reweighting, 1,000 replicates', () => {
    const rng = createRng(7);
    const result = calibrate(REPLICATES, (k) => {
      const truth = pertPrior.quantile(rng.uniform());
      const y = truth + 6 * fastNormalQuantile(rng.uniform());
      const { draws, method } = posteriorDraws(onePert, [`s,1,m,${y},1,6`], ['m'], 2000, 5000 + k);
      return [{ truth, draws: draws[0], method }];
    });
    // Plain reweighting except for the rare reading far out in a tail, which the grid takes over.
    expect(result.methods.get('reweighting')).toBeGreaterThan(0.99 * REPLICATES);
    expect(Math.abs(result.c80 - 0.8), `80% interval covers ${result.c80}`).toBeLessThanOrEqual(0.04);
    expect(Math.abs(result.c50 - 0.5), `50% interval covers ${result.c50}`).toBeLessThanOrEqual(0.05);
  });

  it("two correlated inputs both read precisely: SMC, 400 replicates × 2 inputs", () => {
    const rng = createRng(99);
    const result = calibrate(400, (k) => {
      // Truth from the bivariate normal prior (the Gaussian copula of the two normal marginals).
      const z1 = fastNormalQuantile(rng.uniform());
      const z2 = R * z1 + Math.sqrt(1 - R * R) * fastNormalQuantile(rng.uniform());
      const x = 100 + 20 * z1;
      const y = 50 + 10 * z2;
      const yx = x + 4 * fastNormalQuantile(rng.uniform());
      const yy = y + 2 * fastNormalQuantile(rng.uniform());
      const lines = [`s,1,x,${yx},25,20`, `s,1,y,${yy},25,10`];
      const { draws, method } = posteriorDraws(pair, lines, ['x', 'y'], SMC_PARTICLES, 9000 + k);
      return [
        { truth: x, draws: draws[0], method },
        { truth: y, draws: draws[1], method },
      ];
    });
    expect(result.methods.get('smc')).toBe(result.n);
    expect(Math.abs(result.c80 - 0.8), `80% interval covers ${result.c80}`).toBeLessThanOrEqual(0.04);
    expect(Math.abs(result.c50 - 0.5), `50% interval covers ${result.c50}`).toBeLessThanOrEqual(0.05);
  });
});

describe('the update’s parts', () => {
  it('the grid posterior of a normal likelihood on a uniform prior is that normal, truncated to (0, 1)', () => {
    const g = gridPosterior((u, n, out) => {
      for (let i = 0; i < n; i++) out[i] = -0.5 * ((u[i] - 0.3) / 0.001) ** 2;
    });
    expect(g.inverse(0.5)).toBeCloseTo(0.3, 6);
    expect(g.inverse(normalCdf(1))).toBeCloseTo(0.301, 6);
    expect(g.inverse(normalCdf(-2))).toBeCloseTo(0.298, 6);
  });

  it('the grid resolves a reading far more precise than its scan (sd 1e-9 on the u scale)', () => {
    const g = gridPosterior((u, n, out) => {
      for (let i = 0; i < n; i++) out[i] = -0.5 * ((u[i] - 0.123456789) / 1e-9) ** 2;
    });
    expect(Math.abs(g.inverse(0.5) - 0.123456789)).toBeLessThan(1e-11);
    expect(Math.abs(g.inverse(normalCdf(1)) - (0.123456789 + 1e-9))).toBeLessThan(2e-11);
  });

  it('Φ keeps its tail digits (scipy.stats.norm.cdf golden values) and the table Φ matches it to 1e-10', () => {
    expect(normalCdf(-5) / 2.866515718791939e-7 - 1).toBeLessThan(1e-13);
    expect(Math.abs(normalCdf(-8) / 6.22096057427178e-16 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(normalCdf(1.6448536269514722) - 0.95)).toBeLessThan(1e-15);
    for (let z = -8.2; z <= 8.2; z += 0.001373) {
      const exact = normalCdf(z);
      expect(Math.abs(scoreToProbability(z) - exact) / Math.min(exact, 1 - exact)).toBeLessThan(1e-10);
    }
  });

  it('rank scores are van der Waerden scores of the ranks, ties in position order', () => {
    const out = new Float64Array(4);
    normalScoresByRank(Float64Array.of(5, 1, 5, 3), 4, out);
    expect([...out]).toEqual([fastNormalQuantile(2.5 / 4), fastNormalQuantile(0.5 / 4), fastNormalQuantile(3.5 / 4), fastNormalQuantile(1.5 / 4)]);
  });

  it('rank scores match a plain ranking on atoms, heavy tails, signed zeros and a constant column', () => {
    const rng = createRng(3);
    const n = 4096;
    const columns: Float64Array[] = [
      Float64Array.from({ length: n }, () => Math.round(rng.uniform() * 5)), // atoms
      Float64Array.from({ length: n }, () => Math.exp(12 * rng.uniform()) * (rng.uniform() < 0.5 ? 1 : 1e-9)), // heavy, clumped
      Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : rng.uniform() - 0.5)),
      new Float64Array(n).fill(7),
    ];
    for (const column of columns) {
      // The ranking by definition: values below, then equal values earlier in the column.
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (column[a] < column[b] ? -1 : column[a] > column[b] ? 1 : a - b));
      const expected = new Float64Array(n);
      order.forEach((i, r) => (expected[i] = fastNormalQuantile((r + 0.5) / n)));
      const out = new Float64Array(n);
      const u = new Float64Array(n);
      normalScoresByRank(column, n, out, u);
      expect([...out]).toEqual([...expected]);
      expect([...u]).toEqual([...expected].map(scoreToProbability));
    }
  });

  it('ESS and systematic resampling', () => {
    expect(effectiveSampleSize(new Float64Array(10))).toBe(10);
    expect(effectiveSampleSize(Float64Array.of(0, -Infinity, -Infinity, -Infinity))).toBe(1);
    // Weights 1 : 3 → 2 and 6 of 8 picks exactly (systematic resampling keeps ⌊Mw⌋ or ⌈Mw⌉).
    const picks = systematicResample(Float64Array.of(0, Math.log(3)), 8, createRng(1));
    expect(picks.filter((p) => p === 0).length).toBe(2);
  });
});
