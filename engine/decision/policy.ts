import type { ScenarioTrials } from '../model/scenario-model.js';
import type { Policy } from '../model/proposal.js';
import type { Advice, ScenarioReport, Verdict } from '../report.js';
import { sharesAtMost } from '../metrics/summaries.js';
import { formatMoney } from '../money.js';

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

const months = (n: number) => `${n} month${n === 1 ? '' : 's'}`;

/**
 * Advice from failed gates (DESIGN §4.5): a budget below the band suggests a
 * subscription or a short trial; above it, or a phase longer than allowed,
 * suggests splitting into phase-sized stages.
 * @example advise(trials, policy, gates, { investment: 80000, implementationMonths: 4 }, false, 60, 'CNY')[0].code // 'budget-below-band'
 */
export function advise(
  t: ScenarioTrials,
  policy: Policy,
  gates: GateResult,
  medians: { investment: number; implementationMonths: number },
  horizonLimited: boolean,
  horizonMonths: number,
  currency: string,
): Advice[] {
  const advice: Advice[] = [];
  const formatYuan = (x: number) => formatMoney(x, currency);
  if (gates.budget < policy.confidence) {
    const inv = medians.investment;
    if (inv < policy.budget.min) {
      advice.push({
        code: 'budget-below-band',
        params: { investment: inv, min: policy.budget.min },
        message: `Median investment ${formatYuan(inv)} is below the ${formatYuan(policy.budget.min)} budget band: offer it as a monthly subscription or a short paid trial.`,
      });
    } else if (inv > policy.budget.max) {
      advice.push({
        code: 'budget-above-band',
        params: { investment: inv, max: policy.budget.max },
        message: `Median investment ${formatYuan(inv)} exceeds the ${formatYuan(policy.budget.max)} budget ceiling: split it into phase-sized stages, each within budget.`,
      });
    } else {
      advice.push({
        code: 'budget-uncertain',
        params: { probability: gates.budget },
        message: `Investment stays within the budget band in only ${Math.round(gates.budget * 100)}% of trials: narrow the cost estimate before committing.`,
      });
    }
  }
  if (gates.phase < policy.confidence) {
    const T = medians.implementationMonths;
    if (T > policy.phaseMonths.max) {
      advice.push({
        code: 'phase-too-long',
        params: { months: T, max: policy.phaseMonths.max },
        message: `Implementation (median ${months(T)}) is longer than a ${policy.phaseMonths.max}-month phase: split it into stages that each deliver within a phase.`,
      });
    } else if (T < policy.phaseMonths.min) {
      advice.push({
        code: 'phase-too-short',
        params: { months: T, min: policy.phaseMonths.min },
        message: `Implementation (median ${months(T)}) is shorter than the ${policy.phaseMonths.min}-month phase band: run it as a quick trial alongside a larger phase.`,
      });
    } else {
      advice.push({
        code: 'phase-uncertain',
        params: { probability: gates.phase, min: policy.phaseMonths.min, max: policy.phaseMonths.max },
        message: `Implementation fits the ${policy.phaseMonths.min}–${policy.phaseMonths.max}-month band in only ${Math.round(gates.phase * 100)}% of trials: fix the scope of the first phase.`,
      });
    }
  }
  if (horizonLimited) {
    advice.push({
      code: 'horizon-limited',
      params: { horizon: horizonMonths, considerMonths: policy.considerMonths },
      message: `The horizon (${horizonMonths} months) is shorter than the ${policy.considerMonths}-month "consider" threshold: the verdict judged payback within the horizon.`,
    });
  }
  let noCost = 0;
  for (let i = 0; i < t.trials; i++) if (t.roi[i] !== t.roi[i]) noCost++;
  if (noCost > 0) {
    advice.push({
      code: 'roi-undefined',
      params: { probability: noCost / t.trials },
      message: `No cost in ${Math.round((noCost / t.trials) * 100)}% of trials: ROI is undefined there (not infinite); add the costs the scenario really has.`,
    });
  }
  return advice;
}
