import type { Rng } from '../sampling/rng.js';
import {
  type Distribution,
  InvalidDistributionError,
  formatParameter,
  requireFinite,
} from './distribution.js';
import { defineFamily, writtenForm } from './family.js';

export interface DiscreteParams {
  values: number[];
  /** Non-negative, normalised here; omitted means equally likely. */
  weights?: number[];
}

/**
 * Discrete distribution on a finite set of values with the given weights (normalised).
 * Mean Σwᵢvᵢ, variance Σwᵢ(vᵢ − mean)²; the quantile is the smallest value whose
 * cumulative weight is ≥ p (the generalised inverse of the CDF, values sorted first).
 * @example discrete({ values: [0, 10], weights: [3, 1] }).quantile(0.8) // 10
 */
export function discrete({ values, weights }: DiscreteParams): Distribution {
  if (!Array.isArray(values) || values.length === 0) {
    throw new InvalidDistributionError('values', 'values must hold at least one number');
  }
  values.forEach((v, i) => requireFinite(`values[${i}]`, v));
  if (weights !== undefined) {
    if (!Array.isArray(weights) || weights.length !== values.length) {
      const got = Array.isArray(weights) ? weights.length : String(weights);
      throw new InvalidDistributionError(
        'weights',
        `weights must have the same length as values (${values.length}), got ${got}`,
      );
    }
    weights.forEach((w, i) => {
      requireFinite(`weights[${i}]`, w);
      if (!(w >= 0)) throw new InvalidDistributionError(`weights[${i}]`, `weights[${i}] must be ≥ 0, got ${w}`);
    });
  }
  const raw = weights ?? values.map(() => 1);
  const total = raw.reduce((s, w) => s + w, 0);
  if (!(total > 0)) throw new InvalidDistributionError('weights', 'weights must not all be 0');
  if (!Number.isFinite(total)) throw new InvalidDistributionError('weights', 'weights must sum to a finite number');

  // Sorted support with positive weight only: a zero-weight value is never a quantile for p > 0.
  const order = values.map((_, i) => i).filter((i) => raw[i] > 0);
  order.sort((a, b) => values[a] - values[b]);
  const k = order.length;
  const support = new Float64Array(k);
  const prob = new Float64Array(k);
  const cumulative = new Float64Array(k);
  let acc = 0;
  for (let j = 0; j < k; j++) {
    support[j] = values[order[j]];
    prob[j] = raw[order[j]] / total;
    acc += prob[j];
    cumulative[j] = acc;
  }
  cumulative[k - 1] = 1; // no p ≤ 1 may fall past the last value through rounding
  let mean = 0;
  for (let j = 0; j < k; j++) mean += prob[j] * support[j];
  let variance = 0;
  for (let j = 0; j < k; j++) variance += prob[j] * (support[j] - mean) ** 2;

  /** Index of the smallest value with cumulative ≥ p (binary search). */
  const index = (p: number): number => {
    let lo = 0;
    let hi = k - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] >= p) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const quantile = (p: number): number => (p >= 0 && p <= 1 ? support[index(p)] : NaN);
  const equal = weights === undefined || weights.every((w) => w === weights[0]);
  return {
    family: 'discrete',
    mean: () => mean,
    variance: () => variance,
    quantile,
    sample: (rng: Rng) => quantile(rng.uniform()),
    quantiles(u, out, n) {
      for (let i = 0; i < n; i++) out[i] = support[index(u[i])];
    },
    describe: () =>
      equal
        ? `discrete, equally likely: ${Array.from(support, formatParameter).join(', ')}`
        : `discrete ${Array.from(support, (v, j) => `${formatParameter(v)} (${formatParameter(prob[j])})`).join(', ')}`,
  };
}

/** The discrete family: written `{ dist: discrete, values, weights? }` (equal weights when omitted). */
export const discreteFamily = defineFamily<'discrete', Required<DiscreteParams>>({
  name: 'discrete',
  forms: [
    writtenForm({
      form: 'discrete',
      params: { values: 'numbers', weights: 'numbers?' },
      toCanonical: (p) => {
        const weights = p.weights ?? p.values.map(() => 1);
        if (weights.length !== p.values.length) {
          throw new InvalidDistributionError('weights', `weights has ${weights.length} entries but values has ${p.values.length}`);
        }
        return { values: p.values, weights };
      },
    }),
  ],
  make: (c) => discrete(c),
});
