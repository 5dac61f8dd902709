import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClosedloopError } from '../../engine/errors.js';
import { simulate } from '../../engine/model/simulate.js';
import { spearman } from '../../engine/metrics/statistics.js';
import { normalizeProposal } from '../../scenarios/normalize.js';
import { run as runCli } from '../cli/run-cli.js';
import { run } from './decision-fixtures.js';

/**
 * Alternatives (issue 10, item 4): mutually exclusive variants of one use case,
 * compared fairly on common random numbers and shown once.
 */

/** A document-review use case; `costs` and `benefits` let a variant differ. */
function variant(id: string, over: Record<string, unknown> = {}) {
  return {
    id,
    name: id,
    implementationMonths: { min: 3, mode: 4, max: 6 },
    adoption: { curve: 'linear', rampMonths: { min: 1, mode: 3, max: 6 } },
    benefits: [
      { kind: 'timeSavings', label: 'review hours', volumePerMonth: { min: 200, mode: 300, max: 500 }, minutesSaved: { min: 30, mode: 60, max: 120 }, costPerHour: { min: 80, mode: 110, max: 150 } },
      { kind: 'errorReduction', label: 'flaws caught', volumePerMonth: { min: 200, mode: 300, max: 500 }, errorRate: { min: 0.01, mode: 0.03, max: 0.08 }, reduction: { min: 0.3, mode: 0.5, max: 0.8 }, costPerError: { p5: 2000, p95: 40_000 } },
    ],
    costs: [
      { kind: 'oneOff', label: 'implementation', amount: { min: 400_000, mode: 600_000, max: 900_000 } },
      { kind: 'recurring', label: 'operations', monthly: { min: 8000, mode: 12_000, max: 20_000 } },
    ],
    ...over,
  };
}

function proposal(scenarios: object[], extra: Record<string, unknown> = {}) {
  return { customer: { name: 'alternatives' }, horizonMonths: 36, scenarios, ...extra };
}

const group = (options: string[], id = 'review') => ({ alternatives: [{ id, name: 'Document review', options }] });

describe('common random numbers within a group of alternatives', () => {
  const identical = proposal([variant('private'), variant('public')], group(['private', 'public']));

  it('two options with identical inputs have identical per-trial NPVs, reported as a tie', () => {
    const sim = simulate(normalizeProposal(identical), { trials: 10_000, seed: 1 });
    expect(Array.from(sim.byScenario.get('public')!.npv)).toEqual(Array.from(sim.byScenario.get('private')!.npv));
    const r = run(identical, 10_000, 1);
    const g = r.ranking.groups![0];
    expect(g).toMatchObject({ id: 'review', best: 'private', beats: { private: { public: 0 }, public: { private: 0 } }, ties: { private: { public: 1 } } });
    expect(r.ranking.pairwise.public.private).toBe(0);
  });

  it('without the group the same two scenarios draw independently and split about 50/50 on noise', () => {
    const r = run(proposal([variant('private'), variant('public')]), 10_000, 1);
    const p = r.ranking.pairwise.public.private;
    // Two independent draws of one distribution: P(A > B) = 1/2, binomial sd √(0.25/n).
    expect(Math.abs(p - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / 10_000));
  });

  it('value of information on the choice that remains is 0 for identical options, within the stated noise floor', () => {
    const voi = run(identical, 10_000, 1).valueOfInformation.alternatives!.review;
    expect(voi.options).toEqual(['private', 'public']);
    expect(voi.evpi).toBe(0);
    for (const v of Object.values(voi.evppi)) expect(v).toBeLessThanOrEqual(voi.noiseFloor);
  });

  it('the first option keeps its own draws: adding the group leaves its results unchanged', () => {
    const withGroup = simulate(normalizeProposal(identical), { trials: 4096, seed: 2 }).byScenario.get('private')!.npv;
    const without = simulate(normalizeProposal(proposal([variant('private'), variant('public')])), { trials: 4096, seed: 2 }).byScenario.get('private')!.npv;
    expect(Array.from(withGroup)).toEqual(Array.from(without));
  });

  it('an input at the same path with a different distribution draws the same random numbers (rank correlation 1)', () => {
    const cheaper = variant('public', { costs: [{ kind: 'oneOff', label: 'integration', amount: { min: 100_000, mode: 150_000, max: 300_000 } }, { kind: 'recurring', label: 'API fees', monthly: { min: 20_000, mode: 30_000, max: 60_000 } }] });
    const sim = simulate(normalizeProposal(proposal([variant('private'), cheaper], group(['private', 'public']))), { trials: 4096, seed: 3 });
    const column = (name: string) => sim.inputs[sim.variables.indexOfName(name)!];
    expect(spearman(column('private.costs[0].amount'), column('public.costs[0].amount'))).toBeCloseTo(1, 12);
    // …and the inputs the two options share outright are equal trial by trial.
    expect(Array.from(column('public.benefits[0].minutesSaved'))).toEqual(Array.from(column('private.benefits[0].minutesSaved')));
  });

  it('the same line (kind and label) at another position, and the same distribution anywhere, are matched too', () => {
    const base = variant('private');
    const reordered = variant('public', { benefits: [base.benefits[1], base.benefits[0]] });
    // hybrid: a logistic ramp whose midpoint has private's ramp distribution (matched by distribution), a fixed implementation.
    const moved = { ...variant('hybrid'), implementationMonths: 4, adoption: { curve: 'logistic', steepness: 1, midpoint: { min: 1, mode: 3, max: 6 } } };
    (moved as Record<string, unknown>).costs = [...base.costs, { kind: 'recurring', label: 'gpu power', monthly: { min: 1, mode: 3, max: 6 } }];
    const p = proposal([base, reordered, moved], group(['private', 'public', 'hybrid']));
    const sim = simulate(normalizeProposal(p), { trials: 2048, seed: 4 });
    expect(Array.from(sim.byScenario.get('public')!.npv)).toEqual(Array.from(sim.byScenario.get('private')!.npv));
    const column = (name: string) => Array.from(sim.inputs[sim.variables.indexOfName(name)!]);
    expect(column('hybrid.adoption.midpoint')).toEqual(column('private.adoption.rampMonths'));
    expect(column('hybrid.benefits[1].costPerError')).toEqual(column('private.benefits[1].costPerError'));
    // A line only hybrid has draws its own numbers.
    expect(column('hybrid.costs[2].monthly')).not.toEqual(column('private.costs[1].monthly'));
  });
});

describe('the group in the ranking, the headline and the recommendation', () => {
  it('ranks its options, names the best, counts the group once and leaves out excluded scenarios', () => {
    const better = variant('public', { costs: [{ kind: 'oneOff', label: 'implementation', amount: { min: 100_000, mode: 150_000, max: 250_000 } }] });
    const other = variant('other', { benefits: [{ kind: 'headcount', fte: { min: 1, mode: 2, max: 3 }, annualCostPerFte: 200_000 }] });
    const excluded = variant('excluded', { costs: [] });
    const raw = proposal([variant('private'), better, other, excluded], { ...group(['private', 'public']), roadmap: { exclude: ['excluded'] } });
    const r = run(raw, 4096, 5);
    const g = r.ranking.groups![0];
    expect(g.best).toBe('public');
    expect(g.options).toEqual(['public', 'private']);
    expect(g.beats.public.private).toBeGreaterThan(0.9);
    expect(g.beats.public.private + g.beats.private.public + g.ties.public.private).toBeCloseTo(1, 12);
    const h = r.recommendation!.headline;
    expect(h.useCases).toBe(2); // the group once, plus "other"; "excluded" left out
    const accepted = (ids: string[]) => ids.some((id) => r.scenarios.find((s) => s.id === id)!.verdict === 'accept');
    expect(h.accepted).toBe(Number(accepted(['public', 'private'])) + Number(accepted(['other'])));
    expect(h.bestNpv?.scenario).not.toBe('excluded');
    expect(r.scenarios.find((s) => s.id === 'excluded')!.npv.p50!).toBeGreaterThan(h.bestNpv!.p50); // no costs: it would have won
  });
});

describe('validating alternatives', () => {
  const problems = (raw: unknown) => {
    try {
      normalizeProposal(raw);
    } catch (e) {
      if (e instanceof ClosedloopError) return e.problems.map((p) => `${p.path}: ${p.message}`);
      throw e;
    }
    return [];
  };

  it('rejects unknown options, repeats, an option in two groups, requirements inside a group and duplicate ids, with their paths', () => {
    const scenarios = [variant('a'), variant('b'), variant('c', { requires: ['a'] })];
    expect(problems(proposal(scenarios, { alternatives: [{ id: 'g', name: 'g', options: ['a', 'nope'] }] }))).toEqual(['alternatives[0].options[1]: no scenario has the id "nope" (known: a, b, c)']);
    expect(problems(proposal(scenarios, { alternatives: [{ id: 'g', name: 'g', options: ['a', 'b', 'a'] }] }))[0]).toMatch(/^alternatives\[0\]\.options\[2\]: "a" is already listed at options\[0\]/);
    expect(problems(proposal(scenarios, { alternatives: [{ id: 'g', name: 'g', options: ['a', 'b'] }, { id: 'h', name: 'h', options: ['b', 'c'] }] }))[0]).toMatch(/^alternatives\[1\]\.options\[0\]: "b" is already an option of the group "g"/);
    expect(problems(proposal(scenarios, { alternatives: [{ id: 'g', name: 'g', options: ['a', 'c'] }] }))[0]).toMatch(/^alternatives\[0\]\.options\[1\]: "c" requires "a", another option of the same group/);
    expect(problems(proposal(scenarios, { alternatives: [{ id: 'g', name: 'g', options: ['a', 'b'] }, { id: 'g', name: 'g2', options: ['c', 'b'] }] }))).toContain('alternatives[1].id: duplicate group id "g" (also alternatives[0])');
    expect(problems(proposal(scenarios, { alternatives: [{ id: 'g', name: 'g', options: ['a'] }] }))[0]).toMatch(/^alternatives\[0\]\.options: .*at least two options/);
  });

  it('warns about options that duplicate a distribution instead of sharing it, and about a group the roadmap never plans', () => {
    const p = normalizeProposal(proposal([variant('a'), variant('b')], { ...group(['a', 'b']), roadmap: { exclude: ['a', 'b'] } }));
    expect(p.warnings?.map((w) => [w.code, w.path])).toEqual([
      ['alternative-duplicates-distribution', 'alternatives[0].options[1]'],
      ['alternative-all-excluded', 'alternatives[0]'],
    ]);
    const inputs = p.warnings![0].params.inputs as { value: string[] };
    expect(inputs.value).toContain('b.benefits[1].costPerError');
    expect(inputs.value).toHaveLength(11); // every uncertain input of b
    // Shared through an assumption, nothing is duplicated.
    const shared = normalizeProposal(proposal([variant('a'), variant('b', { implementationMonths: 5, adoption: { curve: 'none' }, benefits: [{ kind: 'custom', quantityPerMonth: { ref: 'v' }, unitValue: 100 }], costs: [] })], { assumptions: { v: { min: 1, mode: 2, max: 3 } }, ...group(['a', 'b']) }));
    expect(shared.warnings).toBeUndefined();
  });

  it('warnings go into the Report and the CLI prints them on validate and analyze', async () => {
    const raw = proposal([variant('a'), variant('b')], group(['a', 'b']));
    const r = run(raw, 1024, 1);
    expect(r.warnings?.[0]).toMatchObject({ code: 'alternative-duplicates-distribution', path: 'alternatives[0].options[1]' });
    const dir = mkdtempSync(join(tmpdir(), 'closedloop-alternatives-'));
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(raw));
    const validate = await runCli('validate', file);
    expect(validate.code).toBe(0);
    expect(validate.stderr).toMatch(/^warning: alternatives\[0\]\.options\[1\]: b repeats the distributions of a for /m);
    const analyzed = await runCli('analyze', file, '--trials', '1024', '--json', '-');
    expect(analyzed.stderr).toMatch(/warning: alternatives\[0\]\.options\[1\]/);
    expect(JSON.parse(analyzed.stdout).warnings).toHaveLength(1);
  });
});
