/**
 * The policy sweep (issue 15): every cell equals what a full re-analysis at
 * that policy (same seed and trials) reports, checked for the demo on the
 * three axes through its own policy and at the grid's corners, and on every
 * cell against a separately written count over the trials.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/analyze.js';
import { policySweepSchema } from '../../engine/report-policy-sweep.js';
import { simulate } from '../../engine/model/simulate.js';
import { sweepAxes } from '../../engine/analytics/policy-sweep.js';
import { stageTrials } from '../../engine/decision/stage-trials.js';
import { loadProposal } from '../../scenarios/load.js';
import { normalizeProposal } from '../../scenarios/normalize.js';
import { readFileSync } from 'node:fs';

const TRIALS = 256;
const SEED = 11;
const raw = JSON.parse(readFileSync('fixtures/demo.json', 'utf8'));
const demo = loadProposal('fixtures/demo.json');
const report = analyze(demo, { trials: TRIALS, seed: SEED });
const sweep = report.policySweep!;

/**
 * The demo re-read with its policy changed at the three swept numbers: a new
 * proposal, analysed from scratch. The sweep varies the acceptance gates, not
 * the roadmap's rules, so the roadmap keeps the bands it was planned with.
 */
function reanalyze(payback: number, confidence: number, budgetMax: number) {
  const policy = { ...(raw.policy ?? {}), paybackMonths: payback, confidence, budget: { ...demo.policy.budget, max: budgetMax } };
  const roadmap = { ...raw.roadmap, phaseBudget: demo.roadmap!.phaseBudget, phaseMonths: demo.roadmap!.phaseMonths };
  return analyze(normalizeProposal({ ...raw, policy, roadmap }), { trials: TRIALS, seed: SEED });
}

describe('the policy sweep', () => {
  it('is in the Report, valid against its schema, with the proposal’s own policy on every axis', () => {
    expect(policySweepSchema.safeParse(sweep).success).toBe(true);
    const { axes, current } = sweep;
    expect(axes.paybackMonths[current.paybackMonths]).toBe(demo.policy.paybackMonths);
    expect(axes.confidence[current.confidence]).toBe(demo.policy.confidence);
    expect(axes.budgetMax[current.budgetMax]).toBe(demo.policy.budget.max);
    expect(axes.paybackMonths[0]).toBe(6);
    expect(axes.paybackMonths.at(-1)).toBe(36);
    expect(axes.confidence).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 0.95]);
    // At its own policy the sweep says what the Report says.
    for (const s of report.scenarios) {
      const cell = sweep.scenarios.find((x) => x.id === s.id)!;
      expect(cell.verdicts[current.paybackMonths][current.confidence][current.budgetMax]).toBe(s.verdict);
      expect(cell.scores[current.paybackMonths][current.confidence][current.budgetMax]).toBe(s.score);
    }
  });

  it('moves: looser policies never give a worse verdict or a lower score', () => {
    const order = { 'mandate-only': 0, consider: 1, accept: 2 } as const;
    let moved = false;
    for (const s of sweep.scenarios) {
      s.verdicts.forEach((byC, i) =>
        byC.forEach((byB, j) =>
          byB.forEach((v, k) => {
            if (i > 0) expect(order[v]).toBeGreaterThanOrEqual(order[s.verdicts[i - 1][j][k]]);
            if (j > 0) expect(order[v]).toBeLessThanOrEqual(order[s.verdicts[i][j - 1][k]]);
            if (k > 0) expect(s.scores[i][j][k]).toBeGreaterThanOrEqual(s.scores[i][j][k - 1]);
            if (v !== s.verdicts[0][0][0]) moved = true;
          }),
        ),
      );
    }
    expect(moved, 'some verdict changes over the grid').toBe(true);
  });

  it('equals a full re-analysis at that policy: the three axes through the own policy and the corners', () => {
    const { axes, current } = sweep;
    const points = new Set<string>();
    axes.paybackMonths.forEach((_, i) => points.add([i, current.confidence, current.budgetMax].join()));
    axes.confidence.forEach((_, j) => points.add([current.paybackMonths, j, current.budgetMax].join()));
    axes.budgetMax.forEach((_, k) => points.add([current.paybackMonths, current.confidence, k].join()));
    for (const i of [0, axes.paybackMonths.length - 1])
      for (const j of [0, axes.confidence.length - 1]) for (const k of [0, axes.budgetMax.length - 1]) points.add([i, j, k].join());
    for (const point of points) {
      const [i, j, k] = point.split(',').map(Number);
      const again = reanalyze(axes.paybackMonths[i], axes.confidence[j], axes.budgetMax[k]);
      for (const s of again.scenarios) {
        const cell = sweep.scenarios.find((x) => x.id === s.id)!;
        expect(cell.verdicts[i][j][k], `${s.id} at ${point}`).toBe(s.verdict);
        expect(cell.scores[i][j][k], `${s.id} at ${point}`).toBe(s.score);
      }
    }
  }, 120_000);

  it('every cell equals a count over the same trials, written separately', () => {
    const sim = simulate(demo, { trials: TRIALS, seed: SEED });
    const staged = stageTrials(demo, sim);
    expect(demo.policy.floors).toBe('advise');
    const H = demo.horizonMonths;
    const considerMonths = Math.min(demo.policy.considerMonths, H);
    const { axes } = sweep;
    for (const cell of sweep.scenarios) {
      const t = sim.byScenario.get(cell.id)!;
      const stages = staged.get(cell.id) ?? [];
      const n = t.trials;
      const share = (pass: (i: number) => boolean) => {
        let c = 0;
        for (let x = 0; x < n; x++) if (pass(x)) c++;
        return c / n;
      };
      axes.paybackMonths.forEach((p, i) =>
        axes.confidence.forEach((conf, j) =>
          axes.budgetMax.forEach((b, k) => {
            const accept = share((x) => t.payback[x] <= p);
            const consider = share((x) => t.payback[x] <= considerMonths);
            const expected = accept >= conf ? 'accept' : consider >= conf ? 'consider' : 'mandate-only';
            // Ceilings gate, floors advise (policy.floors "advise"); a staged scenario is gated per stage.
            const fits = (x: number) =>
              stages.length > 0
                ? stages.every((st) => st.cost[x] <= b && st.months[x] <= demo.policy.phaseMonths.max)
                : t.investment[x] <= b && t.implementationMonths[x] <= demo.policy.phaseMonths.max;
            const joint = share((x) => t.payback[x] <= p && fits(x));
            expect(cell.verdicts[i][j][k]).toBe(expected);
            expect(cell.scores[i][j][k]).toBe(Math.round(100 * joint));
          }),
        ),
      );
    }
  });

  it('keeps payback limits at or below considerMonths and budgets at or above the floor', () => {
    const axes = sweepAxes({ ...demo.policy, considerMonths: 18, budget: { min: 1_500_000, max: 2_000_000 } });
    expect(axes.paybackMonths).toEqual([6, 9, 12, 18]);
    expect(axes.budgetMax).toEqual([1_500_000, 2_000_000, 3_000_000, 4_000_000, 6_000_000]);
  });
});
