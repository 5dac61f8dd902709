import type { Distribution } from './distribution.js';

/**
 * A distribution family declared once (d3-random's rule: a family is its file
 * plus one registry line): its canonical parameters, the forms a proposal may
 * write it in with the conversion of each to the canonical parameters, and its
 * factory (whose Distribution carries the sampler and exact moments). The
 * quantity schema in scenarios/ reads these declarations; nothing else lists
 * a family's forms or converts between them.
 */

/** How a written parameter is typed: a number, a list of numbers, "?" when optional. */
export type ParamKind = 'number' | 'number?' | 'numbers' | 'numbers?';

type ParamValue<K extends ParamKind> = K extends 'number'
  ? number
  : K extends 'number?'
    ? number | undefined
    : K extends 'numbers'
      ? number[]
      : number[] | undefined;

/** The parameter values of a form, typed from its declaration. */
export type ParamsOf<D extends Record<string, ParamKind>> = { [K in keyof D]: ParamValue<D[K]> };

/** One way of writing a family, such as `{ p5, p95 }` for a lognormal. */
export interface WrittenForm<C> {
  /** Unique over all families; kept in the normalised quantity as `written.form` ("lognormal-interval"). */
  readonly form: string;
  /** True when the form may be written without `dist` (the 3-point PERT and the p5/p95 lognormal). */
  readonly implicit: boolean;
  /** Its parameters and their kinds, in the order people write them. */
  readonly params: Readonly<Record<string, ParamKind>>;
  /** The canonical parameters; throws InvalidDistributionError naming the parameter on bad values. */
  toCanonical(written: Readonly<Record<string, number | number[] | undefined>>): C;
}

/** A family: its name (the proposal's `dist`), its written forms (the first is the default) and its factory. */
export interface Family<N extends string, C> {
  readonly name: N;
  readonly forms: readonly WrittenForm<C>[];
  make(canonical: C): Distribution;
}

/**
 * One written form, typed by its parameter declaration.
 * @example writtenForm({ form: 'uniform', params: { min: 'number', max: 'number' }, toCanonical: (p) => ({ min: p.min, max: p.max }) })
 */
export function writtenForm<D extends Record<string, ParamKind>, C>(def: {
  form: string;
  implicit?: boolean;
  params: D;
  toCanonical: (written: ParamsOf<D>) => C;
}): WrittenForm<C> {
  return {
    form: def.form,
    implicit: def.implicit ?? false,
    params: def.params,
    // The quantity schema has checked every parameter against `params` before calling this.
    toCanonical: (written) => def.toCanonical(written as ParamsOf<D>),
  };
}

/**
 * Declares a family (name, written forms, factory) with its canonical parameter type.
 * @example defineFamily<'uniform', UniformParams>({ name: 'uniform', forms: [...], make: uniform })
 */
export function defineFamily<N extends string, C>(def: Family<N, C>): Family<N, C> {
  return def;
}
