import { jointGateGrid } from '../decision/gate-grid.js';
import { verdictOf } from '../decision/verdict.js';
import { sharesAtMost } from '../metrics/summaries.js';
import type { Policy, Proposal } from '../model/proposal.js';
import type { Simulation } from '../model/simulate.js';
import type { StageTrials } from '../decision/stage-trials.js';
import type { PolicySweep } from '../report-policy-sweep.js';
import type { Verdict } from '../report.js';

/**
 * The acceptance policy swept without re-simulating: the gates, verdict and
 * score of engine/decision/policy.ts evaluated on the same trials at every
 * point of a grid, so that each cell equals a full re-analysis at that policy
 * with the same seed and trials (test/engine/policy-sweep.test.ts holds it).
 */

/** Payback limits from six months to three years: the range customers' rules are written in. */
export const SWEEP_PAYBACK_MONTHS: readonly number[] = [6, 9, 12, 18, 24, 30, 36];
/** Confidence from a coin toss to near certainty. */
export const SWEEP_CONFIDENCE: readonly number[] = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
/** Budget ceilings as multiples of the proposal's: half to three times. */
export const SWEEP_BUDGET_FACTORS: readonly number[] = [0.5, 0.75, 1, 1.5, 2, 3];

/** Sorted distinct values with `own` among them. */
const axis = (values: readonly number[], own: number) => [...new Set([...values, own])].sort((a, b) => a - b);

/**
 * The policies of the grid around a proposal's own: every payback limit up to
 * its considerMonths, every confidence, and every budget ceiling at or above its floor.
 * @example sweepAxes(demo.policy).paybackMonths // [6, 9, 12, 18, 24, 30, 36]
 */
export function sweepAxes(policy: Policy): PolicySweep['axes'] {
  return {
    paybackMonths: axis(SWEEP_PAYBACK_MONTHS.filter((m) => m <= policy.considerMonths), policy.paybackMonths),
    confidence: axis(SWEEP_CONFIDENCE, policy.confidence),
    budgetMax: axis(SWEEP_BUDGET_FACTORS.map((f) => f * policy.budget.max).filter((b) => b >= policy.budget.min && b > 0), policy.budget.max),
  };
}

/**
 * The policy at one grid point: the proposal's with the three swept numbers replaced.
 * @example policyAt(policy, 18, 0.7, 3_000_000).paybackMonths // 18
 */
export function policyAt(policy: Policy, paybackMonths: number, confidence: number, budgetMax: number): Policy {
  return { ...policy, paybackMonths, confidence, budget: { ...policy.budget, max: budgetMax } };
}

/**
 * Every scenario's verdict and score at every grid point. The verdict reads
 * the payback shares against the confidence and does not depend on the
 * budget; the score (round(100 × joint gate probability)) does not depend on
 * the confidence; so each is evaluated once per pair that moves it and
 * spread over the third axis. Staged scenarios are gated per stage, as in the
 * Report (`stages`: each staged scenario's per-stage trials).
 * @example policySweep(proposal, sim, stageTrials(proposal, sim)).scenarios[0].verdicts[2][3][2] // the verdict at the proposal's own policy
 */
export function policySweep(proposal: Proposal, sim: Simulation, stages: ReadonlyMap<string, readonly StageTrials[]> = new Map()): PolicySweep {
  const axes = sweepAxes(proposal.policy);
  const { paybackMonths: P, confidence: C, budgetMax: B } = axes;
  const scenarios = proposal.scenarios.map((s) => {
    const t = sim.byScenario.get(s.id)!;
    // One pass for the payback shares of every limit and one for the joint gates of every (limit, ceiling):
    // each cell equals verdict() and score(evaluateGates()) at that policy (test/engine/policy-sweep.test.ts).
    const considerMonths = Math.min(proposal.policy.considerMonths, proposal.horizonMonths);
    const shares = sharesAtMost(t.payback, [...P, considerMonths]);
    const considerShare = shares[P.length];
    const verdicts: Verdict[][][] = P.map((_, i) =>
      C.map((c) => {
        const v = verdictOf(shares[i], considerShare, c);
        return B.map(() => v);
      }),
    );
    const byBudget: number[][] = jointGateGrid(t, proposal.policy, P, B, stages.get(s.id)).map((row) => row.map((joint) => Math.round(100 * joint)));
    const scores = P.map((_, i) => C.map(() => [...byBudget[i]]));
    return { id: s.id, verdicts, scores };
  });
  return {
    axes,
    current: { paybackMonths: P.indexOf(proposal.policy.paybackMonths), confidence: C.indexOf(proposal.policy.confidence), budgetMax: B.indexOf(proposal.policy.budget.max) },
    scenarios,
  };
}
