import { PERT_LAMBDA } from '../constants.js';
import type { Rng } from '../sampling/rng.js';
import { betaVariance, scaledBetaQuantiles } from './beta.js';
import {
  type Distribution,
  InvalidDistributionError,
  formatParameter,
  requireFinite,
} from './distribution.js';
import { defineFamily, writtenForm } from './family.js';

export interface PertParams {
  min: number;
  mode: number;
  max: number;
  /** Shape λ > 0; the classic PERT is λ = 4. */
  lambda?: number;
}

/**
 * Beta-PERT distribution on [min, max] with the given mode: X = min + (max−min)·Beta(α, β)
 * with α = 1 + λ(mode−min)/(max−min), β = 1 + λ(max−mode)/(max−min) (Vose, Risk
 * Analysis, 3rd ed., §III.9). Mean (min + λ·mode + max)/(λ+2); the variance is the
 * true beta variance (max−min)²·αβ/((α+β)²(α+β+1)), not the textbook ((max−min)/6)².
 * Quantile by jStat.ibetainv; `quantiles` through the table of scaledBetaQuantiles.
 * A degenerate min = max is allowed and is a fixed value.
 * @example pert({ min: 2, mode: 5, max: 12 }).variance() // 3.3175 (((12−2)/6)² would be 2.78)
 */
export function pert({ min, mode, max, lambda = PERT_LAMBDA }: PertParams): Distribution {
  requireFinite('min', min);
  requireFinite('mode', mode);
  requireFinite('max', max);
  requireFinite('lambda', lambda);
  if (max < min) throw new InvalidDistributionError('max', `max (${max}) is below min (${min})`);
  if (mode < min || mode > max) {
    throw new InvalidDistributionError('mode', `mode (${mode}) is outside [min, max] = [${min}, ${max}]`);
  }
  if (!(lambda > 0)) throw new InvalidDistributionError('lambda', `lambda (${lambda}) must be > 0`);
  const width = max - min;
  const alpha = width === 0 ? 1 : 1 + (lambda * (mode - min)) / width;
  const beta = width === 0 ? 1 : 1 + (lambda * (max - mode)) / width;
  const { quantile, quantiles } = scaledBetaQuantiles(alpha, beta, min, width);
  return {
    family: 'pert',
    mean: () => (width === 0 ? min : min + (width * alpha) / (alpha + beta)),
    variance: () => width * width * betaVariance(alpha, beta),
    quantile,
    sample: (rng: Rng) => quantile(rng.uniform()),
    quantiles,
    describe: () =>
      `PERT ${formatParameter(min)} / ${formatParameter(mode)} / ${formatParameter(max)}` +
      (lambda === PERT_LAMBDA ? '' : ` (λ = ${formatParameter(lambda)})`),
  };
}

/** The PERT family: written `{ min, mode, max }` (λ optional), the default 3-point estimate. */
export const pertFamily = defineFamily<'pert', Required<PertParams>>({
  name: 'pert',
  forms: [
    writtenForm({
      form: 'pert',
      implicit: true,
      params: { min: 'number', mode: 'number', max: 'number', lambda: 'number?' },
      toCanonical: (p) => ({ min: p.min, mode: p.mode, max: p.max, lambda: p.lambda ?? PERT_LAMBDA }),
    }),
  ],
  make: (c) => pert(c),
});
