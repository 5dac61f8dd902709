import { describe, expect, it } from 'vitest';
import { ClosedloopError } from '../../engine/errors.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

const minimal = () => ({
  customer: { name: 'c' },
  scenarios: [{ id: 'a', name: 'A', benefits: [{ kind: 'headcount', fte: 1, annualCostPerFte: 100000 }] }],
});

/** The `path: message` lines a proposal is rejected with. */
function problems(raw: unknown): string[] {
  try {
    normalizeProposal(raw);
  } catch (e) {
    if (e instanceof ClosedloopError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

describe('normalizeProposal', () => {
  it('applies the defaults of DESIGN §4 and freezes the result', () => {
    const p = normalizeProposal(minimal());
    expect(p.currency).toBe('CNY');
    expect(p.horizonMonths).toBe(60);
    expect(p.policy).toMatchObject({ paybackMonths: 12, considerMonths: 60, confidence: 0.8, budget: { min: 500000, max: 2000000 }, phaseMonths: { min: 3, max: 6 }, rankBy: 'verdict', floors: 'advise' });
    expect(p.scenarios[0].adoption).toMatchObject({ curve: 'linear', rampMonths: 6 });
    expect(Object.isFrozen(p.scenarios[0].benefits[0])).toBe(true);
  });

  it('hashes the normalised content: key order does not matter, values do', () => {
    const a = normalizeProposal(minimal()).inputHash;
    const reordered = { scenarios: minimal().scenarios, customer: { name: 'c' } };
    expect(normalizeProposal(reordered).inputHash).toBe(a);
    const changed = minimal();
    changed.scenarios[0].benefits[0].fte = 2;
    expect(normalizeProposal(changed).inputHash).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fills a scenario from its template, keeping the fields it gives', () => {
    const p = normalizeProposal({ customer: { name: 'c' }, scenarios: [{ template: 'om-design-review', id: 'mine', name: 'Mine', implementationMonths: 4 }] });
    expect(p.scenarios[0].id).toBe('mine');
    expect(p.scenarios[0].implementationMonths).toBe(4);
    expect(p.scenarios[0].benefits.length).toBeGreaterThan(0);
  });

  it('rejects a dependency cycle, naming it', () => {
    const raw = minimal();
    raw.scenarios = [
      { ...raw.scenarios[0], id: 'a', requires: ['b'] } as never,
      { ...raw.scenarios[0], id: 'b', requires: ['a'] } as never,
    ];
    expect(problems(raw)).toEqual(['scenarios[a].requires: dependency cycle: a → b → a']);
  });

  it('checks a shared assumption against the domain of each field that refers to it', () => {
    const raw = { ...minimal(), assumptions: { fte: { dist: 'normal', mean: 1, sd: 2 } } };
    raw.scenarios[0].benefits[0].fte = { ref: 'fte' } as never;
    expect(problems(raw)).toEqual([expect.stringMatching(/^scenarios\[a\]\.benefits\[0\]\.fte: the assumption "fte" does not fit here: it must be ≥ 0/)]);
    const clamped = { ...raw, assumptions: { fte: { dist: 'normal', mean: 1, sd: 2, clamp: [0, 5] } } };
    expect(problems(clamped)).toEqual([]);
  });

  it('names an assumption by its key only', () => {
    const raw = { ...minimal(), assumptions: { rate: { min: 1, mode: 2, max: 3, name: 'other' } } };
    expect(problems(raw)).toEqual(['assumptions.rate.name: an assumption is named by its key (rate); remove "name" or make it "rate"']);
  });
});
