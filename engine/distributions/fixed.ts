import type { Rng } from '../sampling/rng.js';
import { type Distribution, formatParameter, requireFinite } from './distribution.js';

/**
 * A point mass at `value`: a fixed input seen as a distribution.
 * Mean = value, variance 0, every quantile = value.
 * @example fixed(1200).quantile(0.9) // 1200
 */
export function fixed(value: number): Distribution {
  requireFinite('value', value);
  return {
    family: 'fixed',
    mean: () => value,
    variance: () => 0,
    quantile: () => value,
    sample(rng: Rng) {
      rng.uniform(); // one draw, like every family, so substreams stay aligned
      return value;
    },
    quantiles(_u, out, n) {
      out.fill(value, 0, n);
    },
    describe: () => formatParameter(value),
  };
}
