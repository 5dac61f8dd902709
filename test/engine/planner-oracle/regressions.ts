import type { ExclusiveOption, PlanningInstance } from './instances.js';

/** One item of a hand-built instance: E[NPV] by start month, duration, requirements and a flat spend per row. */
interface HandItem {
  npv: (t: number) => number;
  duration: number;
  requires?: number[] | null;
  spend?: number;
  components?: number[];
  option?: ExclusiveOption;
}

interface HandInstance {
  name: string;
  horizon: number;
  phaseMonths: { min: number; max: number };
  capacity: number;
  items: HandItem[];
  /** One-off cost per row of each shared component (its PV is cost · 0.99^t). */
  componentCosts?: number[];
  phaseBudget?: { min: number; max: number };
  programmeBudget?: number | null;
}

const ROWS = 10;

/** A hand-built instance with flat spend rows (every row the same, so the chance constraints are plain budget checks). */
function handInstance(h: HandInstance): PlanningInstance {
  const comps = h.componentCosts ?? [];
  return {
    name: h.name,
    n: h.items.length,
    horizon: h.horizon,
    expectedNpv: h.items.map((it) => Array.from({ length: h.horizon + 1 }, (_, t) => it.npv(t))),
    duration: h.items.map((it) => it.duration),
    requires: h.items.map((it) => (it.requires === null ? null : [...(it.requires ?? [])])),
    componentsOf: h.items.map((it) => [...(it.components ?? [])]),
    componentPv: comps.map((cost) => Array.from({ length: h.horizon + 1 }, (_, t) => cost * Math.pow(0.99, t))),
    rows: ROWS,
    itemSpend: h.items.map((it) => Array.from({ length: ROWS }, () => it.spend ?? 10)),
    componentSpend: comps.map((cost) => Array.from({ length: ROWS }, () => Math.round(cost / 10))),
    phaseMonths: h.phaseMonths,
    capacity: h.capacity,
    phaseBudget: h.phaseBudget ?? { min: 0, max: 1000.5 },
    programmeBudget: h.programmeBudget ?? null,
    confidence: 0.8,
    exclusiveOption: h.items.map((it) => it.option ?? null),
    prefix: null,
  };
}

/**
 * Long phases against a short horizon, so that (n−1)·phaseMax >= H+1+phaseMin:
 * a plan's last phases end after the horizon (the memo-key aliasing defect).
 */
function aliasing(horizon: number, n: number, phaseMonths: { min: number; max: number }, capacity: number): PlanningInstance {
  return handInstance({
    name: `aliasing-H${horizon}-n${n}`,
    horizon,
    phaseMonths,
    capacity,
    items: Array.from({ length: n }, (_, i) => ({
      // values that fall with a later start at different rates, one that rises late (an expansion cut off by the horizon)
      npv: (t: number) => (i === n - 1 ? 120 + (t + phaseMonths.max >= horizon ? 200 : 0) - 3 * t : 500 - 60 * i - (12 + 7 * i) * t),
      duration: phaseMonths.min + ((i * 5) % (phaseMonths.max - phaseMonths.min + 1)),
      requires: i >= 2 && i % 2 === 0 ? [i - 1] : [],
    })),
  });
}

/** The hand-built regression instances. */
export function regressionInstances(): PlanningInstance[] {
  return [
    aliasing(12, 4, { min: 3, max: 6 }, 1),
    aliasing(18, 6, { min: 3, max: 6 }, 1),
    aliasing(24, 7, { min: 4, max: 8 }, 2),
    // a platform five assistants require, long phases, a 24-month horizon: the plan once held items twice
    handInstance({
      name: 'platform-five-assistants-H24',
      horizon: 24,
      phaseMonths: { min: 6, max: 12 },
      capacity: 2,
      componentCosts: [150],
      items: [
        { npv: (t) => -80 - 2 * t, duration: 8, components: [0] },
        ...[0, 1, 2, 3, 4].map((k) => ({ npv: (t: number) => 420 - 40 * k - (14 + 3 * k) * t, duration: 4 + 2 * k, requires: [0], components: k % 2 === 0 ? [0] : [] })),
        { npv: (t) => 260 - 6 * t, duration: 12 },
      ],
      phaseBudget: { min: 0, max: 25.5 },
    }),
    handInstance({ name: 'empty', horizon: 24, phaseMonths: { min: 3, max: 6 }, capacity: 2, items: [] }),
    // every item infeasible: too long, forbidden, over the phase ceiling, needing a too-long item, losing money, over the programme cap
    handInstance({
      name: 'every-item-infeasible',
      horizon: 24,
      phaseMonths: { min: 3, max: 6 },
      capacity: 2,
      programmeBudget: 40.5,
      phaseBudget: { min: 0, max: 30.5 },
      items: [
        { npv: (t) => 500 - t, duration: 7 },
        { npv: (t) => 500 - t, duration: 3, requires: null },
        { npv: (t) => 500 - t, duration: 3, spend: 31 },
        { npv: (t) => 500 - t, duration: 3, requires: [0] },
        { npv: (t) => -5 - t, duration: 3 },
        { npv: (t) => 500 - t, duration: 3, spend: 30, components: [0] },
      ],
      componentCosts: [200],
    }),
  ];
}
