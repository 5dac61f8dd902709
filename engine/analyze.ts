import { BLOCK_SIZE, DEFAULT_SEED, DEFAULT_TRIALS, ENGINE_NAME, ENGINE_VERSION, FAN_MAX_TRIALS, IRR_MAX_TRIALS, MAX_TRIALS, PAYBACK_PROBABILITY_MONTHS } from './constants.js';
import { correlationGroups } from './correlation.js';
import { cumulativeFan, fanIrr, nanShare, sharesAtMost, summarize } from './metrics.js';
import { type ScenarioTrials, ScenarioModel, allocateTrials } from './model.js';
import { advise, evaluateGates, score, verdict } from './policy.js';
import type { Proposal, Scenario } from './proposal.js';
import { rankScenarios } from './ranking.js';
import { REPORT_SCHEMA_VERSION, type Report, type ScenarioReport } from './report.js';
import type { Sampler } from './sampling.js';
import { VariableSet, sampleBlock } from './variables.js';

export interface AnalyzeOptions {
  /** Number of trials, 1 … MAX_TRIALS (default DEFAULT_TRIALS). */
  trials?: number;
  /** 32-bit integer seed (default DEFAULT_SEED). */
  seed?: number;
  /** Latin hypercube (default) or plain Monte Carlo. */
  sampler?: Sampler;
  /** ISO timestamp for run.createdAt: the caller's clock, since the engine reads none. */
  createdAt?: string | null;
  /** Called after each block with trials done and total. */
  onProgress?: (done: number, total: number) => void;
}

/** Per-trial results of every scenario of a run, before summarising. */
export interface Simulation {
  trials: number;
  seed: number;
  sampler: Sampler;
  byScenario: Map<string, ScenarioTrials>;
}

/**
 * Simulates every scenario of a proposal over the same trials (common random
 * numbers for shared assumptions), block by block.
 * @example simulate(proposal, { trials: 10000, seed: 1 }).byScenario.get('reference')!.npv
 */
export function simulate(proposal: Proposal, options: AnalyzeOptions = {}): Simulation {
  const trials = options.trials ?? DEFAULT_TRIALS;
  const seed = options.seed ?? DEFAULT_SEED;
  const sampler = options.sampler ?? 'lhs';
  if (!Number.isInteger(trials) || trials < 1 || trials > MAX_TRIALS) {
    throw new RangeError(`trials must be a whole number from 1 to ${MAX_TRIALS}, got ${trials}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const set = new VariableSet(proposal);
  const { groups, problems } = correlationGroups(proposal, set);
  if (problems.length > 0) throw new RangeError(`correlations[${problems[0].index}]: ${problems[0].message}`);

  const blockSize = Math.min(BLOCK_SIZE, trials);
  const fanStride = Math.ceil(trials / FAN_MAX_TRIALS);
  const models = proposal.scenarios.map((s) => new ScenarioModel(proposal, s, set, blockSize));
  const byScenario = new Map<string, ScenarioTrials>();
  for (const s of proposal.scenarios) {
    byScenario.set(s.id, allocateTrials(trials, proposal.horizonMonths, s.benefits.length, fanStride));
  }
  const columns = set.variables.map(() => new Float64Array(blockSize));
  const uniforms = new Float64Array(blockSize);
  for (let offset = 0, block = 0; offset < trials; offset += blockSize, block++) {
    const n = Math.min(blockSize, trials - offset);
    sampleBlock(set, groups, seed, block, sampler, n, uniforms, columns);
    for (const model of models) model.evaluateBlock(columns, n, offset, byScenario.get(model.scenario.id)!);
    options.onProgress?.(offset + n, trials);
  }
  return { trials, seed, sampler, byScenario };
}

/** Summaries, gates, verdict and advice of one scenario (rank filled in later). */
function scenarioReport(proposal: Proposal, scenario: Scenario, t: ScenarioTrials): ScenarioReport {
  const { policy, horizonMonths: H } = proposal;
  const gates = evaluateGates(t, policy);
  const v = verdict(t, policy, H);
  const investment = summarize(t.investment);
  const implementationMonths = summarize(t.implementationMonths);
  const noCost = 'no cost in any trial: ROI undefined, not infinite';
  const irr = fanIrr(t, H, IRR_MAX_TRIALS);
  const within = sharesAtMost(t.payback, PAYBACK_PROBABILITY_MONTHS);
  const probWithin: Record<string, number | null> = {};
  PAYBACK_PROBABILITY_MONTHS.forEach((m, j) => (probWithin[String(m)] = m <= H ? within[j] : null));
  const fan = cumulativeFan(t, H);
  const passes = (p: number) => p >= policy.confidence;
  return {
    id: scenario.id,
    name: scenario.name,
    ...(scenario.template !== undefined ? { template: scenario.template } : {}),
    rank: 0,
    score: score(gates),
    verdict: v.verdict,
    verdictBasis: v.basis,
    advice: advise(
      t,
      policy,
      gates,
      { investment: investment.p50 ?? 0, implementationMonths: implementationMonths.p50 ?? 0 },
      v.basis.horizonLimited,
      H,
      proposal.currency,
    ),
    gates: {
      payback: { thresholdMonths: policy.paybackMonths, probability: gates.payback, pass: passes(gates.payback) },
      budget: { min: policy.budget.min, max: policy.budget.max, probability: gates.budget, pass: passes(gates.budget) },
      phase: { minMonths: policy.phaseMonths.min, maxMonths: policy.phaseMonths.max, probability: gates.phase, pass: passes(gates.phase) },
      joint: { probability: gates.joint, pass: passes(gates.joint) },
    },
    investment,
    implementationMonths,
    npv: summarize(t.npv),
    irr: { ...summarize(irr, { emptyReason: 'no trial has an IRR (no sign change)' }), noneProbability: nanShare(irr), trials: irr.length },
    roi: { ...summarize(t.roi, { emptyReason: noCost }), undefinedProbability: nanShare(t.roi) },
    roi1y: { ...summarize(t.roi1y, { emptyReason: 'no cost within the first 12 months: ROI undefined' }), undefinedProbability: nanShare(t.roi1y) },
    paybackMonths: { ...summarize(t.payback, { nanIsInfinite: true }), probWithin, neverProbability: nanShare(t.payback) },
    discountedPaybackMonths: { ...summarize(t.discountedPayback, { nanIsInfinite: true }), neverProbability: nanShare(t.discountedPayback) },
    cashflow: { months: Array.from({ length: H + 1 }, (_, m) => m), cumulative: fan, trials: t.fanRows },
    sensitivity: [],
    benefits: scenario.benefits.map((b, l) => ({ label: b.label, kind: b.kind, pvMean: t.benefitPvSums[l] / t.trials })),
  };
}

/**
 * Simulates a normalised proposal and returns its Report (DESIGN §7): per
 * scenario summaries, gates, verdict, score and advice, and the ranking.
 * The same proposal, seed, trials and sampler give the same Report.
 * @example analyze(parseProposal(json), { trials: 10000, seed: 7 }).scenarios[0].npv.p50
 */
export function analyze(proposal: Proposal, options: AnalyzeOptions = {}): Report {
  const sim = simulate(proposal, options);
  const scenarios = proposal.scenarios.map((s) => scenarioReport(proposal, s, sim.byScenario.get(s.id)!));
  const order = rankScenarios(scenarios, proposal.policy.rankBy);
  for (const s of scenarios) s.rank = order.indexOf(s.id) + 1;
  scenarios.sort((a, b) => a.rank - b.rank);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    run: { seed: sim.seed, trials: sim.trials, sampler: sim.sampler, inputHash: proposal.inputHash, createdAt: options.createdAt ?? null },
    proposal: {
      customer: proposal.customer,
      currency: proposal.currency,
      horizonMonths: proposal.horizonMonths,
      discountRate: proposal.discountRate,
    },
    policy: proposal.policy,
    scenarios,
    ranking: { by: proposal.policy.rankBy, order },
  };
}
