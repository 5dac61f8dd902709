/**
 * What counts as a phase's spend (docs/methodology.md, "Roadmap rules"): the
 * one-off cost its items commit to at their start (upfront, GPUs, spread
 * one-offs in full) and the shared components it pays first; an expansion is
 * paid when it happens and is no phase's spend. The planner's chance
 * constraints, the objective and the Report's phase spend agree, and a later
 * start moves every flow unchanged.
 */
import { describe, expect, it } from 'vitest';
import { type FlowSink, ScenarioModel, allocateTrials } from '../../engine/model/scenario-model.js';
import { forEachBlock } from '../../engine/model/simulate.js';
import { plan } from '../../engine/planner/plan.js';
import { VariableSet } from '../../engine/sampling/variables.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

/** Two scenarios, one a phase (capacity 1); "late" has an expansion cost late in the horizon and maintenance on its one-offs. */
function proposal(expansionMonth: number) {
  return normalizeProposal({
    customer: { name: 'expansion' },
    horizonMonths: 36,
    roadmap: { capacity: 1, phaseMonths: { min: 3, max: 6 }, phaseBudget: { min: 0, max: 2_000_000 } },
    scenarios: [
      {
        id: 'first',
        name: 'First',
        implementationMonths: 3,
        adoption: { curve: 'none' },
        benefits: [{ kind: 'custom', quantityPerMonth: 100, unitValue: { min: 1500, mode: 2500, max: 4000 } }],
        costs: [{ kind: 'oneOff', amount: 300_000, timing: 'upfront' }],
      },
      {
        id: 'late',
        name: 'Late',
        implementationMonths: { min: 2, mode: 3, max: 5 },
        adoption: { curve: 'none' },
        benefits: [{ kind: 'custom', quantityPerMonth: 100, unitValue: { min: 800, mode: 1500, max: 2500 }, expansions: [{ month: expansionMonth, factor: 1.5, cost: 500_000 }] }],
        costs: [
          { kind: 'oneOff', amount: { min: 400_000, mode: 600_000, max: 900_000 } },
          { kind: 'maintenance', rateOfOneOffPerYear: 0.2 },
        ],
      },
    ],
  });
}

describe('phase spend', () => {
  it('the planned phase spend equals the reported one trial by trial, and leaves out an expansion paid years later', () => {
    const p = proposal(30);
    const set = new VariableSet(p);
    const outcome = plan(p, set, { trials: 8192, seed: 5 });
    expect(outcome.data.planTrials).toBe(8192); // the plan trials are the run's trials
    const phases = outcome.result.phases;
    expect(phases.length).toBe(2);
    expect(phases[1].start).toBeGreaterThan(0); // the second item starts late: its expansion at 30 falls past the horizon
    phases.forEach((ph, k) => {
      const reported = outcome.portfolio.phaseSpend[k];
      for (let r = 0; r < 8192; r++) {
        const planned = ph.items.reduce((a, i) => a + outcome.data.items[i].investment[r], 0);
        expect(planned).toBe(reported[r]);
      }
    });
    // The "late" item's spend is its one-off (400k–900k), never with the 500k expansion on top.
    const late = outcome.data.items.find((d) => d.item.key === 'late')!;
    for (const x of late.investment) {
      expect(x).toBeGreaterThanOrEqual(400_000);
      expect(x).toBeLessThanOrEqual(900_000);
    }
    // The Report's phase spend is the portfolio's, and the programme's is their sum.
    const mean = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / a.length;
    outcome.roadmap.phases.forEach((ph, k) => expect(ph.spend.mean).toBeCloseTo(mean(outcome.portfolio.phaseSpend[k]), 6));
    expect(outcome.roadmap.portfolio.investment.mean).toBeCloseTo(mean(outcome.portfolio.phaseSpend[0]) + mean(outcome.portfolio.phaseSpend[1]), 4);
  });

  it('the objective is the expected NPV the Report simulates for the plan (same trials)', () => {
    const p = proposal(30);
    const set = new VariableSet(p);
    const outcome = plan(p, set, { trials: 8192, seed: 5 });
    const portfolioMean = outcome.portfolio.npv.reduce((a, b) => a + b, 0) / outcome.portfolio.trials;
    expect(outcome.result.objective).toBeCloseTo(portfolioMean, 3);
  });

  it('a k-month shift moves every flow by k months, with maintenance on an expansion a late start pushes past the horizon', () => {
    for (const expansionMonth of [20, 30, 34]) {
      const p = proposal(expansionMonth);
      const set = new VariableSet(p);
      const H = p.horizonMonths;
      const scenario = p.scenarios[1];
      const n = 64;
      const flows = (start: number) => {
        const sink: FlowSink = { benefit: new Float64Array(n * (H + 1)), cost: new Float64Array(n * (H + 1)) };
        const out = allocateTrials(n, H, scenario.benefits.length, n);
        forEachBlock(p, set, { trials: n, seed: 1 }, (cols, m) => new ScenarioModel(p, scenario, set, n, { startMonth: start }).evaluateBlock(cols, m, 0, out, sink));
        return { sink, commitment: out.commitment };
      };
      const base = flows(0);
      for (const k of [1, 6, 10, 20]) {
        const shifted = flows(k);
        for (let i = 0; i < n; i++) {
          const row = i * (H + 1);
          for (let m = 0; m < k; m++) expect(shifted.sink.cost[row + m] - shifted.sink.benefit[row + m]).toBe(0);
          for (let m = 0; m + k <= H; m++) {
            expect(shifted.sink.benefit[row + m + k]).toBeCloseTo(base.sink.benefit[row + m], 6);
            expect(shifted.sink.cost[row + m + k]).toBeCloseTo(base.sink.cost[row + m], 6);
          }
          expect(shifted.commitment[i]).toBe(base.commitment[i]);
        }
      }
    }
  });
});
