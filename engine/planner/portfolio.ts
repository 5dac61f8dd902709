import { FAN_MAX_TRIALS } from '../constants.js';
import { paybacks } from '../model/flows.js';
import { type FlowSink, type ScenarioTrials, ScenarioModel, allocateTrials } from '../model/scenario-model.js';
import type { Proposal, SharedComponent } from '../model/proposal.js';
import { type SimulateOptions, blockSizeFor, forEachBlock, runSettings } from '../model/simulate.js';
import type { VariableSet } from '../sampling/variables.js';
import type { PlanItem } from './items.js';
import { type MonthlySums, monthlySums } from '../metrics/monthly.js';

/** An item placed in the plan. */
export interface ScheduledItem {
  item: PlanItem;
  phase: number;
  start: number;
}

/** A shared component paid at the start of the first phase that needs it. */
export interface ComponentPayment {
  component: SharedComponent;
  phase: number;
  month: number;
}

/** Per-trial results of the whole programme. */
export interface PortfolioTrials {
  trials: number;
  npv: Float64Array;
  roi: Float64Array;
  payback: Float64Array;
  investment: Float64Array;
  /** One-off spend of each phase, per trial. */
  phaseSpend: Float64Array[];
  /** Σ over trials of each scheduled item's NPV at its start (same order as the schedule). */
  itemNpvSums: Float64Array;
  /** Σ over trials of the components' discounted costs. */
  componentPvSum: number;
  /** Cumulative programme cash flow by month for every fanStride-th trial. */
  fan: Float64Array;
  fanStride: number;
  fanRows: number;
  /** Sums over trials of the programme's benefits and costs by month (for its mean monthly flows). */
  monthly: MonthlySums;
}

/**
 * Simulates the programme: each scheduled item's cash flows from its own model
 * started at its phase's month (the same model code as the analysis, so a shift
 * by k months moves every flow by k months), shared components paid once at the
 * start of the first phase that needs them, all summed trial by trial over the
 * analysis's own trials (same seed and input substreams: common random numbers,
 * so the portfolio carries the scenarios' correlation).
 * @example simulatePortfolio(proposal, set, { trials: 100000, seed: 1 }, scheduled, payments, 3).npv
 */
export function simulatePortfolio(
  proposal: Proposal,
  set: VariableSet,
  options: SimulateOptions,
  scheduled: ScheduledItem[],
  payments: ComponentPayment[],
  phaseCount: number,
): PortfolioTrials {
  const { trials } = runSettings(options);
  const H = proposal.horizonMonths;
  const width = H + 1;
  const blockSize = blockSizeFor(trials);
  const monthly = Math.pow(1 + proposal.discountRate, 1 / 12) - 1;
  const D = Float64Array.from({ length: width }, (_, m) => Math.pow(1 + monthly, -m));
  const models = scheduled.map((s) => new ScenarioModel(proposal, s.item.scenario, set, blockSize, { startMonth: s.start, share: s.item.share, flowsOnly: true }));
  const outs: ScenarioTrials[] = scheduled.map((s) => allocateTrials(blockSize, H, s.item.scenario.benefits.length, blockSize));
  const sink: FlowSink = { benefit: new Float64Array(blockSize * width), cost: new Float64Array(blockSize * width) };
  const sources = payments.map((p) => set.resolve(p.component.cost));
  const fanStride = Math.ceil(trials / FAN_MAX_TRIALS);
  const fanRows = Math.ceil(trials / fanStride);
  const result: PortfolioTrials = {
    trials,
    npv: new Float64Array(trials),
    roi: new Float64Array(trials),
    payback: new Float64Array(trials),
    investment: new Float64Array(trials),
    phaseSpend: Array.from({ length: phaseCount }, () => new Float64Array(trials)),
    itemNpvSums: new Float64Array(scheduled.length),
    componentPvSum: 0,
    fan: new Float64Array(fanRows * width),
    fanStride,
    fanRows,
    monthly: monthlySums(H),
  };
  const { benefit: monthlyBenefit, cost: monthlyCost } = result.monthly;
  const pay = new Float64Array(2);
  forEachBlock(proposal, set, options, (columns, n, offset) => {
    sink.benefit.fill(0, 0, n * width);
    sink.cost.fill(0, 0, n * width);
    models.forEach((model, k) => {
      const out = outs[k];
      model.evaluateBlock(columns, n, 0, out, sink);
      const spend = result.phaseSpend[scheduled[k].phase];
      let npvSum = 0;
      for (let i = 0; i < n; i++) {
        spend[offset + i] += out.commitment[i];
        npvSum += out.npv[i];
      }
      result.itemNpvSums[k] += npvSum;
    });
    payments.forEach((p, k) => {
      const src = sources[k];
      const spend = result.phaseSpend[p.phase];
      for (let i = 0; i < n; i++) {
        const cost = 'variable' in src ? columns[src.variable][i] : src.value;
        if (p.month <= H) sink.cost[i * width + p.month] += cost;
        spend[offset + i] += cost;
        result.componentPvSum += cost * D[Math.min(p.month, H)];
      }
    });
    for (let i = 0; i < n; i++) {
      const trial = offset + i;
      const base = i * width;
      let pvB = 0;
      let pvC = 0;
      for (let m = 0; m <= H; m++) {
        pvB += sink.benefit[base + m] * D[m];
        pvC += sink.cost[base + m] * D[m];
        monthlyBenefit[m] += sink.benefit[base + m];
        monthlyCost[m] += sink.cost[base + m];
      }
      result.npv[trial] = pvB - pvC;
      result.roi[trial] = pvC > 0 ? (pvB - pvC) / pvC : NaN;
      paybacks(sink.benefit, sink.cost, base, H, D, pay);
      result.payback[trial] = pay[0];
      let investment = 0;
      for (const spend of result.phaseSpend) investment += spend[trial];
      result.investment[trial] = investment;
      if (trial % fanStride === 0) {
        const row = (trial / fanStride) * width;
        let cum = 0;
        for (let m = 0; m <= H; m++) {
          cum += sink.benefit[base + m] - sink.cost[base + m];
          result.fan[row + m] = cum;
        }
      }
    }
  });
  return result;
}
