/**
 * Seeded random roadmap search problems for the planner's tests and its bench:
 * short horizons with long phases (where a memo past the horizon would alias),
 * budgets that bind (a floor that forces bundling, a ceiling that splits),
 * values that fall, rise or peak with the start month, durations up to beyond
 * the phase ceiling, a dependency DAG, shared components, alternatives and,
 * on some, a prefix of delivered items. Spends are integers and band edges
 * half-integers, so no row sum sits on an edge.
 */
import type { SearchProblem } from '../engine/planner/search.js';
import { createRng } from '../engine/sampling/rng.js';

export interface RandomShape {
  horizon?: [number, number];
  phaseMin?: [number, number];
  phaseMax?: number;
  capacity?: [number, number];
  /** Chance of alternatives / a prefix / a programme cap. */
  alternatives?: number;
  prefix?: number;
  programmeCap?: number;
  /**
   * 'loose': no phase budget floor, a ceiling no phase reaches and no programme
   * cap (applied after every draw, so the other instances of a seed stay as they are):
   * nothing prunes the candidate phases, the hard case for the search.
   */
  budgets?: 'loose';
  /** Chance that an item requires a given earlier one (0.15). */
  requires?: number;
}

/** A search problem with the rows its chance constraints count, so a checker can recount them. */
export interface RandomProblem extends SearchProblem {
  rows: number;
  confidence: number;
  spend: Int32Array[];
  componentSpend: Int32Array[];
  band: { min: number; max: number };
  cap: number | null;
}

/**
 * The bench's hard family: loose budgets, few prerequisites, a 48-month horizon,
 * 2–6-month phases, capacity 2–3. Nothing prunes the candidate phases, so the
 * dynamic programme must bound its way through or hand over to the MILP.
 */
export const HARD_SHAPE: RandomShape = { horizon: [48, 48], phaseMin: [2, 3], phaseMax: 6, capacity: [2, 3], budgets: 'loose', requires: 0.03, prefix: 0 };

export function randomSearchProblem(seed: number, n: number, shape: RandomShape = {}): RandomProblem {
  const rng = createRng(seed);
  const u = () => rng.uniform();
  const int = (lo: number, hi: number) => lo + Math.floor(u() * (hi - lo + 1));
  const [h0, h1] = shape.horizon ?? [12, 24];
  const horizon = int(h0, h1);
  const [m0, m1] = shape.phaseMin ?? [1, 6];
  const min = int(m0, m1);
  const max = int(min, Math.max(min, shape.phaseMax ?? 12));
  const rows = 20;
  const confidence = [0.7, 0.75, 0.8, 0.9][int(0, 3)];
  const componentCount = int(0, 2);
  const spend = Array.from({ length: n }, () => {
    const centre = int(100, 1000);
    return Int32Array.from({ length: rows }, () => Math.round(centre * (0.8 + 0.4 * u())));
  });
  const componentSpend = Array.from({ length: componentCount }, () => {
    const centre = int(50, 400);
    return Int32Array.from({ length: rows }, () => Math.round(centre * (0.8 + 0.4 * u())));
  });
  const floor = u() < 0.5 ? 0 : int(100, 700);
  const drawnBand = { min: floor === 0 ? 0 : floor + 0.5, max: int(Math.max(floor + 200, 900), 2200) + 0.5 };
  const drawnCap = u() < (shape.programmeCap ?? 0.4) ? int(1500, 4000) + 0.5 : null;
  const loose = shape.budgets === 'loose';
  const band = loose ? { min: 0, max: 1e9 + 0.5 } : drawnBand;
  const cap = loose ? null : drawnCap;
  const expectedNpv = Array.from({ length: n }, () => {
    const value = -300 + u() * 2300;
    const kind = int(0, 2);
    const decay = 5 + u() * 60;
    const peak = int(0, horizon);
    return Float64Array.from({ length: horizon + 1 }, (_, t) => (kind === 0 ? value - decay * t : kind === 1 ? value - decay * Math.abs(t - peak) : value + decay * Math.sin(t / 3)));
  });
  const requires: (number[] | null)[] = Array.from({ length: n }, (_, i) => {
    const req: number[] = [];
    for (let j = 0; j < i; j++) if (u() < (shape.requires ?? 0.15)) req.push(j);
    return req;
  });
  if (n > 2 && u() < 0.1) requires[int(0, n - 1)] = null;
  const componentsOf = Array.from({ length: n }, () => Array.from({ length: componentCount }, (_, c) => c).filter(() => u() < 0.4));
  const componentMeans = componentSpend.map((r) => r.reduce((a, b) => a + b, 0) / rows);
  const exclusiveOption: ({ group: number; option: number } | null)[] = Array.from({ length: n }, () => null);
  if (n >= 3 && u() < (shape.alternatives ?? 0.3)) {
    const groups = int(1, 2);
    for (let i = 0; i < n; i++) if (u() < 0.5) exclusiveOption[i] = { group: int(0, groups - 1), option: int(0, 2) };
  }
  const capacity = int(...(shape.capacity ?? [1, 3]));
  const duration = Array.from({ length: n }, () => int(0, max + 1));
  const share = (items: readonly number[], comps: readonly number[], lo: number, hi: number) => {
    let hits = 0;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (const i of items) s += spend[i][r];
      for (const c of comps) s += componentSpend[c][r];
      if (s >= lo && s <= hi) hits++;
    }
    return hits / rows;
  };
  const problem: RandomProblem = {
    n,
    horizon,
    expectedNpv,
    duration,
    requires,
    componentsOf,
    componentPv: (c, t) => componentMeans[c] * Math.pow(0.99, t),
    phaseMonths: { min, max },
    capacity,
    phaseSpendOk: (items, comps, maxOnly) => share(items, comps, maxOnly ? -Infinity : band.min, band.max) >= confidence,
    programmeOk: (items) => cap === null || share(items, [...new Set(items.flatMap((i) => componentsOf[i]))], -Infinity, cap) >= confidence,
    exclusiveOption,
    rows,
    confidence,
    spend,
    componentSpend,
    band,
    cap,
  };
  if (u() < (shape.prefix ?? 0.2)) {
    // Delivered: a few items without prerequisites outside the prefix and no rival options among them.
    const items: number[] = [];
    for (let i = 0; i < n && items.length < 2; i++) {
      const o = exclusiveOption[i];
      if (requires[i]?.every((r) => items.includes(r)) && u() < 0.4 && !items.some((j) => o && exclusiveOption[j]?.group === o.group && exclusiveOption[j]!.option !== o.option)) items.push(i);
    }
    problem.prefix = { items, nextStart: int(0, horizon + 1) };
  }
  return problem;
}
