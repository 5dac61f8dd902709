import { describe, expect, it } from 'vitest';
import { simulate } from '../../engine/model/simulate.js';
import { normalizeProposal } from '../../scenarios/normalize.js';
import { byId, run } from './decision-fixtures.js';
import { issueProposal, scenario } from './recommendation-fixture.js';

/**
 * The one recommendation (issue 10, item 3): the roadmap's first phase when
 * there is one, else the best-ranked scenario that may start first; never an
 * excluded or blocked option.
 */

describe('the recommendation with a roadmap', () => {
  const r = run(issueProposal(), 8192, 11);
  const rec = r.recommendation!;

  it('names the roadmap\'s phase 1 and never the excluded, dependent top scenario', () => {
    expect(r.ranking.order[0]).toBe('om-public'); // the top of the ranking…
    expect(rec.source).toBe('roadmap');
    const phase = r.roadmap!.phases[0];
    expect(rec.items).toEqual(phase.items.map((i) => i.key));
    expect(rec.scenarios).toEqual([...new Set(phase.items.map((i) => i.scenarioId))]);
    expect(rec.months).toEqual({ start: phase.startMonth, end: phase.endMonth });
    expect(rec.scenarios).not.toContain('om-public'); // …is not where to start
    expect(JSON.stringify([rec.scenarios, rec.items, rec.reasons.filter((m) => m.code !== 'recommend-top-excluded'), rec.prerequisites])).not.toContain('om-public');
    expect(rec.reasons.map((m) => m.code)).toContain('recommend-top-excluded');
    expect(rec.reasons.find((m) => m.code === 'recommend-top-excluded')!.params.scenario).toEqual({ type: 'scenario', value: 'om-public' });
  });

  it('lists the shared components phase 1 pays for as what it needs first', () => {
    const paid = r.roadmap!.phases[0].components.map((c) => c.id);
    expect(rec.prerequisites.filter((m) => m.code === 'prerequisite-component').map((m) => m.params.component)).toEqual(paid.map((id) => ({ type: 'component', value: id })));
  });

  it('headline counts leave out the excluded scenario and count the group once', () => {
    // platform, the O&M group (om-private alone is eligible), bot, claims, quality.
    expect(rec.headline.useCases).toBe(5);
    expect(rec.headline.bestNpv?.scenario).not.toBe('om-public');
    const eligible = r.scenarios.filter((s) => s.id !== 'om-public');
    expect(rec.headline.bestNpv?.p50).toBe(Math.max(...eligible.map((s) => s.npv.p50!)));
    const accepted = new Set(eligible.filter((s) => s.verdict === 'accept').map((s) => (s.id.startsWith('om-') ? 'om' : s.id)));
    expect(rec.headline.accepted).toBe(accepted.size);
  });

  it('an enabler shows what it enables', () => {
    const enables = byId(r, 'platform').enables!;
    expect(enables.scenarios).toEqual(['om-public', 'om-private']);
    // Measured by the planner: positive (its dependants pay) and at most the whole plan's value (the plan without it is feasible, ≥ 0).
    expect(enables.marginalValue!).toBeGreaterThan(0);
    expect(enables.marginalValue!).toBeLessThanOrEqual(r.roadmap!.search.objective + 1e-6);
    expect(byId(r, 'bot').enables).toBeUndefined();
  });
});

describe('the recommendation\'s gates, taken together', () => {
  /** One item per phase (capacity 1): phase 1 is one whole scenario. */
  const single = (components: object[]) => ({
    customer: { name: 'one item' },
    horizonMonths: 36,
    scenarios: [scenario('first', 200_000, 1_400_000, { implementationMonths: { min: 3, mode: 4, max: 7 } }), scenario('second', 50_000, 900_000)],
    roadmap: { capacity: 1, sharedComponents: components },
  });

  it('equal the scenario\'s own gates when phase 1 is that scenario alone', () => {
    const r = run(single([]), 4096, 12);
    const rec = r.recommendation!;
    expect(rec.items).toEqual(['first']);
    const s = byId(r, 'first');
    expect(rec.gates).toEqual({ payback: s.gates.payback.probability, budget: s.gates.budget.probability, phase: s.gates.phase.probability, joint: s.gates.joint.probability });
    expect(s.gates.phase.probability).toBeLessThan(1); // 7 months happens: the phase rule is a real chance, not 1
  });

  it('count the shared component in the spend and in the payback, trial by trial', () => {
    const raw = single([{ id: 'gw', name: 'gateway', cost: { min: 200_000, mode: 300_000, max: 500_000 }, usedBy: ['first'] }]);
    const trials = 4096;
    const r = run(raw, trials, 13);
    const rec = r.recommendation!;
    expect(rec.items).toEqual(['first']);
    // Oracle from the plain simulation: the scenario's own trials, the component's draws, the cumulative flows of every trial (the fan keeps all of them up to 20,000 trials).
    const p = normalizeProposal(raw);
    const sim = simulate(p, { trials, seed: 13 });
    const t = sim.byScenario.get('first')!;
    const gw = sim.inputs[sim.variables.indexOfName('component.gw')!];
    const H = p.horizonMonths;
    let budget = 0;
    let payback = 0;
    for (let i = 0; i < trials; i++) {
      if (t.investment[i] + gw[i] <= p.policy.budget.max) budget++;
      // Cumulative cash flow less the component paid at month 0; payback = (m−1) + −cum(m−1)/CF(m) at the first m with cum ≥ 0.
      const cum = (m: number) => t.fan[i * (H + 1) + m] - gw[i];
      let pb = NaN;
      for (let m = 0; m <= H; m++) {
        if (cum(m) >= 0) {
          pb = m === 0 ? 0 : m - 1 + -cum(m - 1) / (cum(m) - cum(m - 1));
          break;
        }
      }
      if (pb <= p.policy.paybackMonths) payback++;
    }
    expect(rec.gates.budget).toBeCloseTo(budget / trials, 12);
    expect(rec.gates.payback).toBeCloseTo(payback / trials, 12);
    expect(rec.gates.budget).toBeLessThan(byId(r, 'first').gates.budget.probability); // the component makes the phase costlier…
    expect(rec.gates.payback).toBeLessThan(byId(r, 'first').gates.payback.probability); // …and later to pay back
    expect(rec.gates.payback).toBeGreaterThan(0.05);
    expect(rec.prerequisites[0]).toMatchObject({ code: 'prerequisite-component', params: { component: { type: 'component', value: 'gw' } } });
  });
});

describe('the recommendation without a roadmap', () => {
  it('is the best-ranked scenario that needs nothing first, and says why the top one is not', () => {
    const raw = issueProposal() as Record<string, unknown>;
    delete raw.roadmap;
    const r = run(raw, 4096, 14);
    const rec = r.recommendation!;
    expect(rec.source).toBe('ranking');
    const first = r.ranking.order.find((id) => !['om-public', 'om-private'].includes(id))!;
    expect(rec.scenarios).toEqual([first]);
    expect(rec.items).toEqual([]);
    expect(rec.months).toBeNull();
    const s = byId(r, first);
    expect(rec.gates.joint).toBe(s.gates.joint.probability);
    expect(rec.reasons.map((m) => m.code)).toEqual(['recommend-best-ranked', 'recommend-top-requires']);
    expect(rec.reasons[1].params).toEqual({ scenario: { type: 'scenario', value: 'om-public' }, requires: { type: 'scenario', value: ['platform'] } });
    expect(rec.headline.useCases).toBe(5); // nothing excluded; the O&M group counts once
  });

  it('is "none" when every scenario is excluded or blocked', () => {
    const raw = {
      customer: { name: 'blocked' },
      scenarios: [scenario('base', 10_000, 500_000), scenario('top', 500_000, 500_000, { requires: ['base'] })],
      roadmap: { exclude: ['base'] },
    };
    const r = run(raw, 1024, 15);
    expect(r.roadmap!.phases).toEqual([]);
    expect(r.recommendation).toMatchObject({ source: 'none', scenarios: [], items: [], reasons: [{ code: 'recommend-none' }] });
    expect(r.recommendation!.headline.useCases).toBe(1);
  });
});
