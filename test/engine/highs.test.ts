import { describe, expect, it } from 'vitest';
import { solveLp } from '../../engine/planner/highs.js';
import { createRng } from '../../engine/sampling/rng.js';

/** A 0/1 knapsack in LP format, and its optimum by enumerating every subset (the independent answer). */
function knapsack(seed: number, n: number) {
  const rng = createRng(seed);
  const value = Array.from({ length: n }, () => 1 + Math.floor(rng.uniform() * 100));
  const weight = Array.from({ length: n }, () => 1 + Math.floor(rng.uniform() * 50));
  const cap = Math.floor(weight.reduce((a, b) => a + b, 0) / 2);
  const lp = [
    'Maximize',
    ` obj: ${value.map((v, i) => `${v} x${i}`).join(' + ')}`,
    'Subject To',
    ` cap: ${weight.map((w, i) => `${w} x${i}`).join(' + ')} <= ${cap}`,
    'Binary',
    ` ${value.map((_, i) => `x${i}`).join(' ')}`,
    'End',
  ].join('\n');
  let best = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    let v = 0;
    let w = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) (v += value[i]), (w += weight[i]);
    if (w <= cap) best = Math.max(best, v);
  }
  return { lp, best };
}

describe('HiGHS, called synchronously', () => {
  it('solves seeded knapsacks to the optimum found by enumeration, one call after another', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { lp, best } = knapsack(seed, 12);
      const solution = solveLp(lp, { output_flag: false });
      expect(solution.Status).toBe('Optimal');
      expect(solution.ObjectiveValue).toBeCloseTo(best, 9);
    }
  });

  it('says when a model is infeasible', () => {
    const solution = solveLp('Maximize\n obj: x\nSubject To\n a: x >= 3\n b: x <= 2\nEnd', { output_flag: false });
    expect(solution.Status).toBe('Infeasible');
  });

  it('throws, naming HiGHS, when the solver rejects the call', () => {
    expect(() => solveLp('Maximize\n obj: x\nEnd', { no_such_option: 1 })).toThrow(/HiGHS/);
  });
});
