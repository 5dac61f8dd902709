/** Small proposals and actuals for the tracking tests. */
import { normalizeProposal } from '../../scenarios/normalize.js';
import { parseActuals } from '../../scenarios/actuals.js';
import type { Proposal } from '../../engine/model/proposal.js';
import type { Actuals } from '../../engine/tracking/actuals.js';

/**
 * One scenario whose monthly benefit is x + y (two shared normal assumptions,
 * optionally rank-correlated) against a fixed upfront cost: the inputs are
 * bivariate normal under the Gaussian copula, so posteriors have closed forms.
 */
export function normalPairProposal(opts: { x: { mean: number; sd: number }; y: { mean: number; sd: number }; rho?: number; horizonMonths?: number }): Proposal {
  return normalizeProposal({
    customer: { name: 'Closed form' },
    horizonMonths: opts.horizonMonths ?? 12,
    assumptions: {
      x: { dist: 'normal', mean: opts.x.mean, sd: opts.x.sd },
      y: { dist: 'normal', mean: opts.y.mean, sd: opts.y.sd },
    },
    correlations: opts.rho ? [{ between: ['x', 'y'], rho: opts.rho }] : [],
    scenarios: [
      {
        id: 's',
        name: 'Pair',
        implementationMonths: 0,
        adoption: { curve: 'none' },
        benefits: [
          { kind: 'custom', label: 'x line', quantityPerMonth: { ref: 'x' }, unitValue: 1 },
          { kind: 'custom', label: 'y line', quantityPerMonth: { ref: 'y' }, unitValue: 1 },
        ],
        costs: [{ kind: 'oneOff', label: 'build', amount: 500, timing: 'upfront' }],
      },
    ],
  });
}

/** Actuals from CSV lines under the standard header. */
export function actualsOf(proposal: Proposal, lines: string[], asOfMonth?: number): Actuals {
  return parseActuals(['scenario,month,measure,value,n,sd', ...lines].join('\n'), proposal, asOfMonth === undefined ? {} : { asOfMonth });
}

/**
 * The bivariate-normal posterior of (x, y) given independent normal readings of
 * some of them: precision Σ⁻¹ + Σ_k e_k e_kᵀ/se_k², mean Σ_post(Σ⁻¹μ + Σ_k e_k y_k/se_k²)
 * (the conjugate normal update, e.g. Gelman et al., Bayesian Data Analysis, §3.5).
 */
export function bivariatePosterior(
  prior: { mx: number; sx: number; my: number; sy: number; r: number },
  readings: { of: 'x' | 'y'; value: number; se: number }[],
): { mean: [number, number]; sd: [number, number]; corr: number } {
  const { mx, sx, my, sy, r } = prior;
  const det = sx * sx * sy * sy * (1 - r * r);
  // Σ⁻¹ of [[sx², r sx sy], [r sx sy, sy²]].
  let p11 = (sy * sy) / det;
  let p12 = (-r * sx * sy) / det;
  let p22 = (sx * sx) / det;
  let b1 = p11 * mx + p12 * my;
  let b2 = p12 * mx + p22 * my;
  for (const k of readings) {
    const w = 1 / (k.se * k.se);
    if (k.of === 'x') {
      p11 += w;
      b1 += w * k.value;
    } else {
      p22 += w;
      b2 += w * k.value;
    }
  }
  const pdet = p11 * p22 - p12 * p12;
  const c11 = p22 / pdet;
  const c22 = p11 / pdet;
  const c12 = -p12 / pdet;
  return { mean: [c11 * b1 + c12 * b2, c12 * b1 + c22 * b2], sd: [Math.sqrt(c11), Math.sqrt(c22)], corr: c12 / Math.sqrt(c11 * c22) };
}
