import { type AnalyzeOptions, analyzeWithSimulation } from '../analyze.js';
import { DEFAULT_TRIALS, PAYBACK_PROBABILITY_MONTHS } from '../constants.js';
import { walkQuantities } from '../sampling/variables.js';
import { evaluateGates, score, verdict } from '../decision/policy.js';
import { type Message, count, inputRef, message, number } from '../messages.js';
import { blockSizeFor } from '../model/simulate.js';
import type { Batches } from '../metrics/convergence.js';
import { cumulativeFan, nanShare, sharesAtMost, summarize } from '../metrics/summaries.js';
import { type Proposal, type Scenario, isUncertain } from '../model/proposal.js';
import type { ScenarioTrials } from '../model/scenario-model.js';
import type { Report, ScenarioReport, Summary } from '../report.js';
import type { Actuals, Observation } from './actuals.js';
import { forecastRows, scenarioStatus } from './forecast-rows.js';
import { type ComponentUpdate, Posterior } from './posterior.js';
import { recommend } from './recommendation.js';
import { type Reforecast, reforecast } from './reforecast.js';
import { KEEP_DRAWS_MAX_VALUES } from './constants.js';
import { replanRemaining } from './replan.js';
import type { ScenarioTracking, TrackedInput, Tracking } from './tracking-schema.js';

/** How many inputs a proposal draws (as VariableSet has them), counted without building their distributions. */
function uncertainInputs(proposal: Proposal): number {
  let k = Object.values(proposal.assumptions).filter((q) => typeof q !== 'number' && isUncertain(q)).length;
  for (const s of proposal.scenarios) walkQuantities(s, (q) => (k += typeof q !== 'number' && isUncertain(q) ? 1 : 0));
  for (const c of proposal.roadmap?.sharedComponents ?? []) k += typeof c.cost !== 'number' && isUncertain(c.cost) ? 1 : 0;
  return k;
}

/** Options of track(): the run's settings (as analyze()); the as-of month comes with the actuals. */
export type TrackOptions = Omit<AnalyzeOptions, 'autoTrials'>;

/** Share of trials with a positive NPV. */
function positiveShare(npv: Float64Array): number {
  let k = 0;
  for (let i = 0; i < npv.length; i++) if (npv[i] > 0) k++;
  return npv.length ? k / npv.length : 0;
}

/** The re-forecast block of one scenario: the usual summaries, gates, verdict and score of the posterior trials. */
function reforecastBlock(proposal: Proposal, t: ScenarioTrials, batches: Batches): ScenarioTracking['reforecast'] {
  const { policy, horizonMonths: H } = proposal;
  const gates = evaluateGates(t, policy);
  const v = verdict(t, policy, H);
  const within = sharesAtMost(t.payback, PAYBACK_PROBABILITY_MONTHS);
  const probWithin: Record<string, number | null> = {};
  PAYBACK_PROBABILITY_MONTHS.forEach((m, j) => (probWithin[String(m)] = m <= H ? within[j] : null));
  const passes = (p: number) => p >= policy.confidence;
  return {
    trials: t.trials,
    npv: summarize(t.npv, { batches }),
    npvPositiveProbability: positiveShare(t.npv),
    roi: { ...summarize(t.roi, { emptyReason: message('roi-no-cost'), batches }), undefinedProbability: nanShare(t.roi) },
    paybackMonths: { ...summarize(t.payback, { nanIsInfinite: true, batches }), probWithin, neverProbability: nanShare(t.payback) },
    investment: summarize(t.investment, { batches }),
    gates: {
      payback: { thresholdMonths: policy.paybackMonths, probability: gates.payback, pass: passes(gates.payback) },
      budget: { min: policy.budget.min, max: policy.budget.max, probability: gates.budget, pass: passes(gates.budget) },
      phase: { minMonths: policy.phaseMonths.min, maxMonths: policy.phaseMonths.max, probability: gates.phase, pass: passes(gates.phase) },
      joint: { probability: gates.joint, pass: passes(gates.joint) },
    },
    verdict: v.verdict,
    score: score(gates),
    cashflow: { months: Array.from({ length: H + 1 }, (_, m) => m), cumulative: cumulativeFan(t, H), trials: t.fanRows },
  };
}

/** An input's prior and posterior summaries, made once for every scenario that draws on it. */
type InputSummaries = (v: number) => { prior: Summary; posterior: Summary };

function inputSummaries(priorColumns: Float64Array[], re: Reforecast): InputSummaries {
  const made = new Map<number, { prior: Summary; posterior: Summary }>();
  return (v) => {
    let s = made.get(v);
    if (!s) made.set(v, (s = { prior: summarize(priorColumns[v]), posterior: summarize(re.movedColumns.get(v)!) }));
    return s;
  };
}

/** The inputs of a scenario that the update moved, with prior and posterior. */
function trackedInputs(
  scenario: Scenario,
  posterior: Posterior,
  re: Reforecast,
  summaries: InputSummaries,
  prior: ScenarioReport,
  report: Report,
): TrackedInput[] {
  const set = posterior.set;
  // The inputs the scenario draws on, and any it measured itself (a stage's cost is not drawn on by the scenario alone).
  const used = new Set(set.usedBy(scenario));
  for (const r of posterior.readings) if (r.observation.scenario === scenario.id && r.observation.target.kind === 'input') used.add(r.variables[0]);
  const updateOf = (v: number): ComponentUpdate => posterior.updates.find((u) => u.component.variables.includes(v))!;
  const sensitivity = new Map(prior.sensitivity.map((e) => [e.input, e.varianceShare]));
  const evppi = report.valueOfInformation.goNoGo[scenario.id]?.evppi ?? {};
  return posterior.movedVariables
    .filter((v) => used.has(v))
    .map((v): TrackedInput => {
      const variable = set.variables[v];
      const update = updateOf(v);
      const measuredBy = posterior.readings.filter((r) => r.skipped === null && r.observation.target.kind === 'input' && r.variables[0] === v);
      const moved = measuredBy.length > 0 ? 'measured' : update.component.likelihoodVariables.includes(v) ? 'actuals' : 'correlated';
      const caveats: Message[] = [];
      const { prior: priorSummary, posterior: posteriorSummary } = summaries(v);
      for (const r of measuredBy) {
        const y = r.observation.value;
        if ((priorSummary.min !== null && y < priorSummary.min) || (priorSummary.max !== null && y > priorSummary.max)) {
          caveats.push(message('tracking.caveat.outside-prior', { input: inputRef(variable.name), value: number(y), min: number(priorSummary.min ?? y), max: number(priorSummary.max ?? y) }));
        }
      }
      if (update.diagnostics.complete === false) caveats.push(message('tracking.caveat.smc-incomplete', { stages: count(update.diagnostics.stages ?? 0) }));
      return {
        input: variable.name,
        label: variable.name,
        scenarioId: variable.scenarioId,
        moved,
        prior: priorSummary,
        posterior: posteriorSummary,
        method: update.method,
        effectiveSampleSize: update.effectiveSampleSize,
        predicted: { varianceShare: sensitivity.get(variable.name) ?? null, evppi: evppi[variable.name] ?? null },
        caveats,
      };
    });
}

/**
 * The share of NPV variance a measurement of the inputs was predicted to
 * resolve: Σ over measured inputs of its variance share (the prior analysis's
 * normalised Spearman²) × its reading's precision factor σ₀²/(σ₀² + se²), the
 * linear-Gaussian share of an input's variance a reading with standard error se
 * removes (se² combined over its readings). Null when no input was measured directly.
 */
function predictedShare(inputs: TrackedInput[], posterior: Posterior): number | null {
  const measured = inputs.filter((i) => i.moved === 'measured');
  if (!measured.length) return null;
  let share = 0;
  for (const i of measured) {
    const v = posterior.set.indexOfName(i.input)!;
    const precision = posterior.readings
      .filter((r) => r.skipped === null && r.observation.target.kind === 'input' && r.variables[0] === v)
      .reduce((acc, r) => acc + 1 / r.standardError! ** 2, 0);
    const sd0 = i.prior.sd ?? 0;
    const factor = sd0 > 0 && precision > 0 ? sd0 ** 2 / (sd0 ** 2 + 1 / precision) : 0;
    share += (i.predicted.varianceShare ?? 0) * factor;
  }
  return Math.min(1, share);
}

/**
 * Tracks a proposal against its actuals: the prior analysis (analyze()), the
 * Bayesian update of the inputs (Posterior), the re-forecast with the observed
 * months fixed (reforecast()), and per scenario the forecast-versus-actual
 * rows, status, re-forecast verdict and the go / adjust / stop recommendation,
 * in the Report's `tracking` block. Same proposal, actuals, seed, trials and
 * sampler give the same Report.
 * @example track(proposal, parseActuals(text, proposal), { trials: 100000, seed: 7 }).tracking!.scenarios[0].recommendation.decision
 */
export function track(proposal: Proposal, actuals: Actuals, options: TrackOptions = {}): Report {
  // Keep the prior run's draws for the update and the re-forecast when they are small enough.
  const draws = (options.trials ?? DEFAULT_TRIALS) * uncertainInputs(proposal);
  const { report, sim } = analyzeWithSimulation(proposal, { ...options, autoTrials: undefined, keepColumns: draws <= KEEP_DRAWS_MAX_VALUES } as AnalyzeOptions);
  const settings = { trials: sim.trials, seed: sim.seed, sampler: sim.sampler, ...(sim.columns ? { kept: sim.columns } : {}) };
  const batches: Batches = { blockSize: blockSizeFor(sim.trials), sampler: sim.sampler };

  const posterior = new Posterior(proposal, sim.variables, actuals, settings);
  const set = sim.variables;
  const moved = new Set(posterior.movedVariables);
  // The scenarios tracked: those with actuals, and those drawing on an input the update moved.
  const tracked = proposal.scenarios.filter((s) => actuals.observations.some((o) => o.scenario === s.id) || set.usedBy(s).some((v) => moved.has(v)));
  const re = reforecast(proposal, posterior, settings, new Set(tracked.map((s) => s.id)));
  const inputName = (o: Observation) => (o.target.kind === 'input' ? set.variables[posterior.predictor.variableOf(o.target.variableKey)].name : '');
  // The next phase of a scenario: the first phase starting at or after the as-of month that holds one of its items.
  const nextPhaseOf = (id: string) =>
    report.roadmap?.phases.filter((p) => p.startMonth >= actuals.asOfMonth && p.items.some((i) => i.scenarioId === id)).sort((a, b) => a.startMonth - b.startMonth)[0];
  const summaries = inputSummaries(sim.inputs, re);
  const scenarios = tracked.map((s): ScenarioTracking => {
    const prior = report.scenarios.find((r) => r.id === s.id)!;
    const priorTrials = sim.byScenario.get(s.id)!;
    const postTrials = re.byScenario.get(s.id)!;
    const spearman = new Map(prior.sensitivity.map((e) => [e.input, e.spearman]));
    const rows = forecastRows({ scenario: s, posterior, reforecast: re, spearman, spearmanTrials: report.valueOfInformation.trials });
    const status = scenarioStatus(rows, s, actuals.observations, inputName);
    const reforecastSummary = reforecastBlock(proposal, postTrials, batches);
    const inputs = trackedInputs(s, posterior, re, summaries, prior, report);
    const priorSd = prior.npv.sd ?? 0;
    const posteriorSd = reforecastSummary.npv.sd ?? 0;
    const priorMean = prior.npv.mean ?? 0;
    const posteriorMean = reforecastSummary.npv.mean ?? 0;
    const goNoGo = report.valueOfInformation.goNoGo[s.id];
    const measuredEvppi = inputs.filter((i) => i.moved === 'measured' && i.predicted.evppi !== null).map((i) => i.predicted.evppi!);
    const priorPositive = positiveShare(priorTrials.npv);
    const nextPhase = nextPhaseOf(s.id);
    const appliesTo: ScenarioTracking['recommendation']['appliesTo'] =
      nextPhase !== undefined ? { kind: 'next-phase', phase: nextPhase.index } : { kind: 'next-step', phase: null };
    return {
      id: s.id,
      name: s.name,
      lineLabels: Object.fromEntries([...s.benefits.map((b, i) => [`benefits[${i}]`, b.label]), ...s.costs.map((c, i) => [`costs[${i}]`, c.label])]),
      inputs,
      rows,
      status: status.status,
      statusMessage: status.message,
      prior: { npv: prior.npv, npvPositiveProbability: priorPositive, paybackWithinPolicy: prior.gates.payback.probability, verdict: prior.verdict, score: prior.score },
      reforecast: reforecastSummary,
      varianceResolved: {
        priorSd,
        posteriorSd,
        share: priorSd > 0 ? 1 - (posteriorSd / priorSd) ** 2 : 0,
        predictedShare: predictedShare(inputs, posterior),
      },
      valueOfInformation: {
        predicted: { evpi: goNoGo?.evpi ?? null, evppi: measuredEvppi.length ? Math.max(...measuredEvppi) : null },
        // Go/no-go on E[NPV]: a flip is worth what it avoids losing or gains, valued on the posterior.
        realised: (priorMean > 0) !== (posteriorMean > 0) ? Math.abs(posteriorMean) : 0,
      },
      recommendation: recommend({
        scenarioId: s.id,
        policy: proposal.policy,
        priorVerdict: prior.verdict,
        verdict: reforecastSummary.verdict,
        npvPositiveProbability: reforecastSummary.npvPositiveProbability,
        paybackWithinPolicy: { prior: prior.gates.payback.probability, reforecast: reforecastSummary.gates.payback.probability },
        status: status.status,
        appliesTo,
      }),
    };
  });
  const tracking: Tracking = {
    asOfMonth: actuals.asOfMonth,
    observations: posterior.readings.map((r) => ({
      row: r.observation.row,
      scenario: r.observation.scenario,
      month: r.observation.month,
      measure: r.observation.measure,
      value: r.observation.value,
      n: r.observation.n,
      sd: r.observation.sd,
      standardError: r.standardError,
      skipped: r.skipped,
    })),
    updates: posterior.updates.map((u) => ({
      inputs: u.component.variables.map((v) => set.variables[v].name),
      method: u.method,
      effectiveSampleSize: u.effectiveSampleSize,
      particles: u.particles,
      ...u.diagnostics,
    })),
    scenarios,
    replan: replanRemaining(proposal, set, posterior, report.roadmap, actuals.asOfMonth, { trials: sim.trials, seed: sim.seed, sampler: sim.sampler }),
  };
  return { ...report, tracking };
}
