import { readFileSync } from 'node:fs';
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/analyze.js';
import { meanStandardError } from '../../engine/metrics/convergence.js';
import { simulate } from '../../engine/model/simulate.js';
import { loadProposal } from '../../scenarios/load.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

const phi = (x: number) => jStat.normal.pdf(x, 0, 1);
const Phi = (x: number) => jStat.normal.cdf(x, 0, 1);

/**
 * Scenarios whose NPV is exactly a given normal: one month, no discounting, no
 * implementation, full adoption at once, so NPV = the month-1 benefit q ~ N(μ, σ).
 */
function normalNpvProposal(scenarios: { id: string; mean: number; sd: number }[], extra: object[] = [], assumptions: object = {}) {
  return normalizeProposal({
    customer: { name: 'normal NPVs' },
    assumptions,
    horizonMonths: 1,
    discountRate: 0,
    scenarios: scenarios.map(({ id, mean, sd }) => ({
      id,
      name: id,
      adoption: { curve: 'none' },
      benefits: [{ kind: 'custom', quantityPerMonth: { dist: 'normal', mean, sd, name: `${id}Value` }, unitValue: 1 }, ...extra],
    })),
  });
}

describe('value of information', () => {
  it('go/no-go EVPI of NPV ~ Normal(μ, σ) equals σ·φ(μ/σ) − |μ|·Φ(−|μ|/σ) within 3%', () => {
    for (const [mean, sd] of [
      [100, 200],
      [-50, 100],
      [0, 100],
      [300, 150],
    ]) {
      const report = analyze(normalNpvProposal([{ id: 'a', mean, sd }]), { trials: 100_000, seed: 4 });
      const exact = sd * phi(mean / sd) - Math.abs(mean) * Phi(-Math.abs(mean) / sd);
      expect(Math.abs(report.valueOfInformation.goNoGo.a.evpi / exact - 1)).toBeLessThan(0.03);
    }
  });

  it('the choice between two alternatives (no "do nothing"), drawn on common random numbers, has the closed-form EVPI', () => {
    // A group's options at the same path draw the same normal score Z: A = μA + σA·Z, B = μB + σB·Z, so
    // EVPI = E[max(A, B)] − max(E A, E B) = E[max(0, D)] − max(0, E D) for D = A − B ~ N(μA − μB, |σA − σB|).
    const options = [
      { id: 'a', mean: 100, sd: 200 },
      { id: 'b', mean: 50, sd: 100 },
    ];
    const grouped = normalizeProposal({
      customer: { name: 'normal NPVs' },
      horizonMonths: 1,
      discountRate: 0,
      alternatives: [{ id: 'g', name: 'g', options: ['a', 'b'] }],
      scenarios: options.map(({ id, mean, sd }) => ({ id, name: id, adoption: { curve: 'none' }, benefits: [{ kind: 'custom', quantityPerMonth: { dist: 'normal', mean, sd, name: `${id}Value` }, unitValue: 1 }] })),
    });
    const voi = analyze(grouped, { trials: 100_000, seed: 9 }).valueOfInformation.alternatives!.g;
    const [m, s] = [100 - 50, 200 - 100];
    const exact = s * phi(m / s) - Math.abs(m) * Phi(-Math.abs(m) / s);
    expect(Math.abs(voi.evpi / exact - 1)).toBeLessThan(0.03);
    // Drawn independently (no group), the same two scenarios would give D ~ N(50, √(200² + 100²)): a larger value, which CRN removes.
    const independent = Math.hypot(200, 100) * phi(m / Math.hypot(200, 100)) - m * Phi(-m / Math.hypot(200, 100));
    expect(independent / exact).toBeGreaterThan(1.5);
  });

  it('an input the NPV does not depend on has EVPPI 0, within the stated noise floor; EVPPI never exceeds EVPI', () => {
    // The second benefit line is worth quantity × 0: its quantity (a shared assumption) cannot move the NPV.
    const p = normalNpvProposal(
      [
        { id: 'a', mean: 20, sd: 100 },
        { id: 'b', mean: 0, sd: 80 },
      ],
      [{ kind: 'custom', quantityPerMonth: { ref: 'irrelevant' }, unitValue: 0 }],
      { irrelevant: { min: 1, mode: 5, max: 9 } },
    );
    const voi = analyze(p, { trials: 50_000, seed: 8 }).valueOfInformation;
    expect(voi.goNoGo.a.evppi.irrelevant).toBe(0);
    expect(voi.chooseBest.evppi.irrelevant).toBe(0);
    expect(voi.chooseBest.noiseFloor).toBeGreaterThan(0);
    // The inputs that are the NPVs carry most of the value of perfect information.
    expect(voi.goNoGo.a.evppi.aValue).toBeGreaterThan(0.9 * voi.goNoGo.a.evpi);
    for (const problem of [voi.chooseBest, ...Object.values(voi.goNoGo)]) {
      for (const value of Object.values(problem.evppi)) expect(value).toBeLessThanOrEqual(problem.evpi * 1.02 + problem.noiseFloor);
    }
    expect(voi.measureFirst?.input).toMatch(/^[ab]Value$/);
  });

  it('EVPPI never exceeds EVPI on the demo (up to sampling error)', () => {
    const voi = analyze(loadProposal('fixtures/demo.json'), { trials: 20_000, seed: 2 }).valueOfInformation;
    for (const problem of [voi.chooseBest, ...Object.values(voi.goNoGo)]) {
      for (const value of Object.values(problem.evppi)) expect(value).toBeLessThanOrEqual(problem.evpi * 1.02 + problem.noiseFloor);
    }
  });
});

describe('ranking robustness', () => {
  it('P(A > B) of two independent normal NPVs equals Φ((μA − μB)/√(σA² + σB²)) within 0.01', () => {
    const r = analyze(
      normalNpvProposal([
        { id: 'a', mean: 100, sd: 50 },
        { id: 'b', mean: 80, sd: 60 },
      ]),
      { trials: 100_000, seed: 6 },
    ).ranking;
    const exact = Phi((100 - 80) / Math.sqrt(50 ** 2 + 60 ** 2));
    expect(Math.abs(r.pairwise.a.b - exact)).toBeLessThan(0.01);
    expect(r.pairwise.a.b + r.pairwise.b.a).toBeCloseTo(1, 12); // continuous NPVs: no ties
  });

  it('rank acceptability rows and columns each sum to 1', () => {
    const r = analyze(loadProposal('fixtures/demo.json'), { trials: 10_000, seed: 3 }).ranking;
    const ids = Object.keys(r.rankAcceptability);
    for (const id of ids) expect(r.rankAcceptability[id].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (let k = 0; k < ids.length; k++) expect(ids.reduce((acc, id) => acc + r.rankAcceptability[id][k], 0)).toBeCloseTo(1, 12);
    expect(Object.values(r.probBest).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('a scenario that dominates in every trial has P(best) = 1', () => {
    // Both share the same uncertain volume; "better" earns 10 more a month in every trial.
    const p = normalizeProposal({
      customer: { name: 'dominance' },
      assumptions: { volume: { min: 100, mode: 200, max: 400 } },
      scenarios: [
        { id: 'worse', name: 'worse', benefits: [{ kind: 'custom', quantityPerMonth: { ref: 'volume' }, unitValue: 5 }] },
        {
          id: 'better',
          name: 'better',
          benefits: [
            { kind: 'custom', quantityPerMonth: { ref: 'volume' }, unitValue: 5 },
            { kind: 'custom', quantityPerMonth: 1, unitValue: 10 },
          ],
        },
      ],
    });
    const r = analyze(p, { trials: 5000, seed: 1 }).ranking;
    expect(r.probBest.better).toBe(1);
    expect(r.pairwise.better.worse).toBe(1);
    expect(r.rankAcceptability.worse).toEqual([0, 1]);
  });
});

describe('sensitivity', () => {
  it('the tornado of a linear model reproduces the analytic swings exactly', () => {
    // NPV = 10·q·A + (fte·120000/12)·A − 1000 with A = Σ_{m=1}^{12} v^m: linear in q and in fte.
    const p = normalizeProposal({
      customer: { name: 'linear' },
      horizonMonths: 12,
      discountRate: 0.1,
      scenarios: [
        {
          id: 'lin',
          name: 'linear',
          adoption: { curve: 'none' },
          benefits: [
            { kind: 'custom', quantityPerMonth: { dist: 'triangular', min: 50, mode: 100, max: 200, name: 'q' }, unitValue: 10 },
            { kind: 'headcount', fte: { dist: 'uniform', min: 0.5, max: 1.5, name: 'fte' }, annualCostPerFte: 120000 },
          ],
          costs: [{ kind: 'oneOff', amount: 1000, timing: 'upfront' }],
        },
      ],
    });
    const s = analyze(p, { trials: 2000, seed: 1 }).scenarios[0];
    const v = 1 / Math.pow(1.1, 1 / 12);
    const A = (v * (1 - Math.pow(v, 12))) / (1 - v);
    // Triangular 50/100/200 quantiles (closed form) and uniform 0.5–1.5 quantiles.
    const triQ = (p: number) => (p < 50 / 150 ? 50 + Math.sqrt(p * 150 * 50) : 200 - Math.sqrt((1 - p) * 150 * 100));
    const uniQ = (p: number) => 0.5 + p;
    const npv = (q: number, fte: number) => 10 * q * A + ((fte * 120000) / 12) * A - 1000;
    const byInput = Object.fromEntries(s.sensitivity.map((e) => [e.input, e]));
    expect(s.tornadoBase).toBeCloseTo(npv(triQ(0.5), uniQ(0.5)), 6);
    expect(byInput.q.low).toBeCloseTo(npv(triQ(0.1), uniQ(0.5)), 6);
    expect(byInput.q.high).toBeCloseTo(npv(triQ(0.9), uniQ(0.5)), 6);
    expect(byInput.fte.low).toBeCloseTo(npv(triQ(0.5), uniQ(0.1)), 6);
    expect(byInput.fte.high).toBeCloseTo(npv(triQ(0.5), uniQ(0.9)), 6);
    expect(byInput.q.swing).toBeCloseTo(10 * A * (triQ(0.9) - triQ(0.1)), 6);
    // Sorted by swing; variance shares sum to 1; both correlations positive.
    expect(s.sensitivity[0].swing).toBeGreaterThanOrEqual(s.sensitivity[1].swing);
    expect(s.sensitivity.reduce((a, e) => a + e.varianceShare!, 0)).toBeCloseTo(1, 12);
    for (const e of s.sensitivity) expect(e.spearman!).toBeGreaterThan(0);
  });

  it('lists a shared assumption once, by name, in each scenario that uses it', () => {
    const report = analyze(loadProposal('fixtures/demo.json'), { trials: 5000, seed: 1 });
    for (const s of report.scenarios) {
      const names = s.sensitivity.map((e) => e.input);
      expect(new Set(names).size).toBe(names.length);
    }
    const users = report.scenarios.filter((s) => s.sensitivity.some((e) => e.input === 'loadedCostPerHour'));
    expect(users.length).toBeGreaterThan(1);
  });
});

describe('convergence', () => {
  const proposal = loadProposal('fixtures/reference-model.json');

  it('the reported standard error of mean NPV matches the spread of means over seeded replicates', () => {
    for (const sampler of ['mc', 'lhs'] as const) {
      const means: number[] = [];
      const reported: number[] = [];
      for (let seed = 1; seed <= 24; seed++) {
        const npv = simulate(proposal, { trials: 8192 * 10, seed, sampler }).byScenario.get('reference')!.npv;
        means.push(npv.reduce((a, b) => a + b, 0) / npv.length);
        reported.push(meanStandardError(npv, { blockSize: 8192, sampler })!);
      }
      const m = means.reduce((a, b) => a + b, 0) / means.length;
      const empirical = Math.sqrt(means.reduce((a, b) => a + (b - m) ** 2, 0) / (means.length - 1));
      const typical = reported.reduce((a, b) => a + b, 0) / reported.length;
      // 24 replicates estimate a standard deviation to within about ±30% (95%): allow a factor of 1.6.
      expect(typical / empirical).toBeGreaterThan(1 / 1.6);
      expect(typical / empirical).toBeLessThan(1.6);
    }
  });

  it('--auto-trials on the reference model stops with standard error ≤ 1% of mean NPV and reports the trial count', () => {
    const report = analyze(proposal, { seed: 5, autoTrials: { relativeSe: 0.01 } });
    const auto = report.run.autoTrials!;
    expect(auto.stoppedBy).toBe('precision');
    expect(auto.achievedRelativeSe!).toBeLessThanOrEqual(0.01);
    const s = report.scenarios[0];
    expect(s.npv.meanSe! / s.npv.mean!).toBeLessThanOrEqual(0.01);
    expect(report.run.trials % 8192).toBe(0);
    // The same run with --trials N gives the same figures.
    const plain = analyze(proposal, { seed: 5, trials: report.run.trials });
    expect(plain.scenarios[0].npv).toEqual(s.npv);
  });

  it('--auto-trials stops at the cap when the precision is out of reach, and says so', () => {
    const report = analyze(proposal, { seed: 5, autoTrials: { relativeSe: 1e-6, maxTrials: 8192 * 12 } });
    expect(report.run.autoTrials!.stoppedBy).toBe('cap');
    expect(report.run.trials).toBe(8192 * 12);
    expect(report.run.autoTrials!.achievedRelativeSe!).toBeGreaterThan(1e-6);
  });

  it('reports the standard error of P(payback ≤ 12)', () => {
    const s = analyze(proposal, { seed: 1, trials: 8192 * 8, sampler: 'mc' }).scenarios[0];
    const p = s.paybackMonths.probWithin['12']!;
    expect(s.paybackMonths.probWithinSe['12']).toBeCloseTo(Math.sqrt((p * (1 - p)) / (8192 * 8)), 6);
  });
});
