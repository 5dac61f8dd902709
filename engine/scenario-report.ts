import { IRR_MAX_TRIALS, PAYBACK_PROBABILITY_MONTHS } from './constants.js';
import { type Batches, proportionStandardError } from './metrics/convergence.js';
import { cumulativeFan, fanIrr, nanShare, sharesAtMost, summarize } from './metrics/summaries.js';
import { advise } from './decision/advice.js';
import { inputBreakEven, oneOffBreakEven, paybackDriver } from './decision/break-even.js';
import { caveats } from './decision/caveats.js';
import { evaluateGates } from './decision/gates.js';
import { score } from './decision/score.js';
import type { StageTrials } from './decision/stage-trials.js';
import { verdict } from './decision/verdict.js';
import type { Proposal, Scenario } from './model/proposal.js';
import type { ScenarioReport } from './report.js';
import { type InputRanks, sensitivity } from './analytics/sensitivity.js';
import type { Simulation } from './model/simulate.js';
import { message } from './messages.js';
import { localizedScenario } from './model/localized.js';
import { meanMonthlyFlows } from './metrics/monthly.js';

/** Summaries, gates, verdict, advice, caveats, standard errors and sensitivity of one scenario (rank filled in later). */
export function scenarioReport(proposal: Proposal, scenario: Scenario, sim: Simulation, ranks: InputRanks, stages: StageTrials[] | undefined): ScenarioReport {
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
