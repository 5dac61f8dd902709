import type { ScenarioTrials } from '../model/scenario-model.js';
import type { Policy } from '../model/proposal.js';
import type { Advice, ScenarioReport, Verdict } from '../report.js';
import { sharesAtMost } from '../metrics/summaries.js';
import { message, money, months, probability } from '../messages.js';

/** Gate probabilities of one scenario (DESIGN §4.5). */
export interface GateResult {
  payback: number;
  budget: number;
  phase: number;
  joint: number;
}

/**
 * Share of trials passing each gate and all three at once:
 * payback ≤ policy.paybackMonths, budget.min ≤ investment ≤ budget.max,
 * phaseMonths.min ≤ implementation months ≤ phaseMonths.max.
 * @example evaluateGates(trials, policy).joint // share passing payback, budget and phase at once
 */
export function evaluateGates(t: ScenarioTrials, policy: Policy): GateResult {
  let pb = 0;
  let bu = 0;
  let ph = 0;
  let joint = 0;
  const n = t.trials;
  for (let i = 0; i < n; i++) {
    const a = t.payback[i] <= policy.paybackMonths;
    const inv = t.investment[i];
    const b = inv >= policy.budget.min && inv <= policy.budget.max;
    const T = t.implementationMonths[i];
    const c = T >= policy.phaseMonths.min && T <= policy.phaseMonths.max;
    if (a) pb++;
    if (b) bu++;
    if (c) ph++;
    if (a && b && c) joint++;
  }
  return { payback: pb / n, budget: bu / n, phase: ph / n, joint: joint / n };
}

/**
 * The ROI score for CRM: round(100 × joint gate probability).
 * @example score({ payback: 0.9, budget: 1, phase: 1, joint: 0.874 }) // 87
 */
export function score(gates: GateResult): number {
  return Math.round(100 * gates.joint);
}

/**
 * accept when P(payback ≤ paybackMonths) ≥ confidence; else consider when
 * P(payback ≤ considerMonths, or the horizon if shorter) ≥ confidence; else mandate-only.
 * @example verdict(trials, policy, 60).verdict // 'accept' | 'consider' | 'mandate-only'
 */
export function verdict(t: ScenarioTrials, policy: Policy, horizonMonths: number): { verdict: Verdict; basis: ScenarioReport['verdictBasis'] } {
  const horizonLimited = horizonMonths < policy.considerMonths;
  const considerMonths = Math.min(policy.considerMonths, horizonMonths);
  const [acceptProbability, considerProbability] = sharesAtMost(t.payback, [policy.paybackMonths, considerMonths]);
  const v: Verdict =
    acceptProbability >= policy.confidence ? 'accept' : considerProbability >= policy.confidence ? 'consider' : 'mandate-only';
  return {
    verdict: v,
    basis: { acceptMonths: policy.paybackMonths, acceptProbability, considerMonths, considerProbability, horizonLimited },
  };
}

/**
 * Advice from failed gates (DESIGN §4.5), as codes with typed parameters: a
 * budget below the band suggests a subscription or a short trial; above it, or
 * a phase longer than allowed, suggests splitting into phase-sized stages.
 * @example advise(trials, policy, gates, { investment: 80000, implementationMonths: 4 }, false, 60)[0].code // 'budget-below-band'
 */
export function advise(
  t: ScenarioTrials,
  policy: Policy,
  gates: GateResult,
  medians: { investment: number; implementationMonths: number },
  horizonLimited: boolean,
  horizonMonths: number,
): Advice[] {
  const advice: Advice[] = [];
  if (gates.budget < policy.confidence) {
    const inv = medians.investment;
    if (inv < policy.budget.min) advice.push(message('budget-below-band', { investment: money(inv), min: money(policy.budget.min) }));
    else if (inv > policy.budget.max) advice.push(message('budget-above-band', { investment: money(inv), max: money(policy.budget.max) }));
    else advice.push(message('budget-uncertain', { probability: probability(gates.budget) }));
  }
  if (gates.phase < policy.confidence) {
    const T = medians.implementationMonths;
    const { min, max } = policy.phaseMonths;
    if (T > max) advice.push(message('phase-too-long', { months: months(T), max: months(max) }));
    else if (T < min) advice.push(message('phase-too-short', { months: months(T), min: months(min) }));
    else advice.push(message('phase-uncertain', { probability: probability(gates.phase), min: months(min), max: months(max) }));
  }
  if (horizonLimited) {
    advice.push(message('horizon-limited', { horizon: months(horizonMonths), considerMonths: months(policy.considerMonths) }));
  }
  let noCost = 0;
  for (let i = 0; i < t.trials; i++) if (t.roi[i] !== t.roi[i]) noCost++;
  if (noCost > 0) advice.push(message('roi-undefined', { probability: probability(noCost / t.trials) }));
  return advice;
}
