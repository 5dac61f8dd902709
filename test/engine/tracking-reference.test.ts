import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeWithSimulation } from '../../engine/analyze.js';
import { reportSchema } from '../../engine/report.js';
import { Posterior } from '../../engine/tracking/posterior.js';
import { reforecast } from '../../engine/tracking/reforecast.js';
import { SMC_PARTICLES } from '../../engine/tracking/constants.js';
import { track } from '../../engine/tracking/track.js';
import { parseActuals } from '../../scenarios/actuals.js';
import { loadProposal } from '../../scenarios/load.js';
import { actualsOf } from './tracking-helpers.js';

const proposal = loadProposal('fixtures/reference-model.json');

/**
 * An independent posterior of one input by quadrature: a fine trapezoid grid of
 * its prior density times the likelihood, its mean, sd and quantiles (written
 * here from the densities' formulas, not from the engine's update).
 */
function integrate(density: (x: number) => number, logLik: (x: number) => number, lo: number, hi: number, points = 400_000) {
  const h = (hi - lo) / points;
  const xs = new Float64Array(points + 1);
  const w = new Float64Array(points + 1);
  let maxL = -Infinity;
  for (let k = 0; k <= points; k++) {
    xs[k] = lo + k * h;
    maxL = Math.max(maxL, logLik(xs[k]));
  }
  let total = 0;
  for (let k = 0; k <= points; k++) {
    w[k] = density(xs[k]) * Math.exp(logLik(xs[k]) - maxL) * (k === 0 || k === points ? 0.5 : 1);
    total += w[k];
  }
  let mean = 0;
  for (let k = 0; k <= points; k++) mean += (w[k] / total) * xs[k];
  let variance = 0;
  for (let k = 0; k <= points; k++) variance += (w[k] / total) * (xs[k] - mean) ** 2;
  const q = (p: number) => {
    let acc = 0;
    for (let k = 0; k <= points; k++) if ((acc += w[k] / total) >= p) return xs[k];
    return hi;
  };
  return { mean, sd: Math.sqrt(variance), p10: q(0.1), p50: q(0.5), p90: q(0.9) };
}

/** Beta-PERT density (λ = 4) up to its constant: (x−a)^(α−1)·(b−x)^(β−1), α = 1 + 4(m−a)/(b−a), β = 1 + 4(b−m)/(b−a). */
const pertDensity = (a: number, m: number, b: number) => (x: number) =>
  x <= a || x >= b ? 0 : Math.pow(x - a, (4 * (m - a)) / (b - a)) * Math.pow(b - x, (4 * (b - m)) / (b - a));
/** Triangular density up to its constant. */
const triangularDensity = (a: number, m: number, b: number) => (x: number) => (x <= a || x >= b ? 0 : x < m ? (x - a) / (m - a) : (b - x) / (b - m));
const normalLogLik = (y: number, se: number) => (x: number) => -0.5 * ((y - x) / se) ** 2;

describe('the reference model with a measured minutesSaved (n 200, mean 9, sd 3; prior PERT 2 / 5 / 12)', () => {
  const report = track(proposal, actualsOf(proposal, ['reference,3,benefits[0].minutesSaved,9,200,3']), { trials: 20_000, seed: 7 });
  const s = report.tracking!.scenarios[0];
  const input = s.inputs.find((i) => i.input === 'reference.benefits[0].minutesSaved')!;
  const oracle = integrate(pertDensity(2, 5, 12), normalLogLik(9, 3 / Math.sqrt(200)), 2, 12);

  it('gives a posterior within 0.1 of the numerically integrated answer (mean, sd, P10, P50, P90)', () => {
    expect(input.moved).toBe('measured');
    for (const k of ['mean', 'sd', 'p10', 'p50', 'p90'] as const) expect(Math.abs(input.posterior[k]! - oracle[k]), k).toBeLessThan(0.1);
    // Far inside 0.1: the grid is exact up to its knots.
    expect(Math.abs(input.posterior.mean! - oracle.mean)).toBeLessThan(0.005);
  });

  it('reports plain reweighting as degenerate there and falls back to the grid', () => {
    const update = report.tracking!.updates[0];
    expect(update.method).toBe('grid');
    expect(update.effectiveSampleSize).toBeLessThan(0.1 * update.particles);
  });

  it('re-forecasts P(payback ≤ 12) above the prior forecast’s', () => {
    expect(s.reforecast.gates.payback.probability).toBeGreaterThan(s.prior.paybackWithinPolicy + 0.05);
    expect(s.reforecast.npv.mean!).toBeGreaterThan(s.prior.npv.mean!);
  });

  it('is a valid Report', () => {
    expect(() => reportSchema.parse(report)).not.toThrow();
  });
});

describe('readings of adoption and money have likelihoods of their own', () => {
  it('adoption in months 1–3 updates the logistic midpoint as integrating over its triangular prior does', () => {
    const readings = [
      [1, 0.03],
      [2, 0.06],
      [3, 0.12],
    ];
    const report = track(proposal, actualsOf(proposal, readings.map(([m, y]) => `reference,${m},adoption,${y},,`)), { trials: 20_000, seed: 3 });
    const midpoint = report.tracking!.scenarios[0].inputs.find((i) => i.input === 'reference.adoption.midpoint')!;
    // Live at once (0 implementation months): month m is k = m months after go-live, a = 1/(1 + e^(−0.8(m − midpoint))); sd 0.05 by default.
    const logLik = (mid: number) => readings.reduce((acc, [m, y]) => acc - 0.5 * ((y - 1 / (1 + Math.exp(-0.8 * (m - mid)))) / 0.05) ** 2, 0);
    const oracle = integrate(triangularDensity(3, 6, 12), logLik, 3, 12);
    expect(midpoint.moved).toBe('actuals');
    expect(Math.abs(midpoint.posterior.mean! - oracle.mean)).toBeLessThan((4 * oracle.sd) / Math.sqrt(20_000) + 0.002);
    expect(Math.abs(midpoint.posterior.sd! - oracle.sd)).toBeLessThan(0.01 * oracle.sd + 0.002);
  });

  it('money booked in month 0 updates the upfront implementation cost (SMC over the cost inputs); the others keep their prior', () => {
    const report = track(proposal, actualsOf(proposal, ['reference,0,cash:costs,82000,1,1000']), { trials: 20_000, seed: 5 });
    const t = report.tracking!;
    expect(t.updates[0].method).toBe('smc');
    const inputs = t.scenarios[0].inputs;
    const amount = inputs.find((i) => i.input === 'reference.costs[0].amount')!;
    // Month 0 holds the upfront amount alone (running costs start after go-live, at month 1).
    const oracle = integrate(pertDensity(50_000, 80_000, 150_000), normalLogLik(82_000, 1000), 50_000, 150_000);
    const tol = 4 * oracle.sd * Math.sqrt(4 / SMC_PARTICLES);
    expect(Math.abs(amount.posterior.mean! - oracle.mean)).toBeLessThan(tol);
    expect(Math.abs(amount.posterior.sd! - oracle.sd)).toBeLessThan(tol);
    for (const other of inputs.filter((i) => i !== amount)) {
      // pCN moves leave the prior invariant: an input the reading says nothing about keeps its prior (error of P particles).
      expect(Math.abs(other.posterior.mean! - other.prior.mean!), other.input).toBeLessThan(4 * other.prior.sd! * Math.sqrt(4 / SMC_PARTICLES));
    }
  });
});

/**
 * The prior mean path of the reference model, by closed form: benefits are
 * a(k)·V with the adoption a(k) independent of the monthly value at full
 * adoption V, and V a sum of products of independent inputs, so
 * E[benefit_m] = E[a(m)]·E[V] with E[V] from the inputs' means; E[a(m)] by
 * quadrature over the triangular midpoint; costs are the upfront amount at
 * month 0 and the three running costs from month 1.
 */
function priorMeanPath() {
  const tasks = (800 + 1200 + 2000) / 3;
  const minutes = (2 + 4 * 5 + 12) / 6;
  const costPerHour = (35 + 50 + 80) / 3;
  const errorRate = (0.02 + 4 * 0.05 + 0.1) / 6;
  const reduction = (0.3 + 0.5 + 0.8) / 3;
  const costPerError = (50 + 150 + 400) / 3;
  const fte = (0 + 0.5 + 2) / 3;
  const costPerFte = (60_000 + 80_000 + 110_000) / 3;
  const value = (tasks * minutes * costPerHour) / 60 + tasks * errorRate * reduction * costPerError + (fte * costPerFte) / 12;
  const tri = triangularDensity(3, 6, 12);
  const adoption = (m: number) => {
    let num = 0;
    let den = 0;
    for (let x = 3; x <= 12; x += 1e-4) {
      num += tri(x) / (1 + Math.exp(-0.8 * (m - x)));
      den += tri(x);
    }
    return num / den;
  };
  const running = (500 + 1000 + 2500) / 3 + (1000 + 2000 + 4000) / 3 + Math.exp(6.214608098422191 + 0.8 ** 2 / 2);
  const upfront = (50_000 + 4 * 80_000 + 150_000) / 6;
  return [0, 1, 2, 3].map((m) => ({ month: m, adoption: m === 0 ? 0 : adoption(m), benefits: m === 0 ? 0 : adoption(m) * value, costs: m === 0 ? upfront : running }));
}

describe('status and recommendation', () => {
  const path = priorMeanPath();
  const lines = (f: (p: (typeof path)[number]) => string[]) => path.flatMap(f);

  it('actuals equal to the prior mean path sit at the forecast’s centre: on track, and go', () => {
    const actuals = lines((p) => [
      `reference,${p.month},cash:benefits,${p.benefits},,`,
      `reference,${p.month},cash:costs,${p.costs},,`,
      ...(p.month > 0 ? [`reference,${p.month},adoption,${p.adoption},,`] : []),
    ]);
    const s = track(proposal, actualsOf(proposal, actuals), { trials: 20_000, seed: 13 }).tracking!.scenarios[0];
    // The centre: the central 60% of the fan. A month's benefit is right-skewed (an early logistic ramp times a
    // product of inputs), so its mean lies above its median, near the 70th percentile in the first months.
    for (const r of s.rows) {
      expect(r.status, `${r.measure} month ${r.month}`).toBe('on-track');
      if (!(r.kind === 'cash' && r.month === 0 && r.direction > 0)) expect(Math.abs(r.percentile - 0.5), `${r.measure} month ${r.month}`).toBeLessThan(0.3);
    }
    expect(s.rows.filter((r) => r.kind === 'cumulative-cash')).toHaveLength(4);
    expect(s.status).toBe('on-track');
    expect(s.recommendation.decision).toBe('go');
  });

  it('actuals far below P10 for three months: behind, and not go', () => {
    const actuals = lines((p) => [
      `reference,${p.month},cash:benefits,${p.month === 0 ? 0 : 0.02 * p.benefits},,`,
      `reference,${p.month},cash:costs,${p.costs},,`,
      ...(p.month > 0 ? [`reference,${p.month},adoption,0.0005,,`] : []),
    ]);
    const s = track(proposal, actualsOf(proposal, actuals), { trials: 20_000, seed: 13 }).tracking!.scenarios[0];
    for (const r of s.rows.filter((x) => x.month > 0 && (x.kind === 'adoption' || (x.kind === 'cash' && x.direction > 0)))) {
      expect(r.percentile, `${r.measure} month ${r.month}`).toBeLessThan(0.1);
      expect(r.status).toBe('behind');
    }
    expect(s.status).toBe('behind');
    expect(s.statusMessage.code).toBe('tracking.status.behind');
    expect(s.recommendation.decision).not.toBe('go');
    expect(s.recommendation.reasons.map((r) => r.code)).toContain('tracking.reason.behind');
    expect(s.reforecast.npv.mean!).toBeLessThan(s.prior.npv.mean!);
  });
});

describe('the re-forecast fixes the observed months to the actuals', () => {
  const text = readFileSync('fixtures/reference-actuals.csv', 'utf8');
  const report = track(proposal, parseActuals(text, proposal), { trials: 10_000, seed: 21 });
  const s = report.tracking!.scenarios[0];

  it('every re-forecast trial has the booked cumulative cash flow in months 0 … 3', () => {
    const booked = s.rows.filter((r) => r.kind === 'cumulative-cash');
    expect(booked.map((r) => r.month)).toEqual([0, 1, 2, 3]);
    for (const r of booked) {
      const fan = s.reforecast.cashflow.cumulative;
      for (const q of [fan.p10, fan.p50, fan.p90]) expect(q[r.month]).toBeCloseTo(r.actual, 6);
    }
    // Month 4 on is simulated again: the fan opens.
    expect(s.reforecast.cashflow.cumulative.p90[4]).toBeGreaterThan(s.reforecast.cashflow.cumulative.p10[4]);
  });

  it('explains each money row by a line that moved the way the row did', () => {
    for (const r of s.rows.filter((x) => x.kind === 'cumulative-cash' || x.kind === 'cash')) {
      if (r.explainedBy === null) continue;
      expect(Object.keys(s.lineLabels)).toContain(r.explainedBy.line);
    }
    const month0 = s.rows.find((r) => r.kind === 'cash' && r.month === 0 && r.direction < 0)!;
    expect(month0.explainedBy?.label).toBe('implementation');
  });

  it('reads the run’s kept draws exactly as it would draw them again', () => {
    const { sim } = analyzeWithSimulation(proposal, { trials: 5000, seed: 4, keepColumns: true });
    const actuals = parseActuals(text, proposal);
    const settings = { trials: 5000, seed: 4, sampler: 'lhs' as const };
    const drawn = new Posterior(proposal, sim.variables, actuals, settings);
    const kept = new Posterior(proposal, sim.variables, actuals, { ...settings, kept: sim.columns });
    const a = reforecast(proposal, drawn, settings).byScenario.get('reference')!;
    const b = reforecast(proposal, kept, { ...settings, kept: sim.columns }).byScenario.get('reference')!;
    expect(b.npv).toEqual(a.npv);
    expect(b.payback).toEqual(a.payback);
  });

  it('is byte-identical for the same proposal, actuals, seed and trials, and differs for another seed', () => {
    const again = track(proposal, parseActuals(text, proposal), { trials: 10_000, seed: 21 });
    expect(JSON.stringify(again.tracking)).toBe(JSON.stringify(report.tracking));
    const other = track(proposal, parseActuals(text, proposal), { trials: 10_000, seed: 22 });
    expect(JSON.stringify(other.tracking)).not.toBe(JSON.stringify(report.tracking));
  });
});
