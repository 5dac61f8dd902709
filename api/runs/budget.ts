/**
 * The memory budget of a run: how much memory an analysis of a proposal at a
 * trial count needs, estimated before it starts, so that the API refuses a run
 * that would not fit (422 RUN_TOO_LARGE, naming the largest trial count that
 * does) instead of letting it take the server's memory. The worker thread's
 * heap is capped at the budget as well, as a safety net for what the estimate
 * misses.
 *
 * The model was fitted to peak RSS of single analyses on this codebase
 * (docs/api.md, "Memory"): the reference model at 2,000 – 1,000,000 trials and
 * the demo (with its roadmap and without, 7 – 28 scenarios) at 2,000 –
 * 200,000 trials; it over-estimates each of those by 0 – 10%.
 */
import { ANALYTICS_MAX_TRIALS, FAN_MAX_TRIALS } from '../../engine/constants.js';
import type { ProposalFacts } from './worker.js';

const MB = 1024 * 1024;

/** The process and its modules before any trial: Node, the engine, a Report's fixed parts. */
const BASE_BYTES = 90 * MB;
/** Fixed cost of each scenario (model, summaries, sensitivity). */
const SCENARIO_BYTES = 2 * MB;
/** Per trial kept for the cumulative fan and IRR, per month of the horizon and scenario: 8-byte flows, plus working copies. */
const FAN_BYTES_PER_TRIAL_MONTH = 8 * 1.4;
/** Per trial and scenario: the per-trial result columns (NPV, IRR, ROI, payback, investment…). */
const TRIAL_BYTES = 70;
/** Per input: the strided copy the sensitivity and value-of-information analyses read. */
const INPUT_BYTES_PER_ANALYTICS_TRIAL = 8;
/** A roadmap multiplies the scenario part: planning data and the portfolio simulation of the scheduled items. */
const ROADMAP_FACTOR = 1.6;

/**
 * Estimated peak memory of an analysis, in bytes.
 * @example estimateRunBytes({ scenarios: 1, inputs: 11, horizonMonths: 36, roadmap: false }, 1_000_000) // ≈ 171 MB
 */
export function estimateRunBytes(facts: Pick<ProposalFacts, 'scenarios' | 'inputs' | 'horizonMonths' | 'roadmap'>, trials: number): number {
  const perScenario = SCENARIO_BYTES + Math.min(trials, FAN_MAX_TRIALS) * (facts.horizonMonths + 1) * FAN_BYTES_PER_TRIAL_MONTH + trials * TRIAL_BYTES;
  const inputs = facts.inputs * Math.min(trials, ANALYTICS_MAX_TRIALS) * INPUT_BYTES_PER_ANALYTICS_TRIAL;
  return BASE_BYTES + facts.scenarios * perScenario * (facts.roadmap ? ROADMAP_FACTOR : 1) + inputs;
}

/**
 * The most trials (≤ `cap`) whose estimate fits the budget; 0 when not even one does.
 * @example largestTrialsWithin(facts, 512 * 1024 * 1024, 20_000)
 */
export function largestTrialsWithin(facts: Pick<ProposalFacts, 'scenarios' | 'inputs' | 'horizonMonths' | 'roadmap'>, budgetBytes: number, cap: number): number {
  if (estimateRunBytes(facts, 1) > budgetBytes) return 0;
  let lo = 1;
  let hi = cap;
  if (estimateRunBytes(facts, hi) <= budgetBytes) return hi;
  // The estimate grows with trials: bisect for the last count that fits.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (estimateRunBytes(facts, mid) <= budgetBytes) lo = mid;
    else hi = mid;
  }
  return lo;
}
