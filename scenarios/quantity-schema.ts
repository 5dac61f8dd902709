import { z } from 'zod';
import { InvalidDistributionError } from '../engine/distributions/distribution.js';
import type { ParamKind, WrittenForm } from '../engine/distributions/family.js';
import { FAMILIES, type FamilyName, familyOf, makeDistribution } from '../engine/distributions/registry.js';
import type { DistributionSpec, Quantity } from '../engine/model/proposal.js';
import { closest } from './did-you-mean.js';
import { looksNumeric, readNumberText } from './number-text.js';
import { readingIssue } from './readings.js';
import { MAX_DISCRETE_VALUES, tooMany } from './limits.js';
import { localizedTextSchema } from './localized-text.js';

/**
 * Uncertain quantities (DESIGN §4.1): a number, a 3-point estimate, an
 * interval, a named family, or a reference to a shared assumption. Every
 * form comes from the family registry (engine/distributions/registry.ts):
 * the input is dispatched on its shape first, so an error speaks about the
 * form the author meant ("max (5) is below min (10)") rather than listing
 * every form. Numbers may be written as text ("50万", "8%": number-text.ts).
 */

/** The values a field may take; a distribution's whole support must lie inside. */
export type Domain = 'any' | 'nonNegative' | 'positive' | 'rate';

/** A fraction written as a percentage lies in (1, 100]: 90 for 0.9. */
const PERCENT_MAX = 100;

type Path = (string | number)[];
type Issue = { message: string; path?: Path; reading?: { text: string; value: number } };

/** A finite number, or a text number (readings are recorded by `parseNumberish`). */
const numberish = z.union([z.number(), z.string()]);
const common = { name: z.string().min(1).optional(), label: localizedTextSchema.optional(), clamp: z.tuple([numberish, numberish]).optional() };
const COMMON_KEYS = ['name', 'label', 'clamp'];

function paramSchema(kind: ParamKind): z.ZodType {
  switch (kind) {
    case 'number':
      return numberish;
    case 'number?':
      return numberish.optional();
    case 'numbers':
      return z.array(numberish).min(1).max(MAX_DISCRETE_VALUES, tooMany(MAX_DISCRETE_VALUES, 'values'));
    case 'numbers?':
      return z.array(numberish).max(MAX_DISCRETE_VALUES, tooMany(MAX_DISCRETE_VALUES, 'weights')).optional();
  }
}

interface FormEntry {
  family: FamilyName;
  form: WrittenForm<unknown>;
  schema: z.ZodType;
  keys: string[];
}

/** Every written form of every family, with its strict zod object. */
const FORMS: FormEntry[] = (Object.keys(FAMILIES) as FamilyName[]).flatMap((family) =>
  familyOf(family)!.forms.map((form) => {
    const params = Object.fromEntries(Object.entries(form.params).map(([k, kind]) => [k, paramSchema(kind)]));
    const dist = form.implicit ? z.literal(family).optional() : z.literal(family);
    return { family, form, schema: z.strictObject({ dist, ...params, ...common }), keys: ['dist', ...Object.keys(form.params), ...COMMON_KEYS] };
  }),
);
const REF_SCHEMA = z.strictObject({ ref: z.string().min(1) });

/** The JSON Schema face of a quantity (zod cannot derive it from the parsing transform). */
export const quantityShape = z.union([z.number(), z.string(), ...FORMS.map((f) => f.schema), REF_SCHEMA]);

const FAMILY_NAMES = Object.keys(FAMILIES);
const IMPLICIT = FORMS.filter((f) => f.form.implicit);

/** Picks the form an object was meant as, from its `dist` and keys; an issue when it fits none. */
function formOf(v: Record<string, unknown>): FormEntry | Issue {
  const keys = Object.keys(v);
  const score = (f: FormEntry) => Object.keys(f.form.params).filter((k) => keys.includes(k)).length;
  if (v.dist === undefined) {
    const best = IMPLICIT.map((f) => ({ f, s: score(f) })).sort((a, b) => b.s - a.s)[0];
    if (best && best.s > 0) return best.f;
    return {
      message: `expected a number, {min, mode, max} (PERT), {p5, p95} (lognormal), {dist: …} or {ref: …}; found an object with keys ${keys.join(', ') || '(none)'}`,
    };
  }
  const family = typeof v.dist === 'string' ? familyOf(v.dist) : undefined;
  if (!family) {
    const guess = typeof v.dist === 'string' ? closest(v.dist, FAMILY_NAMES) : null;
    return { message: `dist must be one of ${FAMILY_NAMES.join(', ')}; found ${JSON.stringify(v.dist)}${guess ? `: did you mean "${guess}"?` : ''}`, path: ['dist'] };
  }
  const forms = FORMS.filter((f) => f.family === family.name);
  return forms.map((f) => ({ f, s: score(f) })).reduce((a, b) => (b.s > a.s ? b : a)).f;
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

/**
 * x/100 written the way a person would read it back (0.9, not 0.9000000000000001).
 * @example asFraction(90) // 0.9
 */
export function asFraction(x: number): number {
  return Number(`${x}e-2`);
}

/** The number a numeric-or-text value stands for, with its reading, or an issue. */
function parseNumberish(value: unknown, path: Path, readings: Issue[]): number | Issue {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : { message: `expected a finite number, found ${value}`, path };
  }
  if (typeof value === 'string') {
    const n = readNumberText(value);
    if (n !== null) {
      readings.push({ message: '', path, reading: { text: value, value: n } });
      return n;
    }
    const hint = looksNumeric(value)
      ? ' (write digits with optional thousands commas, then 万, 亿, k or %, e.g. "50万", "1,200", "8%")'
      : ' (see "Numbers as text" in docs/proposal-format.md)';
    return { message: `expected a number, found string ${JSON.stringify(value)}${hint}`, path };
  }
  return { message: `expected a number, found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`, path };
}

type Issueish = number | number[] | Issue | undefined;
const isIssue = (x: unknown): x is Issue => typeof x === 'object' && x !== null && !Array.isArray(x) && 'message' in x;

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

/** "did you mean 0.9?" for a fraction written as a percentage, or "". */
function percentHint(domain: Domain, lo: number, hi: number, written?: Record<string, number>): string {
  if (domain !== 'rate' || !(lo >= 0 && hi > 1 && hi <= PERCENT_MAX)) return '';
  if (!written) return `: did you mean ${asFraction(hi)}?`;
  const fixed = Object.entries(written).map(([k, v]) => `${k}: ${asFraction(v)}`);
  return `: did you mean {${fixed.join(', ')}}?`;
}

/**
 * Parses one quantity; returns the normalised Quantity and the numbers read from text, or the problems found.
 * @example parseQuantity({ min: 2, mode: 5, max: 12 }, 'nonNegative') // { quantity: { dist: { family: 'pert', … } }, readings: [] }
 */
export function parseQuantity(value: unknown, domain: Domain): { quantity: Quantity; readings: Issue[] } | { issues: Issue[] } {
  const readings: Issue[] = [];
  if (value === undefined) return { issues: [{ message: 'required: a number or a distribution is missing' }] };
  if (typeof value === 'number' || typeof value === 'string') {
    const n = parseNumberish(value, [], readings);
    if (isIssue(n)) return { issues: [n] };
    if (!inDomain(n, n, domain)) return { issues: [{ message: `${DOMAIN_TEXT[domain]}, found ${n}${percentHint(domain, n, n)}` }] };
    return { quantity: n, readings };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value} ${JSON.stringify(value)}`;
    return { issues: [{ message: `expected a number or a distribution, found ${found}` }] };
  }
  const raw = value as Record<string, unknown>;
  if ('ref' in raw) {
    const parsed = REF_SCHEMA.safeParse(raw, { reportInput: true });
    if (!parsed.success) return { issues: zodIssues(parsed.error.issues, ['ref']) };
    const ref = { ref: parsed.data.ref };
    REF_DOMAINS.set(ref, domain);
    return { quantity: ref, readings };
  }
  const entry = formOf(raw);
  if (isIssue(entry)) return { issues: [entry] };
  const parsed = entry.schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { issues: zodIssues(parsed.error.issues, entry.keys) };
  const p = parsed.data as Record<string, unknown>;
  // Every parameter through the number reader: text numbers become numbers, each reading kept.
  const issues: Issue[] = [];
  const written: Record<string, number | number[] | undefined> = {};
  for (const [key, kind] of Object.entries(entry.form.params)) {
    const v = p[key];
    let n: Issueish;
    if (v === undefined) n = undefined;
    else if (kind === 'numbers' || kind === 'numbers?') {
      const list = (v as unknown[]).map((x, i) => parseNumberish(x, [key, i], readings));
      const bad = list.filter(isIssue);
      issues.push(...bad);
      n = bad.length ? undefined : (list as number[]);
    } else n = parseNumberish(v, [key], readings);
    if (isIssue(n)) issues.push(n);
    else written[key] = n;
  }
  let clamp: [number, number] | undefined;
  if (p.clamp) {
    const [a, b] = (p.clamp as unknown[]).map((x, i) => parseNumberish(x, ['clamp', i], readings));
    if (isIssue(a)) issues.push(a);
    if (isIssue(b)) issues.push(b);
    if (!isIssue(a) && !isIssue(b)) clamp = [a, b];
  }
  if (issues.length) return { issues };
  try {
    const dist = { family: entry.family, ...(entry.form.toCanonical(written) as object) } as DistributionSpec;
    const d = makeDistribution(dist);
    let lo = d.quantile(0);
    let hi = d.quantile(1);
    if (clamp) {
      const [clo, chi] = clamp;
      if (!(clo <= chi)) return { issues: [{ message: `clamp [${clo}, ${chi}]: the lower bound is above the upper`, path: ['clamp'] }] };
      lo = Math.max(lo, clo);
      hi = Math.min(hi, chi);
    }
    const numbers = Object.fromEntries(Object.entries(written).filter((e): e is [string, number] => typeof e[1] === 'number'));
    if (!inDomain(lo, hi, domain)) {
      const bounded = Number.isFinite(lo) && Number.isFinite(hi);
      return {
        issues: [{ message: `${DOMAIN_TEXT[domain]}, but this ${d.describe()} ranges over [${lo}, ${hi}]${bounded ? percentHint(domain, lo, hi, numbers) : ': add "clamp": [lo, hi]'}` }],
      };
    }
    const listParams = Object.values(entry.form.params).some((k) => k === 'numbers' || k === 'numbers?');
    const labelText = p.label as string | { 'zh-CN'?: string; en?: string } | undefined;
    const label = labelText === undefined ? {} : typeof labelText === 'string' ? { label: labelText } : { label: (labelText['zh-CN'] ?? labelText.en) as string, labels: { ...labelText } };
    const q: Quantity = {
      dist,
      ...(p.name !== undefined ? { name: p.name as string } : {}),
      ...(clamp ? { clamp } : {}),
      ...(listParams ? {} : { written: { form: entry.form.form, params: numbers } }),
      ...label,
    };
    return { quantity: q, readings };
  } catch (e) {
    if (e instanceof InvalidDistributionError) return { issues: [{ message: e.message }] };
    throw e;
  }
}

/** zod issues inside a quantity as Issues, unknown keys with the closest known key. */
function zodIssues(issues: z.core.$ZodIssue[], known: string[]): Issue[] {
  return issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ message: describeIssue({ ...i, keys: [k] }, known), path: [...(i.path as Path), k] }))
      : [{ message: describeIssue(i, known), path: i.path as Path }],
  );
}

/**
 * "expected number, found string "12"" style text for a zod issue; `known` keys turn an unknown key into "did you mean …?".
 * @example describeIssue(issue) // 'expected number, found string "12"'
 */
export function describeIssue(issue: z.core.$ZodIssue, known: readonly string[] = []): string {
  const found = (input: unknown) =>
    input === undefined ? 'nothing' : typeof input === 'string' ? `string ${JSON.stringify(input)}` : typeof input === 'number' ? String(input) : Array.isArray(input) ? 'an array' : input === null ? 'null' : typeof input;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `required ${issue.expected} is missing` : `expected ${issue.expected}, found ${found(issue.input)}`;
    case 'unrecognized_keys':
      return issue.keys
        .map((k) => {
          const guess = closest(k, known);
          return `unknown key ${JSON.stringify(k)}${guess ? `: did you mean "${guess}"?` : ''}`;
        })
        .join('; ');
    case 'invalid_value': {
      const guess = typeof issue.input === 'string' ? closest(issue.input, issue.values.filter((v): v is string => typeof v === 'string')) : null;
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${found(issue.input)}${guess ? `: did you mean "${guess}"?` : ''}`;
    }
    case 'too_small':
      return `${issue.message.replace(/^Too small: /, '')}${issue.input !== undefined && typeof issue.input !== 'object' ? `, found ${found(issue.input)}` : ''}`;
    case 'too_big': {
      const x = issue.input;
      const hint = issue.maximum === 1 && typeof x === 'number' && x > 1 && x <= PERCENT_MAX ? `: did you mean ${asFraction(x)}?` : '';
      return `${issue.message.replace(/^Too big: /, '')}${x !== undefined && typeof x !== 'object' ? `, found ${found(x)}` : ''}${hint}`;
    }
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
    if ('quantity' in r) {
      for (const reading of r.readings) {
        const marker = readingIssue(reading.reading!.text, reading.reading!.value, reading.path);
        if (marker) ctx.issues.push(marker);
      }
      return r.quantity;
    }
    for (const issue of r.issues) ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path ?? [], input: value });
    return z.NEVER;
  });
  QUANTITY_SCHEMAS.add(schema);
  return schema;
}
