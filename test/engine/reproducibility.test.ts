import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/analyze.js';
import { correlationGroups } from '../../engine/sampling/correlation.js';
import { VariableSet, sampleBlock } from '../../engine/sampling/variables.js';
import { spearman } from '../../engine/metrics/statistics.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

const demo = JSON.parse(readFileSync('fixtures/demo.json', 'utf8'));

describe('reproducibility (DESIGN §5)', () => {
  it('same proposal, seed, trials and sampler give byte-identical Report JSON apart from createdAt', () => {
    const p = normalizeProposal(demo);
    const a = JSON.stringify(analyze(p, { trials: 3000, seed: 11, createdAt: '2026-01-01T00:00:00Z' }));
    const b = JSON.stringify(analyze(normalizeProposal(structuredClone(demo)), { trials: 3000, seed: 11, createdAt: '2026-01-01T00:00:00Z' }));
    expect(a).toBe(b);
    const c = JSON.stringify(analyze(p, { trials: 3000, seed: 12, createdAt: '2026-01-01T00:00:00Z' }));
    expect(c).not.toBe(a);
  });

  it('a scenario’s results do not depend on the order of the scenarios', () => {
    const forward = analyze(normalizeProposal(demo), { trials: 2000, seed: 5 });
    const reversed = analyze(normalizeProposal({ ...demo, scenarios: [...demo.scenarios].reverse() }), { trials: 2000, seed: 5 });
    for (const s of forward.scenarios) {
      const r = reversed.scenarios.find((x) => x.id === s.id)!;
      expect(r.npv).toEqual(s.npv);
      expect(r.paybackMonths).toEqual(s.paybackMonths);
      expect(r.rank).toBe(s.rank);
    }
  });

  it('a run spanning several blocks gives the same trials whatever the total (blocks are independent substreams)', () => {
    const p = normalizeProposal(demo);
    const small = analyze(p, { trials: 8192, seed: 9 });
    const large = analyze(p, { trials: 8192 * 2, seed: 9 });
    // The first block is shared, so the minimum over the larger run can only be lower or equal.
    for (const s of small.scenarios) {
      const l = large.scenarios.find((x) => x.id === s.id)!;
      expect(l.npv.min!).toBeLessThanOrEqual(s.npv.min!);
      expect(l.npv.max!).toBeGreaterThanOrEqual(s.npv.max!);
    }
  });
});

describe('correlated inputs in a proposal', () => {
  it('sampled columns reach the requested Spearman correlation (0.7 within 0.02 at 50k)', () => {
    const p = normalizeProposal({
      customer: { name: 'c' },
      assumptions: {
        volume: { dist: 'triangular', min: 800, mode: 1200, max: 2000 },
        price: { p5: 10, p95: 40 },
      },
      correlations: [{ between: ['volume', 'price'], rho: 0.7 }],
      scenarios: [{ id: 's', name: 's', benefits: [{ kind: 'custom', quantityPerMonth: { ref: 'volume' }, unitValue: { ref: 'price' } }] }],
    });
    const set = new VariableSet(p);
    const { groups, problems } = correlationGroups(p, set);
    expect(problems).toEqual([]);
    const n = 50_000;
    const cols = set.variables.map(() => new Float64Array(n));
    sampleBlock(set, groups, 1, 0, 'lhs', n, new Float64Array(n), cols);
    expect(Math.abs(spearman(cols[0], cols[1]) - 0.7)).toBeLessThan(0.02);
  });
});
