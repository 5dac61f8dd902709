import type { ScenarioTrials } from '../model/scenario-model.js';
import type { Policy } from '../model/proposal.js';
import type { ScenarioReport, Verdict } from '../report.js';
import { sharesAtMost } from '../metrics/summaries.js';

/** Verdicts best first: the order the default ranking sorts by. */
export const VERDICT_ORDER: readonly Verdict[] = ['accept', 'consider', 'mandate-only'];

/**
 * accept when P(payback ≤ paybackMonths) ≥ confidence; else consider when
 * P(payback ≤ considerMonths, or the horizon if shorter) ≥ confidence; else mandate-only.
 * @example verdict(trials, policy, 60).verdict // 'accept' | 'consider' | 'mandate-only'
 */
export function verdict(t: ScenarioTrials, policy: Policy, horizonMonths: number): { verdict: Verdict; basis: ScenarioReport['verdictBasis'] } {
  const horizonLimited = horizonMonths < policy.considerMonths;
  const considerMonths = Math.min(policy.considerMonths, horizonMonths);
  const [acceptProbability, considerProbability] = sharesAtMost(t.payback, [policy.paybackMonths, considerMonths]);
  const v = verdictOf(acceptProbability, considerProbability, policy.confidence);
  return {
    verdict: v,
    basis: { acceptMonths: policy.paybackMonths, acceptProbability, considerMonths, considerProbability, horizonLimited },
  };
}

/**
 * The verdict from the two payback shares (verdict() above; the policy sweep reads the shares once for every confidence).
 * @example verdictOf(0.85, 0.95, 0.8) // 'accept'
 */
export function verdictOf(acceptProbability: number, considerProbability: number, confidence: number): Verdict {
  return acceptProbability >= confidence ? 'accept' : considerProbability >= confidence ? 'consider' : 'mandate-only';
}
