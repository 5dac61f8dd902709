import { BLOCK_SIZE, ENGINE_NAME, ENGINE_VERSION, IRR_MAX_TRIALS, MAX_TRIALS, PAYBACK_PROBABILITY_MONTHS } from './constants.js';
import { type Batches, meanStandardError, proportionStandardError } from './metrics/convergence.js';
import { cumulativeFan, fanIrr, nanShare, sharesAtMost, summarize } from './metrics/summaries.js';
import type { ScenarioTrials } from './model/scenario-model.js';
import { advise } from './decision/advice.js';
import { rankingGroups } from './decision/alternatives.js';
import { inputBreakEven, oneOffBreakEven, paybackDriver } from './decision/break-even.js';
import { caveats } from './decision/caveats.js';
import { enablers } from './decision/enablers.js';
import { evaluateGates } from './decision/gates.js';
import { recommend } from './decision/recommendation.js';
import { score } from './decision/score.js';
import { type StageTrials, stageTrials } from './decision/stage-trials.js';
import { verdict } from './decision/verdict.js';
import type { Proposal, Scenario } from './model/proposal.js';
import { rankScenarios, rankingBasis, rankingRobustness } from './decision/ranking.js';
import { REPORT_SCHEMA_VERSION, type Report, type ScenarioReport } from './report.js';
import { InputRanks, sensitivity } from './analytics/sensitivity.js';
import { type Simulation, type SimulateOptions, simulate } from './model/simulate.js';
import { valueOfInformation } from './analytics/value-of-information.js';
import { plan } from './planner/plan.js';
import { proposalInputs } from './model/inputs.js';
import { policySweep } from './analytics/policy-sweep.js';
import { message } from './messages.js';
import { localizedScenario } from './model/localized.js';
import { meanMonthlyFlows } from './metrics/monthly.js';

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

/** Summaries, gates, verdict, advice, caveats, standard errors and sensitivity of one scenario (rank filled in later). */
function scenarioReport(proposal: Proposal, scenario: Scenario, sim: Simulation, ranks: InputRanks, stages: StageTrials[] | undefined): ScenarioReport {
  const t = sim.byScenario.get(scenario.id)!;
  const { policy, horizonMonths: H } = proposal;
  const batches: Batches = { blockSize: sim.blockSize, sampler: sim.sampler };
  const gates = evaluateGates(t, policy, stages);
  const v = verdict(t, policy, H);
  const investment = summarize(t.investment, { batches });
  const implementationMonths = summarize(t.implementationMonths, { batches });
  const irr = fanIrr(t, H, IRR_MAX_TRIALS);
  const within = sharesAtMost(t.payback, PAYBACK_PROBABILITY_MONTHS);
  const probWithin: Record<string, number | null> = {};
  const probWithinSe: Record<string, number | null> = {};
  PAYBACK_PROBABILITY_MONTHS.forEach((m, j) => {
    probWithin[String(m)] = m <= H ? within[j] : null;
    probWithinSe[String(m)] = m <= H ? proportionStandardError(t.payback, m, batches) : null;
  });
  const passes = (p: number) => p >= policy.confidence;
  const sens = sensitivity(proposal, scenario, sim, ranks);
  const medians = { investment: investment.p50 ?? 0, implementationMonths: implementationMonths.p50 ?? 0 };
  // What it would take to pass the payback gate: goal seek on the input that moves payback most, and on the one-off cost.
  const driver = passes(gates.payback) ? null : (paybackDriver(scenario, sim, ranks) ?? (sens.entries[0] ? { input: sens.entries[0].input, direction: undefined } : null));
  const breakEven = passes(gates.payback)
    ? undefined
    : { input: driver !== null ? inputBreakEven(proposal, scenario, sim, driver.input, driver.direction) : null, oneOff: oneOffBreakEven(proposal, scenario, sim) };
  const irrSummary = summarize(irr, { emptyReason: message('no-irr') });
  const roiSummary = summarize(t.roi, { emptyReason: message('roi-no-cost'), batches });
  const benefits = scenario.benefits.map((b, l) => ({ label: b.label, ...(b.labels ? { labels: b.labels } : {}), kind: b.kind, pvMean: t.benefitPvSums[l] / t.trials }));
  const notes = caveats({ irrP50: irrSummary.p50, roiP50: roiSummary.p50, investment: medians.investment, benefitsPv: benefits.reduce((a, b) => a + b.pvMean, 0) });
  const perStage = stages !== undefined && stages.length > 0 ? { perStage: true } : {};
  return {
    id: scenario.id,
    name: scenario.name,
    ...localizedScenario(scenario),
    ...(scenario.template !== undefined ? { template: scenario.template } : {}),
    rank: 0,
    score: score(gates),
    verdict: v.verdict,
    verdictBasis: v.basis,
    advice: advise({ scenario, policy, gates, trials: t, medians, stages, breakEven, horizonLimited: v.basis.horizonLimited, horizonMonths: H }),
    meetsRules: passes(gates.joint),
    ...(notes.length > 0 ? { caveats: notes } : {}),
    gates: {
      payback: { thresholdMonths: policy.paybackMonths, probability: gates.payback, pass: passes(gates.payback) },
      budget: { min: policy.budget.min, max: policy.budget.max, ...perStage, probability: gates.budget, pass: passes(gates.budget) },
      phase: { minMonths: policy.phaseMonths.min, maxMonths: policy.phaseMonths.max, ...perStage, probability: gates.phase, pass: passes(gates.phase) },
      joint: { probability: gates.joint, pass: passes(gates.joint) },
    },
    investment,
    implementationMonths,
    npv: summarize(t.npv, { batches }),
    // IRR covers a strided subsample, whose trials are no longer whole blocks: sd/√n.
    irr: { ...irrSummary, noneProbability: nanShare(irr), trials: irr.length },
    roi: { ...roiSummary, undefinedProbability: nanShare(t.roi) },
    roi1y: { ...summarize(t.roi1y, { emptyReason: message('roi1y-no-cost'), batches }), undefinedProbability: nanShare(t.roi1y) },
    paybackMonths: { ...summarize(t.payback, { nanIsInfinite: true, batches }), probWithin, probWithinSe, neverProbability: nanShare(t.payback) },
    discountedPaybackMonths: { ...summarize(t.discountedPayback, { nanIsInfinite: true, batches }), neverProbability: nanShare(t.discountedPayback) },
    cashflow: { months: Array.from({ length: H + 1 }, (_, m) => m), cumulative: cumulativeFan(t, H), trials: t.fanRows },
    tornadoBase: sens.base,
    sensitivity: sens.entries,
    benefits,
    ...(t.monthly ? { monthly: meanMonthlyFlows(t.monthly, t.trials) } : {}),
  };
}

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
  const { sim, autoTrials } = options.autoTrials
    ? simulateToPrecision(proposal, options, options.autoTrials)
    : { sim: simulate(proposal, options), autoTrials: undefined };
  const ranks = new InputRanks(sim);
  const stages = stageTrials(proposal, sim);
  const scenarios = proposal.scenarios.map((s) => scenarioReport(proposal, s, sim, ranks, stages.get(s.id)));
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
