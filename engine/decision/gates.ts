import type { ScenarioTrials } from '../model/scenario-model.js';
import type { Policy } from '../model/proposal.js';
import type { StageTrials } from './stage-trials.js';

/** Gate probabilities of one scenario (DESIGN §4.5). */
export interface GateResult {
  payback: number;
  budget: number;
  phase: number;
  joint: number;
}

/**
 * The range a one-off amount or a duration must fall in to pass: up to the
 * ceiling, and from the floor only when `policy.floors` is "gate" (the field's
 * floors are what customers accept, not a limit; smaller deals are sold monthly).
 * @example gateRange({ min: 500e3, max: 2e6 }, 'advise') // { lo: -Infinity, hi: 2e6 }
 */
export function gateRange(band: { min: number; max: number }, floors: Policy['floors']): { lo: number; hi: number } {
  return { lo: floors === 'gate' ? band.min : -Infinity, hi: band.max };
}

/**
 * Share of trials passing each gate and all three at once: payback ≤
 * policy.paybackMonths; investment ≤ budget.max; implementation months ≤
 * phaseMonths.max (with `floors: "gate"` also ≥ the floors). A staged
 * scenario is gated per stage, the unit the customer commits to: a trial
 * passes the budget gate when every stage's one-off cost fits, and the phase
 * gate when every stage's months fit.
 * @example evaluateGates(trials, policy).joint // share passing payback, budget and phase at once
 */
export function evaluateGates(t: ScenarioTrials, policy: Policy, stages?: readonly StageTrials[]): GateResult {
  const budget = gateRange(policy.budget, policy.floors);
  const phase = gateRange(policy.phaseMonths, policy.floors);
  const staged = stages !== undefined && stages.length > 0;
  let pb = 0;
  let bu = 0;
  let ph = 0;
  let joint = 0;
  const n = t.trials;
  for (let i = 0; i < n; i++) {
    const a = t.payback[i] <= policy.paybackMonths;
    let b: boolean;
    let c: boolean;
    if (staged) {
      b = true;
      c = true;
      for (const s of stages) {
        const cost = s.cost[i];
        const months = s.months[i];
        if (!(cost >= budget.lo && cost <= budget.hi)) b = false;
        if (!(months >= phase.lo && months <= phase.hi)) c = false;
      }
    } else {
      const inv = t.investment[i];
      const T = t.implementationMonths[i];
      b = inv >= budget.lo && inv <= budget.hi;
      c = T >= phase.lo && T <= phase.hi;
    }
    if (a) pb++;
    if (b) bu++;
    if (c) ph++;
    if (a && b && c) joint++;
  }
  return { payback: pb / n, budget: bu / n, phase: ph / n, joint: joint / n };
}

/**
 * Share of trials in which a per-trial amount (one stage's cost or months) lies in a range.
 * @example shareWithin(stage.cost, { lo: -Infinity, hi: 2e6 }) // P(stage cost ≤ ¥2M)
 */
export function shareWithin(values: Float64Array, range: { lo: number; hi: number }): number {
  let hits = 0;
  for (let i = 0; i < values.length; i++) if (values[i] >= range.lo && values[i] <= range.hi) hits++;
  return values.length > 0 ? hits / values.length : 0;
}
