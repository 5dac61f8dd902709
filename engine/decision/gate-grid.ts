import type { ScenarioTrials } from '../model/scenario-model.js';
import type { Policy } from '../model/proposal.js';
import { gateRange } from './gates.js';
import type { StageTrials } from './stage-trials.js';

/**
 * The joint gate probability of evaluateGates at every (payback limit, budget
 * ceiling) pair of a grid, in one pass over the trials instead of one per pair:
 * each trial adds one count at the first payback limit and the first ceiling
 * it passes (both axes ascending), and a two-dimensional prefix sum turns
 * the counts into "passes at this pair". Counts are whole numbers, so each
 * cell equals `evaluateGates(t, policy at that pair).joint` exactly (the
 * phase gate and the budget floor do not move along the grid).
 * @example jointGateGrid(trials, policy, [6, 12], [1e6, 2e6])[1][0] // P(payback ≤ 12, investment ≤ 1e6, phase within band)
 */
export function jointGateGrid(t: ScenarioTrials, policy: Policy, paybackMonths: readonly number[], budgetMax: readonly number[], stages?: readonly StageTrials[]): number[][] {
  const budgetFloor = gateRange(policy.budget, policy.floors).lo;
  const phase = gateRange(policy.phaseMonths, policy.floors);
  const staged = stages !== undefined && stages.length > 0;
  const P = paybackMonths.length;
  const B = budgetMax.length;
  const counts = new Float64Array(P * B);
  const n = t.trials;
  for (let i = 0; i < n; i++) {
    // The one-off amount that meets the ceiling (a staged trial: its largest stage), or NaN when the floor or phase gate already fails.
    let amount: number;
    if (staged) {
      amount = -Infinity;
      for (const s of stages) {
        const cost = s.cost[i];
        const months = s.months[i];
        if (!(cost >= budgetFloor) || !(months >= phase.lo && months <= phase.hi)) {
          amount = NaN;
          break;
        }
        if (cost > amount) amount = cost;
      }
    } else {
      const T = t.implementationMonths[i];
      const inv = t.investment[i];
      amount = inv >= budgetFloor && T >= phase.lo && T <= phase.hi ? inv : NaN;
    }
    if (amount !== amount) continue;
    const payback = t.payback[i];
    let p = 0;
    while (p < P && !(payback <= paybackMonths[p])) p++;
    if (p === P) continue;
    let b = 0;
    while (b < B && !(amount <= budgetMax[b])) b++;
    if (b === B) continue;
    counts[p * B + b]++;
  }
  // Prefix sums: a trial counted at (p, b) passes at every (p' ≥ p, b' ≥ b).
  for (let p = 0; p < P; p++) for (let b = 0; b < B; b++) counts[p * B + b] += (p > 0 ? counts[(p - 1) * B + b] : 0) + (b > 0 ? counts[p * B + b - 1] : 0) - (p > 0 && b > 0 ? counts[(p - 1) * B + b - 1] : 0);
  return paybackMonths.map((_, p) => budgetMax.map((_, b) => counts[p * B + b] / n));
}
