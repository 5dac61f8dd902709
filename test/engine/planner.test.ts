import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClosedloopError } from '../../engine/errors.js';
import { type FlowSink, ScenarioModel, allocateTrials } from '../../engine/model/scenario-model.js';
import { plan } from '../../engine/planner/plan.js';
import {
  type PlannedPhase,
  type SearchProblem,
  constructPlan,
  phaseFeasible,
  phaseValue,
  planValue,
  searchExact,
  searchHeuristic,
} from '../../engine/planner/search.js';
import { createRng } from '../../engine/sampling/rng.js';
import { forEachBlock } from '../../engine/model/simulate.js';
import { VariableSet } from '../../engine/sampling/variables.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

/**
 * A random planning problem: values that fall with a later start, durations of
 * 1–7 months, a random dependency DAG, 0–2 shared components, and spend rows
 * drawn per item, checked against a band with confidence 0.8.
 */
function randomProblem(seed: number, n: number): SearchProblem & { spend: Float64Array[]; componentSpend: Float64Array[]; band: { min: number; max: number } } {
  const rng = createRng(seed);
  const u = () => rng.uniform();
  const horizon = 36;
  const rows = 60;
  const components = Math.floor(u() * 3);
  const spend = Array.from({ length: n }, () => {
    const centre = 100 + u() * 900;
    return Float64Array.from({ length: rows }, () => centre * (0.8 + 0.4 * u()));
  });
  const componentSpend = Array.from({ length: components }, () => Float64Array.from({ length: rows }, () => 50 + u() * 200));
  const band = { min: u() < 0.5 ? 0 : 300, max: 1200 + u() * 1000 };
  const expectedNpv = Array.from({ length: n }, () => {
    const value = -200 + u() * 2000;
    const decay = 5 + u() * 40;
    return Float64Array.from({ length: horizon + 1 }, (_, t) => value - decay * t);
  });
  const requires = Array.from({ length: n }, (_, i) => {
    const req: number[] = [];
    for (let j = 0; j < i; j++) if (u() < 0.15) req.push(j);
    return req;
  });
  const componentsOf = Array.from({ length: n }, () => Array.from({ length: components }, (_, c) => c).filter(() => u() < 0.4));
  const componentMeans = componentSpend.map((r) => r.reduce((a, b) => a + b, 0) / rows);
  const confidence = 0.8;
  const cache = new Map<string, number>();
  const share = (items: readonly number[], comps: readonly number[], lo: number, hi: number) => {
    const key = `${items.join(',')}|${comps.join(',')}|${lo}|${hi}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    let hits = 0;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (const i of items) s += spend[i][r];
      for (const c of comps) s += componentSpend[c][r];
      if (s >= lo && s <= hi) hits++;
    }
    cache.set(key, hits / rows);
    return hits / rows;
  };
  const programmeCap = u() < 0.3 ? 2500 + u() * 3000 : undefined;
  return {
    n,
    horizon,
    expectedNpv,
    duration: Array.from({ length: n }, () => 1 + Math.floor(u() * 7)),
    requires,
    componentsOf,
    componentPv: (c, t) => componentMeans[c] * Math.pow(0.995, t),
    phaseMonths: { min: 3, max: 6 },
    capacity: 1 + Math.floor(u() * 3),
    phaseSpendOk: (items, comps, maxOnly) => share(items, comps, maxOnly ? -Infinity : band.min, band.max) >= confidence,
    programmeOk: (items) => programmeCap === undefined || share(items, [...new Set(items.flatMap((i) => componentsOf[i]))], -Infinity, programmeCap) >= confidence,
    spend,
    componentSpend,
    band,
  };
}

/** Brute force: every sequence of disjoint feasible phases, without memo or pruning. */
function bruteForce(p: SearchProblem): number {
  let best = 0;
  const walk = (done: Set<number>, paid: Set<number>, t: number, value: number) => {
    best = Math.max(best, value);
    const free = Array.from({ length: p.n }, (_, i) => i).filter((i) => !done.has(i));
    for (let mask = 1; mask < 1 << free.length; mask++) {
      const s = free.filter((_, k) => mask & (1 << k));
      if (!phaseFeasible(p, s, done, paid, t)) continue;
      const length = Math.max(p.phaseMonths.min, ...s.map((i) => p.duration[i]));
      const v = phaseValue(p, s, t, paid);
      walk(new Set([...done, ...s]), new Set([...paid, ...s.flatMap((i) => p.componentsOf[i])]), t + length, value + v);
    }
  };
  walk(new Set(), new Set(), 0, 0);
  return best;
}

/** Checks every rule of a plan with code of its own. */
function expectValidPlan(p: ReturnType<typeof randomProblem>, phases: readonly PlannedPhase[]): void {
  const seen = new Map<number, number>();
  const paid = new Set<number>();
  let t = 0;
  phases.forEach((ph, k) => {
    expect(ph.start).toBe(t);
    expect(ph.items.length).toBeGreaterThan(0);
    expect(ph.items.length).toBeLessThanOrEqual(p.capacity);
    expect(ph.length).toBeGreaterThanOrEqual(p.phaseMonths.min);
    expect(ph.length).toBeLessThanOrEqual(p.phaseMonths.max);
    for (const i of ph.items) {
      expect(seen.has(i)).toBe(false);
      expect(p.duration[i]).toBeLessThanOrEqual(ph.length);
      for (const r of p.requires[i]!) expect(seen.get(r)).toBeLessThan(k);
    }
    // Spend of the phase, with the components it pays first, within the band in ≥ 80% of rows.
    const comps = [...new Set(ph.items.flatMap((i) => p.componentsOf[i]))].filter((c) => !paid.has(c));
    let hits = 0;
    for (let r = 0; r < 60; r++) {
      const s = ph.items.reduce((a, i) => a + p.spend[i][r], 0) + comps.reduce((a, c) => a + p.componentSpend[c][r], 0);
      if (s >= p.band.min && s <= p.band.max) hits++;
    }
    expect(hits / 60).toBeGreaterThanOrEqual(0.8);
    for (const i of ph.items) seen.set(i, k);
    for (const c of comps) paid.add(c);
    t += ph.length;
  });
  expect(t - (phases.at(-1)?.length ?? 0)).toBeLessThan(p.horizon);
}

describe('planner search', () => {
  it('the exact planner equals a brute-force enumeration on 200 seeded random instances of up to 8 items', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const p = randomProblem(seed, 1 + (seed % 8));
      const exact = searchExact(p);
      expect(exact.objective).toBeCloseTo(bruteForce(p), 6);
      expect(planValue(p, exact.phases)).toBeCloseTo(exact.objective, 6);
      expectValidPlan(p, exact.phases);
    }
  });

  it('never violates dependencies, capacity, phase length or the phase budget (property over random instances, exact and heuristic)', () => {
    for (let seed = 1000; seed < 1040; seed++) {
      const p = randomProblem(seed, 4 + (seed % 12));
      expectValidPlan(p, (p.n <= 10 ? searchExact(p) : searchHeuristic(p, seed)).phases);
      expectValidPlan(p, searchHeuristic(p, seed).phases);
    }
  });

  it('the heuristic on 40 items stays within its reported gap of the best of 100 random restarts', () => {
    const p = randomProblem(4242, 40);
    const heuristic = searchHeuristic(p, 7);
    expectValidPlan(p, heuristic.phases);
    const rng = createRng(99);
    let bestRestart = 0;
    for (let r = 0; r < 100; r++) {
      const order = Array.from({ length: p.n }, (_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rng.uniform() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const allow = Uint8Array.from({ length: p.n }, () => (rng.uniform() < 0.5 ? 1 : 0));
      const phases = constructPlan(p, order, allow);
      expectValidPlan(p, phases);
      bestRestart = Math.max(bestRestart, planValue(p, phases));
    }
    expect(heuristic.gap).toBeGreaterThanOrEqual(0);
    expect(heuristic.gap).toBeLessThan(1);
    expect(bestRestart - heuristic.objective).toBeLessThanOrEqual(heuristic.gap * heuristic.upperBound + 1e-6);
  });
});

const demo = () => JSON.parse(readFileSync('fixtures/demo.json', 'utf8'));

describe('portfolio simulation', () => {
  it('shifting a scenario by k months shifts its cash flows by exactly k months', () => {
    const p = normalizeProposal(JSON.parse(readFileSync('fixtures/hand-checked.json', 'utf8')));
    const set = new VariableSet(p);
    const H = p.horizonMonths;
    for (const scenario of p.scenarios) {
      const flows = (start: number) => {
        const sink: FlowSink = { benefit: new Float64Array(4 * (H + 1)), cost: new Float64Array(4 * (H + 1)) };
        const out = allocateTrials(4, H, scenario.benefits.length, 4);
        forEachBlock(p, set, { trials: 4, seed: 1 }, (cols, n) => new ScenarioModel(p, scenario, set, 4, { startMonth: start }).evaluateBlock(cols, n, 0, out, sink));
        return Array.from({ length: H + 1 }, (_, m) => sink.benefit[m] - sink.cost[m]);
      };
      const base = flows(0);
      for (const k of [1, 5, 9]) {
        const shifted = flows(k);
        for (let m = 0; m < k; m++) expect(shifted[m]).toBe(0);
        for (let m = 0; m + k <= H; m++) expect(shifted[m + k]).toBeCloseTo(base[m], 9);
      }
    }
  });

  it('a shared component is paid exactly once in every trial', () => {
    const p = normalizeProposal({
      customer: { name: 'component' },
      horizonMonths: 36,
      roadmap: { capacity: 1, phaseBudget: { min: 0, max: 2_000_000 }, sharedComponents: [{ id: 'gpu', name: 'GPU cluster', cost: { min: 100_000, mode: 200_000, max: 300_000 }, usedBy: ['a', 'b'] }] },
      scenarios: ['a', 'b'].map((id) => ({
        id,
        name: id,
        implementationMonths: 3,
        adoption: { curve: 'none' },
        benefits: [{ kind: 'custom', quantityPerMonth: 100, unitValue: 2000 }],
        costs: [{ kind: 'oneOff', amount: 400_000, timing: 'upfront' }],
      })),
    });
    const set = new VariableSet(p);
    const outcome = plan(p, set, { trials: 5000, seed: 3 });
    expect(outcome.roadmap.phases.map((ph) => ph.items.length)).toEqual([1, 1]); // capacity 1: two phases
    // Fixed item costs: each trial's programme spend minus 800,000 is one draw of the component.
    const cost = Float64Array.from(outcome.portfolio.investment, (x) => x - 800_000);
    for (const c of cost) {
      expect(c).toBeGreaterThanOrEqual(100_000);
      expect(c).toBeLessThanOrEqual(300_000);
    }
    // The first phase pays it, the second does not.
    expect(outcome.roadmap.phases[0].components.map((c) => c.id)).toEqual(['gpu']);
    expect(outcome.roadmap.phases[1].components).toEqual([]);
    expect(outcome.roadmap.phases[1].spend.sd).toBe(0);
  });

  it('the portfolio mean NPV equals the sum of the scheduled scenarios’ mean NPVs at their start offsets', () => {
    const p = normalizeProposal(demo());
    const set = new VariableSet(p);
    const options = { trials: 8192 * 2, seed: 11 };
    const outcome = plan(p, set, options);
    // Each scheduled item simulated on its own, at its offset, over the same trials.
    let sum = 0;
    for (const s of outcome.scheduled) {
      const out = allocateTrials(8192, p.horizonMonths, s.item.scenario.benefits.length, 8192);
      const model = new ScenarioModel(p, s.item.scenario, set, 8192, { startMonth: s.start, share: s.item.share });
      forEachBlock(p, set, options, (cols, n) => {
        model.evaluateBlock(cols, n, 0, out);
        for (let i = 0; i < n; i++) sum += out.npv[i];
      });
    }
    const itemsMean = sum / options.trials;
    const componentsMean = outcome.portfolio.componentPvSum / options.trials;
    const portfolioMean = outcome.portfolio.npv.reduce((a, b) => a + b, 0) / options.trials;
    expect(Math.abs(portfolioMean - (itemsMean - componentsMean))).toBeLessThan(1e-9 * Math.abs(portfolioMean));
  });

  it('reports the programme payback within 12/24/36 months and a rationale per phase', () => {
    const p = normalizeProposal(demo());
    const outcome = plan(p, new VariableSet(p), { trials: 8192, seed: 2 });
    const r = outcome.roadmap;
    expect(Object.keys(r.portfolio.paybackMonths.probWithin)).toEqual(['12', '24', '36']);
    const w = r.portfolio.paybackMonths.probWithin;
    expect(w['12']!).toBeLessThanOrEqual(w['24']!);
    expect(w['24']!).toBeLessThanOrEqual(w['36']!);
    for (const ph of r.phases) {
      expect(ph.rationaleParts.map((part) => part.code)).toContain('fitsBudget');
      expect(ph.gates.capacity.pass && ph.gates.length.pass).toBe(true);
    }
    // The platform's assistants come after the platform's first stage.
    const phaseOf = (key: string) => r.phases.find((ph) => ph.items.some((it) => it.key === key))?.index;
    expect(phaseOf('remote-banking-assistant')!).toBeGreaterThan(phaseOf('enterprise-knowledge-platform/foundation')!);
  });
});

describe('infeasible roadmaps', () => {
  it('an item larger than any phase budget with no stages is an error naming it', () => {
    const raw = demo();
    delete raw.scenarios.find((s: { id: string }) => s.id === 'enterprise-knowledge-platform').stages;
    const p = normalizeProposal(raw);
    try {
      plan(p, new VariableSet(p), { trials: 4000, seed: 1 });
      expect.unreachable('plan should have failed');
    } catch (e) {
      expect(e).toBeInstanceOf(ClosedloopError);
      const err = e as ClosedloopError;
      expect(err.code).toBe('INFEASIBLE_ROADMAP');
      expect(err.problems.map((x) => x.path)).toContain('scenarios[6]');
      expect(err.message).toMatch(/enterprise-knowledge-platform: .*(budget ceiling|phase)/);
    }
  });
});
