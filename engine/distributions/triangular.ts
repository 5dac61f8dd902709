import type { Rng } from '../sampling/rng.js';
import {
  type Distribution,
  InvalidDistributionError,
  formatParameter,
  requireFinite,
} from './distribution.js';
import { defineFamily, writtenForm } from './family.js';

export interface TriangularParams {
  min: number;
  mode: number;
  max: number;
}

/**
 * Triangular distribution on [min, max] with the given mode.
 * Mean (a+b+c)/3, variance (a²+b²+c²−ab−ac−bc)/18 (Johnson, Kotz & Balakrishnan,
 * Continuous Univariate Distributions, vol. 2); closed-form quantile.
 * A degenerate min = max is allowed and is a fixed value.
 * @example triangular({ min: 800, mode: 1200, max: 2000 }).mean() // 1333.33…
 */
export function triangular({ min, mode, max }: TriangularParams): Distribution {
  requireFinite('min', min);
  requireFinite('mode', mode);
  requireFinite('max', max);
  if (max < min) throw new InvalidDistributionError('max', `max (${max}) is below min (${min})`);
  if (mode < min || mode > max) {
    throw new InvalidDistributionError('mode', `mode (${mode}) is outside [min, max] = [${min}, ${max}]`);
  }
  const width = max - min;
  const fc = width === 0 ? 0.5 : (mode - min) / width;
  const kl = width * (mode - min);
  const kr = width * (max - mode);
  const quantile = (p: number): number =>
    width === 0 ? min : p < fc ? min + Math.sqrt(p * kl) : max - Math.sqrt((1 - p) * kr);
  return {
    family: 'triangular',
    mean: () => (min + mode + max) / 3,
    variance: () => (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18,
    quantile,
    sample: (rng: Rng) => quantile(rng.uniform()),
    quantiles(u, out, n) {
      for (let i = 0; i < n; i++) {
        const p = u[i];
        out[i] = p < fc ? min + Math.sqrt(p * kl) : max - Math.sqrt((1 - p) * kr);
      }
    },
    describe: () =>
      `triangular ${formatParameter(min)} / ${formatParameter(mode)} / ${formatParameter(max)}`,
  };
}

/** The triangular family: written `{ dist: triangular, min, mode, max }`. */
export const triangularFamily = defineFamily<'triangular', TriangularParams>({
  name: 'triangular',
  forms: [
    writtenForm({
      form: 'triangular',
      params: { min: 'number', mode: 'number', max: 'number' },
      toCanonical: (p) => ({ min: p.min, mode: p.mode, max: p.max }),
    }),
  ],
  make: (c) => triangular(c),
});
