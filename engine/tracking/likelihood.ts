import type { Observation } from './actuals.js';
import { ADOPTION_DEFAULT_SD, CASH_DEFAULT_RELATIVE_SD } from './constants.js';

/**
 * What the forecast says about an observed quantity before the update, over the
 * prior draws: its mean and sd (the defaults of a reading's error read them).
 */
export interface PriorMoments {
  mean: number;
  sd: number;
}

/**
 * The standard error of a reading: how far its value may lie from the true
 * quantity (docs/tracking.md, "What a reading says"). A reading is a sample
 * mean of n units with sample sd s, so its error is s/√n (Student's ≈ normal
 * for the pilot sizes that matter). Without n, n = 1. Without sd:
 * - an input: the prior's own sd (one reading as uncertain as the estimate it checks);
 * - adoption: √(y(1−y)/n) when n is given (a share of n users or tasks, y kept
 *   within [½/n, 1 − ½/n]), else ADOPTION_DEFAULT_SD;
 * - money: CASH_DEFAULT_RELATIVE_SD × the larger of |value| and |forecast mean|.
 * Null when the reading carries no information (money of 0 where 0 is forecast, or an input the prior fixes).
 * @example standardError({ value: 9, n: 200, sd: 3, … }, prior) // 0.2121
 */
export function standardError(o: Pick<Observation, 'target' | 'value' | 'n' | 'sd'>, prior: PriorMoments): number | null {
  const n = o.n ?? 1;
  let se: number;
  if (o.sd !== null) se = o.sd / Math.sqrt(n);
  else if (o.target.kind === 'input') se = prior.sd / Math.sqrt(n);
  else if (o.target.kind === 'adoption') {
    if (o.n !== null) {
      const y = Math.min(Math.max(o.value, 0.5 / n), 1 - 0.5 / n);
      se = Math.sqrt((y * (1 - y)) / n);
    } else se = ADOPTION_DEFAULT_SD;
  } else se = (CASH_DEFAULT_RELATIVE_SD * Math.max(Math.abs(o.value), Math.abs(prior.mean))) / Math.sqrt(n);
  return se > 0 && Number.isFinite(se) ? se : null;
}

/**
 * Log-likelihood of a reading y with standard error se given the quantity's
 * true value μ (normal errors, constant dropped): −(y − μ)² / (2 se²).
 * @example logLikelihood(9, 8.5, 0.5) // −0.5
 */
export function logLikelihood(y: number, mu: number, se: number): number {
  const d = (y - mu) / se;
  return -0.5 * d * d;
}
