import jStat from 'jstat';
import type { Rng } from '../sampling/rng.js';
import {
  type Distribution,
  InvalidDistributionError,
  formatParameter,
  requireFinite,
} from './distribution.js';
import { Z_95, fastNormalQuantile } from './normal-quantile.js';
import { defineFamily, writtenForm } from './family.js';

/**
 * The log-space parameters of the lognormal whose 90% interval is [p5, p95]
 * (0 < p5 < p95): mu = (ln p5 + ln p95)/2, sigma = (ln p95 − ln p5)/(2·Φ⁻¹(0.95)).
 * The one p5/p95 conversion of the codebase.
 * @example lognormalFromInterval(100, 400) // { mu: 5.2983…, sigma: 0.42141… }
 */
export function lognormalFromInterval(p5: number, p95: number): { mu: number; sigma: number } {
  requireFinite('p5', p5);
  requireFinite('p95', p95);
  if (!(p5 > 0)) throw new InvalidDistributionError('p5', `p5 (${p5}) must be > 0 for a lognormal`);
  if (!(p5 < p95)) throw new InvalidDistributionError('p5', `p5 (${p5}) must be below p95 (${p95})`);
  const lo = Math.log(p5);
  const hi = Math.log(p95);
  return { mu: (lo + hi) / 2, sigma: (hi - lo) / (2 * Z_95) };
}

function requireLognormalParams(mu: number, sigma: number): void {
  requireFinite('mu', mu);
  requireFinite('sigma', sigma);
  if (!(sigma > 0)) throw new InvalidDistributionError('sigma', `sigma must be > 0, got ${sigma}`);
}

export type LognormalParams = { p5: number; p95: number } | { mu: number; sigma: number };

/**
 * Lognormal distribution: ln X is normal with mean mu and sd sigma, given directly or by
 * the 90% interval of X (0 < p5 < p95): mu = (ln p5 + ln p95)/2, sigma =
 * (ln p95 − ln p5)/(2·Φ⁻¹(0.95)). Mean exp(mu + sigma²/2), variance
 * (exp(sigma²) − 1)·exp(2mu + sigma²) (Johnson, Kotz & Balakrishnan, Continuous
 * Univariate Distributions, vol. 1, ch. 14). Quantile exp(mu + sigma·Φ⁻¹(p)), Φ⁻¹ by
 * jStat.normal.inv; `quantiles` by fastNormalQuantile (Wichura's AS 241).
 * @example lognormal({ p5: 100, p95: 400 }).quantile(0.5) // 200
 */
export function lognormal(params: LognormalParams): Distribution {
  let mu: number;
  let sigma: number;
  let description: string;
  if ('p5' in params) {
    ({ mu, sigma } = lognormalFromInterval(params.p5, params.p95));
    description = `lognormal, 90% in ${formatParameter(params.p5)} – ${formatParameter(params.p95)}`;
  } else {
    mu = params.mu;
    sigma = params.sigma;
    requireLognormalParams(mu, sigma);
    description = `lognormal, mu ${formatParameter(mu)}, sigma ${formatParameter(sigma)}`;
  }
  const s2 = sigma * sigma;
  const quantile = (p: number): number => {
    if (p > 0 && p < 1) return Math.exp(mu + sigma * jStat.normal.inv(p, 0, 1));
    return p === 0 ? 0 : p === 1 ? Infinity : NaN;
  };
  return {
    family: 'lognormal',
    mean: () => Math.exp(mu + s2 / 2),
    variance: () => Math.expm1(s2) * Math.exp(2 * mu + s2),
    quantile,
    sample: (rng: Rng) => quantile(rng.uniform()),
    quantiles(u, out, n) {
      for (let i = 0; i < n; i++) out[i] = Math.exp(mu + sigma * fastNormalQuantile(u[i]));
    },
    describe: () => description,
  };
}

/** The lognormal family: written `{ p5, p95 }` (its 90% interval, `dist` optional) or `{ dist: lognormal, mu, sigma }`. */
export const lognormalFamily = defineFamily<'lognormal', { mu: number; sigma: number }>({
  name: 'lognormal',
  forms: [
    writtenForm({ form: 'lognormal-interval', implicit: true, params: { p5: 'number', p95: 'number' }, toCanonical: (p) => lognormalFromInterval(p.p5, p.p95) }),
    writtenForm({ form: 'lognormal', params: { mu: 'number', sigma: 'number' }, toCanonical: (p) => ({ mu: p.mu, sigma: p.sigma }) }),
  ],
  make: (c) => lognormal(c),
});
