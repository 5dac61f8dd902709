import { type ScenarioTrials, ScenarioModel, allocateTrials } from '../model/scenario-model.js';
import type { Proposal } from '../model/proposal.js';
import { type SimulateOptions, blockSizeFor, forEachBlock, runSettings } from '../model/simulate.js';
import { paybackPeriod } from '../metrics/finance.js';
import { quantile } from '../metrics/statistics.js';
import type { VariableSet } from '../sampling/variables.js';
import type { PlanItem } from './items.js';

/**
 * The planner estimates E[NPV] and checks chance constraints on the run's first
 * block of trials (8,192, a whole Latin hypercube): a probability from them has a
 * standard error of at most 0.0055, the heuristic checks thousands of candidate
 * phases on them, and the full run is left to the portfolio simulation, which
 * reports every phase's budget probability over all trials.
 */
export const PLAN_MAX_TRIALS = 8_192;

/** What the search needs to know of one item, from the run's own trials. */
export interface ItemData {
  item: PlanItem;
  /** Mean net cash flow by month when started at month 0. */
  meanFlows: Float64Array;
  /** expectedNpv[t] = E[NPV] when the item starts at month t (its mean flows shifted by t, cut at the horizon). */
  expectedNpv: Float64Array;
  /** The item's phase spend at each plan trial: its commitment at the start (ScenarioTrials.commitment, expansions left out). */
  investment: Float64Array;
  /** Implementation months the phase must allow: the `confidence` quantile of T. */
  duration: number;
  /** Payback month of the mean cash flows when started at 0 (null when they never pay back). */
  expectedPayback: number | null;
}

export interface PlanningData {
  items: ItemData[];
  /** One-off cost of each shared component at each plan trial, by component id. */
  componentCosts: Map<string, Float64Array>;
  /** E[cost] of each shared component. */
  componentMeans: Map<string, number>;
  /** Discount factor by month. */
  discount: Float64Array;
  planTrials: number;
}

/**
 * Simulates every plan item started at month 0 over the run's first trials
 * (same seed, same input substreams, whole blocks: the very trials the analysis
 * drew), keeping per item its mean monthly flows (for E[NPV] at any start and
 * its expected payback) and, per trial, its one-off spend and implementation months.
 * @example planningData(proposal, items, set, { trials: 100000, seed: 1 }).items[0].expectedNpv[6]
 */
export function planningData(proposal: Proposal, items: PlanItem[], set: VariableSet, options: SimulateOptions): PlanningData {
  const { trials: runTrials } = runSettings(options);
  const H = proposal.horizonMonths;
  const blockSize = blockSizeFor(runTrials);
  // Whole blocks of the run, so these are exactly its first trials.
  const trials = Math.min(runTrials, Math.ceil(PLAN_MAX_TRIALS / blockSize) * blockSize);
  const rows = trials;
  const models = items.map((it) => new ScenarioModel(proposal, it.scenario, set, blockSize, { share: it.share, flowsOnly: true }));
  const outs: ScenarioTrials[] = items.map((it) => allocateTrials(blockSize, H, it.scenario.benefits.length, blockSize, true));
  const investment = items.map(() => new Float64Array(rows));
  const months = items.map(() => new Float64Array(rows));
  const components = proposal.roadmap!.sharedComponents;
  const componentSources = components.map((c) => set.resolve(c.cost));
  const componentCosts = new Map(components.map((c) => [c.id, new Float64Array(rows)]));
  forEachBlock(proposal, set, { ...options, trials, onProgress: undefined }, (columns, n, offset) => {
    models.forEach((m, k) => m.evaluateBlock(columns, n, 0, outs[k]));
    for (let i = 0; i < n; i++) {
      const row = offset + i;
      items.forEach((_, k) => {
        investment[k][row] = outs[k].commitment[i];
        months[k][row] = outs[k].implementationMonths[i];
      });
      components.forEach((c, k) => {
        const src = componentSources[k];
        componentCosts.get(c.id)![row] = 'variable' in src ? columns[src.variable][i] : src.value;
      });
    }
  });
  const monthly = Math.pow(1 + proposal.discountRate, 1 / 12) - 1;
  const discount = Float64Array.from({ length: H + 1 }, (_, m) => Math.pow(1 + monthly, -m));
  const confidence = proposal.policy.confidence;
  const data = items.map((item, k): ItemData => {
    const meanFlows = outs[k].flowSums!.map((x) => x / trials);
    const expectedNpv = new Float64Array(H + 1);
    for (let t = 0; t <= H; t++) {
      let v = 0;
      for (let m = 0; m + t <= H; m++) v += meanFlows[m] * discount[m + t];
      expectedNpv[t] = v;
    }
    const payback = paybackPeriod(meanFlows);
    return {
      item,
      meanFlows,
      expectedNpv,
      investment: investment[k],
      duration: Math.ceil(quantile(months[k], confidence) - 1e-9),
      expectedPayback: Number.isFinite(payback) ? payback : null,
    };
  });
  const componentMeans = new Map([...componentCosts].map(([id, v]) => [id, v.reduce((a, b) => a + b, 0) / v.length]));
  return { items: data, componentCosts, componentMeans, discount, planTrials: rows };
}
