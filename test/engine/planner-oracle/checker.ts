import type { PlanningInstance } from './instances.js';

export interface CheckedPhase {
  items: readonly number[];
  start: number;
  length: number;
}

export interface PlanCheck {
  /** One entry per broken rule; empty when the plan is feasible. */
  violations: string[];
  /** The plan's objective recomputed from the raw data (rules 5 and 9). */
  value: number;
}

/** Whether the share of rows whose spend lies in [lo, hi] reaches the confidence (band inclusive). */
function chanceHolds(inst: PlanningInstance, spend: (r: number) => number, lo: number, hi: number): boolean {
  let hits = 0;
  for (let r = 0; r < inst.rows; r++) {
    const s = spend(r);
    if (s >= lo && s <= hi) hits++;
  }
  return hits / inst.rows >= inst.confidence;
}

/**
 * Checks a plan against the roadmap rules of the planner contract, from the raw
 * instance data alone, and recomputes its objective.
 */
export function checkPlan(inst: PlanningInstance, phases: readonly CheckedPhase[]): PlanCheck {
  const violations: string[] = [];
  const prefixItems = inst.prefix?.items ?? [];
  const firstStart = inst.prefix?.nextStart ?? 0;
  const phaseOf = new Map<number, number>(); // item -> index of its phase
  const paid = new Set<number>(prefixItems.flatMap((i) => inst.componentsOf[i]));
  const optionOf = new Map<number, number>(); // group -> option used
  const useOption = (i: number, where: string) => {
    const opt = inst.exclusiveOption[i];
    if (opt === null) return;
    const used = optionOf.get(opt.group);
    if (used !== undefined && used !== opt.option) violations.push(`${where}: item ${i} takes option ${opt.option} of group ${opt.group}, option ${used} is already in the plan`);
    optionOf.set(opt.group, opt.option);
  };
  for (const i of prefixItems) useOption(i, 'prefix');

  let value = 0;
  let expectedStart = firstStart;
  phases.forEach((ph, k) => {
    const where = `phase ${k}`;
    if (ph.start !== expectedStart) violations.push(`${where}: starts at ${ph.start}, the previous phase ends at ${expectedStart}`);
    if (!(ph.start < inst.horizon)) violations.push(`${where}: starts at ${ph.start}, not before the horizon ${inst.horizon}`);
    if (ph.items.length < 1 || ph.items.length > inst.capacity) violations.push(`${where}: holds ${ph.items.length} items, capacity ${inst.capacity}`);
    for (let j = 1; j < ph.items.length; j++) if (!(ph.items[j - 1] < ph.items[j])) violations.push(`${where}: items not strictly ascending`);
    let longest = 0;
    for (const i of ph.items) {
      if (!Number.isInteger(i) || i < 0 || i >= inst.n) {
        violations.push(`${where}: no item ${i}`);
        continue;
      }
      if (prefixItems.includes(i)) violations.push(`${where}: item ${i} was delivered in the prefix`);
      if (phaseOf.has(i)) violations.push(`${where}: item ${i} is already in phase ${phaseOf.get(i)}`);
      longest = Math.max(longest, inst.duration[i]);
    }
    for (const i of ph.items) if (i >= 0 && i < inst.n && !phaseOf.has(i)) phaseOf.set(i, k);
    const valid = ph.items.filter((i) => Number.isInteger(i) && i >= 0 && i < inst.n);
    const length = Math.max(inst.phaseMonths.min, longest);
    if (ph.length !== length) violations.push(`${where}: lasts ${ph.length} months, its items need ${length}`);
    if (length > inst.phaseMonths.max) violations.push(`${where}: needs ${length} months, the ceiling is ${inst.phaseMonths.max}`);
    for (const i of valid) {
      const req = inst.requires[i];
      if (req === null) {
        violations.push(`${where}: item ${i} can never be scheduled`);
        continue;
      }
      for (const j of req) {
        const pj = phaseOf.get(j);
        if (!prefixItems.includes(j) && !(pj !== undefined && pj < k)) violations.push(`${where}: item ${i} requires item ${j} in an earlier phase`);
      }
      useOption(i, where);
    }
    const fresh = [...new Set(valid.flatMap((i) => inst.componentsOf[i]))].filter((c) => !paid.has(c));
    const spend = (r: number) => valid.reduce((s, i) => s + inst.itemSpend[i][r], 0) + fresh.reduce((s, c) => s + inst.componentSpend[c][r], 0);
    if (!chanceHolds(inst, spend, inst.phaseBudget.min, inst.phaseBudget.max)) violations.push(`${where}: spend within [${inst.phaseBudget.min}, ${inst.phaseBudget.max}] below confidence ${inst.confidence}`);
    const t = Math.min(ph.start, inst.horizon);
    for (const i of valid) value += inst.expectedNpv[i][t];
    for (const c of fresh) {
      value -= inst.componentPv[c][t];
      paid.add(c);
    }
    expectedStart = ph.start + ph.length;
  });

  if (inst.programmeBudget !== null && phases.length > 0) {
    const all = [...new Set([...prefixItems, ...phaseOf.keys()])];
    const comps = [...new Set(all.flatMap((i) => inst.componentsOf[i]))];
    const spend = (r: number) => all.reduce((s, i) => s + inst.itemSpend[i][r], 0) + comps.reduce((s, c) => s + inst.componentSpend[c][r], 0);
    if (!chanceHolds(inst, spend, -Infinity, inst.programmeBudget)) violations.push(`programme: spend under ${inst.programmeBudget} below confidence ${inst.confidence}`);
  }
  return { violations, value };
}
