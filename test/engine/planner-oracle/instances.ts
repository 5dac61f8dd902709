import type { SearchProblem } from '../../../engine/planner/search.js';
import { type Rng, createRng } from '../../../engine/sampling/rng.js';

/** Item i belongs to option `option` of exclusive group `group` (items of two options of one group never share a plan). */
export interface ExclusiveOption {
  group: number;
  option: number;
}

/**
 * A planning instance as raw data (no closures), so the oracle, the checker and
 * the brute force read the same numbers the planner's SearchProblem is built from.
 * Spends are integers and budget thresholds half-integers: no row sum lies within
 * 0.5 of a band edge, so every formulation counts the chance constraints alike.
 */
export interface PlanningInstance {
  name: string;
  n: number;
  horizon: number;
  /** expectedNpv[i][t], t = 0..horizon: E[NPV] of item i started at month t. */
  expectedNpv: number[][];
  duration: number[];
  requires: (number[] | null)[];
  componentsOf: number[][];
  /** componentPv[c][t], t = 0..horizon: what paying component c at month t costs the objective. */
  componentPv: number[][];
  /** Planning rows (trials) the chance constraints count on. */
  rows: number;
  /** itemSpend[i][r]: one-off spend of item i on planning row r (integers >= 0). */
  itemSpend: number[][];
  /** componentSpend[c][r]: cost of component c on planning row r (integers >= 0). */
  componentSpend: number[][];
  phaseMonths: { min: number; max: number };
  capacity: number;
  phaseBudget: { min: number; max: number };
  programmeBudget: number | null;
  confidence: number;
  exclusiveOption: (ExclusiveOption | null)[];
  prefix: { items: number[]; nextStart: number } | null;
}

/** The contract's SearchProblem, with the fields the contract adds (alternatives, prefix). */
export type ContractProblem = SearchProblem & {
  exclusiveOption: (ExclusiveOption | null)[];
  prefix?: { items: readonly number[]; nextStart: number };
};

/** Smallest number of rows h with h / rows >= confidence, in the same floating arithmetic plan.ts uses. */
export function minimumHits(rows: number, confidence: number): number {
  let h = 0;
  while (h <= rows && !(h / rows >= confidence)) h++;
  return h;
}

/** Share test of plan.ts: rows whose summed spend over items and components lies in [lo, hi], as a share >= confidence. */
function rowsWithin(inst: PlanningInstance, items: readonly number[], comps: readonly number[], lo: number, hi: number): boolean {
  const rows = inst.rows;
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (const i of items) s += inst.itemSpend[i][r];
    for (const c of comps) s += inst.componentSpend[c][r];
    if (s >= lo && s <= hi) hits++;
  }
  return hits / rows >= inst.confidence;
}

/** The SearchProblem the planner gets for an instance: chance constraints counted on the rows as engine/planner/plan.ts does. */
export function toSearchProblem(inst: PlanningInstance): ContractProblem {
  const spendCache = new Map<string, boolean>();
  const programmeCache = new Map<string, boolean>();
  const problem: ContractProblem = {
    n: inst.n,
    horizon: inst.horizon,
    expectedNpv: inst.expectedNpv.map((row) => Float64Array.from(row)),
    duration: [...inst.duration],
    requires: inst.requires.map((r) => (r === null ? null : [...r])),
    componentsOf: inst.componentsOf.map((c) => [...c]),
    componentPv: (c, t) => inst.componentPv[c][Math.min(t, inst.horizon)],
    phaseMonths: { ...inst.phaseMonths },
    capacity: inst.capacity,
    phaseSpendOk(items, comps, maxOnly) {
      const key = `${items.join(',')}|${comps.join(',')}|${maxOnly ? 1 : 0}`;
      let ok = spendCache.get(key);
      if (ok === undefined) {
        ok = rowsWithin(inst, items, comps, maxOnly ? -Infinity : inst.phaseBudget.min, inst.phaseBudget.max);
        spendCache.set(key, ok);
      }
      return ok;
    },
    programmeOk(items) {
      if (inst.programmeBudget === null) return true;
      const sorted = [...items].sort((a, b) => a - b);
      const key = sorted.join(',');
      let ok = programmeCache.get(key);
      if (ok === undefined) {
        const comps = [...new Set(sorted.flatMap((i) => inst.componentsOf[i]))];
        ok = rowsWithin(inst, sorted, comps, -Infinity, inst.programmeBudget);
        programmeCache.set(key, ok);
      }
      return ok;
    },
    exclusiveOption: inst.exclusiveOption.map((o) => (o === null ? null : { ...o })),
  };
  if (inst.prefix !== null) problem.prefix = { items: [...inst.prefix.items], nextStart: inst.prefix.nextStart };
  return problem;
}

/** What kind of pressure an instance puts on the planner. */
export type Flavour = 'mixed' | 'aliasing' | 'capacity-one' | 'floor' | 'ceiling' | 'options' | 'prefix';
export const FLAVOURS: readonly Flavour[] = ['mixed', 'aliasing', 'capacity-one', 'floor', 'ceiling', 'options', 'prefix'];

export interface InstanceSize {
  items: [number, number];
  horizon: [number, number];
  /** Planning rows per item (the chance constraints' trials). */
  rows: number;
}

const CONFIDENCES = [0.7, 0.75, 0.8, 0.85, 0.9];

function draws(rng: Rng) {
  const u = () => rng.uniform();
  const int = (lo: number, hi: number) => lo + Math.floor(u() * (hi - lo + 1));
  const chance = (p: number) => u() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(u() * xs.length)];
  return { u, int, chance, pick };
}

/** A half-integer threshold near v, so no integer row sum sits on it. */
const halfInteger = (v: number) => Math.floor(v) + 0.5;

/**
 * E[NPV] by start month, in one of several shapes: falling with a later start,
 * rising then falling, an expansion whose cost the horizon cuts off (a jump up
 * late), negative everywhere, or a noisy walk.
 */
function npvRow(d: ReturnType<typeof draws>, horizon: number, duration: number): number[] {
  const disc = (t: number) => Math.pow(0.993, t);
  const scale = 100 + 900 * d.u();
  const fall = 0.4 + 0.8 * d.u();
  const shape = d.int(0, 5);
  return Array.from({ length: horizon + 1 }, (_, t) => {
    switch (shape) {
      case 0: // falls, crossing zero late in the horizon
        return scale * (1 - t / (horizon * fall)) - 20;
      case 1: {
        // benefits until the horizon, an up-front cost, an expansion paid e months in unless the horizon cuts it off
        const live = Math.max(0, horizon - t - duration);
        const e = duration + 4;
        const expansion = t + e <= horizon - 1 ? 0.6 * scale * disc(t + e) : 0;
        return ((scale / horizon) * live * 1.6 - 0.3 * scale) * disc(t) - expansion;
      }
      case 2: // rises then falls
        return scale * 4 * ((t + 1) / (horizon + 2)) * (1 - (t + 1) / (horizon + 2)) - 0.35 * scale;
      case 3: // negative everywhere
        return -(10 + 0.05 * scale) - t;
      default: {
        // a noisy decline
        const base = scale * (1 - t / (1.5 * horizon));
        return base + 0.15 * scale * Math.sin(1.7 * t + duration);
      }
    }
  });
}

/** A seeded random planning instance; the flavour defaults to one picked by the seed. */
export function randomInstance(seed: number, size: InstanceSize, flavour: Flavour = FLAVOURS[seed % FLAVOURS.length]): PlanningInstance {
  const d = draws(createRng(seed));
  let n = d.int(size.items[0], size.items[1]);
  let phaseMin = d.pick([1, 1, 2, 3, 3, 4]);
  let phaseMax = Math.min(12, Math.max(3, phaseMin + d.int(1, 8)));
  let horizon = d.int(size.horizon[0], size.horizon[1]);
  let capacity = d.int(1, 3);
  if (flavour === 'aliasing') {
    // short horizon, long phases: (n-1)·phaseMax >= H+1+phaseMin
    phaseMin = d.int(2, 4);
    phaseMax = Math.min(12, phaseMin + d.int(3, 8));
    horizon = Math.max(size.horizon[0], Math.min(horizon, 24));
    while ((n - 1) * phaseMax < horizon + 1 + phaseMin) {
      if (phaseMax < 12) phaseMax++;
      else if (n < size.items[1]) n++;
      else horizon--;
    }
  }
  if (flavour === 'capacity-one') {
    capacity = 1;
    n = Math.max(n, d.int(size.items[0], size.items[1]));
  }
  if (flavour === 'floor' || flavour === 'ceiling') capacity = d.int(2, 3);
  const rows = size.rows;

  const duration = Array.from({ length: n }, () => (d.chance(0.08) ? phaseMax + d.int(1, 2) : d.int(0, phaseMax)));
  const centre = Array.from({ length: n }, () => (d.chance(0.05) ? 0 : d.int(10, 60)));
  const itemSpend = centre.map((c) => Array.from({ length: rows }, () => Math.round(c * (0.7 + 0.6 * d.u()))));
  const componentCount = d.int(0, 3);
  const componentCentre = Array.from({ length: componentCount }, () => d.int(5, 30));
  const componentSpend = componentCentre.map((c) => Array.from({ length: rows }, () => Math.round(c * (0.7 + 0.6 * d.u()))));
  const componentPv = componentSpend.map((row) => {
    const mean = row.reduce((a, b) => a + b, 0) / rows;
    const k = 4 + 8 * d.u();
    return Array.from({ length: horizon + 1 }, (_, t) => k * mean * Math.pow(0.993, t));
  });
  const componentsOf = Array.from({ length: n }, () => Array.from({ length: componentCount }, (_, c) => c).filter(() => d.chance(0.35)));

  // requires: a random DAG over a hidden order, chains, and sometimes a platform many items need
  const chain = d.chance(0.3);
  const platform = n >= 3 && d.chance(0.3);
  const requiresInOrder: (number[] | null)[] = Array.from({ length: n }, (_, i) => {
    if (d.chance(0.03)) return null;
    const req: number[] = [];
    for (let j = 0; j < i; j++) {
      if ((chain && j === i - 1 && d.chance(0.5)) || d.chance(0.12) || (platform && j === 0 && d.chance(0.6))) req.push(j);
    }
    return req;
  });

  // exclusive options: an option of one item or of two staged items (the second requires the first)
  const exclusiveInOrder: (ExclusiveOption | null)[] = Array.from({ length: n }, () => null);
  if (flavour === 'options' || d.chance(0.2)) {
    const groups = d.int(1, 2);
    let next = n - 1;
    for (let g = 0; g < groups; g++) {
      const options = d.int(2, 3);
      for (let o = 0; o < options && next >= 0; o++) {
        const staged = next >= 1 && d.chance(0.4);
        exclusiveInOrder[next] = { group: g, option: o };
        if (staged) {
          exclusiveInOrder[next - 1] = { group: g, option: o };
          const req = requiresInOrder[next];
          if (req !== null && !req.includes(next - 1)) req.push(next - 1);
          next -= 2;
        } else next -= 1;
      }
    }
  }

  // hide the construction order behind a permutation
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(d.u() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const at = <T>(xs: T[]) => {
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[perm[i]] = xs[i];
    return out;
  };
  const requires = at(requiresInOrder.map((r) => (r === null ? null : r.map((j) => perm[j]).sort((a, b) => a - b))));
  const exclusiveOption = at(exclusiveInOrder);
  const durationP = at(duration);
  const expectedNpv = durationP.map((dur) => npvRow(d, horizon, dur));

  // budgets that bind: floors that force bundling, ceilings that split
  const sortedCentres = [...centre].sort((a, b) => a - b);
  const median = sortedCentres[Math.floor(n / 2)] ?? 30;
  let lo = 0;
  let hi: number;
  if (flavour === 'floor') {
    lo = halfInteger(median * (1.05 + 0.45 * d.u()));
    hi = halfInteger(median * (2.5 + 1.5 * d.u()));
  } else if (flavour === 'ceiling') {
    hi = halfInteger(median * (1.1 + 0.9 * d.u()));
  } else {
    lo = d.chance(0.5) ? 0 : halfInteger(median * (0.3 + 0.6 * d.u()));
    hi = halfInteger(median * (1.5 + 2 * d.u()));
  }
  const total = centre.reduce((a, b) => a + b, 0) + componentCentre.reduce((a, b) => a + b, 0);
  let programmeBudget: number | null = flavour === 'floor' || flavour === 'ceiling' || d.chance(0.6) ? halfInteger(total * (0.4 + 0.5 * d.u())) : null;
  const confidence = d.pick(CONFIDENCES);

  let prefix: PlanningInstance['prefix'] = null;
  if (flavour === 'prefix' || d.chance(0.1)) {
    // delivered items: their requirements delivered too, at most one option per group
    const items: number[] = [];
    const chosenOption = new Map<number, number>();
    const want = d.int(1, 2);
    for (let i = 0; i < n && items.length < want; i++) {
      const req = requires[i];
      const opt = exclusiveOption[i];
      if (req === null || !req.every((j) => items.includes(j)) || !d.chance(0.5)) continue;
      if (opt !== null && chosenOption.has(opt.group) && chosenOption.get(opt.group) !== opt.option) continue;
      if (opt !== null) chosenOption.set(opt.group, opt.option);
      items.push(i);
    }
    items.sort((a, b) => a - b);
    const nextStart = d.chance(0.1) ? horizon + d.int(0, 2) : d.int(1, Math.max(1, Math.floor(horizon / 2)));
    prefix = { items, nextStart };
  }

  const inst: PlanningInstance = {
    name: `${flavour}-${seed}`,
    n,
    horizon,
    expectedNpv,
    duration: durationP,
    rows,
    requires,
    componentsOf,
    componentPv,
    itemSpend: at(itemSpend),
    componentSpend,
    phaseMonths: { min: phaseMin, max: phaseMax },
    capacity,
    phaseBudget: { min: lo, max: hi },
    programmeBudget,
    confidence,
    exclusiveOption,
    prefix,
  };
  // the delivered items must pass the programme cap, or not even the empty plan would be feasible
  if (prefix !== null && programmeBudget !== null && !toSearchProblem(inst).programmeOk(prefix.items)) {
    programmeBudget = null;
    inst.programmeBudget = null;
  }
  return inst;
}
