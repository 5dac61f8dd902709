import { type Candidates, candidates } from './phase-patterns.js';
import { type PlannedPhase, type SearchProblem, type SearchResult, planValue } from './search-problem.js';

/** Above this many items a bit mask of the done set no longer fits a 32-bit integer. */
const MASK_BITS = 30;
const OVER_BUDGET = Symbol('over budget');

/**
 * Exact search by dynamic programming over (items done, month t the next phase
 * starts), t < horizon only: best(done, t) = max(0, max over candidate phases S
 * of value(S, t) + best(done ∪ S, t + length(S))), where a phase ending at or
 * after the horizon ends the plan (nothing more can start). Which components
 * are paid is a function of `done` (prefix included), so the state is complete.
 * `budget` caps the candidate phases it evaluates (a deterministic count): past
 * it, or with more items than a mask holds, it gives up and returns null.
 */
export function searchDynamicProgramme(p: SearchProblem, budget = Infinity, cand: Candidates = candidates(p)): SearchResult | null {
  const H = p.horizon;
  const index = new Map(cand.schedulable.map((i, k) => [i, k]));
  if (cand.schedulable.length > MASK_BITS) return null;
  let work = 0;
  const bit = (i: number) => 1 << index.get(i)!;
  const sets = cand.sets.map((s) => ({
    ...s,
    mask: s.items.reduce((m, i) => m | bit(i), 0),
    needs: s.items.reduce((m, i) => cand.needs[i].reduce((mm, r) => mm | bit(r), m), 0),
    conflicts: s.items.reduce((m, i) => cand.conflicts[i].reduce((mm, j) => mm | bit(j), m), 0),
    payable: new Map(s.payable.map((cs) => [cs.join(','), cs])),
  }));
  const prefixItems = p.prefix?.items ?? [];
  const itemsOf = (mask: number) => cand.schedulable.filter((_, k) => mask & (1 << k));
  const programme = new Map<number, boolean>();
  const programmeOk = (mask: number) => {
    let ok = programme.get(mask);
    if (ok === undefined) programme.set(mask, (ok = p.programmeOk([...prefixItems, ...itemsOf(mask)].sort((a, b) => a - b))));
    return ok;
  };
  const paidOf = (mask: number): Set<number> => {
    const paid = new Set(cand.paid);
    for (const i of itemsOf(mask)) for (const c of p.componentsOf[i]) paid.add(c);
    return paid;
  };
  const value = new Map<number, number>();
  const choice = new Map<number, number>();
  const best = (mask: number, t: number): number => {
    if (t >= H) return 0;
    const key = mask * H + t;
    const hit = value.get(key);
    if (hit !== undefined) return hit;
    let top = 0;
    let arg = -1;
    let paid: Set<number> | null = null;
    for (let k = 0; k < sets.length; k++) {
      const s = sets[k];
      if (s.mask & mask || (s.needs & ~mask) !== 0 || s.conflicts & mask || s.earliest > t) continue;
      if (++work > budget) throw OVER_BUDGET;
      if (!programmeOk(mask | s.mask)) continue;
      paid ??= paidOf(mask);
      const fresh = s.components.filter((c) => !paid!.has(c));
      if (!s.payable.has(fresh.join(','))) continue;
      let v = 0;
      for (const i of s.items) v += p.expectedNpv[i][t];
      for (const c of fresh) v -= p.componentPv(c, t);
      v += best(mask | s.mask, t + s.length);
      if (v > top) {
        top = v;
        arg = k;
      }
    }
    value.set(key, top);
    if (arg >= 0) choice.set(key, arg);
    return top;
  };
  const phases: PlannedPhase[] = [];
  if (cand.start < H) {
    try {
      best(0, cand.start);
    } catch (e) {
      if (e === OVER_BUDGET) return null;
      throw e;
    }
    for (let mask = 0, t = cand.start; t < H; ) {
      const k = choice.get(mask * H + t);
      if (k === undefined) break;
      phases.push({ items: sets[k].items, start: t, length: sets[k].length });
      mask |= sets[k].mask;
      t += sets[k].length;
    }
  }
  const objective = planValue(p, phases);
  return { phases, objective, upperBound: objective, gap: 0, method: 'dynamic-programme', proven: true };
}
