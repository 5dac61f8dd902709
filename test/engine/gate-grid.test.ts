/**
 * jointGateGrid (the policy sweep's one pass over the trials) against
 * evaluateGates at every grid point, on adversarial trials: NaN paybacks and
 * costs, values exactly on the limits, budget floors as gates, staged and
 * unstaged scenarios.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGates } from '../../engine/decision/gates.js';
import { jointGateGrid } from '../../engine/decision/gate-grid.js';
import type { StageTrials } from '../../engine/decision/stage-trials.js';
import type { ScenarioTrials } from '../../engine/model/scenario-model.js';
import type { Policy } from '../../engine/model/proposal.js';
import { loadProposal } from '../../scenarios/load.js';

const demo = loadProposal('fixtures/demo.json');
const N = 2_000;
const PAYBACKS = [6, 9, 12, 18, 24, 30, 36];
const BUDGETS = [250_000, 500_000, 1_000_000, 1_500_000, 3_000_000];

/** A seeded LCG, so that the trials are the same at every run. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Draws from a few exact grid values, NaN and uniform values in between. */
function column(next: () => number, grid: readonly number[], lo: number, hi: number): Float64Array {
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const u = next();
    out[i] = u < 0.05 ? NaN : u < 0.35 ? grid[Math.floor(next() * grid.length)] : lo + next() * (hi - lo);
  }
  return out;
}

function trials(seed: number): ScenarioTrials {
  const next = lcg(seed);
  return {
    trials: N,
    payback: column(next, PAYBACKS, 0, 48),
    investment: column(next, BUDGETS, 0, 4_000_000),
    implementationMonths: column(next, [1, 3, 6, 9, 12], 0, 15),
  } as unknown as ScenarioTrials;
}

function stages(seed: number, count: number): StageTrials[] {
  const next = lcg(seed);
  return Array.from({ length: count }, (_, k) => ({ id: `s${k}`, item: `x/s${k}`, cost: column(next, BUDGETS, 0, 2_000_000), months: column(next, [1, 3, 6], 0, 9) }));
}

const policyAt = (policy: Policy, paybackMonths: number, budgetMax: number): Policy => ({ ...policy, paybackMonths, budget: { ...policy.budget, max: budgetMax } });

describe('jointGateGrid', () => {
  for (const floors of ['advise', 'gate'] as const) {
    for (const staged of [0, 1, 3]) {
      it(`equals evaluateGates(...).joint at every pair (floors ${floors}, ${staged} stages)`, () => {
        const policy: Policy = { ...demo.policy, floors, budget: { min: 300_000, max: 1_000_000 }, phaseMonths: { min: 2, max: 9 } };
        const t = trials(7 + staged);
        const s = staged ? stages(100 + staged, staged) : undefined;
        const grid = jointGateGrid(t, policy, PAYBACKS, BUDGETS, s);
        const expected = PAYBACKS.map((p) => BUDGETS.map((b) => evaluateGates(t, policyAt(policy, p, b), s).joint));
        expect(grid).toEqual(expected);
        // Not trivially zero: some pairs pass, and the shares grow along both axes.
        expect(grid[PAYBACKS.length - 1][BUDGETS.length - 1]).toBeGreaterThan(0.01);
        expect(grid[0][0]).toBeLessThan(grid[PAYBACKS.length - 1][BUDGETS.length - 1]);
      });
    }
  }
});
