import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RandomProblem, randomSearchProblem } from '../../bench/search-instances.js';
import { ClosedloopError } from '../../engine/errors.js';
import { type FlowSink, ScenarioModel, allocateTrials } from '../../engine/model/scenario-model.js';
import { searchDynamicProgramme } from '../../engine/planner/dynamic-programme.js';
import { type LpSolver, searchMilp } from '../../engine/planner/milp.js';
import { plan } from '../../engine/planner/plan.js';
import { type PlannedPhase, type SearchProblem, planValue, search } from '../../engine/planner/search.js';
import { forEachBlock } from '../../engine/model/simulate.js';
import { VariableSet } from '../../engine/sampling/variables.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

let solver: LpSolver;
beforeAll(async () => {
  const load = (await import('highs')).default as unknown as () => Promise<{ solve: LpSolver }>;
  const highs = await load();
  solver = (lp, options) => highs.solve(lp, options);
});

/** Share of the problem's rows whose summed spend over items and components lies in [lo, hi]. */
function rowShare(p: RandomProblem, items: readonly number[], comps: readonly number[], lo: number, hi: number): number {
  let hits = 0;
  for (let r = 0; r < p.rows; r++) {
    let s = 0;
    for (const i of items) s += p.spend[i][r];
    for (const c of comps) s += p.componentSpend[c][r];
    if (s >= lo && s <= hi) hits++;
  }
  return hits / p.rows;
}

/** Whether one more phase `s` may start at t after `done` (earlier phases), by the rules, from the raw rows. */
function phaseAllowed(p: RandomProblem, s: readonly number[], done: readonly number[], paid: ReadonlySet<number>, t: number): boolean {
  const prefix = p.prefix?.items ?? [];
  if (s.length === 0 || s.length > p.capacity || t >= p.horizon) return false;
  const before = new Set([...prefix, ...done]);
  for (const i of s) {
    const req = p.requires[i];
    if (req === null || before.has(i) || !req.every((r) => before.has(r))) return false;
  }
  if (Math.max(p.phaseMonths.min, ...s.map((i) => p.duration[i])) > p.phaseMonths.max) return false;
  const all = [...before, ...s];
  for (const i of all)
    for (const j of all) {
      const a = p.exclusiveOption[i];
      const b = p.exclusiveOption[j];
      if (a && b && a.group === b.group && a.option !== b.option) return false;
    }
  const fresh = [...new Set(s.flatMap((i) => p.componentsOf[i]))].filter((c) => !paid.has(c));
  if (rowShare(p, s, fresh, p.band.min, p.band.max) < p.confidence) return false;
  return p.cap === null || rowShare(p, all, [...new Set(all.flatMap((i) => p.componentsOf[i]))], -Infinity, p.cap) >= p.confidence;
}

/** Brute force: every sequence of feasible phases, without memo or pruning, value recomputed from the raw data. */
function bruteForce(p: RandomProblem): number {
  let best = 0;
  const prefix = p.prefix?.items ?? [];
  const walk = (done: number[], paid: Set<number>, t: number, value: number) => {
    best = Math.max(best, value);
    if (t >= p.horizon) return;
    const free = Array.from({ length: p.n }, (_, i) => i).filter((i) => !done.includes(i) && !prefix.includes(i));
    for (let mask = 1; mask < 1 << free.length; mask++) {
      const s = free.filter((_, k) => mask & (1 << k));
      if (!phaseAllowed(p, s, done, paid, t)) continue;
      const fresh = [...new Set(s.flatMap((i) => p.componentsOf[i]))].filter((c) => !paid.has(c));
      const v = s.reduce((a, i) => a + p.expectedNpv[i][t], 0) - fresh.reduce((a, c) => a + p.componentPv(c, t), 0);
      const length = Math.max(p.phaseMonths.min, ...s.map((i) => p.duration[i]));
      walk([...done, ...s], new Set([...paid, ...fresh]), t + length, value + v);
    }
  };
  walk([], new Set(prefix.flatMap((i) => p.componentsOf[i])), p.prefix?.nextStart ?? 0, 0);
  return best;
}

/** Checks every rule of a plan with code of its own, and returns its value from the raw data. */
function checkPlan(p: RandomProblem, phases: readonly PlannedPhase[]): number {
  const done: number[] = [];
  const paid = new Set((p.prefix?.items ?? []).flatMap((i) => p.componentsOf[i]));
  let t = p.prefix?.nextStart ?? 0;
  let value = 0;
  for (const ph of phases) {
    expect(ph.start).toBe(t);
    expect(ph.start).toBeLessThan(p.horizon);
    expect([...ph.items].sort((a, b) => a - b)).toEqual(ph.items);
    expect(ph.length).toBe(Math.max(p.phaseMonths.min, ...ph.items.map((i) => p.duration[i])));
    expect(phaseAllowed(p, ph.items, done, paid, ph.start)).toBe(true);
    const fresh = [...new Set(ph.items.flatMap((i) => p.componentsOf[i]))].filter((c) => !paid.has(c));
    value += ph.items.reduce((a, i) => a + p.expectedNpv[i][ph.start], 0) - fresh.reduce((a, c) => a + p.componentPv(c, ph.start), 0);
    done.push(...ph.items);
    for (const c of fresh) paid.add(c);
    t += ph.length;
  }
  expect(new Set(done).size).toBe(done.length);
  return value;
}

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

describe('planner search', () => {
  it('the dynamic programme equals a brute-force enumeration on 300 seeded adversarial instances of up to 6 items', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const p = randomSearchProblem(seed, 1 + (seed % 6));
      const dp = searchDynamicProgramme(p)!;
      close(dp.objective, bruteForce(p));
      close(checkPlan(p, dp.phases), dp.objective);
      expect(dp.proven).toBe(true);
    }
  });

  it('the MILP and the dynamic programme agree on 120 seeded adversarial instances of 3-10 items', () => {
    for (let seed = 1; seed <= 120; seed++) {
      const p = randomSearchProblem(5000 + seed, 3 + (seed % 8));
      const dp = searchDynamicProgramme(p)!;
      const milp = searchMilp(p, solver);
      expect(milp.method).toBe('milp');
      expect(milp.proven).toBe(true);
      close(milp.objective, dp.objective);
      close(checkPlan(p, milp.phases), milp.objective);
      close(checkPlan(p, dp.phases), dp.objective);
    }
  });

  it('long phases in short horizons (H 12/18/24): no state past the horizon aliases a real one', () => {
    for (const horizon of [12, 18, 24])
      for (let seed = 1; seed <= 25; seed++) {
        const p = randomSearchProblem(horizon * 1000 + seed, 5 + (seed % 3), { horizon: [horizon, horizon], phaseMin: [2, 4], phaseMax: 12, capacity: [1, 2], prefix: 0 });
        const dp = searchDynamicProgramme(p)!;
        close(dp.objective, bruteForce(p));
        close(checkPlan(p, dp.phases), dp.objective);
      }
  });

  it('a platform enabling five assistants (7 items, H 24): every item once, every phase before the horizon', () => {
    const p = randomSearchProblem(77, 7, { horizon: [24, 24], phaseMin: [6, 6], phaseMax: 12, capacity: [2, 2], alternatives: 0, prefix: 0, programmeCap: 0 });
    p.requires = [[], [0], [0], [0], [0], [0], []];
    p.duration = [9, 6, 8, 6, 7, 6, 11];
    p.expectedNpv = p.expectedNpv.map((_, i) => Float64Array.from({ length: 25 }, (_, t) => (i === 0 ? -400 : 900 - 20 * t)));
    p.phaseSpendOk = () => true;
    for (const result of [searchDynamicProgramme(p)!, searchMilp(p, solver)]) {
      const items = result.phases.flatMap((ph) => ph.items);
      expect(new Set(items).size).toBe(items.length);
      for (const ph of result.phases) expect(ph.start).toBeLessThan(24);
      expect(Number.isFinite(result.objective)).toBe(true);
      close(planValue(p, result.phases), result.objective);
      close(result.objective, bruteForce(p));
    }
  });

  it('alternatives: the plan holds one option of a group, and is the best over the options taken alone', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const p = randomSearchProblem(9000 + seed, 6, { alternatives: 1, prefix: 0 });
      p.exclusiveOption = p.exclusiveOption.map((_, i) => (i < 4 ? { group: 0, option: i % 2 } : null));
      const result = searchDynamicProgramme(p)!;
      const options = new Set(result.phases.flatMap((ph) => ph.items).filter((i) => i < 4).map((i) => i % 2));
      expect(options.size).toBeLessThanOrEqual(1);
      // Independently: each option with the other's items removed, no alternatives at all.
      const alone = [0, 1].map((o) => searchDynamicProgramme({ ...p, exclusiveOption: p.exclusiveOption.map(() => null), requires: p.requires.map((r, i) => (i < 4 && i % 2 !== o ? null : r)) })!.objective);
      close(result.objective, Math.max(...alone));
      close(searchMilp(p, solver).objective, result.objective);
    }
  });

  it('a prefix: its items are never scheduled again, the plan starts at nextStart, nothing starts past the horizon', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const p = randomSearchProblem(12000 + seed, 6, { prefix: 1 });
      p.prefix = { items: [0, 1].filter((i) => p.requires[i] !== null && p.requires[i]!.every((r) => r < i)), nextStart: seed % 7 === 0 ? p.horizon : seed % 9 };
      if (p.prefix.items.includes(1) && !p.prefix.items.includes(0) && p.requires[1]!.includes(0)) p.prefix.items = [];
      p.exclusiveOption = p.exclusiveOption.map(() => null);
      const result = searchDynamicProgramme(p)!;
      for (const ph of result.phases) for (const i of ph.items) expect(p.prefix.items).not.toContain(i);
      if (p.prefix.nextStart >= p.horizon) expect(result.phases).toEqual([]);
      else if (result.phases.length) expect(result.phases[0].start).toBe(p.prefix.nextStart);
      close(result.objective, bruteForce(p));
      close(checkPlan(p, result.phases), result.objective);
      close(searchMilp(p, solver).objective, result.objective);
    }
  });

  it('20 items: the MILP proves its plan optimal; 40 items: its bound is above every plan it checks', () => {
    const p20 = randomSearchProblem(20_20, 20, { horizon: [36, 36], phaseMin: [3, 3], phaseMax: 6 });
    const r20 = searchMilp(p20, solver);
    expect(r20.proven).toBe(true);
    expect(r20.gap).toBe(0);
    close(checkPlan(p20, r20.phases), r20.objective);
    const p40 = randomSearchProblem(40_40, 40, { horizon: [36, 36], phaseMin: [3, 3], phaseMax: 6 });
    const r40 = searchMilp(p40, solver);
    close(checkPlan(p40, r40.phases), r40.objective);
    expect(r40.upperBound).toBeGreaterThanOrEqual(r40.objective);
    expect(r40.gap).toBe(r40.proven ? 0 : (r40.upperBound - r40.objective) / Math.abs(r40.upperBound));
  });

  it('a phase floor of 0 months is an internal error, not an endless search', () => {
    const p: SearchProblem = { ...randomSearchProblem(1, 4), phaseMonths: { min: 0, max: 6 } };
    expect(() => search(p, 1)).toThrow(ClosedloopError);
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
