import { BLOCK_SIZE, ENGINE_NAME, ENGINE_VERSION, MAX_TRIALS } from './constants.js';
import { meanStandardError } from './metrics/convergence.js';
import { rankingGroups } from './decision/alternatives.js';
import { enablers } from './decision/enablers.js';
import { recommend } from './decision/recommendation.js';
import { stageTrials } from './decision/stage-trials.js';
import type { Proposal } from './model/proposal.js';
import { rankScenarios, rankingBasis, rankingRobustness } from './decision/ranking.js';
import { REPORT_SCHEMA_VERSION, type Report } from './report.js';
import { InputRanks } from './analytics/sensitivity.js';
import { reportThreads, scenarioReports } from './threads/scenario-reports.js';
import { helper } from './threads/simulation-threads.js';
import { type Simulation, type SimulateOptions, simulate } from './model/simulate.js';
import { valueOfInformation } from './analytics/value-of-information.js';
import { plan } from './planner/plan.js';
import { proposalInputs } from './model/inputs.js';
import { policySweep } from './analytics/policy-sweep.js';

export interface AnalyzeOptions extends SimulateOptions {
  /** ISO timestamp for run.createdAt: the caller's clock, since the engine reads none. */
  createdAt?: string | null;
  /**
   * Choose the trial count: add blocks until the standard error of every
   * scenario's mean NPV is at most `relativeSe` × |mean NPV|, or `maxTrials`
   * is reached. `trials` is then ignored.
   */
  autoTrials?: { relativeSe: number; maxTrials?: number };
}

/** Blocks the first --auto-trials round runs: enough batches for a batch-means standard error. */
const AUTO_TRIALS_FIRST_BLOCKS = 8;

/** The largest standard error of mean NPV relative to |mean NPV| over the scenarios (Infinity when a mean is 0). */
function worstRelativeSe(sim: Simulation): number {
  let worst = 0;
  for (const t of sim.byScenario.values()) {
    let sum = 0;
    for (let i = 0; i < t.trials; i++) sum += t.npv[i];
    const mean = sum / t.trials;
    const se = meanStandardError(t.npv, { blockSize: sim.blockSize, sampler: sim.sampler }) ?? Infinity;
    worst = Math.max(worst, mean === 0 ? Infinity : se / Math.abs(mean));
  }
  return worst;
}

/**
 * Runs with more trials until the relative standard error of mean NPV reaches
 * the target or the cap: each round re-simulates with the trial count the last
 * round's error implies (error ∝ 1/√trials, plus 20%), in whole blocks. Blocks
 * are independent substreams, so the final run is exactly `--trials N` with the
 * N it reports.
 */
function simulateToPrecision(proposal: Proposal, options: AnalyzeOptions, target: { relativeSe: number; maxTrials?: number }) {
  if (!(target.relativeSe > 0)) throw new RangeError(`autoTrials.relativeSe must be > 0, got ${target.relativeSe}`);
  const cap = target.maxTrials ?? MAX_TRIALS;
  let trials = Math.min(cap, AUTO_TRIALS_FIRST_BLOCKS * BLOCK_SIZE);
  for (let round = 1; ; round++) {
    const sim = simulate(proposal, { ...options, trials });
    const achieved = worstRelativeSe(sim);
    const done = achieved <= target.relativeSe;
    if (done || trials >= cap) {
      return {
        sim,
        autoTrials: {
          targetRelativeSe: target.relativeSe,
          achievedRelativeSe: Number.isFinite(achieved) ? achieved : null,
          stoppedBy: done ? ('precision' as const) : ('cap' as const),
          maxTrials: cap,
          rounds: round,
        },
      };
    }
    const wanted = Number.isFinite(achieved) ? trials * (achieved / target.relativeSe) ** 2 * 1.2 : cap;
    trials = Math.min(cap, Math.max(trials + BLOCK_SIZE, Math.ceil(wanted / BLOCK_SIZE) * BLOCK_SIZE));
  }
}

/**
 * Simulates a normalised proposal and returns its Report (DESIGN §7): per
 * scenario summaries with standard errors, gates, verdict, score, advice and
 * sensitivity; the ranking with how sure it is; and the value of information.
 * The same proposal, seed, trials and sampler give the same Report.
 * @example analyze(parseProposal(json), { trials: 10000, seed: 7 }).scenarios[0].npv.p50
 */
export function analyze(proposal: Proposal, options: AnalyzeOptions = {}): Report {
  return analyzeWithSimulation(proposal, options).report;
}

/**
 * analyze() that also returns the simulation behind the Report, for callers
 * that read its per-trial columns afterwards (tracking compares actuals with them).
 * @example analyzeWithSimulation(proposal, { trials: 10000, seed: 7 }).sim.byScenario.get('reference')!.npv
 */
export function analyzeWithSimulation(proposal: Proposal, options: AnalyzeOptions = {}): { report: Report; sim: Simulation } {
  const threads = reportThreads(proposal, options);
  // Helpers start now, so that they have loaded the engine when the scenario reports begin.
  for (let h = 0; h < threads - 1; h++) helper(h);
  const simulation = threads > 1 ? { ...options, sharedMemory: true } : options;
  const { sim, autoTrials } = options.autoTrials
    ? simulateToPrecision(proposal, simulation, options.autoTrials)
    : { sim: simulate(proposal, simulation), autoTrials: undefined };
  const ranks = new InputRanks(sim);
  const stages = stageTrials(proposal, sim);
  const scenarios = scenarioReports(proposal, sim, ranks, stages, threads);
  const order = rankScenarios(scenarios, proposal.policy.rankBy);
  for (const s of scenarios) s.rank = order.indexOf(s.id) + 1;
  scenarios.sort((a, b) => a.rank - b.rank);
  const npvOf = (id: string) => sim.byScenario.get(id)!.npv;
  const robustness = rankingRobustness(order, order.map(npvOf));
  const planned = proposal.roadmap ? plan(proposal, sim.variables, { trials: sim.trials, seed: sim.seed, sampler: sim.sampler }) : undefined;
  const roadmap = planned?.roadmap;
  // An enabler's marginal programme value: the best plan without all its items and what requires them (null when none is a roadmap item).
  const enabled = enablers(proposal, (id) => {
    const roots = planned ? planned.data.items.flatMap((d, i) => (d.item.scenarioId === id ? [i] : [])) : [];
    return planned && roots.length > 0 ? planned.marginalValue(roots) : null;
  });
  for (const s of scenarios) {
    const e = enabled.get(s.id);
    if (e) s.enables = e;
  }
  const groups = rankingGroups(proposal, order, npvOf);
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    run: {
      seed: sim.seed,
      trials: sim.trials,
      sampler: sim.sampler,
      inputHash: proposal.inputHash,
      createdAt: options.createdAt ?? null,
      ...(autoTrials ? { autoTrials } : {}),
    },
    proposal: {
      customer: proposal.customer,
      currency: proposal.currency,
      horizonMonths: proposal.horizonMonths,
      discountRate: proposal.discountRate,
    },
    policy: proposal.policy,
    scenarios,
    ranking: { by: proposal.policy.rankBy, order, ...robustness, basis: rankingBasis(proposal.policy), ...(proposal.alternatives ? { groups } : {}) },
    valueOfInformation: valueOfInformation(proposal, sim, ranks),
    ...(roadmap ? { roadmap } : {}),
    recommendation: recommend(proposal, order, scenarios, roadmap, sim, stages),
    ...(proposal.warnings && proposal.warnings.length > 0 ? { warnings: proposal.warnings.map((w) => ({ code: w.code, params: w.params, path: w.path })) } : {}),
    inputs: proposalInputs(proposal),
    policySweep: policySweep(proposal, sim, stages),
  };
  return { report, sim };
}
