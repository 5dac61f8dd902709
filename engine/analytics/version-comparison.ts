import { analyze } from '../analyze.js';
import type { Proposal } from '../model/proposal.js';
import type { SimulateOptions } from '../model/simulate.js';
import { type ScenarioAttribution, attributeNpvChanges } from './npv-attribution.js';
import { type ProposalDiff, diffProposals } from './proposal-diff.js';
import { type ReportDiff, diffReports } from './report-diff.js';

/**
 * Two versions of a proposal compared, as `closedloop diff A B [--analyze]`
 * and GET /v1/proposals/{id}/diff both answer it (one function, so the two
 * agree): what changed, and with a run's settings also how each scenario's
 * verdict, score and rank moved and what each changed input did to its NPV P50.
 */
export interface VersionComparison {
  proposal: ProposalDiff;
  /** With `run` only: both versions analysed on the same trials. */
  reports?: ReportDiff;
  /** With `run` only: each NPV P50 change attributed to the changed inputs one at a time. */
  attribution?: ScenarioAttribution[];
}

/**
 * The comparison of `from` and `to`; `run` (trials, seed, sampler) also analyses both.
 * @example compareVersions(v1, v2, { trials: 2048, seed: 7 }).attribution![0].residual
 */
export function compareVersions(from: Proposal, to: Proposal, run?: Pick<SimulateOptions, 'trials' | 'seed' | 'sampler'>): VersionComparison {
  const proposal = diffProposals(from, to);
  if (!run) return { proposal };
  const reports = diffReports(analyze(from, run), analyze(to, run));
  return { proposal, reports, attribution: attributeNpvChanges(from, to, proposal, run) };
}
