/**
 * Re-planning after a pilot (issue 13, "Re-plan"): plan() with a fixed prefix
 * keeps the started phases exactly and plans the rest; on the same trials the
 * whole plan is as good as the original one (its tail is optimal given the
 * prefix), and when the posterior changes an item's value a later phase may change.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plan } from '../../engine/planner/plan.js';
import { replanRemaining, startedPhases } from '../../engine/tracking/replan.js';
import { VariableSet } from '../../engine/sampling/variables.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

const proposal = normalizeProposal(JSON.parse(readFileSync('fixtures/demo.json', 'utf8')));
const set = new VariableSet(proposal);
const settings = { trials: 4096, seed: 3, sampler: 'lhs' as const };
const original = plan(proposal, set, settings);
const asOf = original.roadmap.phases[2].startMonth; // phases 1 and 2 have started, phase 3 not yet
const shape = (phases: typeof original.roadmap.phases) => phases.map((ph) => ({ items: ph.items.map((i) => i.key), start: ph.startMonth, end: ph.endMonth }));

describe('re-planning with started phases fixed', () => {
  it('keeps the started phases as they were and, on the same trials, plans a rest as good as the original', () => {
    const started = startedPhases(original.roadmap, asOf);
    expect(started.map((ph) => ph.index)).toEqual([1, 2]);
    const again = plan(proposal, set, { ...settings, fixedPrefix: started });
    expect(shape(again.roadmap.phases.slice(0, 2))).toEqual(shape(started));
    // Later phases start where the started ones end, back to back, before the horizon.
    const rest = again.roadmap.phases.slice(2);
    rest.forEach((ph, k) => expect(ph.startMonth).toBe(k === 0 ? started[1].endMonth : rest[k - 1].endMonth));
    // Each item once; the delivered ones never again.
    const keys = again.roadmap.phases.flatMap((ph) => ph.items.map((i) => i.key));
    expect(new Set(keys).size).toBe(keys.length);
    // The prefix's value plus the re-planned rest's objective is the original optimum (the original tail is one candidate rest).
    const prefixValue = started.reduce(
      (a, ph) => a + ph.items.reduce((x, i) => x + i.expectedNpv, 0) - ph.components.reduce((x, c) => x + c.expectedCost * original.data.discount[ph.startMonth], 0),
      0,
    );
    expect(prefixValue + again.roadmap.search.objective).toBeCloseTo(original.roadmap.search.objective, 4);
    // Delivered items carry no marginal value; unscheduled lists none of them.
    for (const ph of again.roadmap.phases.slice(0, 2)) for (const it of ph.items) expect(it.marginalValue).toBeNull();
    expect(again.roadmap.unscheduled.map((u) => u.key)).not.toEqual(expect.arrayContaining(started[0].items.map((i) => i.key)));
    // The programme is simulated over the kept phases and the new ones.
    expect(again.portfolio.phaseSpend.length).toBe(again.roadmap.phases.length);
  });

  it('a posterior that takes an item\'s value away changes a later phase, never a started one', () => {
    const bank = 'remote-banking-assistant';
    expect(original.roadmap.phases.slice(2).some((ph) => ph.items.some((i) => i.scenarioId === bank))).toBe(true);
    // The pilot "measured" no volume for the banking assistant: its benefit volumes and FTE are 0 in every posterior draw.
    const zeroed = set.variables.flatMap((v, i) => (v.scenarioId === bank && /^benefits\[\d\]\.(volumePerMonth|fte)$/.test(v.key.slice(bank.length + 1)) ? [i] : []));
    expect(zeroed.length).toBe(3);
    const posterior = { transformBlock: (columns: Float64Array[], n: number) => zeroed.forEach((v) => columns[v].fill(0, 0, n)) };
    const replanned = replanRemaining(proposal, set, posterior, original.roadmap, asOf, settings)!;
    expect(shape(replanned.phases.slice(0, 2))).toEqual(shape(original.roadmap.phases.slice(0, 2)));
    const planned = replanned.phases.flatMap((ph) => ph.items.map((i) => i.scenarioId));
    expect(planned).not.toContain(bank);
    expect(replanned.unscheduled.find((u) => u.scenarioId === bank)!.reason.code).toBe('not-positive');
  });

  it('without a roadmap there is nothing to re-plan', () => {
    expect(replanRemaining(proposal, set, { transformBlock: () => {} }, undefined, asOf, settings)).toBeNull();
  });
});
