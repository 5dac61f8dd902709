import { type ScenarioTrials, ScenarioModel, allocateTrials } from '../model/scenario-model.js';
import type { Proposal, Scenario } from '../model/proposal.js';
import type { ScenarioReport } from '../report.js';
import type { Simulation } from '../model/simulate.js';
import { averageRanks, pearson } from '../metrics/statistics.js';
import type { Variable } from '../sampling/variables.js';

/** Ranks of each input's analytics column, computed once and shared by every scenario that reads it. */
export class InputRanks {
  private readonly cache = new Map<number, Float64Array>();
  constructor(private readonly sim: Simulation) {}
  of(variable: number): Float64Array {
    let r = this.cache.get(variable);
    if (!r) {
      r = averageRanks(this.sim.inputs[variable]);
      this.cache.set(variable, r);
    }
    return r;
  }
}

/** The NPVs of the trials whose inputs the simulation kept (every analyticsStride-th trial). */
export function analyticsNpv(sim: Simulation, t: ScenarioTrials): Float64Array {
  const rows = sim.inputs.length > 0 ? sim.inputs[0].length : Math.ceil(sim.trials / sim.analyticsStride);
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = t.npv[r * sim.analyticsStride];
  return out;
}

/** A variable's value at probability p, clamped as its draws are. */
function valueAt(v: Variable, p: number): number {
  const x = v.distribution.quantile(p);
  return v.clamp ? Math.min(Math.max(x, v.clamp[0]), v.clamp[1]) : x;
}

/**
 * One-at-a-time tornado: the scenario's NPV with every input at its median
 * (row 0), then with input j at its P10 and at its P90 (rows 2j+1, 2j+2) and
 * the others at their medians — deterministic re-evaluations through the same
 * model as the simulation, one block of 1 + 2k rows.
 */
function tornado(proposal: Proposal, scenario: Scenario, sim: Simulation, used: number[]): { npv: Float64Array; low: number[]; high: number[] } {
  const rows = 1 + 2 * used.length;
  const vars = sim.variables.variables;
  const columns = vars.map((v) => new Float64Array(rows).fill(valueAt(v, 0.5)));
  const low = used.map((v) => valueAt(vars[v], 0.1));
  const high = used.map((v) => valueAt(vars[v], 0.9));
  used.forEach((v, j) => {
    columns[v][1 + 2 * j] = low[j];
    columns[v][2 + 2 * j] = high[j];
  });
  const out = allocateTrials(rows, proposal.horizonMonths, scenario.benefits.length, rows);
  new ScenarioModel(proposal, scenario, sim.variables, rows).evaluateBlock(columns, rows, 0, out);
  return { npv: out.npv, low, high };
}

/**
 * Sensitivity of a scenario's NPV to each uncertain input it uses (shared
 * assumptions once, by name): Spearman rank correlation with NPV over the
 * analytics trials, its share of NPV variance (ρ² normalised over the
 * scenario's inputs), and the tornado swing; sorted by swing, largest first.
 * @example sensitivity(proposal, scenario, sim, ranks).entries[0].input // the input that moves NPV most
 */
export function sensitivity(
  proposal: Proposal,
  scenario: Scenario,
  sim: Simulation,
  ranks: InputRanks,
): { base: number; entries: ScenarioReport['sensitivity'] } {
  const used = sim.variables.usedBy(scenario);
  const npvRanks = averageRanks(analyticsNpv(sim, sim.byScenario.get(scenario.id)!));
  const rhos = used.map((v) => {
    const rho = pearson(ranks.of(v), npvRanks);
    return Number.isFinite(rho) ? rho : null;
  });
  const total = rhos.reduce<number>((acc, r) => acc + (r === null ? 0 : r * r), 0);
  const t = tornado(proposal, scenario, sim, used);
  const entries = used.map((v, j) => {
    const lowNpv = t.npv[1 + 2 * j];
    const highNpv = t.npv[2 + 2 * j];
    const rho = rhos[j];
    return {
      input: sim.variables.variables[v].name,
      spearman: rho,
      varianceShare: rho === null || total === 0 ? null : (rho * rho) / total,
      low: lowNpv,
      high: highNpv,
      swing: Math.abs(highNpv - lowNpv),
      lowValue: t.low[j],
      highValue: t.high[j],
    };
  });
  entries.sort((a, b) => b.swing - a.swing || (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
  return { base: t.npv[0], entries };
}
