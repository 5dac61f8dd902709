import { z } from 'zod';
import { InvalidDistributionError } from '../engine/distributions/distribution.js';
import { makeDistribution } from '../engine/distributions/make.js';
import { PERT_LAMBDA } from '../engine/constants.js';
import type { DistributionSpec, Quantity, WrittenForm } from '../engine/model/proposal.js';
import { localizedTextSchema } from './localized-text.js';

/**
 * Uncertain quantities (DESIGN §4.1): a number, a 3-point estimate, an
 * interval, a named family, or a reference to a shared assumption. The input
 * is dispatched on its shape first, so an error speaks about the form the
 * author meant ("max (5) is below min (10)") rather than listing every form.
 */

/** The values a field may take; a distribution's whole support must lie inside. */
export type Domain = 'any' | 'nonNegative' | 'positive' | 'rate';

/** z-score of the 95th percentile of the standard normal: turns a 90% interval into σ. */
const Z95 = 1.6448536269514722;

const finite = z.number();
const common = { name: z.string().min(1).optional(), label: localizedTextSchema.optional(), clamp: z.tuple([finite, finite]).optional() };

const FORMS = {
  pert: z.strictObject({ dist: z.literal('pert').optional(), min: finite, mode: finite, max: finite, lambda: finite.positive().optional(), ...common }),
  triangular: z.strictObject({ dist: z.literal('triangular'), min: finite, mode: finite, max: finite, ...common }),
  lognormalInterval: z.strictObject({ dist: z.literal('lognormal').optional(), p5: finite, p95: finite, ...common }),
  lognormalParams: z.strictObject({ dist: z.literal('lognormal'), mu: finite, sigma: finite, ...common }),
  normalInterval: z.strictObject({ dist: z.literal('normal'), p5: finite, p95: finite, ...common }),
  normalParams: z.strictObject({ dist: z.literal('normal'), mean: finite, sd: finite, ...common }),
  uniform: z.strictObject({ dist: z.literal('uniform'), min: finite, max: finite, ...common }),
  betaParams: z.strictObject({ dist: z.literal('beta'), alpha: finite, beta: finite, ...common }),
  betaMoments: z.strictObject({ dist: z.literal('beta'), mean: finite, sd: finite, ...common }),
  discrete: z.strictObject({ dist: z.literal('discrete'), values: z.array(finite).min(1), weights: z.array(finite).optional(), ...common }),
  ref: z.strictObject({ ref: z.string().min(1) }),
} as const;
type FormName = keyof typeof FORMS;

const DIST_NAMES = ['pert', 'triangular', 'lognormal', 'normal', 'uniform', 'beta', 'discrete'];

/** The JSON Schema face of a quantity (zod cannot derive it from the parsing transform). */
export const quantityShape = z.union([finite, ...Object.values(FORMS)]);

/** Picks the form an object was meant as, from its `dist` and keys; a string when it fits none. */
function formOf(v: Record<string, unknown>): FormName | string {
  if ('ref' in v) return 'ref';
  const dist = v.dist;
  if (dist === undefined) {
    if ('min' in v || 'mode' in v || 'max' in v) return 'pert';
    if ('p5' in v || 'p95' in v) return 'lognormalInterval';
    return `expected a number, {min, mode, max} (PERT), {p5, p95} (lognormal), {dist: …} or {ref: …}; found an object with keys ${Object.keys(v).join(', ') || '(none)'}`;
  }
  switch (dist) {
    case 'pert':
    case 'triangular':
    case 'uniform':
    case 'discrete':
      return dist as FormName;
    case 'lognormal':
      return 'mu' in v || 'sigma' in v ? 'lognormalParams' : 'lognormalInterval';
    case 'normal':
      return 'mean' in v || 'sd' in v ? 'normalParams' : 'normalInterval';
    case 'beta':
      return 'alpha' in v || 'beta' in v ? 'betaParams' : 'betaMoments';
    default:
      return `dist must be one of ${DIST_NAMES.join(', ')}; found ${JSON.stringify(dist)}`;
  }
}

/** The name each parsed form is recorded under in `written.form` (the Report's inputs carry it to the view). */
const WRITTEN_FORMS: Record<Exclude<FormName, 'ref'>, { form: string; params: readonly string[] }> = {
  pert: { form: 'pert', params: ['min', 'mode', 'max', 'lambda'] },
  triangular: { form: 'triangular', params: ['min', 'mode', 'max'] },
  lognormalInterval: { form: 'lognormal-interval', params: ['p5', 'p95'] },
  lognormalParams: { form: 'lognormal', params: ['mu', 'sigma'] },
  normalInterval: { form: 'normal-interval', params: ['p5', 'p95'] },
  normalParams: { form: 'normal', params: ['mean', 'sd'] },
  uniform: { form: 'uniform', params: ['min', 'max'] },
  betaParams: { form: 'beta', params: ['alpha', 'beta'] },
  betaMoments: { form: 'beta-moments', params: ['mean', 'sd'] },
  // The values and weights are the canonical spec's own: nothing to add.
  discrete: { form: 'discrete', params: [] },
};

/** The form and the numbers as written, by their written names. */
function writtenForm(form: Exclude<FormName, 'ref'>, p: Record<string, unknown>): WrittenForm {
  const { form: name, params } = WRITTEN_FORMS[form];
  const out: Record<string, number> = {};
  for (const key of params) if (typeof p[key] === 'number') out[key] = p[key];
  return { form: name, params: out };
}

/** Canonical parameters of a parsed form (lognormal by mu/sigma, normal by mean/sd, beta by alpha/beta). */
function toSpec(form: FormName, p: Record<string, any>): DistributionSpec {
  switch (form) {
    case 'pert':
      return { family: 'pert', min: p.min, mode: p.mode, max: p.max, lambda: p.lambda ?? PERT_LAMBDA };
    case 'triangular':
      return { family: 'triangular', min: p.min, mode: p.mode, max: p.max };
    case 'lognormalInterval':
      if (!(p.p5 > 0)) throw new InvalidDistributionError('p5', `p5 (${p.p5}) must be > 0 for a lognormal`);
      if (!(p.p5 < p.p95)) throw new InvalidDistributionError('p5', `p5 (${p.p5}) must be below p95 (${p.p95})`);
      return { family: 'lognormal', mu: (Math.log(p.p5) + Math.log(p.p95)) / 2, sigma: (Math.log(p.p95) - Math.log(p.p5)) / (2 * Z95) };
    case 'lognormalParams':
      return { family: 'lognormal', mu: p.mu, sigma: p.sigma };
    case 'normalInterval':
      if (!(p.p5 < p.p95)) throw new InvalidDistributionError('p5', `p5 (${p.p5}) must be below p95 (${p.p95})`);
      return { family: 'normal', mean: (p.p5 + p.p95) / 2, sd: (p.p95 - p.p5) / (2 * Z95) };
    case 'normalParams':
      return { family: 'normal', mean: p.mean, sd: p.sd };
    case 'uniform':
      return { family: 'uniform', min: p.min, max: p.max };
    case 'betaParams':
      return { family: 'beta', alpha: p.alpha, beta: p.beta };
    case 'betaMoments': {
      const { mean, sd } = p;
      if (!(mean > 0 && mean < 1)) throw new InvalidDistributionError('mean', `mean (${mean}) must be inside (0, 1) for a beta`);
      if (!(sd > 0)) throw new InvalidDistributionError('sd', `sd (${sd}) must be > 0`);
      const k = (mean * (1 - mean)) / (sd * sd) - 1;
      if (!(k > 0)) throw new InvalidDistributionError('sd', `sd (${sd}) is too large for a beta with mean ${mean}: sd² must be below mean·(1 − mean)`);
      return { family: 'beta', alpha: mean * k, beta: (1 - mean) * k };
    }
    case 'discrete': {
      const weights: number[] = p.weights ?? p.values.map(() => 1);
      if (weights.length !== p.values.length) {
        throw new InvalidDistributionError('weights', `weights has ${weights.length} entries but values has ${p.values.length}`);
      }
      return { family: 'discrete', values: p.values, weights };
    }
    case 'ref':
      throw new Error('a ref has no distribution');
  }
}

const DOMAIN_TEXT: Record<Domain, string> = {
  any: '',
  nonNegative: 'must be ≥ 0',
  positive: 'must be > 0',
  rate: 'is a fraction and must lie in [0, 1]',
};

function inDomain(lo: number, hi: number, domain: Domain): boolean {
  switch (domain) {
    case 'any':
      return true;
    case 'nonNegative':
      return lo >= 0;
    case 'positive':
      return lo > 0;
    case 'rate':
      return lo >= 0 && hi <= 1;
  }
}

type Issue = { message: string; path?: (string | number)[] };

/** The domain of the field each parsed `{ref}` stands in, so the assumption it names can be checked against it. */
export const REF_DOMAINS = new WeakMap<object, Domain>();

/**
 * Why an assumption's value does not fit a field's domain, or null when it does:
 * a fixed number must lie in it, a distribution's whole (clamped) support too.
 * @example domainProblem(-5, 'nonNegative') // "must be ≥ 0, found -5"
 */
export function domainProblem(q: Quantity, domain: Domain): string | null {
  if (typeof q === 'number') return inDomain(q, q, domain) ? null : `${DOMAIN_TEXT[domain]}, found ${q}`;
  if (!('dist' in q)) return null;
  const d = makeDistribution(q.dist);
  const lo = Math.max(d.quantile(0), q.clamp?.[0] ?? -Infinity);
  const hi = Math.min(d.quantile(1), q.clamp?.[1] ?? Infinity);
  return inDomain(lo, hi, domain) ? null : `${DOMAIN_TEXT[domain]}, but this ${d.describe()} ranges over [${lo}, ${hi}]`;
}

/**
 * Parses one quantity; returns the normalised Quantity or the problems found.
 * @example parseQuantity({ min: 2, mode: 5, max: 12 }, 'nonNegative') // { quantity: { dist: { family: 'pert', … } } }
 */
export function parseQuantity(value: unknown, domain: Domain): { quantity: Quantity } | { issues: Issue[] } {
  if (value === undefined) return { issues: [{ message: 'required: a number or a distribution is missing' }] };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { issues: [{ message: `expected a finite number, found ${value}` }] };
    if (!inDomain(value, value, domain)) return { issues: [{ message: `${DOMAIN_TEXT[domain]}, found ${value}` }] };
    return { quantity: value };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value} ${JSON.stringify(value)}`;
    return { issues: [{ message: `expected a number or a distribution, found ${found}` }] };
  }
  const form = formOf(value as Record<string, unknown>);
  if (!(form in FORMS)) return { issues: [{ message: form }] };
  const parsed = FORMS[form as FormName].safeParse(value, { reportInput: true });
  if (!parsed.success) return { issues: parsed.error.issues.map((i) => ({ message: describeIssue(i), path: i.path as (string | number)[] })) };
  const p = parsed.data as Record<string, any>;
  if (form === 'ref') {
    const ref = { ref: p.ref as string };
    REF_DOMAINS.set(ref, domain);
    return { quantity: ref };
  }
  try {
    const dist = toSpec(form as FormName, p);
    const d = makeDistribution(dist);
    let lo = d.quantile(0);
    let hi = d.quantile(1);
    if (p.clamp) {
      const [clo, chi] = p.clamp as [number, number];
      if (!(clo <= chi)) return { issues: [{ message: `clamp [${clo}, ${chi}]: the lower bound is above the upper`, path: ['clamp'] }] };
      lo = Math.max(lo, clo);
      hi = Math.min(hi, chi);
    }
    if (!inDomain(lo, hi, domain)) {
      return {
        issues: [{ message: `${DOMAIN_TEXT[domain]}, but this ${d.describe()} ranges over [${lo}, ${hi}]${Number.isFinite(lo) && Number.isFinite(hi) ? '' : ': add "clamp": [lo, hi]'}` }],
      };
    }
    const label = p.label === undefined ? {} : typeof p.label === 'string' ? { label: p.label as string } : { label: (p.label['zh-CN'] ?? p.label.en) as string, labels: { ...p.label } };
    const q: Quantity = {
      dist,
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.clamp ? { clamp: p.clamp } : {}),
      written: writtenForm(form as Exclude<FormName, 'ref'>, p),
      ...label,
    };
    return { quantity: q };
  } catch (e) {
    if (e instanceof InvalidDistributionError) return { issues: [{ message: e.message }] };
    throw e;
  }
}

/**
 * "expected number, found string "12"" style text for a zod issue.
 * @example describeIssue(issue) // 'expected number, found string "12"'
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const found = (input: unknown) =>
    input === undefined ? 'nothing' : typeof input === 'string' ? `string ${JSON.stringify(input)}` : typeof input === 'number' ? String(input) : Array.isArray(input) ? 'an array' : input === null ? 'null' : typeof input;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `required ${issue.expected} is missing` : `expected ${issue.expected}, found ${found(issue.input)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${found(issue.input)}`;
    case 'too_small':
      return `${issue.message.replace(/^Too small: /, '')}${issue.input !== undefined && typeof issue.input !== 'object' ? `, found ${found(issue.input)}` : ''}`;
    case 'too_big':
      return `${issue.message.replace(/^Too big: /, '')}${issue.input !== undefined && typeof issue.input !== 'object' ? `, found ${found(issue.input)}` : ''}`;
    default:
      return issue.message;
  }
}

/** Schemas created by `quantity()`, so the JSON Schema generator can show their shape. */
export const QUANTITY_SCHEMAS = new WeakSet<z.ZodType>();

/**
 * A zod schema for one quantity field with its domain, producing a normalised Quantity.
 * @example quantity('nonNegative').parse({ min: 2, mode: 5, max: 12 }) // { dist: { family: 'pert', … } }
 */
export function quantity(domain: Domain = 'any') {
  const schema = z.unknown().transform((value, ctx): Quantity => {
    const r = parseQuantity(value, domain);
    if ('quantity' in r) return r.quantity;
    for (const issue of r.issues) ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path ?? [], input: value });
    return z.NEVER;
  });
  QUANTITY_SCHEMAS.add(schema);
  return schema;
}
