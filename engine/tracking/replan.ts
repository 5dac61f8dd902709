import type { Proposal } from '../model/proposal.js';
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
 * The seam for re-planning the phases not yet started on the posterior (issue
 * 13, "Re-plan"). The posterior is a BlockTransform, so planning on it is the
 * planner's own call with two options:
 *
 *   plan(proposal, set, { ...settings, transformBlock: posterior.transformBlock,
 *                         fixedPrefix: startedPhases(roadmap, asOfMonth) }).roadmap
 *
 * `transformBlock` exists (engine/model/simulate.ts: every pass over the trials,
 * the planner's included, then draws from the posterior); `fixedPrefix` is the
 * planner's "plan with a fixed prefix of started phases", not there yet. Until
 * it is, this returns null and the Report's `tracking.replan` is null.
 * @example replanRemaining(proposal, set, posterior, roadmap, 3, settings) // null until plan() takes fixedPrefix
 */
export function replanRemaining(
  proposal: Proposal,
  set: VariableSet,
  posterior: Posterior,
  roadmap: Roadmap | undefined,
  asOfMonth: number,
  settings: { trials: number; seed: number; sampler: Sampler },
): null {
  void [proposal, set, posterior, roadmap, asOfMonth, settings];
  return null;
}
