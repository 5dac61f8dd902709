import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../engine/constants.js';
import { allocateTrials } from '../../engine/model/scenario-model.js';
import { type AdviceContext, advise, evaluateGates, score, verdict } from '../../engine/decision/policy.js';
import type { StageTrials } from '../../engine/decision/stage-trials.js';
import type { Policy, Scenario } from '../../engine/model/proposal.js';
import { rankScenarios, rankingBasis } from '../../engine/decision/ranking.js';
import type { ScenarioReport } from '../../engine/report.js';

const policy: Policy = { ...DEFAULT_POLICY, budget: { ...DEFAULT_POLICY.budget }, phaseMonths: { ...DEFAULT_POLICY.phaseMonths } };
const strict: Policy = { ...policy, floors: 'gate' };

/** Trials with the given paybacks (NaN = never), investments and implementation months. */
function trials(payback: number[], investment: number[], months: number[]) {
  const t = allocateTrials(payback.length, 60, 0, 1);
  t.payback.set(payback);
  t.investment.set(investment);
  t.implementationMonths.set(months);
  t.roi.fill(0.5);
  return t;
}

const stage = (id: string, cost: number[], months: number[]): StageTrials => ({ id, item: `s/${id}`, cost: Float64Array.from(cost), months: Float64Array.from(months) });

describe('gates and score (DESIGN §4.5)', () => {
  const t = trials(
    [6, 10, 12, 13, 30, NaN, 8, 9, 11, 12.5],
    [600e3, 1.9e6, 2.1e6, 800e3, 900e3, 1e6, 400e3, 1e6, 1e6, 1e6],
    [3, 4, 6, 7, 5, 5, 3, 2, 6, 4],
  );

  it('pass on the ceiling by default: a floor is not a failure', () => {
    const g = evaluateGates(t, policy);
    expect(g.payback).toBeCloseTo(0.6, 12); // 6, 10, 12, 8, 9, 11
    expect(g.budget).toBeCloseTo(0.9, 12); // all but 2.1M (400k is below the floor, which only advises)
    expect(g.phase).toBeCloseTo(0.9, 12); // all but 7 (2 months is below the floor)
    expect(g.joint).toBeCloseTo(0.5, 12); // trials 0, 1, 6, 7 and 8
    expect(score(g)).toBe(50);
  });

  it('floors "gate" restores the strict band', () => {
    const g = evaluateGates(t, strict);
    expect(g.budget).toBeCloseTo(0.8, 12); // all but 2.1M and 400k
    expect(g.phase).toBeCloseTo(0.8, 12); // all but 7 and 2
    expect(g.joint).toBeCloseTo(0.3, 12); // trials 0, 1 and 8
    expect(score(g)).toBe(30);
  });

  it('a staged scenario is gated per stage: every stage must fit in the same trial', () => {
    // The whole scenario breaks both ceilings in every trial; its stages do not.
    const whole = trials([6, 6, 6, 6], [3e6, 3e6, 3e6, 3e6], [10, 10, 10, 10]);
    const stages = [stage('a', [1.5e6, 1.9e6, 2.1e6, 1e6], [5, 6, 4, 4]), stage('b', [1e6, 1.2e6, 1e6, 1.5e6], [4, 4, 4, 7])];
    const g = evaluateGates(whole, policy, stages);
    expect(g.budget).toBe(0.75); // trial 2: stage a costs 2.1M
    expect(g.phase).toBe(0.75); // trial 3: stage b takes 7 months
    expect(g.joint).toBe(0.5); // trials 0 and 1
    expect(evaluateGates(whole, policy).budget).toBe(0); // judged as one commitment it would fail
  });

  it('with floors "gate", each stage must also reach the floors', () => {
    const whole = trials([6, 6], [1e6, 1e6], [4, 4]);
    const g = evaluateGates(whole, strict, [stage('a', [400e3, 600e3], [2, 3])]);
    expect(g.budget).toBe(0.5);
    expect(g.phase).toBe(0.5);
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
  const scenario = (extra: Partial<Scenario> = {}) => ({ id: 's', name: 's', requires: [], implementationMonths: 4, adoption: { curve: 'none', ceiling: 1 }, benefits: [], costs: [], ...extra }) as Scenario;
  const context = (investment: number, months: number, p: Policy = policy, extra: Partial<AdviceContext> = {}): AdviceContext => {
    const t = trials(Array(10).fill(6), Array(10).fill(investment), Array(10).fill(months));
    return { scenario: scenario(), policy: p, gates: evaluateGates(t, p, extra.stages), trials: t, medians: { investment, implementationMonths: months }, horizonLimited: false, horizonMonths: 60, ...extra };
  };
  const codes = (c: AdviceContext) => advise(c).map((a) => (a.gate ? `${a.gate}:${a.code}` : a.code));

  it('above a ceiling: split into stages, tagged with the failed gate; a fitting scenario gets none', () => {
    expect(codes(context(3e6, 4))).toEqual(['budget:budget-above-ceiling']);
    expect(codes(context(1e6, 9))).toEqual(['phase:phase-above-ceiling']);
    expect(codes(context(1e6, 4))).toEqual([]);
  });

  it('below a floor: packaging advice, not a failed gate; a gate when floors "gate"', () => {
    expect(codes(context(100e3, 1))).toEqual(['budget-below-floor', 'phase-below-floor']);
    expect(codes(context(100e3, 1, strict))).toEqual(['budget:budget-below-floor', 'phase:phase-below-floor']);
  });

  it('never suggests a subscription to a scenario already sold as one', () => {
    const sub = { scenario: scenario({ pricing: 'subscription' }) };
    expect(codes(context(100e3, 4, policy, sub))).toEqual([]);
    expect(codes(context(100e3, 4, strict, sub))).toEqual(['budget:budget-below-floor-subscription']);
  });

  it('a staged scenario names the stage that breaks a ceiling, never "split it into stages"', () => {
    const stages = [stage('pilot', Array(10).fill(1e6), Array(10).fill(4)), stage('rollout', Array(10).fill(2.5e6), Array(10).fill(8))];
    const advice = advise(context(3.5e6, 12, policy, { stages }));
    expect(advice.map((a) => `${a.gate}:${a.code}`)).toEqual(['budget:budget-stage-above-ceiling', 'phase:phase-stage-above-ceiling']);
    expect(advice[0].params.item).toEqual({ type: 'item', value: 's/rollout' });
    expect(advice.some((a) => a.code === 'budget-above-ceiling' || a.code === 'phase-above-ceiling')).toBe(false);
  });

  it('each gate passing but not all at once gets advice tagged "joint"', () => {
    // Payback fails in trials 0–1, budget in 2–3: each passes in 80%, jointly in 60%.
    const t = trials([30, 30, 6, 6, 6, 6, 6, 6, 6, 6], [1e6, 1e6, 3e6, 3e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6], Array(10).fill(4));
    const gates = evaluateGates(t, policy);
    expect(gates).toMatchObject({ payback: 0.8, budget: 0.8, joint: 0.6 });
    const advice = advise({ scenario: scenario(), policy, gates, trials: t, medians: { investment: 1e6, implementationMonths: 4 }, horizonLimited: false, horizonMonths: 60 });
    expect(advice.map((a) => `${a.gate}:${a.code}`)).toEqual(['joint:gates-jointly-short']);
  });

  it('a payback failure states the gap even without a break-even to offer', () => {
    const t = trials(Array(10).fill(30), Array(10).fill(1e6), Array(10).fill(4));
    const advice = advise({ scenario: scenario(), policy, gates: evaluateGates(t, policy), trials: t, medians: { investment: 1e6, implementationMonths: 4 }, horizonLimited: false, horizonMonths: 60, breakEven: { input: null, oneOff: null } });
    expect(advice.map((a) => `${a.gate}:${a.code}`)).toEqual(['payback:payback-below-confidence']);
  });
});

describe('ranking', () => {
  const s = (id: string, score: number, p50: number, verdict = 'consider', mean = p50) => ({ id, score, verdict, npv: { p50, mean }, gates: { payback: { probability: 0 } }, roi: { p50: 0 } }) as unknown as ScenarioReport;
  it('orders by score, then by median NPV, then by id', () => {
    expect(rankScenarios([s('a', 50, 1), s('b', 80, 0), s('c', 50, 2), s('d', 50, 2)], 'score')).toEqual(['b', 'c', 'd', 'a']);
    expect(rankScenarios([s('a', 50, 1), s('b', 80, 0)], 'npvP50')).toEqual(['a', 'b']);
  });
  it('by default: accept, consider, mandate-only, then expected (mean) NPV', () => {
    const order = rankScenarios(
      [s('m', 90, 9e6, 'mandate-only', 9e6), s('c1', 0, 5e6, 'consider', 1e6), s('c2', 0, 1e6, 'consider', 2e6), s('a', 10, 1e5, 'accept', 1e5)],
      'verdict',
    );
    expect(order).toEqual(['a', 'c2', 'c1', 'm']); // c2 has the higher mean although c1 has the higher median
  });
  it('says what the order is, as a code per rankBy', () => {
    expect(rankingBasis(policy).code).toBe('ranking-by-verdict');
    expect(rankingBasis({ ...policy, rankBy: 'score' }).code).toBe('ranking-by-score');
  });
});
