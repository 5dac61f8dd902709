import { type SearchProblem, firstStart, phaseLength, prefixPaid } from './search-problem.js';

/** A set of items that can share a phase by every rule that does not depend on the plan around it. */
export interface CandidateSet {
  /** Item indices, ascending. */
  items: number[];
  length: number;
  /** Components its items use that the prefix has not paid, ascending. */
  components: number[];
  /** Subsets of `components` this phase may pay first with its spend inside the band (each ascending). */
  payable: number[][];
  /** Earliest month the set can start: each item after its prerequisites' phases. */
  earliest: number;
}

/** What the searches share about a problem: which items may ever be scheduled, and the candidate phases. */
export interface Candidates {
  start: number;
  prefix: ReadonlySet<number>;
  paid: ReadonlySet<number>;
  /** Items that can appear in some plan (alone they pass every rule). */
  schedulable: number[];
  /** Items of other options of the same group, per item. */
  conflicts: number[][];
  /** Prerequisites outside the prefix, per item. */
  needs: number[][];
  sets: CandidateSet[];
  /** Months a phase can start at: sums of candidate lengths from the first start, below the horizon. */
  starts: number[];
}

/** Every subset of `xs` (ascending arrays), the empty one first. */
function powerSet(xs: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const x of xs) out = out.concat(out.map((s) => [...s, x]));
  return out;
}

/**
 * The candidate phases of a problem. An item is schedulable when it is not in
 * the prefix, its prerequisites are schedulable or delivered (no cycles), its
 * option's group is not taken by another option in the prefix, and on its own
 * it fits a phase's length, the phase budget's ceiling and the programme cap.
 * A set holds 1…capacity schedulable items, none requiring another (directly or
 * through a chain), no two of rival options, within the length band, the
 * ceiling (monotone, so the enumeration prunes on it) and the programme cap
 * (monotone too, checked with every prerequisite the set needs); `payable` lists the component subsets with which its spend
 * meets the whole band.
 */
export function candidates(p: SearchProblem): Candidates {
  const H = p.horizon;
  const start = firstStart(p);
  const prefixItems = p.prefix?.items ?? [];
  const prefix = new Set(prefixItems);
  const paid = prefixPaid(p);
  const taken = new Map<number, number>();
  for (const i of prefixItems) {
    const o = p.exclusiveOption[i];
    if (o) taken.set(o.group, o.option);
  }
  const ok = new Int8Array(p.n).fill(-1); // -1 unknown, 0 no, 1 yes, 2 in progress (cycle guard)
  const earliest = new Float64Array(p.n);
  const visit = (i: number): boolean => {
    if (ok[i] === 2) return false;
    if (ok[i] >= 0) return ok[i] === 1;
    ok[i] = 2;
    const req = p.requires[i];
    const o = p.exclusiveOption[i];
    let good =
      req !== null &&
      !prefix.has(i) &&
      !(o && taken.has(o.group) && taken.get(o.group) !== o.option) &&
      phaseLength(p, [i]) !== Infinity &&
      p.phaseSpendOk([i], [], true) &&
      p.programmeOk([...prefixItems, i]);
    let t = start;
    if (good) {
      for (const r of req!) {
        if (prefix.has(r)) continue;
        if (!visit(r)) {
          good = false;
          break;
        }
        t = Math.max(t, earliest[r] + phaseLength(p, [r]));
      }
    }
    earliest[i] = t;
    ok[i] = good && t < H ? 1 : 0;
    return ok[i] === 1;
  };
  const schedulable: number[] = [];
  for (let i = 0; i < p.n; i++) if (visit(i)) schedulable.push(i);
  const needs = Array.from({ length: p.n }, (_, i) => (p.requires[i] ?? []).filter((r) => !prefix.has(r)));
  // Transitive prerequisites, to keep a chain out of one phase.
  const ancestors: Set<number>[] = Array.from({ length: p.n }, () => new Set<number>());
  for (const i of [...schedulable].sort((a, b) => earliest[a] - earliest[b] || a - b)) {
    for (const r of needs[i]) {
      ancestors[i].add(r);
      for (const a of ancestors[r]) ancestors[i].add(a);
    }
  }
  const conflicts = Array.from({ length: p.n }, (_, i) => {
    const o = p.exclusiveOption[i];
    return o ? schedulable.filter((j) => p.exclusiveOption[j]?.group === o.group && p.exclusiveOption[j]!.option !== o.option) : [];
  });
  const sets: CandidateSet[] = [];
  const pick: number[] = [];
  const walk = (from: number) => {
    for (let k = from; k < schedulable.length; k++) {
      const i = schedulable[k];
      if (pick.some((j) => ancestors[i].has(j) || ancestors[j].has(i) || conflicts[i].includes(j))) continue;
      pick.push(i);
      const length = phaseLength(p, pick);
      const closure = new Set(pick);
      for (const j of pick) for (const a of ancestors[j]) closure.add(a);
      if (length !== Infinity && p.phaseSpendOk(pick, [], true) && p.programmeOk([...prefixItems, ...[...closure].sort((a, b) => a - b)])) {
        const items = [...pick];
        const components = [...new Set(items.flatMap((j) => p.componentsOf[j]))].filter((c) => !paid.has(c)).sort((a, b) => a - b);
        const payable = powerSet(components).filter((cs) => p.phaseSpendOk(items, cs, false));
        const first = Math.max(...items.map((j) => earliest[j]));
        if (payable.length > 0 && first < H) sets.push({ items, length, components, payable, earliest: first });
        if (pick.length < p.capacity) walk(k + 1);
      }
      pick.pop();
    }
  };
  walk(0);
  const lengths = [...new Set(sets.map((s) => s.length))].sort((a, b) => a - b);
  const reach = new Uint8Array(Math.max(H, 0));
  if (start < H && sets.length > 0) reach[start] = 1;
  for (let t = start; t < H; t++) if (reach[t]) for (const L of lengths) if (t + L < H) reach[t + L] = 1;
  const starts: number[] = [];
  for (let t = start; t < H; t++) if (reach[t]) starts.push(t);
  return { start, prefix, paid, schedulable, conflicts, needs, sets, starts };
}
