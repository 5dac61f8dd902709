import { substream } from '../sampling/rng.js';
import { shuffle } from '../sampling/samplers.js';

/**
 * The scheduling problem the planner solves, in item indices. A plan is a
 * sequence of phases starting at month 0, each holding 1…capacity items that
 * start together at the phase's start; a phase lasts max(phaseMonths.min, the
 * longest of its items' durations), which must not exceed phaseMonths.max.
 * Objective (maximised): Σ E[NPV of each item started at its phase's start]
 * − Σ E[PV of each shared component, paid at the start of the first phase that
 * needs it]. Items not scheduled contribute nothing.
 */
export interface SearchProblem {
  n: number;
  horizon: number;
  /** expectedNpv[i][t]: E[NPV] of item i started at month t. */
  expectedNpv: Float64Array[];
  duration: number[];
  /** Items that must sit in an earlier phase; null marks an item that can never be scheduled. */
  requires: (number[] | null)[];
  /** Shared components each item needs. */
  componentsOf: number[][];
  /** E[cost] · D[t] of component c paid at month t. */
  componentPv(c: number, t: number): number;
  phaseMonths: { min: number; max: number };
  capacity: number;
  /**
   * Whether a phase holding `items`, and paying for the components `newComponents`
   * first, keeps its spend within the budget band with the required confidence;
   * `maxOnly` checks the ceiling alone (while a phase is still being filled).
   */
  phaseSpendOk(items: readonly number[], newComponents: readonly number[], maxOnly: boolean): boolean;
  /** Whether the programme's total spend over `items` (and their components) stays under its cap. */
  programmeOk(items: readonly number[]): boolean;
}

export interface PlannedPhase {
  items: number[];
  start: number;
  length: number;
}

export interface SearchResult {
  phases: PlannedPhase[];
  objective: number;
  method: 'exact' | 'heuristic';
  /** An upper bound on the optimum; the gap is (upperBound − objective) / upperBound. */
  upperBound: number;
  gap: number;
}

/** Up to this many items the dynamic programme is exact and fast (3^10 subset pairs). */
export const EXACT_MAX_ITEMS = 10;
/** Restarts and improvement moves of the heuristic beyond EXACT_MAX_ITEMS. */
const HEURISTIC_RESTARTS = 40;
const HEURISTIC_MOVES = 300;

/** Phase length of a set of items, or Infinity when one of them needs more than a phase allows. */
export function phaseLength(p: SearchProblem, items: readonly number[]): number {
  let len = p.phaseMonths.min;
  for (const i of items) len = Math.max(len, p.duration[i]);
  return len <= p.phaseMonths.max ? len : Infinity;
}

/** Components that items use and no item of `before` has paid yet. */
export function newComponents(p: SearchProblem, items: readonly number[], paid: ReadonlySet<number>): number[] {
  const out = new Set<number>();
  for (const i of items) for (const c of p.componentsOf[i]) if (!paid.has(c)) out.add(c);
  return [...out].sort((a, b) => a - b);
}

/** Value of one phase starting at t: its items' E[NPV] less the PV of the components it pays first. */
export function phaseValue(p: SearchProblem, items: readonly number[], t: number, paid: ReadonlySet<number>): number {
  let v = 0;
  for (const i of items) v += p.expectedNpv[i][t];
  for (const c of newComponents(p, items, paid)) v -= p.componentPv(c, t);
  return v;
}

/** Whether `items` can form the next phase after the items in `done`, starting at t. */
export function phaseFeasible(p: SearchProblem, items: readonly number[], done: ReadonlySet<number>, paid: ReadonlySet<number>, t: number): boolean {
  if (items.length === 0 || items.length > p.capacity || t >= p.horizon) return false;
  for (const i of items) {
    const req = p.requires[i];
    if (req === null || done.has(i)) return false;
    for (const r of req) if (!done.has(r)) return false;
  }
  if (phaseLength(p, items) === Infinity) return false;
  if (!p.phaseSpendOk(items, newComponents(p, items, paid), false)) return false;
  return p.programmeOk([...done, ...items]);
}

/** The objective of a plan, recomputed from scratch (used to check plans). */
export function planValue(p: SearchProblem, phases: readonly PlannedPhase[]): number {
  const paid = new Set<number>();
  let v = 0;
  for (const ph of phases) {
    v += phaseValue(p, ph.items, ph.start, paid);
    for (const i of ph.items) for (const c of p.componentsOf[i]) paid.add(c);
  }
  return v;
}

/**
 * Maximum-weight assignment of rows to distinct columns (Kuhn–Munkres, the
 * O(n²m) potentials form; n ≤ m), returning the total weight.
 */
function maxAssignment(weight: number[][], m: number): number {
  const n = weight.length;
  const INF = Number.POSITIVE_INFINITY;
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const match = new Int32Array(m + 1); // column → row (1-based), 0 = free
  const way = new Int32Array(m + 1);
  for (let row = 1; row <= n; row++) {
    match[0] = row;
    let col0 = 0;
    const minv = new Float64Array(m + 1).fill(INF);
    const used = new Uint8Array(m + 1);
    do {
      used[col0] = 1;
      const r = match[col0];
      let delta = INF;
      let col1 = 0;
      for (let col = 1; col <= m; col++) {
        if (used[col]) continue;
        const cur = -weight[r - 1][col - 1] - u[r] - v[col];
        if (cur < minv[col]) {
          minv[col] = cur;
          way[col] = col0;
        }
        if (minv[col] < delta) {
          delta = minv[col];
          col1 = col;
        }
      }
      for (let col = 0; col <= m; col++) {
        if (used[col]) {
          u[match[col]] += delta;
          v[col] -= delta;
        } else minv[col] -= delta;
      }
      col0 = col1;
    } while (match[col0] !== 0);
    do {
      const col1 = way[col0];
      match[col0] = match[col1];
      col0 = col1;
    } while (col0 !== 0);
  }
  let total = 0;
  for (let col = 1; col <= m; col++) if (match[col] !== 0) total += weight[match[col] - 1][col - 1];
  return total;
}

/**
 * An upper bound on the optimum: items are matched to phase slots (capacity
 * slots in each phase; phase k starts no earlier than k × the shortest phase
 * length, and an item no earlier than its dependency chain allows), each worth
 * the best E[NPV] the item reaches from that start on, or 0 when left out.
 * Dropping the budget and the exact phase lengths only loosens the problem, so
 * the best matching bounds every feasible plan.
 */
function upperBound(p: SearchProblem): number {
  const depth = new Array<number>(p.n).fill(-1);
  const depthOf = (i: number): number => {
    if (depth[i] >= 0) return depth[i];
    const req = p.requires[i] ?? [];
    depth[i] = req.length ? 1 + Math.max(...req.map(depthOf)) : 0;
    return depth[i];
  };
  // Items that no phase can hold alone (too long, or over the budget ceiling) are never in a plan.
  const items = Array.from({ length: p.n }, (_, i) => i).filter(
    (i) => p.requires[i] !== null && p.duration[i] <= p.phaseMonths.max && p.phaseSpendOk([i], [], true),
  );
  if (items.length === 0) return 0;
  const phases = Math.ceil(p.horizon / p.phaseMonths.min);
  const slots = phases * p.capacity;
  // best[i][t] = max over t' ≥ t of E[NPV_i(t')], t' < horizon.
  const weight = items.map((i) => {
    const best = new Float64Array(p.horizon + 1).fill(0);
    for (let t = p.horizon - 1; t >= 0; t--) best[t] = Math.max(best[t + 1], p.expectedNpv[i][t]);
    const row: number[] = [];
    for (let k = 0; k < phases; k++) {
      const t = Math.max(k, depthOf(i)) * p.phaseMonths.min;
      for (let c = 0; c < p.capacity; c++) row.push(t < p.horizon ? best[t] : 0);
    }
    for (let d = 0; d < items.length; d++) row.push(0); // left out
    return row;
  });
  return maxAssignment(weight, slots + items.length);
}

/** Every subset of `pool` with 1…max items, as arrays in pool order. */
function subsets(pool: readonly number[], max: number): number[][] {
  const out: number[][] = [];
  const pick: number[] = [];
  const walk = (from: number) => {
    for (let k = from; k < pool.length; k++) {
      pick.push(pool[k]);
      out.push([...pick]);
      if (pick.length < max) walk(k + 1);
      pick.pop();
    }
  };
  walk(0);
  return out;
}

/**
 * Exact search by dynamic programming over (items already scheduled, month the
 * next phase starts): best(done, t) = max(0, max over feasible next phases S of
 * value(S, t) + best(done ∪ S, t + length(S))). Which components are paid is a
 * function of `done`, so the state is complete.
 */
export function searchExact(p: SearchProblem): SearchResult {
  const memo = new Map<number, { value: number; next: number[] | null }>();
  const best = (mask: number, t: number): number => {
    const key = mask * (p.horizon + 1) + t;
    const hit = memo.get(key);
    if (hit) return hit.value;
    let value = 0;
    let next: number[] | null = null;
    if (t < p.horizon) {
      const done = new Set<number>();
      for (let i = 0; i < p.n; i++) if (mask & (1 << i)) done.add(i);
      const paid = new Set(p.componentsOf.filter((_, i) => done.has(i)).flat());
      const pool: number[] = [];
      for (let i = 0; i < p.n; i++) if (!done.has(i) && p.requires[i] !== null && p.requires[i]!.every((r) => done.has(r))) pool.push(i);
      for (const s of subsets(pool, p.capacity)) {
        if (!phaseFeasible(p, s, done, paid, t)) continue;
        let m = mask;
        for (const i of s) m |= 1 << i;
        const v = phaseValue(p, s, t, paid) + best(m, t + phaseLength(p, s));
        if (v > value + 1e-9 * Math.abs(value)) {
          value = v;
          next = s;
        }
      }
    }
    memo.set(key, { value, next });
    return value;
  };
  const objective = best(0, 0);
  const phases: PlannedPhase[] = [];
  for (let mask = 0, t = 0; ; ) {
    const step = memo.get(mask * (p.horizon + 1) + t);
    if (!step || !step.next) break;
    const length = phaseLength(p, step.next);
    phases.push({ items: step.next, start: t, length });
    for (const i of step.next) mask |= 1 << i;
    t += length;
  }
  return { phases, objective, method: 'exact', upperBound: objective, gap: 0 };
}

/**
 * Builds a plan phase by phase from a priority order: at each phase start, the
 * ready items are taken in order while they fit (capacity, phase length, the
 * budget ceiling, the programme cap) and add value there, or are marked as
 * enablers (`allowNegative`, for items others depend on); a phase whose spend
 * misses the band's floor ends the plan.
 */
export function constructPlan(p: SearchProblem, order: readonly number[], allowNegative: Uint8Array): PlannedPhase[] {
  const done = new Set<number>();
  const paid = new Set<number>();
  const phases: PlannedPhase[] = [];
  for (let t = 0; t < p.horizon; ) {
    const s: number[] = [];
    for (const i of order) {
      if (s.length >= p.capacity) break;
      if (done.has(i) || p.requires[i] === null || !p.requires[i]!.every((r) => done.has(r))) continue;
      if (!(p.expectedNpv[i][t] > 0 || allowNegative[i])) continue;
      const candidate = [...s, i];
      if (phaseLength(p, candidate) === Infinity) continue;
      if (!p.phaseSpendOk(candidate, newComponents(p, candidate, paid), true)) continue;
      if (!p.programmeOk([...done, ...candidate])) continue;
      s.push(i);
    }
    if (s.length === 0 || !phaseFeasible(p, s, done, paid, t)) break;
    const length = phaseLength(p, s);
    phases.push({ items: s, start: t, length });
    for (const i of s) {
      done.add(i);
      for (const c of p.componentsOf[i]) paid.add(c);
    }
    t += length;
  }
  return phases;
}

/**
 * Heuristic search for larger problems: randomised greedy construction from
 * priority orders (the first by E[NPV] at month 0, the rest random, seeded),
 * each improved by swapping priorities and toggling enablers while the
 * objective rises. The gap to `upperBound` bounds how far from optimal it is.
 */
export function searchHeuristic(p: SearchProblem, seed: number): SearchResult {
  let bestPhases: PlannedPhase[] = [];
  let bestValue = 0;
  const required = new Uint8Array(p.n);
  for (const req of p.requires) for (const r of req ?? []) required[r] = 1;
  for (let restart = 0; restart < HEURISTIC_RESTARTS; restart++) {
    const rng = substream(seed, 'planner', restart);
    const order = Int32Array.from({ length: p.n }, (_, i) => i);
    if (restart === 0) order.sort((a, b) => p.expectedNpv[b][0] - p.expectedNpv[a][0]);
    else shuffle(rng, order, p.n);
    const allow = restart === 0 ? Uint8Array.from(required) : Uint8Array.from({ length: p.n }, () => (rng.uniform() < 0.5 ? 1 : 0));
    let phases = constructPlan(p, Array.from(order), allow);
    let value = planValue(p, phases);
    for (let move = 0; move < HEURISTIC_MOVES; move++) {
      const a = Math.floor(rng.uniform() * p.n);
      const b = Math.floor(rng.uniform() * p.n);
      const toggle = rng.uniform() < 0.25;
      if (toggle) allow[a] ^= 1;
      else [order[a], order[b]] = [order[b], order[a]];
      const tried = constructPlan(p, Array.from(order), allow);
      const v = planValue(p, tried);
      if (v > value) {
        value = v;
        phases = tried;
      } else if (toggle) allow[a] ^= 1;
      else [order[a], order[b]] = [order[b], order[a]];
    }
    if (value > bestValue) {
      bestValue = value;
      bestPhases = phases;
    }
  }
  const ub = upperBound(p);
  return { phases: bestPhases, objective: bestValue, method: 'heuristic', upperBound: ub, gap: ub > 0 ? Math.max(0, (ub - bestValue) / ub) : 0 };
}

/**
 * The best plan: exact up to EXACT_MAX_ITEMS items, heuristic beyond.
 * @example search(problem, 7).phases[0].items // indices of the first phase's items
 */
export function search(p: SearchProblem, seed: number): SearchResult {
  return p.n <= EXACT_MAX_ITEMS ? searchExact(p) : searchHeuristic(p, seed);
}
