import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../engine/constants.js';
import { allocateTrials } from '../../engine/model/scenario-model.js';
import { advise, evaluateGates, score, verdict } from '../../engine/decision/policy.js';
import type { Policy } from '../../engine/model/proposal.js';
import { rankScenarios } from '../../engine/decision/ranking.js';
import type { ScenarioReport } from '../../engine/report.js';

const policy: Policy = { ...DEFAULT_POLICY, budget: { ...DEFAULT_POLICY.budget }, phaseMonths: { ...DEFAULT_POLICY.phaseMonths } };

/** Ten trials with the given paybacks (NaN = never), investments and implementation months. */
function trials(payback: number[], investment: number[], months: number[]) {
  const t = allocateTrials(payback.length, 60, 0, 1);
  t.payback.set(payback);
  t.investment.set(investment);
  t.implementationMonths.set(months);
  t.roi.fill(0.5);
  return t;
}

describe('gates and score (DESIGN §4.5)', () => {
  it('counts each gate per trial and the joint pass', () => {
    const t = trials(
      [6, 10, 12, 13, 30, NaN, 8, 9, 11, 12.5],
      [600e3, 1.9e6, 2.1e6, 800e3, 900e3, 1e6, 400e3, 1e6, 1e6, 1e6],
      [3, 4, 6, 7, 5, 5, 3, 2, 6, 4],
    );
    const g = evaluateGates(t, policy);
    expect(g.payback).toBeCloseTo(0.6, 12); // 6, 10, 12, 8, 9, 11
    expect(g.budget).toBeCloseTo(0.8, 12); // all but 2.1M and 400k
    expect(g.phase).toBeCloseTo(0.8, 12); // all but 7 and 2
    expect(g.joint).toBeCloseTo(0.3, 12); // trials 0, 1 and 8 pass all three
    expect(score(g)).toBe(30);
  });
});

describe('verdicts', () => {
  const flat = (n: number, value: number) => Array(n).fill(value);
  it('accept when P(payback ≤ 12) reaches the confidence', () => {
    const v = verdict(trials([...flat(8, 11), 40, 50], flat(10, 1e6), flat(10, 4)), policy, 60);
    expect(v.verdict).toBe('accept');
    expect(v.basis.acceptProbability).toBe(0.8);
  });
  it('consider when only P(payback ≤ 60) reaches it; mandate-only when neither', () => {
    expect(verdict(trials([...flat(8, 40), NaN, NaN], flat(10, 1e6), flat(10, 4)), policy, 60).verdict).toBe('consider');
    expect(verdict(trials([...flat(7, 40), NaN, NaN, NaN], flat(10, 1e6), flat(10, 4)), policy, 60).verdict).toBe('mandate-only');
  });
  it('judges "consider" within the horizon when it is shorter than considerMonths, and says so', () => {
    const v = verdict(trials(flat(10, 40), flat(10, 1e6), flat(10, 4)), policy, 36);
    expect(v.verdict).toBe('mandate-only'); // 40 months is beyond a 36-month horizon
    expect(v.basis.horizonLimited).toBe(true);
    expect(v.basis.considerMonths).toBe(36);
  });
});

describe('advice', () => {
  const adviceFor = (investment: number, months: number) => {
    const t = trials(Array(10).fill(6), Array(10).fill(investment), Array(10).fill(months));
    return advise(t, policy, evaluateGates(t, policy), { investment, implementationMonths: months }, false, 60).map((a) => a.code);
  };
  it('below the budget band: subscription or trial; above it or too long: split into stages', () => {
    expect(adviceFor(100e3, 4)).toEqual(['budget-below-band']);
    expect(adviceFor(3e6, 4)).toEqual(['budget-above-band']);
    expect(adviceFor(1e6, 9)).toEqual(['phase-too-long']);
    expect(adviceFor(1e6, 4)).toEqual([]);
  });
});

describe('ranking', () => {
  const s = (id: string, score: number, p50: number) => ({ id, score, npv: { p50, mean: p50 }, gates: { payback: { probability: 0 } }, roi: { p50: 0 } }) as unknown as ScenarioReport;
  it('orders by score, then by median NPV, then by id', () => {
    expect(rankScenarios([s('a', 50, 1), s('b', 80, 0), s('c', 50, 2), s('d', 50, 2)], 'score')).toEqual(['b', 'c', 'd', 'a']);
    expect(rankScenarios([s('a', 50, 1), s('b', 80, 0)], 'npvP50')).toEqual(['a', 'b']);
  });
});
