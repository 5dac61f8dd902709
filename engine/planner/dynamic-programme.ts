import { type Candidates, candidates } from './phase-patterns.js';
import { type PlannedPhase, type SearchProblem, type SearchResult, planValue } from './search-problem.js';

/** Above this many items (or components) a bit mask of the done (paid) set no longer fits a 32-bit integer. */
const MASK_BITS = 30;
const OVER_BUDGET = Symbol('over budget');

/**
 * Exact search by dynamic programming over (items done, month t the next phase
 * starts), t < horizon only: best(done, t) = max(0, max over candidate phases S
 * of value(S, t) + best(done ∪ S, t + length(S))), where a phase ending at or
 * after the horizon ends the plan (nothing more can start). Which components
 * are paid is a function of `done` (prefix included), so the state is complete.
 *
 * Branch and bound on top of the recursion: a state is asked for its value only
 * above a floor (what its caller already has from earlier phases, less what the
 * phase leading to it earns), and answers with a bound at most the floor when an
 * optimistic estimate (each remaining item at its best start, no more items than
 * phases × capacity) or its phases cannot beat it. States memoise exact values and
 * bounds. Phases are tried in the same order and a later one replaces the best
 * only when strictly better, so the plan is the one the plain recursion finds.
 *
 * `budget` caps the candidate phases it evaluates (a deterministic count): past
 * it, or with more items or components than a mask holds, it gives up and returns null.
 */
export function searchDynamicProgramme(p: SearchProblem, budget = Infinity, cand: Candidates = candidates(p)): SearchResult | null {
  const H = p.horizon;
  const index = new Map(cand.schedulable.map((i, k) => [i, k]));
  const componentIds = [...new Set(cand.sets.flatMap((s) => s.components))].sort((a, b) => a - b);
  if (cand.schedulable.length > MASK_BITS || componentIds.length > MASK_BITS) return null;
  const componentBit = new Map(componentIds.map((c, k) => [c, 1 << k]));
  const componentMask = (cs: readonly number[]) => cs.reduce((m, c) => m | componentBit.get(c)!, 0);
  let work = 0;
  const bit = (i: number) => 1 << index.get(i)!;
  const sets = cand.sets.map((s) => ({
    items: s.items,
    length: s.length,
    earliest: s.earliest,
    mask: s.items.reduce((m, i) => m | bit(i), 0),
    needs: s.items.reduce((m, i) => cand.needs[i].reduce((mm, r) => mm | bit(r), m), 0),
    conflicts: s.items.reduce((m, i) => cand.conflicts[i].reduce((mm, j) => mm | bit(j), m), 0),
    components: componentMask(s.components),
    payable: new Set(s.payable.map(componentMask)),
  }));
  const prefixItems = p.prefix?.items ?? [];
  const itemsOf = (mask: number) => cand.schedulable.filter((_, k) => mask & (1 << k));
  const programme = new Map<number, boolean>();
  const programmeOk = (mask: number) => {
    let ok = programme.get(mask);
    if (ok === undefined) programme.set(mask, (ok = p.programmeOk([...prefixItems, ...itemsOf(mask)].sort((a, b) => a - b))));
    return ok;
  };
  // The optimistic estimate: best(done, t) ≤ the largest `phases(t) · capacity` of the remaining items' best E[NPV]
  // at a start in [t, H) (0 when negative), plus what components could add if a PV were negative.
  const m = cand.schedulable.length;
  const bestFrom = Array.from({ length: m }, (_, k) => {
    const npv = p.expectedNpv[cand.schedulable[k]];
    const out = new Float64Array(H + 1);
    for (let t = H - 1; t >= 0; t--) out[t] = Math.max(out[t + 1], npv[t]);
    return out;
  });
  let componentGain = 0;
  for (const c of componentIds) {
    let low = 0;
    for (const t of cand.starts) low = Math.min(low, p.componentPv(c, t));
    componentGain -= low;
  }
  let scale = componentGain;
  for (const b of bestFrom) scale += b[0];
  // Rounding slack: a phase is skipped only when it falls short by more than sums can round.
  const slack = 1e-9 * Math.max(1, scale);
  const shortest = sets.reduce((l, s) => Math.min(l, s.length), Infinity);
  const scratch = new Float64Array(m);
  const estimate = (mask: number, t: number): number => {
    let count = 0;
    for (let k = 0; k < m; k++) if (!(mask & (1 << k)) && bestFrom[k][t] > 0) scratch[count++] = bestFrom[k][t];
    const room = Math.ceil((H - t) / shortest) * p.capacity;
    let sum = componentGain;
    if (count <= room) {
      for (let k = 0; k < count; k++) sum += scratch[k];
    } else {
      const top = scratch.subarray(0, count).sort();
      for (let k = count - room; k < count; k++) sum += top[k];
    }
    return sum;
  };
  const exact = new Map<number, number>();
  const upper = new Map<number, number>();
  const choice = new Map<number, number>();
  /** The exact best(mask, t) when it exceeds `floor`; otherwise a bound on it that is at most `floor`. */
  const best = (mask: number, paid: number, t: number, floor: number): number => {
    if (t >= H) return 0;
    const key = mask * H + t;
    const hit = exact.get(key);
    if (hit !== undefined) return hit;
    let cap = upper.get(key);
    if (cap !== undefined && cap <= floor) return cap;
    if (cap === undefined) cap = estimate(mask, t);
    if (cap <= floor) {
      upper.set(key, cap);
      return cap;
    }
    let top = 0;
    let arg = -1;
    let bound = 0;
    for (let k = 0; k < sets.length; k++) {
      const s = sets[k];
      if (s.mask & mask || (s.needs & ~mask) !== 0 || s.conflicts & mask || s.earliest > t) continue;
      if (++work > budget) throw OVER_BUDGET;
      if (!programmeOk(mask | s.mask)) continue;
      const fresh = s.components & ~paid;
      if (!s.payable.has(fresh)) continue;
      let v = 0;
      for (const i of s.items) v += p.expectedNpv[i][t];
      for (let c = 0; c < componentIds.length; c++) if (fresh & (1 << c)) v -= p.componentPv(componentIds[c], t);
      const need = Math.max(floor, top) - v - slack;
      const r = best(mask | s.mask, paid | s.components, t + s.length, need);
      if (r > need) {
        if (v + r > top) {
          top = v + r;
          arg = k;
        }
      } else bound = Math.max(bound, v + r);
    }
    if (top > floor) {
      exact.set(key, top);
      if (arg >= 0) choice.set(key, arg);
      return top;
    }
    const u = Math.max(top, bound);
    upper.set(key, u);
    return u;
  };
  const phases: PlannedPhase[] = [];
  if (cand.start < H) {
    try {
      best(0, 0, cand.start, -Infinity);
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
