import type { Rng } from '../sampling/rng.js';

/**
 * A probability distribution over one uncertain input. Every family declares its
 * own exact moments and quantile (DESIGN §8: shared code never switches on a
 * distribution's kind). Sampling is by inverse transform, so plain Monte Carlo,
 * Latin hypercube and Iman–Conover all go through `quantile`.
 */
export interface Distribution {
  /** The family's name as the proposal writes it ("pert", "triangular", …). */
  readonly family: string;
  /** Exact mean. */
  mean(): number;
  /** Exact variance. */
  variance(): number;
  /** Inverse CDF for p in (0, 1); p = 0 and p = 1 give the support's ends (possibly ±Infinity). */
  quantile(p: number): number;
  /** One draw: quantile(rng.uniform()). */
  sample(rng: Rng): number;
  /**
   * out[i] = quantile(u[i]) for i < n: the hot-loop form. Families whose library
   * quantile is slow use a faster form here that the tests check against the library.
   */
  quantiles(u: Float64Array, out: Float64Array, n: number): void;
  /** How a person would say it: "PERT 2 / 5 / 12", "lognormal, 90% in 100 – 400". */
  describe(): string;
}

/** Thrown for invalid parameters; the message names the parameter and what was wrong. */
export class InvalidDistributionError extends Error {
  constructor(
    /** The offending parameter, e.g. "mode". */
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidDistributionError';
  }
}

/**
 * Rejects NaN, ±Infinity and non-numbers with an error naming the parameter.
 * @example requireFinite('mode', NaN) // throws InvalidDistributionError
 */
export function requireFinite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidDistributionError(name, `${name} must be a finite number, got ${String(value)}`);
  }
}

/**
 * Formats a number compactly for `describe()` (up to 6 significant digits, no exponent for usual money).
 * @example formatParameter(150000) // "150,000"
 */
export function formatParameter(x: number): string {
  if (Number.isInteger(x)) return x.toLocaleString('en-US', { useGrouping: Math.abs(x) >= 10000 });
  return Number(x.toPrecision(6)).toString();
}
