import { BLOCK_SIZE } from '../constants.js';
import type { Proposal, Scenario } from '../model/proposal.js';
import type { VariableSet } from '../sampling/variables.js';
import type { Observation } from './actuals.js';
import { MonthlyProbe } from './probe.js';

/** A block's monthly money of one scenario: totals, and each line that was asked for (row-major n × months). */
export interface MonthlyBlock {
  months: number;
  benefit: Float64Array;
  cost: Float64Array;
  /** "benefits[0]", "costs[2]" → that line's money. */
  lines: Map<string, Float64Array>;
}

/** dest[start + i] = month m of row first + i of src (row-major, `months` a row), i < n. */
function copyMonth(src: Float64Array, first: number, months: number, m: number, dest: Float64Array, start: number, n: number): void {
  for (let i = 0; i < n; i++) dest[start + i] = src[(first + i) * months + m];
}

/**
 * What each observation predicts for a set of trials: the input's own value,
 * or the scenario's adoption or money in the observation's month through the
 * scenario's model (MonthlyProbe), block by block. Shared by the forecast
 * (prior draws), the update (each MCMC proposal) and the re-forecast.
 * @example new Predictor(proposal, set, 3, 8192).predict(actuals.observations, columns, 8192, out)
 */
export class Predictor {
  private readonly probes = new Map<string, MonthlyProbe>();
  private readonly keyIndex = new Map<string, number>();
  readonly blockSize: number;
  private readonly scratch: { adoption: Float64Array; line: Float64Array; benefit: Float64Array; cost: Float64Array };

  constructor(
    private readonly proposal: Proposal,
    readonly set: VariableSet,
    /** The last month any reading speaks for. */
    readonly lastMonth: number,
    maxRows: number,
  ) {
    this.blockSize = Math.max(1, Math.min(BLOCK_SIZE, maxRows));
    set.variables.forEach((v, i) => this.keyIndex.set(v.key, i));
    const size = this.blockSize * (lastMonth + 1);
    this.scratch = { adoption: new Float64Array(size), line: new Float64Array(size), benefit: new Float64Array(size), cost: new Float64Array(size) };
  }

  /** The variable index of a variable key. */
  variableOf(key: string): number {
    const v = this.keyIndex.get(key);
    if (v === undefined) throw new Error(`unknown variable ${key}`);
    return v;
  }

  probe(scenario: Scenario): MonthlyProbe {
    let p = this.probes.get(scenario.id);
    if (!p) {
      p = new MonthlyProbe(this.proposal, scenario, this.set, this.blockSize, this.lastMonth);
      this.probes.set(scenario.id, p);
    }
    return p;
  }

  /** The scenario of an observation. */
  scenarioOf(o: Observation): Scenario {
    return this.proposal.scenarios.find((s) => s.id === o.scenario)!;
  }

  /** The variables an observation's prediction draws on. */
  variablesOf(o: Observation): number[] {
    const t = o.target;
    const s = this.scenarioOf(o);
    if (t.kind === 'input') return [this.variableOf(t.variableKey)];
    if (t.kind === 'adoption') return MonthlyProbe.adoptionVariables(this.set, s);
    if (t.kind === 'cash') return MonthlyProbe.sideVariables(this.set, s, t.side);
    return MonthlyProbe.lineVariables(this.set, s, t.side, t.index);
  }

  /**
   * out[k][i] = what observations[k] predicts for trial i of `columns` (i < rows).
   * `totals` may hold a scenario's monthly totals of these rows (monthly()'s
   * benefit and cost, rows × months): a month's total is then read off them, not
   * simulated again. The probe's totals and its sides are the same numbers: a
   * side's lines are the only ones that add to its money.
   * @example predictor.predict(observations, columns, 16384, out)
   */
  predict(
    observations: readonly Observation[],
    columns: Float64Array[],
    rows: number,
    out: Float64Array[],
    totals?: ReadonlyMap<string, { benefit: Float64Array; cost: Float64Array }>,
  ): void {
    const byScenario = new Map<string, number[]>();
    observations.forEach((o, k) => {
      if (o.target.kind === 'input') {
        const c = columns[this.variableOf(o.target.variableKey)];
        const dest = out[k];
        for (let i = 0; i < rows; i++) dest[i] = c[i];
      } else byScenario.set(o.scenario, [...(byScenario.get(o.scenario) ?? []), k]);
    });
    if (byScenario.size === 0) return;
    const M = this.lastMonth + 1;
    const { adoption, line, benefit, cost } = this.scratch;
    for (let start = 0; start < rows; start += this.blockSize) {
      const n = Math.min(this.blockSize, rows - start);
      const cols = columns.map((c) => c.subarray(start, start + n));
      for (const [id, ks] of byScenario) {
        const probe = this.probe(this.proposal.scenarios.find((s) => s.id === id)!);
        const obs = ks.map((k) => observations[k]);
        const given = totals?.get(id);
        if (obs.some((o) => o.target.kind === 'adoption')) probe.adoption(cols, n, adoption);
        if (!given && obs.some((o) => o.target.kind === 'cash' && o.target.side === 'benefits')) probe.side('benefits', cols, n, benefit);
        if (!given && obs.some((o) => o.target.kind === 'cash' && o.target.side === 'costs')) probe.side('costs', cols, n, cost);
        // Lines one at a time, each into the shared scratch, read before the next.
        const lineKeys = [...new Set(obs.flatMap((o) => (o.target.kind === 'cash-line' ? [`${o.target.side}[${o.target.index}]`] : [])))];
        const fill = (k: number, src: Float64Array, first = 0) => copyMonth(src, first, M, observations[k].month, out[k], start, n);
        ks.forEach((k) => {
          const t = observations[k].target;
          if (t.kind === 'adoption') fill(k, adoption);
          else if (t.kind === 'cash') {
            if (given) fill(k, t.side === 'benefits' ? given.benefit : given.cost, start);
            else fill(k, t.side === 'benefits' ? benefit : cost);
          }
        });
        for (const key of lineKeys) {
          const [, side, index] = /^(benefits|costs)\[(\d+)\]$/.exec(key)!;
          probe.line(side as 'benefits' | 'costs', Number(index), cols, n, line);
          ks.forEach((k) => {
            const t = observations[k].target;
            if (t.kind === 'cash-line' && `${t.side}[${t.index}]` === key) fill(k, line);
          });
        }
      }
    }
  }

  /**
   * A block's monthly money of one scenario: its totals and every line, months 0 … lastMonth.
   * @example predictor.monthly(scenario, blockColumns, n).lines.get('costs[1]')
   */
  monthly(scenario: Scenario, cols: Float64Array[], n: number, withLines = true): MonthlyBlock {
    const probe = this.probe(scenario);
    const M = this.lastMonth + 1;
    const benefit = new Float64Array(n * M);
    const cost = new Float64Array(n * M);
    probe.totals(cols, n, benefit, cost);
    return { months: M, benefit, cost, lines: withLines ? this.lines(scenario, cols, n) : new Map() };
  }

  /**
   * A block's money of each line of one scenario, months 0 … lastMonth ("benefits[0]", "costs[2]" → row-major n × months).
   * @example predictor.lines(scenario, blockColumns, n).get('costs[1]')
   */
  lines(scenario: Scenario, cols: Float64Array[], n: number): Map<string, Float64Array> {
    const probe = this.probe(scenario);
    const M = this.lastMonth + 1;
    const lines = new Map<string, Float64Array>();
    const add = (side: 'benefits' | 'costs', index: number) => {
      const out = new Float64Array(n * M);
      probe.line(side, index, cols, n, out);
      lines.set(`${side}[${index}]`, out);
    };
    scenario.benefits.forEach((_, i) => add('benefits', i));
    scenario.costs.forEach((_, i) => add('costs', i));
    return lines;
  }
}
