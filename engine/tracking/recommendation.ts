import { type Message, type Param, codeParam, count, message, months, probability, scenarioRef } from '../messages.js';
import type { Policy } from '../model/proposal.js';
import type { Verdict } from '../report.js';
import type { ScenarioTracking } from './tracking-schema.js';

/** Verdicts from best to worst. */
const VERDICT_ORDER: readonly Verdict[] = ['accept', 'consider', 'mandate-only'];

export interface RecommendationInput {
  scenarioId: string;
  policy: Policy;
  priorVerdict: Verdict;
  verdict: Verdict;
  /** P(NPV > 0) of the re-forecast. */
  npvPositiveProbability: number;
  /** P(payback ≤ policy.paybackMonths): prior and re-forecast. */
  paybackWithinPolicy: { prior: number; reforecast: number };
  status: ScenarioTracking['status'];
  appliesTo: ScenarioTracking['recommendation']['appliesTo'];
}

/**
 * Go / adjust / stop for the next phase or step (docs/tracking.md,
 * "Recommendation"), with c the policy's confidence:
 * - stop when the re-forecast loses money in more than c of futures (P(NPV > 0) < 1 − c);
 * - go when it makes money in at least c of futures, its verdict is no worse than
 *   the prior's, and the actuals are not behind;
 * - adjust otherwise: the case is not lost, but the plan should change before
 *   committing more (scope, price, adoption support, or a longer pilot).
 * Every reason is a message, in the order the rule reads them.
 * @example recommend({ …, npvPositiveProbability: 0.93, verdict: 'consider', priorVerdict: 'consider', status: 'on-track' }).decision // 'go'
 */
export function recommend(r: RecommendationInput): ScenarioTracking['recommendation'] {
  const c = r.policy.confidence;
  const p = r.npvPositiveProbability;
  const reasons: Message[] = [];
  if (p >= c) reasons.push(message('tracking.reason.npv-positive', { probability: probability(p), confidence: probability(c) }));
  else if (p >= 1 - c) reasons.push(message('tracking.reason.npv-uncertain', { probability: probability(p), confidence: probability(c) }));
  else reasons.push(message('tracking.reason.loss-likely', { probability: probability(1 - p), confidence: probability(c) }));
  const change = VERDICT_ORDER.indexOf(r.verdict) - VERDICT_ORDER.indexOf(r.priorVerdict);
  const verdicts = { from: codeParam(`verdict.${r.priorVerdict}`), to: codeParam(`verdict.${r.verdict}`) };
  reasons.push(message(change < 0 ? 'tracking.reason.verdict-improved' : change > 0 ? 'tracking.reason.verdict-worsened' : 'tracking.reason.verdict-kept', verdicts));
  reasons.push(
    message('tracking.reason.payback', {
      months: months(r.policy.paybackMonths),
      prior: probability(r.paybackWithinPolicy.prior),
      reforecast: probability(r.paybackWithinPolicy.reforecast),
    }),
  );
  if (r.status === 'behind') reasons.push(message('tracking.reason.behind'));
  const decision = p < 1 - c ? 'stop' : p >= c && change <= 0 && r.status !== 'behind' ? 'go' : 'adjust';
  const where: Record<string, Param> = r.appliesTo.kind === 'next-phase' && r.appliesTo.phase !== null ? { phase: count(r.appliesTo.phase) } : {};
  return {
    decision,
    appliesTo: r.appliesTo,
    message: message(`tracking.recommendation.${decision}${r.appliesTo.kind === 'next-phase' ? '-phase' : ''}`, { scenario: scenarioRef(r.scenarioId), ...where }),
    reasons,
  };
}
