import type { Rng } from '../sampling/rng.js';
import {
  type Distribution,
  InvalidDistributionError,
  formatParameter,
  requireFinite,
} from './distribution.js';
import { defineFamily, writtenForm } from './family.js';

export interface UniformParams {
  min: number;
  max: number;
}

/**
 * Continuous uniform distribution on [min, max].
 * Mean (a+b)/2, variance (b−a)²/12, quantile a + p(b−a) (Johnson, Kotz &
 * Balakrishnan, Continuous Univariate Distributions, vol. 2, ch. 26).
 * A degenerate min = max is allowed and is a fixed value.
 * @example uniform({ min: 10, max: 20 }).quantile(0.25) // 12.5
 */
export function uniform({ min, max }: UniformParams): Distribution {
  requireFinite('min', min);
  requireFinite('max', max);
  if (max < min) throw new InvalidDistributionError('max', `max (${max}) is below min (${min})`);
  const width = max - min;
  const quantile = (p: number): number => (p >= 0 && p <= 1 ? min + p * width : NaN);
  return {
    family: 'uniform',
    mean: () => min + width / 2,
    variance: () => (width * width) / 12,
    quantile,
    sample: (rng: Rng) => quantile(rng.uniform()),
    quantiles(u, out, n) {
      for (let i = 0; i < n; i++) out[i] = min + u[i] * width;
    },
    describe: () => `uniform ${formatParameter(min)} – ${formatParameter(max)}`,
  };
}

/** The uniform family: written `{ dist: uniform, min, max }`. */
export const uniformFamily = defineFamily<'uniform', UniformParams>({
  name: 'uniform',
  forms: [writtenForm({ form: 'uniform', params: { min: 'number', max: 'number' }, toCanonical: (p) => ({ min: p.min, max: p.max }) })],
  make: (c) => uniform(c),
});
