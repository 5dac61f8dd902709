import { describe, expect, it } from 'vitest';
import { forEachBlock } from '../../engine/model/simulate.js';
import { VariableSet } from '../../engine/sampling/variables.js';
import { MonthlyProbe } from '../../engine/tracking/probe.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

/** Every kind of money the probe splits: growth, an expansion (uncertain factor and cost), maintenance, escalation, compute with a price decline, a late start. */
function proposal() {
  return normalizeProposal({
    customer: { name: 'probe' },
    horizonMonths: 24,
    scenarios: [
      {
        id: 's',
        name: 'Every line',
        implementationMonths: { min: 1, mode: 2, max: 4 },
        adoption: { curve: 'logistic', midpoint: { min: 2, mode: 4, max: 7 }, steepness: 0.8 },
        benefits: [
          { kind: 'custom', label: 'flat', quantityPerMonth: { min: 80, mode: 100, max: 140 }, unitValue: 20 },
          { kind: 'custom', label: 'growing', quantityPerMonth: 50, unitValue: { min: 10, mode: 15, max: 30 }, growthPerYear: 0.1 },
          { kind: 'custom', label: 'expanding', quantityPerMonth: 40, unitValue: 25, expansions: [{ month: 3, factor: { min: 1.2, mode: 1.5, max: 2 }, cost: { min: 2000, mode: 3000, max: 5000 } }] },
        ],
        costs: [
          { kind: 'oneOff', label: 'build', amount: { min: 10_000, mode: 15_000, max: 25_000 }, timing: 'spread' },
          { kind: 'recurring', label: 'run', monthly: { min: 500, mode: 800, max: 1200 }, escalationPerYear: 0.05 },
          { kind: 'compute', label: 'api', volumePerMonth: { min: 100, mode: 200, max: 400 }, tokensPerTask: 2000, pricePer1kTokens: 0.01, priceDeclinePerYear: 0.2 },
          { kind: 'maintenance', label: 'upkeep', rateOfOneOffPerYear: 0.15 },
        ],
      },
    ],
  });
}

describe('MonthlyProbe', () => {
  it("a month's totals are its sides' money bit for bit (what the forecast reads off the totals), and the benefit lines sum to their side", () => {
    const p = proposal();
    const set = new VariableSet(p);
    const s = p.scenarios[0];
    const n = 2048;
    for (const lastMonth of [3, 8]) {
      const probe = new MonthlyProbe(p, s, set, n, lastMonth);
      const M = probe.months;
      forEachBlock(p, set, { trials: n, seed: 11 }, (cols) => {
        const benefit = new Float64Array(n * M);
        const cost = new Float64Array(n * M);
        probe.totals(cols, n, benefit, cost);
        const benefits = new Float64Array(n * M);
        const costs = new Float64Array(n * M);
        probe.side('benefits', cols, n, benefits);
        probe.side('costs', cols, n, costs);
        let mismatches = 0;
        for (let i = 0; i < n * M; i++) if (benefit[i] !== benefits[i] || cost[i] !== costs[i]) mismatches++;
        expect(mismatches).toBe(0);
        expect(Math.max(...cost)).toBeGreaterThan(0);
        expect(Math.max(...benefit)).toBeGreaterThan(0);
        // The benefit lines, each run alone (a zero cost line standing in for the costs), add up to their side.
        const sum = new Float64Array(n * M);
        const one = new Float64Array(n * M);
        for (let l = 0; l < s.benefits.length; l++) {
          probe.line('benefits', l, cols, n, one);
          for (let i = 0; i < n * M; i++) sum[i] += one[i];
        }
        let largest = 0;
        for (let i = 0; i < n * M; i++) largest = Math.max(largest, Math.abs(sum[i] - benefit[i]));
        expect(largest).toBeLessThan(1e-9 * Math.max(...benefit));
      });
    }
  });
});
