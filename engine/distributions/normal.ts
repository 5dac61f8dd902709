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
 * Mean and sd of the normal whose 90% interval is [p5, p95] (p5 < p95):
 * mean = (p5 + p95)/2, sd = (p95 − p5)/(2·Φ⁻¹(0.95)).
 * @example normalFromInterval(80, 120) // { mean: 100, sd: 12.159… }
 */
export function normalFromInterval(p5: number, p95: number): { mean: number; sd: number } {
  requireFinite('p5', p5);
  requireFinite('p95', p95);
  if (!(p5 < p95)) throw new InvalidDistributionError('p5', `p5 (${p5}) must be below p95 (${p95})`);
  return { mean: (p5 + p95) / 2, sd: (p95 - p5) / (2 * Z_95) };
}

export type NormalParams = { mean: number; sd: number } | { p5: number; p95: number };

/**
 * Normal distribution, by mean and sd or by its 90% interval: from p5 and p95,
 * mean = (p5 + p95)/2 and sd = (p95 − p5)/(2·Φ⁻¹(0.95)). Quantile mean + sd·Φ⁻¹(p)
 * by jStat.normal.inv; `quantiles` by fastNormalQuantile (Wichura's AS 241).
 * @example normal({ p5: 80, p95: 120 }).variance() // 147.84… (sd 12.159)
 */
export function normal(params: NormalParams): Distribution {
  let mean: number;
  let sd: number;
  let description: string;
  if ('p5' in params) {
    ({ mean, sd } = normalFromInterval(params.p5, params.p95));
    description = `normal, 90% in ${formatParameter(params.p5)} – ${formatParameter(params.p95)}`;
  } else {
    mean = params.mean;
    sd = params.sd;
    requireFinite('mean', mean);
    requireFinite('sd', sd);
    if (!(sd > 0)) throw new InvalidDistributionError('sd', `sd must be > 0, got ${sd}`);
    description = `normal, mean ${formatParameter(mean)}, sd ${formatParameter(sd)}`;
  }
  const quantile = (p: number): number => {
    if (p > 0 && p < 1) return jStat.normal.inv(p, mean, sd);
    return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  };
  return {
    family: 'normal',
    mean: () => mean,
    variance: () => sd * sd,
    quantile,
    sample: (rng: Rng) => quantile(rng.uniform()),
    quantiles(u, out, n) {
      for (let i = 0; i < n; i++) out[i] = mean + sd * fastNormalQuantile(u[i]);
    },
    describe: () => description,
  };
}

/** The normal family: written `{ dist: normal, p5, p95 }` or `{ dist: normal, mean, sd }`. */
export const normalFamily = defineFamily<'normal', { mean: number; sd: number }>({
  name: 'normal',
  forms: [
    writtenForm({ form: 'normal-interval', params: { p5: 'number', p95: 'number' }, toCanonical: (p) => normalFromInterval(p.p5, p.p95) }),
    writtenForm({ form: 'normal', params: { mean: 'number', sd: 'number' }, toCanonical: (p) => ({ mean: p.mean, sd: p.sd }) }),
  ],
  make: (c) => normal(c),
});
