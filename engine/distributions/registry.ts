import { betaFamily } from './beta.js';
import type { Distribution } from './distribution.js';
import { discreteFamily } from './discrete.js';
import type { Family, WrittenForm } from './family.js';
import { lognormalFamily } from './lognormal.js';
import { normalFamily } from './normal.js';
import { pertFamily } from './pert.js';
import { triangularFamily } from './triangular.js';
import { uniformFamily } from './uniform.js';

/**
 * Every family a proposal may name, by its `dist`. A new family is its file
 * (parameters, written forms, factory) plus one line here; the quantity schema,
 * the canonical spec type and makeDistribution all read this object.
 */
export const FAMILIES = {
  pert: pertFamily,
  triangular: triangularFamily,
  lognormal: lognormalFamily,
  normal: normalFamily,
  uniform: uniformFamily,
  beta: betaFamily,
  discrete: discreteFamily,
} as const;

export type FamilyName = keyof typeof FAMILIES;

type CanonicalOf<F> = F extends Family<string, infer C> ? C : never;

/** A distribution in canonical parameters: `{ family, ...params }` (lognormal by mu/sigma, normal by mean/sd, beta by alpha/beta). */
export type DistributionSpec = { [F in FamilyName]: { family: F } & CanonicalOf<(typeof FAMILIES)[F]> }[FamilyName];

/**
 * The family registered under a name, or undefined for an unknown `dist`.
 * @example familyOf('pert')?.forms[0].form // 'pert'
 */
export function familyOf(name: string): Family<FamilyName, unknown> | undefined {
  return Object.hasOwn(FAMILIES, name) ? (FAMILIES[name as FamilyName] as Family<FamilyName, unknown>) : undefined;
}

/**
 * A written form by its unique name, with its family ("lognormal-interval" → lognormal).
 * @example writtenFormByName('lognormal-interval')?.family.name // 'lognormal'
 */
export function writtenFormByName(form: string): { family: Family<FamilyName, unknown>; form: WrittenForm<unknown> } | undefined {
  for (const name of Object.keys(FAMILIES) as FamilyName[]) {
    const family = familyOf(name)!;
    const found = family.forms.find((f) => f.form === form);
    if (found) return { family, form: found };
  }
  return undefined;
}

/**
 * The Distribution for a canonical spec; throws InvalidDistributionError on bad parameters.
 * @example makeDistribution({ family: 'triangular', min: 1, mode: 2, max: 4 }).mean() // 2.333…
 */
export function makeDistribution(spec: DistributionSpec): Distribution {
  const { family, ...canonical } = spec;
  return familyOf(family)!.make(canonical);
}
