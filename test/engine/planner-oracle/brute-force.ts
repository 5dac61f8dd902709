import { type CheckedPhase, checkPlan } from './checker.js';
import type { PlanningInstance } from './instances.js';

/**
 * The best plan of a tiny instance by enumeration: every sequence of disjoint
 * non-empty item sets (starts and lengths follow from the rules), each judged by
 * the plan checker. Exponential: for the oracle's own test on 2-5 items.
 */
export function bruteForceOptimum(inst: PlanningInstance): { value: number; phases: CheckedPhase[]; plans: number } {
  let best = { value: 0, phases: [] as CheckedPhase[] };
  let plans = 0;
  const prefix = new Set(inst.prefix?.items ?? []);
  const candidates = Array.from({ length: inst.n }, (_, i) => i).filter((i) => !prefix.has(i));
  const extend = (phases: CheckedPhase[], used: Set<number>, start: number) => {
    if (start >= inst.horizon) return;
    const free = candidates.filter((i) => !used.has(i));
    for (let mask = 1; mask < 1 << free.length; mask++) {
      const items = free.filter((_, b) => mask & (1 << b));
      if (items.length > inst.capacity) continue;
      const length = Math.max(inst.phaseMonths.min, ...items.map((i) => inst.duration[i]));
      const next = [...phases, { items, start, length }];
      const check = checkPlan(inst, next);
      plans++;
      if (check.violations.length === 0 && check.value > best.value) best = { value: check.value, phases: next };
      // extended even when broken: the enumeration does not rely on any rule being monotone
      const nextUsed = new Set(used);
      for (const i of items) nextUsed.add(i);
      extend(next, nextUsed, start + length);
    }
  };
  extend([], new Set(), inst.prefix?.nextStart ?? 0);
  return { ...best, plans };
}
