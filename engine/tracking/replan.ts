import type { Proposal } from '../model/proposal.js';
import { plan } from '../planner/plan.js';
import type { Roadmap } from '../report.js';
import type { VariableSet } from '../sampling/variables.js';
import type { Sampler } from '../sampling/samplers.js';
import type { Posterior } from './posterior.js';

/**
 * The roadmap's phases that have started by the as-of month (a phase covers
 * months startMonth+1 … endMonth, so it has started once asOf > startMonth):
 * they stay as they are when the rest is re-planned.
 * @example startedPhases(report.roadmap, 3).map((p) => p.index) // [1]
 */
export function startedPhases(roadmap: Roadmap, asOfMonth: number): Roadmap['phases'] {
  return roadmap.phases.filter((p) => p.startMonth < asOfMonth);
}

/**
 * The roadmap re-planned on the posterior (issue 13, "Re-plan"): the phases
 * started by the as-of month kept as they were (same items, starts and
 * lengths), the rest planned from the month the last of them ends, every pass
 * over the trials drawing from the posterior (its BlockTransform), and the
 * programme simulated over the kept phases and the new ones. Null without a
 * roadmap.
 * @example replanRemaining(proposal, set, posterior, report.roadmap, 3, settings)?.phases[0] // phase 1 as it started
 */
export function replanRemaining(
  proposal: Proposal,
  set: VariableSet,
  posterior: Pick<Posterior, 'transformBlock'>,
  roadmap: Roadmap | undefined,
  asOfMonth: number,
  settings: { trials: number; seed: number; sampler: Sampler },
): Roadmap | null {
  if (!roadmap || !proposal.roadmap) return null;
  return plan(proposal, set, { ...settings, transformBlock: posterior.transformBlock, fixedPrefix: startedPhases(roadmap, asOfMonth) }).roadmap;
}
