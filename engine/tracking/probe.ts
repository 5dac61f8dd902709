import type { Benefit, Cost, Proposal, Scenario } from '../model/proposal.js';
import { type FlowSink, ScenarioModel, type ScenarioTrials, allocateTrials } from '../model/scenario-model.js';
import type { VariableSet } from '../sampling/variables.js';

/** A benefit line worth 1 a month at full adoption: its monthly value is the adoption a(k) itself. */
const UNIT_LINE: Benefit = { kind: 'custom', label: 'adoption', quantityPerMonth: 1, unitValue: 1, growthPerYear: 0, expansions: [] };

/**
 * Lines worth nothing that stand in for an empty list of lines in a sub-model
 * (each sub-model reads only the side its own lines fill): the model's arrays
 * built from an empty list have another elements kind than the analysis's, and
 * V8 then drops the model's optimised code at every such sub-model.
 */
const ZERO_BENEFIT: Benefit = { kind: 'custom', label: 'none', quantityPerMonth: 0, unitValue: 0, growthPerYear: 0, expansions: [] };
const ZERO_COST: Cost = { kind: 'recurring', label: 'none', monthly: 0, from: 'golive', escalationPerYear: 0 };

/** One sub-model of a scenario with its scratch: the model, its result columns and its monthly sink. */
interface Part {
  model: ScenarioModel;
  out: ScenarioTrials;
  sink: FlowSink;
}

/**
 * A scenario's monthly quantities for months 0 … lastMonth, per trial of a
 * block, computed by the scenario's own model (engine/model/scenario-model.ts)
 * so that an actual is compared with exactly what the forecast simulates: the
 * total benefit and cost of each month, the adoption a(k) (the model run on a
 * unit benefit line), and one line's benefit or cost (the model run on that
 * line alone; a maintenance line as the costs with it minus the costs without,
 * since it is a share of the one-off total). Results are row-major n × months.
 *
 * The models stop at lastMonth when that cannot change those months: always,
 * except that maintenance is a share of every one-off cost within the horizon
 * (expansions included), so a scenario with maintenance and expansions keeps
 * its whole horizon.
 * @example new MonthlyProbe(proposal, scenario, set, 8192, 3).adoption(columns, n, out) // out[i * 4 + m] = a(m)
 */
export class MonthlyProbe {
  /** Months 0 … lastMonth: the row length of every result. */
  readonly months: number;
  private readonly proposal: Proposal;
  private readonly parts = new Map<string, Part>();

  constructor(
    proposal: Proposal,
    readonly scenario: Scenario,
    private readonly set: VariableSet,
    private readonly blockSize: number,
    lastMonth: number,
  ) {
    const keepHorizon = scenario.costs.some((c) => c.kind === 'maintenance') && scenario.benefits.some((b) => b.expansions.length > 0);
    const horizon = keepHorizon ? proposal.horizonMonths : Math.min(proposal.horizonMonths, Math.max(lastMonth, 0));
    this.proposal = { ...proposal, horizonMonths: horizon };
    this.months = lastMonth + 1;
  }

  /** The variables that the scenario restricted to these lines draws on (what a reading of them can inform). */
  static variablesOf(set: VariableSet, scenario: Scenario, benefits: Benefit[], costs: Cost[]): number[] {
    return set.usedBy({ ...scenario, benefits, costs });
  }

  private part(key: string, benefits: Benefit[], costs: Cost[]): Part {
    let p = this.parts.get(key);
    if (!p) {
      const s: Scenario = { ...this.scenario, benefits: benefits.length ? benefits : [ZERO_BENEFIT], costs: costs.length ? costs : [ZERO_COST], stages: undefined };
      const H = this.proposal.horizonMonths;
      p = {
        model: new ScenarioModel(this.proposal, s, this.set, this.blockSize, { flowsOnly: true }),
        out: allocateTrials(this.blockSize, H, s.benefits.length, this.blockSize),
        sink: { benefit: new Float64Array(this.blockSize * (H + 1)), cost: new Float64Array(this.blockSize * (H + 1)) },
      };
      this.parts.set(key, p);
    }
    return p;
  }

  /** Runs a part on the block and copies months 0 … lastMonth of its benefit or cost into `out` (n × months). */
  private run(p: Part, cols: Float64Array[], n: number, side: 'benefit' | 'cost', out: Float64Array, sign = 1, add = false): void {
    const width = this.proposal.horizonMonths + 1;
    p.sink.benefit.fill(0, 0, n * width);
    p.sink.cost.fill(0, 0, n * width);
    p.model.evaluateBlock(cols, n, 0, p.out, p.sink);
    const src = p.sink[side];
    const M = this.months;
    for (let i = 0; i < n; i++) {
      for (let m = 0; m < M; m++) {
        const x = m < width ? sign * src[i * width + m] : 0;
        out[i * M + m] = add ? out[i * M + m] + x : x;
      }
    }
  }

  /**
   * Each month's total benefit and total cost (every line, expansions and one-off costs included).
   * @example probe.totals(columns, n, benefit, cost) // benefit[i * probe.months + m]
   */
  totals(cols: Float64Array[], n: number, benefit: Float64Array, cost: Float64Array): void {
    const p = this.part('total', this.scenario.benefits, this.scenario.costs);
    this.run(p, cols, n, 'benefit', benefit);
    const M = this.months;
    const width = this.proposal.horizonMonths + 1;
    for (let i = 0; i < n; i++) for (let m = 0; m < M; m++) cost[i * M + m] = m < width ? p.sink.cost[i * width + m] : 0;
  }

  /**
   * One side's monthly total: every benefit line, or every cost (the benefit
   * lines that carry expansions come along for their expansion costs).
   * @example probe.side('benefits', columns, n, out) // out[i * probe.months + m]
   */
  side(side: 'benefits' | 'costs', cols: Float64Array[], n: number, out: Float64Array): void {
    const s = this.scenario;
    if (side === 'benefits') this.run(this.part('benefits', s.benefits, []), cols, n, 'benefit', out);
    else this.run(this.part('costs', s.benefits.filter((b) => b.expansions.length > 0), s.costs), cols, n, 'cost', out);
  }

  /**
   * Adoption a(k) of each month (0 until the month after go-live).
   * @example probe.adoption(columns, n, out) // out[i * probe.months + 3] = a(3) for an unshifted scenario live at once
   */
  adoption(cols: Float64Array[], n: number, out: Float64Array): void {
    this.run(this.part('adoption', [UNIT_LINE], []), cols, n, 'benefit', out);
  }

  /**
   * One line's money of each month: a benefit line's value, a cost line's cost.
   * @example probe.line('costs', 1, columns, n, out) // the second cost line's monthly cost
   */
  line(side: 'benefits' | 'costs', index: number, cols: Float64Array[], n: number, out: Float64Array): void {
    const s = this.scenario;
    if (side === 'benefits') {
      this.run(this.part(`benefits[${index}]`, [s.benefits[index]], []), cols, n, 'benefit', out);
      return;
    }
    const line = s.costs[index];
    if (line.kind !== 'maintenance') {
      this.run(this.part(`costs[${index}]`, [], [line]), cols, n, 'cost', out);
      return;
    }
    // Maintenance is a share of the one-off total: the costs with it minus the costs without it.
    const others = s.costs.filter((_, k) => k !== index);
    this.run(this.part('costs:all', s.benefits, s.costs), cols, n, 'cost', out);
    this.run(this.part(`costs:without[${index}]`, s.benefits, others), cols, n, 'cost', out, -1, true);
  }

  /**
   * The variables a line's money draws on.
   * @example MonthlyProbe.lineVariables(set, scenario, 'benefits', 0) // minutesSaved, costPerHour, tasksPerMonth, adoption inputs…
   */
  static lineVariables(set: VariableSet, scenario: Scenario, side: 'benefits' | 'costs', index: number): number[] {
    if (side === 'benefits') return MonthlyProbe.variablesOf(set, scenario, [scenario.benefits[index]], []);
    const line = scenario.costs[index];
    return line.kind === 'maintenance' ? MonthlyProbe.costVariables(set, scenario, scenario.costs, true) : MonthlyProbe.costVariables(set, scenario, [line], false);
  }

  /** The variables the adoption curve draws on (implementation months, the curve's parameters). */
  static adoptionVariables(set: VariableSet, scenario: Scenario): number[] {
    return MonthlyProbe.variablesOf(set, scenario, [UNIT_LINE], []);
  }

  /** The variables a side's monthly total draws on (costs include expansions, which benefit lines carry). */
  static sideVariables(set: VariableSet, scenario: Scenario, side: 'benefits' | 'costs'): number[] {
    if (side === 'benefits') return MonthlyProbe.variablesOf(set, scenario, scenario.benefits, []);
    return MonthlyProbe.costVariables(set, scenario, scenario.costs, true);
  }

  /**
   * The variables cost lines draw on: their own inputs, the implementation
   * months (when they start and how one-off costs spread), the adoption curve
   * only when public compute follows usage, and with `expansions` the expansion
   * costs the benefit lines carry. Leaving out what a cost cannot depend on keeps
   * cost readings from tying the benefit inputs into one joint update.
   */
  static costVariables(set: VariableSet, scenario: Scenario, costs: Cost[], expansions: boolean): number[] {
    const followsUsage = costs.some((c) => c.kind === 'compute' && c.deployment !== 'private');
    const carriers: Benefit[] = expansions
      ? scenario.benefits.filter((b) => b.expansions.length > 0).map((b) => ({ kind: 'custom', label: b.label, quantityPerMonth: 0, unitValue: 0, growthPerYear: 0, expansions: b.expansions }))
      : [];
    return set.usedBy({ ...scenario, benefits: carriers, costs, adoption: followsUsage ? scenario.adoption : { curve: 'none', ceiling: 1 }, stages: undefined });
  }
}
