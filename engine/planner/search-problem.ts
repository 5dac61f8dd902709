import { ClosedloopError } from '../errors.js';

/**
 * The scheduling problem the planner solves, in item indices. A plan is a
 * sequence of phases, the first starting at `prefix.nextStart` (0 without a
 * prefix), each next one the month the previous one ends, every one before the
 * horizon; a phase holds 1…capacity items that start together and lasts
 * max(phaseMonths.min, the longest of its items' durations) ≤ phaseMonths.max.
 * Objective (maximised): Σ E[NPV] of each item at its phase's start − Σ E[PV]
 * of each shared component, paid at the start of the first phase that needs it.
 * Items not scheduled contribute nothing; the empty plan is feasible.
 */
export interface SearchProblem {
  n: number;
  horizon: number;
  /** expectedNpv[i][t]: E[NPV] of item i started at month t (t = 0…horizon). */
  expectedNpv: Float64Array[];
  /** Integer months ≥ 0 each item needs inside its phase. */
  duration: number[];
  /** Items that must sit in an earlier phase (or the prefix); null marks an item that can never be scheduled. */
  requires: (number[] | null)[];
  /** Shared components each item needs. */
  componentsOf: number[][];
  /** E[cost] · D[t] of component c paid at month t. */
  componentPv(c: number, t: number): number;
  /** Phase length band in months; min ≥ 1 (validated upstream). */
  phaseMonths: { min: number; max: number };
  capacity: number;
  /**
   * Whether a phase holding `items`, and paying for the components `newComponents`
   * first, keeps its spend within the budget band with the required confidence;
   * `maxOnly` checks the ceiling alone (monotone: a superset over it is over it too).
   */
  phaseSpendOk(items: readonly number[], newComponents: readonly number[], maxOnly: boolean): boolean;
  /** Whether the programme's total spend over `items` (prefix included) stays under its cap (monotone). */
  programmeOk(items: readonly number[]): boolean;
  /** Alternatives: items of different options of one group never share a plan (prefix included). */
  exclusiveOption: ({ group: number; option: number } | null)[];
  /** Phases already delivered: their items are never scheduled again and the plan starts at nextStart. */
  prefix?: { items: readonly number[]; nextStart: number };
}

export interface PlannedPhase {
  /** Item indices, ascending. */
  items: number[];
  start: number;
  length: number;
}

export interface SearchResult {
  phases: PlannedPhase[];
  /** The plan's value (planValue). */
  objective: number;
  /** ≥ the true optimum; equals `objective` when proven. */
  upperBound: number;
  /** (upperBound − objective) / max(|upperBound|, tiny), never below 0. */
  gap: number;
  method: 'dynamic-programme' | 'milp';
  proven: boolean;
}

/** Month the first new phase starts. */
export function firstStart(p: SearchProblem): number {
  return p.prefix?.nextStart ?? 0;
}

/** Phase length of a set of items, or Infinity when one of them needs more than a phase allows. */
export function phaseLength(p: SearchProblem, items: readonly number[]): number {
  let len = p.phaseMonths.min;
  for (const i of items) len = Math.max(len, p.duration[i]);
  return len <= p.phaseMonths.max ? len : Infinity;
}

/** Components that items use and `paid` does not hold yet, ascending. */
export function newComponents(p: SearchProblem, items: readonly number[], paid: ReadonlySet<number>): number[] {
  const out = new Set<number>();
  for (const i of items) for (const c of p.componentsOf[i]) if (!paid.has(c)) out.add(c);
  return [...out].sort((a, b) => a - b);
}

/** Components the prefix's items have paid already. */
export function prefixPaid(p: SearchProblem): Set<number> {
  return new Set((p.prefix?.items ?? []).flatMap((i) => p.componentsOf[i]));
}

/** Value of one phase starting at t: its items' E[NPV] less the PV of the components it pays first. */
export function phaseValue(p: SearchProblem, items: readonly number[], t: number, paid: ReadonlySet<number>): number {
  let v = 0;
  for (const i of items) v += p.expectedNpv[i][t];
  for (const c of newComponents(p, items, paid)) v -= p.componentPv(c, t);
  return v;
}

/** The objective of a plan, recomputed from scratch by the rules (components of prefix items count as paid). */
export function planValue(p: SearchProblem, phases: readonly PlannedPhase[]): number {
  const paid = prefixPaid(p);
  let v = 0;
  for (const ph of phases) {
    v += phaseValue(p, ph.items, ph.start, paid);
    for (const i of ph.items) for (const c of p.componentsOf[i]) paid.add(c);
  }
  return v;
}

/** The phase floor must be a positive month count, or the phase count is unbounded. */
export function assertPhaseFloor(p: SearchProblem): void {
  const { min, max } = p.phaseMonths;
  if (!(Number.isInteger(min) && min >= 1) || !(max >= min)) {
    throw new ClosedloopError('INTERNAL', [{ path: 'roadmap.phaseMonths', message: `search needs an integer phase floor >= 1 and a ceiling >= it, got min ${min}, max ${max}` }]);
  }
}

/** The contract's gap: relative distance of the objective below the bound, clipped at 0. */
export function relativeGap(objective: number, upperBound: number): number {
  const gap = (upperBound - objective) / Math.max(Math.abs(upperBound), 1e-12);
  return gap > 0 ? gap : 0;
}

