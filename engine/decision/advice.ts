import type { ScenarioTrials } from '../model/scenario-model.js';
import type { Policy, Scenario } from '../model/proposal.js';
import type { Advice, GateName } from '../report.js';
import { quantile } from '../metrics/statistics.js';
import { type Param, inputRef, itemRef, message, money, months, number, probability, ratio } from '../messages.js';
import type { InputBreakEven, OneOffBreakEven } from './break-even.js';
import { type GateResult, gateRange, shareWithin } from './gates.js';
import type { StageTrials } from './stage-trials.js';

/** What advice needs to know of one scenario. */
export interface AdviceContext {
  scenario: Scenario;
  policy: Policy;
  gates: GateResult;
  trials: ScenarioTrials;
  /** Medians of the scenario's investment and implementation months. */
  medians: { investment: number; implementationMonths: number };
  /** Per-trial stage figures of a staged scenario. */
  stages?: readonly StageTrials[];
  /** The payback goal seek, when the payback gate failed. */
  breakEven?: { input: InputBreakEven | null; oneOff: OneOffBreakEven | null };
  horizonLimited: boolean;
  horizonMonths: number;
}

/** Fields whose values are money, rates (shown as percentages) or months; anything else is a plain number in its own unit. */
const MONEY_FIELDS = new Set(['costPerHour', 'annualCostPerFte', 'costPerError', 'valuePerUnit', 'impact', 'unitValue', 'amount', 'monthly', 'pricePerGpu', 'monthlyOperations', 'cost']);
const RATIO_FIELDS = new Set(['realization', 'errorRate', 'reduction', 'upliftRate', 'margin', 'ceiling', 'start', 'growthPerYear', 'escalationPerYear', 'priceDeclinePerYear', 'publicShare', 'rateOfOneOffPerYear']);
const MONTH_FIELDS = new Set(['implementationMonths', 'rampMonths', 'midpoint']);

/**
 * An input's value as a typed parameter, by the field it fills.
 * @example inputValue('costPerHour', 85) // { type: 'money', value: 85 }
 */
export function inputValue(field: string, value: number): Param {
  if (MONEY_FIELDS.has(field)) return money(value);
  if (RATIO_FIELDS.has(field)) return ratio(value);
  if (MONTH_FIELDS.has(field)) return months(value);
  return number(value);
}

const gateAdvice = (gate: GateName, code: string, params: Record<string, Param>): Advice => ({ ...message(code, params), gate });

/** The payback gate failed: say by how much, then what it would take (the goal seek's break-evens). */
function paybackAdvice(c: AdviceContext): Advice[] {
  const { policy, gates } = c;
  const limit = months(policy.paybackMonths);
  const confidence = probability(policy.confidence);
  const out = [gateAdvice('payback', 'payback-below-confidence', { probability: probability(gates.payback), limit, confidence })];
  const input = c.breakEven?.input;
  if (input) {
    out.push(
      input.value !== null
        ? gateAdvice('payback', 'payback-break-even-input', { input: inputRef(input.name), value: inputValue(input.field, input.value), current: inputValue(input.field, input.current), limit, confidence })
        : gateAdvice('payback', 'payback-no-break-even-input', { input: inputRef(input.name), low: inputValue(input.field, input.low), high: inputValue(input.field, input.high), limit, confidence }),
    );
  }
  const oneOff = c.breakEven?.oneOff;
  if (oneOff) {
    out.push(
      oneOff.factor !== null && oneOff.investment !== null
        ? gateAdvice('payback', 'payback-break-even-one-off', { investment: money(oneOff.investment), current: money(c.medians.investment), factor: ratio(oneOff.factor), limit, confidence })
        : gateAdvice('payback', 'payback-no-break-even-one-off', { probability: probability(oneOff.probability), limit, confidence }),
    );
  }
  return out;
}

/** The stage that fits a range least often, with that share and its median. */
function worstStage(stages: readonly StageTrials[], pick: (s: StageTrials) => Float64Array, range: { lo: number; hi: number }) {
  return stages
    .map((s) => ({ stage: s, share: shareWithin(pick(s), range), median: quantile(pick(s), 0.5) }))
    .sort((a, b) => a.share - b.share || (a.stage.item < b.stage.item ? -1 : 1))[0];
}

/** Budget: a failed gate (ceiling, or the floor when floors gate) and, when floors advise, packaging advice below the floor. */
function budgetAdvice(c: AdviceContext): Advice[] {
  const { policy, gates, scenario } = c;
  const { min, max } = policy.budget;
  const failed = gates.budget < policy.confidence;
  const gated = policy.floors === 'gate';
  const subscription = scenario.pricing === 'subscription';
  const out: Advice[] = [];
  /** Below the floor: packaging advice, which is the gate's advice when floors gate. */
  const floor = (code: string, params: Record<string, Param>) => (gated ? gateAdvice('budget', code, params) : message(code, params));
  if (c.stages && c.stages.length > 0) {
    const range = gateRange(policy.budget, policy.floors);
    if (failed) {
      const worst = worstStage(c.stages, (s) => s.cost, range);
      const item = itemRef(worst.stage.item);
      if (worst.share >= policy.confidence) out.push(gateAdvice('budget', 'budget-stages-jointly-short', { probability: probability(gates.budget) }));
      else if (worst.median > max) out.push(gateAdvice('budget', 'budget-stage-above-ceiling', { item, investment: money(worst.median), max: money(max) }));
      else if (gated && worst.median < min) out.push(floor('budget-stage-below-floor', { item, investment: money(worst.median), min: money(min) }));
      else out.push(gateAdvice('budget', 'budget-stage-uncertain', { item, probability: probability(worst.share) }));
    }
    if (!gated) {
      for (const s of c.stages) {
        const median = quantile(s.cost, 0.5);
        if (median < min) out.push(message('budget-stage-below-floor', { item: itemRef(s.item), investment: money(median), min: money(min) }));
      }
    }
    return out;
  }
  const inv = c.medians.investment;
  if (failed) {
    if (inv > max) out.push(gateAdvice('budget', 'budget-above-ceiling', { investment: money(inv), max: money(max) }));
    else if (gated && inv < min) out.push(floor(subscription ? 'budget-below-floor-subscription' : 'budget-below-floor', { investment: money(inv), min: money(min) }));
    else out.push(gateAdvice('budget', 'budget-gate-uncertain', { probability: probability(gates.budget) }));
  } else if (!gated && inv < min && !subscription) {
    // Already a subscription: a small deal is how it is sold, nothing to repackage.
    out.push(message('budget-below-floor', { investment: money(inv), min: money(min) }));
  }
  return out;
}

/** Phase: a failed gate (ceiling, or the floor when floors gate) and, when floors advise, a quick-trial hint below the floor. */
function phaseAdvice(c: AdviceContext): Advice[] {
  const { policy, gates } = c;
  const { min, max } = policy.phaseMonths;
  const failed = gates.phase < policy.confidence;
  const gated = policy.floors === 'gate';
  const out: Advice[] = [];
  const floor = (code: string, params: Record<string, Param>) => (gated ? gateAdvice('phase', code, params) : message(code, params));
  if (c.stages && c.stages.length > 0) {
    const range = gateRange(policy.phaseMonths, policy.floors);
    if (failed) {
      const worst = worstStage(c.stages, (s) => s.months, range);
      const item = itemRef(worst.stage.item);
      if (worst.share >= policy.confidence) out.push(gateAdvice('phase', 'phase-stages-jointly-short', { probability: probability(gates.phase) }));
      else if (worst.median > max) out.push(gateAdvice('phase', 'phase-stage-above-ceiling', { item, months: months(worst.median), max: months(max) }));
      else if (gated && worst.median < min) out.push(floor('phase-stage-below-floor', { item, months: months(worst.median), min: months(min) }));
      else out.push(gateAdvice('phase', 'phase-stage-uncertain', { item, probability: probability(worst.share) }));
    }
    if (!gated) {
      for (const s of c.stages) {
        const median = quantile(s.months, 0.5);
        if (median < min) out.push(message('phase-stage-below-floor', { item: itemRef(s.item), months: months(median), min: months(min) }));
      }
    }
    return out;
  }
  const T = c.medians.implementationMonths;
  if (failed) {
    if (T > max) out.push(gateAdvice('phase', 'phase-above-ceiling', { months: months(T), max: months(max) }));
    else if (gated && T < min) out.push(floor('phase-below-floor', { months: months(T), min: months(min) }));
    else out.push(gateAdvice('phase', 'phase-gate-uncertain', { probability: probability(gates.phase) }));
  } else if (!gated && T < min) {
    out.push(message('phase-below-floor', { months: months(T), min: months(min) }));
  }
  return out;
}

/**
 * Advice on one scenario (DESIGN §4.5), as codes with typed parameters. Every
 * failed gate gets advice tagged with that gate (`gate`), so "meets the
 * rules" is exactly "no advice carries a gate": a payback failure says by how
 * much and what would fix it (break-even of the most influential input and of
 * the one-off cost); a budget or phase ceiling names the stage that breaks it
 * for a staged scenario and suggests stages otherwise; each gate passing
 * alone but not together says so. Below a floor is packaging advice
 * (subscription, short paid trial, bundling; a quick trial beside a larger
 * phase), never for a scenario already sold as a subscription. Notes on the
 * horizon and on undefined ROI follow, untagged.
 * @example advise(context).filter((a) => a.gate).length // 0 when every gate passes
 */
export function advise(c: AdviceContext): Advice[] {
  const { policy, gates } = c;
  const advice: Advice[] = [];
  if (gates.payback < policy.confidence) advice.push(...paybackAdvice(c));
  advice.push(...budgetAdvice(c), ...phaseAdvice(c));
  const eachPasses = gates.payback >= policy.confidence && gates.budget >= policy.confidence && gates.phase >= policy.confidence;
  if (eachPasses && gates.joint < policy.confidence) {
    advice.push(gateAdvice('joint', 'gates-jointly-short', { probability: probability(gates.joint), confidence: probability(policy.confidence) }));
  }
  if (c.horizonLimited) {
    advice.push(message('horizon-limited', { horizon: months(c.horizonMonths), considerMonths: months(policy.considerMonths) }));
  }
  let noCost = 0;
  const t = c.trials;
  for (let i = 0; i < t.trials; i++) if (t.roi[i] !== t.roi[i]) noCost++;
  if (noCost > 0) advice.push(message('roi-undefined', { probability: probability(noCost / t.trials) }));
  return advice;
}
