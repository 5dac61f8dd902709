import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/analyze.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

// fixtures/hand-checked.json: every input fixed, so every trial equals the hand calculation.
const proposal = normalizeProposal(JSON.parse(readFileSync('fixtures/hand-checked.json', 'utf8')));
const report = analyze(proposal, { trials: 200, seed: 1 });
const byId = (id: string) => report.scenarios.find((s) => s.id === id)!;
const v = 1 / Math.pow(1.12, 1 / 12); // monthly discount factor at 12% a year

/** Cumulative sums of a flow list. */
const cumulate = (flows: number[]) => flows.reduce<number[]>((acc, f) => [...acc, (acc.at(-1) ?? 0) + f], []);

describe('a fully fixed scenario equals the hand calculation', () => {
  // Month 0 nothing; months 1–2 build (12,000 spread: −6,000 each); go-live end of month 2;
  // months 3–24: benefit 100 × 50 = 5,000, running cost 1,000 → +4,000.
  const flows = [0, -6000, -6000, ...Array(22).fill(4000)];
  const s = byId('fixed');

  it('NPV = −6000·v − 6000·v² + 4000·v³(1 − v²²)/(1 − v)', () => {
    const annuity = (Math.pow(v, 3) * (1 - Math.pow(v, 22))) / (1 - v);
    const npv = -6000 * v - 6000 * v * v + 4000 * annuity;
    expect(s.npv.p50).toBeCloseTo(npv, 6);
    expect(s.npv.sd).toBe(0);
    // ROI = (PV benefits − PV costs)/PV costs, with PV benefits = 5000·annuity, PV costs = 6000(v+v²) + 1000·annuity.
    const pvB = 5000 * annuity;
    const pvC = 6000 * (v + v * v) + 1000 * annuity;
    expect(s.roi.p50).toBeCloseTo((pvB - pvC) / pvC, 10);
    expect(s.benefits).toEqual([{ label: 'custom', kind: 'custom', pvMean: expect.closeTo(pvB, 6) }]);
  });

  it('payback: cumulative −12,000 after month 2, +4,000 a month, reaches 0 exactly at month 5', () => {
    expect(s.paybackMonths.p50).toBeCloseTo(5, 12);
    expect(s.paybackMonths.probWithin['12']).toBe(1);
    expect(s.cashflow.cumulative.p50).toEqual(cumulate(flows));
  });

  it('discounted payback interpolates within month 6 (hand: discounted cumulative)', () => {
    const disc = flows.map((f, m) => f * Math.pow(v, m));
    const cum = cumulate(disc);
    const m = cum.findIndex((c, i) => i > 0 && c >= 0);
    expect(m).toBe(6);
    expect(s.discountedPaybackMonths.p50).toBeCloseTo(m - 1 + -cum[m - 1] / disc[m], 10);
  });

  it('investment is the one-off total, implementation the fixed months, and the gates follow', () => {
    expect(s.investment.p50).toBe(12000);
    expect(s.implementationMonths.p50).toBe(2);
    // Gates pass on the ceiling: 12,000 ≤ ¥2M and 2 ≤ 6 months; the floors (¥500k, 3 months) are packaging advice.
    expect(s.gates.budget.probability).toBe(1);
    expect(s.gates.phase.probability).toBe(1);
    expect(s.gates.payback.probability).toBe(1);
    expect(s.score).toBe(100);
    expect(s.meetsRules).toBe(true);
    expect(s.verdict).toBe('accept');
    expect(s.advice.map((a) => [a.code, a.gate])).toEqual([
      ['budget-below-floor', undefined],
      ['phase-below-floor', undefined],
      ['horizon-limited', undefined],
    ]);
    expect(s.verdictBasis.horizonLimited).toBe(true); // a 24-month horizon judges "consider" within 24 months
  });

  it('IRR is the monthly root, annualised', () => {
    // Check the root: Σ flows_m (1+irr_m)^−m = 0 at irr_m = (1+irr)^(1/12) − 1.
    const monthly = Math.pow(1 + s.irr.p50!, 1 / 12) - 1;
    const at = flows.reduce((acc, f, m) => acc + f / Math.pow(1 + monthly, m), 0);
    expect(Math.abs(at)).toBeLessThan(1e-6);
  });
});

describe('adoption ramp, growth, expansion, maintenance and token compute, by hand', () => {
  const s = byId('ramped');
  it('reproduces the monthly flows month by month', () => {
    // Month 0: 24,000 up front. Go-live end of month 1 (T = 1). From month 2, k = m − 1:
    // benefit = 10,000 × a(k) × 1.2^((k−1)/12) × (2 from month 6 on); a(k) = min(k/4, 1)
    // token compute = 1000 × 2000/1000 × 0.5 = 1,000 × a(k); maintenance = 0.12 × (24,000 + 3,000)/12 = 270;
    // expansion cost 3,000 in month 6.
    const flows: number[] = [-24000, 0];
    let benefitPv = 0;
    for (let m = 2; m <= 24; m++) {
      const k = m - 1;
      const a = Math.min(k / 4, 1);
      const benefit = 10000 * a * Math.pow(1.2, (k - 1) / 12) * (m >= 6 ? 2 : 1);
      benefitPv += benefit * Math.pow(v, m);
      flows.push(benefit - 1000 * a - 270 - (m === 6 ? 3000 : 0));
    }
    expect(s.benefits[0].pvMean).toBeCloseTo(benefitPv, 6);
    const expected = cumulate(flows);
    s.cashflow.cumulative.p50.forEach((c, m) => expect(c).toBeCloseTo(expected[m], 6));
    expect(s.investment.p50).toBe(27000);
  });
});

describe('escalation from the start and hybrid compute, by hand', () => {
  const s = byId('hybrid');
  it('reproduces the monthly flows month by month', () => {
    // Month 0: private share of 2 GPUs × 10,000 × (1 − 0.25) = 15,000 up front.
    // Licence from month 1: 600 × 1.12^(j/12), j = m − 1. Go-live end of month 3.
    // From month 4: revenue 1000 × 0.1 × 200 × 0.5 = 10,000 × adoption 0.5 = 5,000;
    // public tokens 1000 × 1000/1000 × 0.4 × 0.25 = 100 × 0.5 = 50; GPU operations 400 × 0.75 = 300.
    const flows: number[] = [-15000];
    for (let m = 1; m <= 24; m++) {
      const licence = 600 * Math.pow(1.12, (m - 1) / 12);
      flows.push(m <= 3 ? -licence : 5000 - licence - 50 - 300);
    }
    const expected = cumulate(flows);
    s.cashflow.cumulative.p50.forEach((c, m) => expect(c).toBeCloseTo(expected[m], 6));
    expect(s.investment.p50).toBe(15000);
    expect(s.implementationMonths.p50).toBe(3);
  });
});
