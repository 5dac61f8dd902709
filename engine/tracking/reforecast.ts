import { FAN_MAX_TRIALS } from '../constants.js';
import { REFORECAST_MAX_TRIALS } from './constants.js';
import type { Proposal, Scenario } from '../model/proposal.js';
import { type FlowOverride, ScenarioModel, type ScenarioTrials, allocateTrials } from '../model/scenario-model.js';
import { blockSizeFor, forEachBlock, forEachKeptBlock } from '../model/simulate.js';
import type { Sampler } from '../sampling/samplers.js';
import type { Observation } from './actuals.js';
import type { Posterior } from './posterior.js';

/** The realised money of a scenario's observed months that replaces the model's. */
interface Overrides {
  /** month → side → the month's total as booked. */
  totals: Map<number, { benefits?: number; costs?: number }>;
  /** month → the lines booked that month (used for a side whose total is not given). */
  lines: Map<number, { side: 'benefits' | 'costs'; index: number; value: number }[]>;
  /** Cost lines with a one-off amount among the booked lines: their actual replaces the model's in the investment. */
  oneOffLines: Set<number>;
}

function overridesOf(scenario: Scenario, observations: readonly Observation[]): Overrides | null {
  const own = observations.filter((o) => o.scenario === scenario.id && (o.target.kind === 'cash' || o.target.kind === 'cash-line'));
  if (own.length === 0) return null;
  const totals: Overrides['totals'] = new Map();
  const lines: Overrides['lines'] = new Map();
  const oneOffLines = new Set<number>();
  for (const o of own) {
    const t = o.target;
    if (t.kind === 'cash') totals.set(o.month, { ...totals.get(o.month), [t.side]: o.value });
    else if (t.kind === 'cash-line') {
      lines.set(o.month, [...(lines.get(o.month) ?? []), { side: t.side, index: t.index, value: o.value }]);
      if (t.side === 'costs' && scenario.costs[t.index].kind === 'oneOff') oneOffLines.add(t.index);
    }
  }
  return { totals, lines, oneOffLines };
}

/** The re-forecast of every scenario on the posterior, with what the explanation of deviations reads. */
export interface Reforecast {
  /** Trials re-simulated: the run's first min(trials, REFORECAST_MAX_TRIALS). */
  trials: number;
  byScenario: Map<string, ScenarioTrials>;
  /** The posterior draws of every moved variable over the re-forecast's trials. */
  movedColumns: Map<number, Float64Array>;
  /**
   * Sums over the first `explainTrials` posterior trials of each line's money in
   * months 0 … as-of (row "benefits[0]" → Float64Array of months), for the lines'
   * posterior means, per scenario with money actuals.
   */
  lineSums: Map<string, Map<string, Float64Array>>;
  explainTrials: number;
}

/**
 * Re-simulates every scenario asked for (default all) on the posterior draws (Posterior.transformBlock) of the run's first min(trials, REFORECAST_MAX_TRIALS) trials
 * with the observed months fixed to the actuals (docs/tracking.md, "The
 * re-forecast"): in a month up to the as-of month a booked total replaces the
 * model's total of its side; else each booked line replaces that line's money
 * (the rest of the side stays simulated); a booked one-off line also replaces
 * its part of the investment. Months without money actuals are simulated from
 * the posterior. The scenario's model applies the actuals to each trial's
 * flows before taking its metrics (FlowOverride), so NPV, ROI, payback and the
 * fan are those of the fixed flows, computed as always. Same trials, seed and sampler as the prior run: inputs the actuals say
 * nothing about keep their draws, so prior and re-forecast differ by the update
 * alone, not by sampling noise.
 * @example reforecast(proposal, posterior, { trials: 100000, seed: 7, sampler: 'lhs' }).byScenario.get('reference')!.npv
 */
export function reforecast(
  proposal: Proposal,
  posterior: Posterior,
  settings: { trials: number; seed: number; sampler: Sampler; kept?: Float64Array[] },
  /** The scenarios to re-forecast (default all): the others' trials would go unread. */
  scenarioIds?: ReadonlySet<string>,
): Reforecast {
  const trials = Math.min(settings.trials, REFORECAST_MAX_TRIALS);
  const set = posterior.set;
  const H = proposal.horizonMonths;
  const blockSize = blockSizeFor(trials);
  const fanStride = Math.ceil(trials / FAN_MAX_TRIALS);
  const observations = posterior.actuals.observations;
  const M = posterior.actuals.asOfMonth + 1;
  const explainTrials = posterior.explainTrials;
  const predictor = posterior.predictor;
  const plans = proposal.scenarios.filter((s) => !scenarioIds || scenarioIds.has(s.id)).map((s) => {
    const overrides = overridesOf(s, observations);
    // The overrides as flat lists for the per-trial loop: booked lines of sides without a booked total, then the totals.
    const bookedLines = overrides
      ? [...overrides.lines].flatMap(([month, ls]) =>
          ls
            .filter((l) => overrides.totals.get(month)?.[l.side] === undefined)
            .map((l) => ({ month, value: l.value, key: `${l.side}[${l.index}]`, benefit: l.side === 'benefits', oneOff: l.side === 'costs' && overrides.oneOffLines.has(l.index) })),
        )
      : [];
    const bookedTotals = overrides
      ? [...overrides.totals].flatMap(([month, t]) => [
          ...(t.benefits !== undefined ? [{ month, value: t.benefits, benefit: true }] : []),
          ...(t.costs !== undefined ? [{ month, value: t.costs, benefit: false }] : []),
        ])
      : [];
    // The booked lines' modelled money of the current block (row-major n × months), which the override reads.
    const lineMoney: Float64Array[] = bookedLines.map(() => new Float64Array(0));
    return {
      scenario: s,
      overrides,
      bookedLines,
      lineMoney,
      override: overrides ? fixBookedMonths(bookedLines, lineMoney, bookedTotals, M) : undefined,
      model: new ScenarioModel(proposal, s, set, blockSize),
      out: allocateTrials(trials, H, s.benefits.length, fanStride),
      lineSums: overrides ? new Map<string, Float64Array>() : null,
    };
  });
  const movedColumns = new Map(posterior.movedVariables.map((v) => [v, new Float64Array(trials)]));
  const visit = (columns: Float64Array[], n: number, offset: number) => {
    for (const [v, kept] of movedColumns) kept.set(columns[v].subarray(0, n), offset);
    for (const p of plans) {
      const o = p.overrides;
      if (!o) {
        p.model.evaluateBlock(columns, n, offset, p.out);
        continue;
      }
      // The booked lines' modelled money in the observed months, to replace.
      const money = bookedLines(predictor, p.scenario, o, columns, n);
      p.bookedLines.forEach((l, k) => (p.lineMoney[k] = money.get(l.key)!));
      p.model.evaluateBlock(columns, n, offset, p.out, undefined, p.override);
      // The first trials' lines, for the explanation of deviations.
      const rows = Math.min(n, Math.max(0, explainTrials - offset));
      if (rows > 0) {
        const explained = predictor.lines(p.scenario, columns.map((c) => c.subarray(0, rows)), rows);
        for (const [key, money] of explained) {
          let sums = p.lineSums!.get(key);
          if (!sums) p.lineSums!.set(key, (sums = new Float64Array(M)));
          for (let i = 0; i < rows; i++) for (let m = 0; m < M; m++) sums[m] += money[i * M + m];
        }
      }
    }
  };
  const { kept, ...draw } = settings;
  if (kept) forEachKeptBlock(kept, trials, { transformBlock: posterior.transformBlock }, visit);
  else forEachBlock(proposal, set, { ...draw, trials, transformBlock: posterior.transformBlock }, visit);
  const byScenario = new Map(plans.map((p) => [p.scenario.id, p.out]));
  const lineSums = new Map(plans.filter((p) => p.lineSums).map((p) => [p.scenario.id, p.lineSums!]));
  return { trials, byScenario, movedColumns, lineSums, explainTrials };
}

/**
 * The FlowOverride that fixes a scenario's observed months to the actuals: a
 * booked line's actual replaces that line's modelled money (lineMoney[k], the
 * current block's, row-major n × months), a booked total its side's total.
 * One closure per scenario for the whole run, so that the model's call to it
 * stays monomorphic (a new closure per block made V8 drop the model's
 * optimised code at every block).
 */
function fixBookedMonths(
  lines: { month: number; value: number; benefit: boolean; oneOff: boolean }[],
  lineMoney: Float64Array[],
  totals: { month: number; value: number; benefit: boolean }[],
  M: number,
): FlowOverride {
  return (i, benefit, cost, D, delta) => {
    for (let k = 0; k < lines.length; k++) {
      const l = lines[k];
      const m = l.month;
      const change = l.value - lineMoney[k][i * M + m];
      if (l.benefit) {
        benefit[m] += change;
        delta[0] += change * D[m];
      } else {
        cost[m] += change;
        delta[1] += change * D[m];
        if (l.oneOff) delta[2] += change;
      }
    }
    for (let k = 0; k < totals.length; k++) {
      const { month: m, value, benefit: isBenefit } = totals[k];
      const side = isBenefit ? benefit : cost;
      delta[isBenefit ? 0 : 1] += (value - side[m]) * D[m];
      side[m] = value;
    }
  };
}

/** The money of the lines booked in some month, for a block (row-major n × months). */
function bookedLines(predictor: Posterior['predictor'], scenario: Scenario, o: Overrides, columns: Float64Array[], n: number): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  const probe = predictor.probe(scenario);
  for (const lines of o.lines.values()) {
    for (const l of lines) {
      const key = `${l.side}[${l.index}]`;
      if (out.has(key)) continue;
      const money = new Float64Array(n * probe.months);
      probe.line(l.side, l.index, columns, n, money);
      out.set(key, money);
    }
  }
  return out;
}
