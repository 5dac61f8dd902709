import type { DistributionSpec } from '../model/proposal.js';
import { beta } from './beta.js';
import type { Distribution } from './distribution.js';
import { discrete } from './discrete.js';
import { lognormal } from './lognormal.js';
import { normal } from './normal.js';
import { pert } from './pert.js';
import { triangular } from './triangular.js';
import { uniform } from './uniform.js';

type Factories = { [F in DistributionSpec['family']]: (spec: Extract<DistributionSpec, { family: F }>) => Distribution };

/** The family registry: a lookup, so no shared code switches on a distribution's kind. */
const FACTORIES: Factories = {
  pert: (s) => pert(s),
  triangular: (s) => triangular(s),
  lognormal: (s) => lognormal({ mu: s.mu, sigma: s.sigma }),
  normal: (s) => normal({ mean: s.mean, sd: s.sd }),
  uniform: (s) => uniform(s),
  beta: (s) => beta({ alpha: s.alpha, beta: s.beta }),
  discrete: (s) => discrete(s),
};

/**
 * The Distribution for a canonical spec; throws InvalidDistributionError on bad parameters.
 * @example makeDistribution({ family: 'triangular', min: 1, mode: 2, max: 4 }).mean() // 2.333…
 */
export function makeDistribution(spec: DistributionSpec): Distribution {
  const factory = FACTORIES[spec.family] as (s: DistributionSpec) => Distribution;
  return factory(spec);
}
