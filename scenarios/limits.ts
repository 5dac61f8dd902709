/**
 * The size limits of a proposal, each with the reason for its value (DESIGN §8).
 * They bound the work one proposal can cause — validating it, and every trial
 * of a run — so that no document within them can stall a server: the largest
 * proposal they allow validates in well under 100 ms. Each limit is enforced by
 * the proposal schema (`.max(LIMIT, message)`), so an API client and the CLI
 * get the same 400 / exit 2 naming the array and the limit. docs/api.md and
 * docs/proposal-format.md list them.
 */
import { MAX_CORRELATION_GROUP_SIZE } from '../engine/constants.js';
import { groupDigits } from './group-digits.js';

/**
 * Scenarios per proposal: a portfolio workshop weighs a few dozen use cases at
 * most (the demo: 7), and every scenario costs its own columns in every trial.
 */
export const MAX_SCENARIOS = 100;

/**
 * Shared assumptions: each uncertain one is a column sampled in every block of
 * every run; real proposals share a handful of drivers (volumes, wages, prices).
 */
export const MAX_ASSUMPTIONS = 200;

/**
 * Correlation entries: each correlated input is reordered (two sorts of its
 * column) in every block, ~3 ms per input per 8,192 trials; 200 entries touch
 * at most 400 inputs, about 1.2 s per block in the worst case.
 */
export const MAX_CORRELATIONS = 200;

/** Inputs one connected group of correlations may hold (the engine's cap, see engine/constants.ts). */
export { MAX_CORRELATION_GROUP_SIZE };

/**
 * Benefit lines per scenario: a use case has a few value drivers (the demo's
 * scenarios have 2–3); 20 leaves room while bounding the inputs per scenario.
 */
export const MAX_BENEFITS_PER_SCENARIO = 20;

/** Cost lines per scenario: licences, build, compute, operations, maintenance… (the demo: 3–5). */
export const MAX_COSTS_PER_SCENARIO = 20;

/**
 * Expansions per benefit line: a roll-out to more sites or departments, a few
 * steps over the horizon; each adds two inputs and a month-varying factor.
 */
export const MAX_EXPANSIONS_PER_LINE = 10;

/** Stages per scenario: pilot, roll-out, scale-up… each must fit a 3–6-month phase. */
export const MAX_STAGES_PER_SCENARIO = 6;

/** Entries of a scenario's `requires`: it can only require other scenarios, each once. */
export const MAX_REQUIRES = MAX_SCENARIOS;

/** Shared components of a roadmap (a data platform, a model gateway…): each is an input and a planning constraint. */
export const MAX_SHARED_COMPONENTS = 50;

/** Scenarios one shared component serves, and scenarios a roadmap excludes: at most every scenario once. */
export const MAX_SCENARIO_LIST = MAX_SCENARIOS;

/**
 * Values of a discrete distribution: a discrete input lists outcomes a person
 * can name (a handful); 1,000 keeps its quantile search and validation cheap.
 */
export const MAX_DISCRETE_VALUES = 1000;

/**
 * Groups of mutually exclusive alternatives, and options per group: each group
 * is a choice among variants of one use case, which the planner explores
 * combinatorially, so both stay small.
 */
export const MAX_ALTERNATIVES = 50;
export const MAX_OPTIONS_PER_ALTERNATIVE = 10;

/**
 * The message of an array that is over its limit.
 * @example tooMany(MAX_SCENARIOS, 'scenarios') // "at most 100 scenarios; split the proposal"
 */
export function tooMany(limit: number, what: string, hint = ''): string {
  return `at most ${groupDigits(limit)} ${what}${hint ? `; ${hint}` : ''}`;
}
