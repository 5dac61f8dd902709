/**
 * The roadmap the Report carries (issue 12 parts 3–4, issue 10 alternatives):
 * the planning data of every candidate (enough to recompute the plan's value),
 * each scheduled item's marginal programme value (checked against a brute-force
 * enumeration written here, apart from the planner's search), at most one
 * option of a group of alternatives, and reasons as typed codes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PlannerProblem, plan, withDependants } from '../../engine/planner/plan.js';
import { VariableSet } from '../../engine/sampling/variables.js';
import { normalizeProposal } from '../../scenarios/normalize.js';
import { scenario } from './recommendation-fixture.js';

/** The best objective over every feasible plan (rules 1–9 of docs/methodology.md), by enumeration. */
function bruteForce(p: PlannerProblem): number {
  let best = 0;
  const visit = (done: number[], paid: Set<number>, t: number, value: number) => {
    best = Math.max(best, value);
    if (t >= p.horizon) return;
    const ready = Array.from({ length: p.n }, (_, i) => i).filter((i) => !done.includes(i) && p.requires[i] !== null && p.requires[i]!.every((r) => done.includes(r)));
    for (let mask = 1; mask < 1 << ready.length; mask++) {
      const phase = ready.filter((_, k) => mask & (1 << k));
      if (phase.length > p.capacity) continue;
      const length = Math.max(p.phaseMonths.min, ...phase.map((i) => p.duration[i]));
      if (length > p.phaseMonths.max) continue;
      const fresh = [...new Set(phase.flatMap((i) => p.componentsOf[i]))].filter((c) => !paid.has(c)).sort((a, b) => a - b);
      if (!p.phaseSpendOk(phase, fresh, false) || !p.programmeOk([...done, ...phase])) continue;
      const v = phase.reduce((a, i) => a + p.expectedNpv[i][t], 0) - fresh.reduce((a, c) => a + p.componentPv(c, t), 0);
      visit([...done, ...phase], new Set([...paid, ...fresh]), t + length, value + v);
    }
  };
  visit([], new Set(), 0, 0);
  return best;
}

/** A platform two assistants need, one of them through the other, a bot on its own; capacity 2. */
function platformProposal() {
  return normalizeProposal({
    customer: { name: 'marginal value' },
    horizonMonths: 30,
    scenarios: [
      scenario('platform', 60_000, 900_000),
      scenario('assistant', 450_000, 700_000, { requires: ['platform'] }),
      scenario('second', 250_000, 600_000, { requires: ['assistant'] }),
      scenario('bot', 120_000, 300_000),
      scenario('quality', 90_000, 800_000),
    ],
    roadmap: { capacity: 2, phaseBudget: { min: 0, max: 2_000_000 } },
  });
}

describe('auditable plans', () => {
  const p = platformProposal();
  const outcome = plan(p, new VariableSet(p), { trials: 8192, seed: 3 });
  const r = outcome.roadmap;
  const H = p.horizonMonths;

  it('every candidate carries E[NPV] at each start 0 … H−1, its spend and its duration, and they recompute the plan', () => {
    expect(r.candidates!.map((c) => c.key)).toEqual(['platform', 'assistant', 'second', 'bot', 'quality']);
    const byKey = new Map(r.candidates!.map((c) => [c.key, c]));
    for (const c of r.candidates!) {
      expect(c.expectedNpvByStart).toHaveLength(H);
      expect(c.spend.p50).toBeLessThanOrEqual(c.spend.p80);
      // one-off 0.8–1.3 × its cost (triangular): the spend summary lies within it.
      expect(c.spend.p50).toBeGreaterThan(0);
    }
    expect(byKey.get('second')!.requires).toEqual(['assistant']);
    let value = 0;
    for (const ph of r.phases) {
      for (const it of ph.items) {
        const c = byKey.get(it.key)!;
        expect(it.expectedNpv).toBe(c.expectedNpvByStart[ph.startMonth]);
        expect(it.durationMonths).toBe(c.durationMonths);
        value += c.expectedNpvByStart[ph.startMonth];
      }
    }
    expect(value).toBeCloseTo(r.search.objective, 6); // no shared components here
    expect(r.search.proven).toBe(true);
    expect(r.search.gap).toBe(0);
  });

  it('the marginal programme value of each scheduled item is the optimum minus the optimum without it and what requires it (brute force)', () => {
    const optimum = bruteForce(outcome.problem);
    expect(r.search.objective).toBeCloseTo(optimum, 6);
    const index = new Map(outcome.data.items.map((d, i) => [d.item.key, i]));
    const scheduled = r.phases.flatMap((ph) => ph.items);
    expect(scheduled.length).toBeGreaterThan(2);
    for (const it of scheduled) {
      const gone = new Set(withDependants(outcome.problem, [index.get(it.key)!]));
      const without = bruteForce({ ...outcome.problem, requires: outcome.problem.requires.map((q, i) => (gone.has(i) ? null : q)) });
      expect(it.marginalValue!).toBeCloseTo(optimum - without, 6);
      expect(it.marginalValue!).toBeGreaterThanOrEqual(-1e-6);
    }
    // The platform carries what it enables: its value is at least the assistant's, which needs it.
    const value = (key: string) => scheduled.find((i) => i.key === key)?.marginalValue ?? 0;
    expect(value('platform')).toBeGreaterThanOrEqual(value('assistant') - 1e-6);
    expect(withDependants(outcome.problem, [index.get('platform')!])).toEqual([0, 1, 2]);
  });

  it('phases give their reasons as codes with typed parameters, and unscheduled items too', () => {
    for (const ph of r.phases) {
      expect(ph).not.toHaveProperty('rationale');
      for (const part of ph.rationaleParts) for (const param of Object.values(part.params)) expect(typeof param).toBe('object');
      const fits = ph.rationaleParts.find((m) => m.code === 'fitsBudget')!;
      expect(fits.params.median.type).toBe('money');
      expect(fits.params.probability.type).toBe('probability');
    }
    const builds = r.phases.flatMap((ph) => ph.rationaleParts).find((m) => m.code === 'buildsOn');
    if (builds) expect(builds.params.items.type).toBe('item');
    for (const u of r.unscheduled) expect(typeof u.reason.code).toBe('string');
  });
});

describe('alternatives', () => {
  /** Two variants of one use case, both worth doing, room for both in one phase. */
  const variants = (groups = true) =>
    normalizeProposal({
      customer: { name: 'alternatives' },
      horizonMonths: 36,
      scenarios: [scenario('private', 400_000, 900_000), scenario('public', 420_000, 700_000), scenario('bot', 100_000, 200_000), scenario('staged', 300_000, 800_000, {
        stages: [
          { id: 'pilot', implementationMonths: 3, cost: { min: 200_000, mode: 300_000, max: 400_000 }, benefitShare: 0.4 },
          { id: 'rollout', implementationMonths: 4, cost: { min: 400_000, mode: 500_000, max: 600_000 }, benefitShare: 0.6 },
        ],
      })],
      ...(groups
        ? {
            alternatives: [
              { id: 'review', name: 'Review', options: ['private', 'public'] },
              { id: 'service', name: 'Service', options: ['bot', 'staged'] },
            ],
          }
        : {}),
      roadmap: { capacity: 3, phaseBudget: { min: 0, max: 3_000_000 } },
    });

  it('a group of two variants: the roadmap never holds both, the other is unscheduled as the alternative not taken', () => {
    // Without the groups the plan takes every scenario: the groups are what keeps one option out.
    const free = variants(false);
    const all = plan(free, new VariableSet(free), { trials: 4096, seed: 1 }).roadmap.phases.flatMap((ph) => ph.items.map((i) => i.scenarioId));
    expect(new Set(all)).toEqual(new Set(['private', 'public', 'bot', 'staged']));
    for (const seed of [1, 2, 3]) {
      const p = variants();
      const outcome = plan(p, new VariableSet(p), { trials: 4096, seed });
      const planned = new Set(outcome.roadmap.phases.flatMap((ph) => ph.items.map((i) => i.scenarioId)));
      expect(planned.has('private') && planned.has('public')).toBe(false);
      expect(planned.has('bot') && planned.has('staged')).toBe(false);
      expect(planned.has('private') || planned.has('public')).toBe(true);
      const exclusive = outcome.problem.exclusiveOption;
      expect(exclusive.map((o) => o && [o.group, o.option])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1], [1, 1]]); // both stages of "staged" are one option
      for (const u of outcome.roadmap.unscheduled.filter((x) => ['private', 'public'].includes(x.scenarioId))) {
        expect(u.reason.code).toBe('alternative-chosen');
        expect(u.reason.params.option).toEqual({ type: 'scenario', value: [...planned].find((id) => id === 'private' || id === 'public') });
      }
    }
  });

  it('the demo with a group of alternatives plans one option at most', () => {
    const raw = JSON.parse(readFileSync('fixtures/demo.json', 'utf8'));
    const ids = raw.scenarios.filter((s: { requires?: string[]; stages?: unknown }) => !s.requires?.length && !s.stages).map((s: { id: string }) => s.id).slice(0, 2);
    const before = normalizeProposal(raw);
    const both = plan(before, new VariableSet(before), { trials: 4096, seed: 7 }).roadmap.phases.flatMap((ph) => ph.items.map((i) => i.scenarioId));
    expect(ids.every((id: string) => both.includes(id))).toBe(true);
    raw.alternatives = [{ id: 'pair', name: 'pair', options: ids }];
    const p = normalizeProposal(raw);
    const outcome = plan(p, new VariableSet(p), { trials: 4096, seed: 7 });
    const planned = outcome.roadmap.phases.flatMap((ph) => ph.items.map((i) => i.scenarioId));
    expect(ids.filter((id: string) => planned.includes(id)).length).toBeLessThanOrEqual(1);
  });
});
