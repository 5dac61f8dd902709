import type { Distribution } from '../distributions/distribution.js';
import { makeDistribution } from '../distributions/make.js';
import type { Proposal, Quantity, Scenario, UncertainQuantity } from '../model/proposal.js';
import { isRef, isUncertain } from '../model/proposal.js';
import { commonRandomNumbers } from './common-random-numbers.js';
import { substream } from './rng.js';
import { type Sampler, imanConover, sampleColumn } from './samplers.js';

/** One uncertain input of the proposal, sampled once per trial into a column. */
export interface Variable {
  /**
   * Stable key naming its random substream: "assumption:NAME" or "SCENARIO_ID:path"
   * (an option of a group of alternatives may carry an earlier option's key: common random numbers).
   */
  key: string;
  /** Correlation and report key: the assumption's name, the input's `name`, or "SCENARIO_ID.path". */
  name: string;
  /** Scenario id, or null for a shared assumption. */
  scenarioId: string | null;
  distribution: Distribution;
  clamp?: [number, number];
}

/**
 * Every uncertain input of a proposal, indexed for lookup by the model. Shared
 * assumptions come first, then each scenario's inputs in document order.
 */
export class VariableSet {
  readonly variables: Variable[] = [];
  private readonly byQuantity = new Map<UncertainQuantity, number>();
  private readonly byAssumption = new Map<string, number>();
  private readonly byName = new Map<string, number>();
  /** Fixed shared assumptions resolve to their number. */
  private readonly fixedAssumptions = new Map<string, number>();

  constructor(proposal: Proposal) {
    for (const [name, q] of Object.entries(proposal.assumptions)) {
      if (typeof q === 'number') this.fixedAssumptions.set(name, q);
      else if (isUncertain(q)) this.byAssumption.set(name, this.add(`assumption:${name}`, name, null, q));
      else throw new Error(`assumption ${name} refers to another assumption`);
    }
    // Options of a group of alternatives draw their common inputs from one substream.
    const common = commonRandomNumbers(proposal).keys;
    for (const scenario of proposal.scenarios) {
      const shared = common.get(scenario.id);
      walkQuantities(scenario, (q, path) => {
        if (isUncertain(q)) {
          const key = shared?.get(path) ?? `${scenario.id}:${path}`;
          this.byQuantity.set(q, this.add(key, q.name ?? `${scenario.id}.${path}`, scenario.id, q));
        }
      });
    }
    proposal.roadmap?.sharedComponents.forEach((c) => {
      if (isUncertain(c.cost)) this.byQuantity.set(c.cost, this.add(`component:${c.id}`, c.cost.name ?? `component.${c.id}`, null, c.cost));
    });
  }

  private add(key: string, name: string, scenarioId: string | null, q: UncertainQuantity): number {
    const index = this.variables.length;
    this.variables.push({ key, name, scenarioId, distribution: makeDistribution(q.dist), clamp: q.clamp });
    this.byName.set(name, index);
    return index;
  }

  /** The variable index of a quantity, or its constant value. */
  resolve(q: Quantity): { variable: number } | { value: number } {
    if (typeof q === 'number') return { value: q };
    if (isRef(q)) {
      const fixed = this.fixedAssumptions.get(q.ref);
      if (fixed !== undefined) return { value: fixed };
      const v = this.byAssumption.get(q.ref);
      if (v === undefined) throw new Error(`unknown assumption ${q.ref}`);
      return { variable: v };
    }
    const v = this.byQuantity.get(q);
    if (v === undefined) throw new Error('quantity not registered');
    return { variable: v };
  }

  indexOfName(name: string): number | undefined {
    return this.byName.get(name);
  }

  /** The variables a scenario (without its stages) draws on: the shared assumptions it refers to, then its own inputs, each once. */
  usedBy(scenario: Scenario): number[] {
    const used = new Set<number>();
    walkQuantities({ ...scenario, stages: undefined }, (q) => {
      const r = this.resolve(q);
      if ('variable' in r) used.add(r.variable);
    });
    return [...used].sort((a, b) => a - b);
  }
}

/**
 * Calls `visit` for every Quantity in an object tree, with its dotted path ("benefits[0].minutesSaved").
 * @example walkQuantities(scenario, (q, path) => console.log(path)) // "benefits[0].fte", …
 */
export function walkQuantities(node: unknown, visit: (q: Quantity, path: string) => void, path = ''): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((item, i) => walkQuantities(item, visit, `${path}[${i}]`));
    return;
  }
  if (isUncertain(node as Quantity) || isRef(node as Quantity)) {
    visit(node as Quantity, path);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'id' || key === 'requires') continue;
    const childPath = path ? `${path}.${key}` : key;
    if (typeof value === 'number') visit(value, childPath);
    else walkQuantities(value, visit, childPath);
  }
}

/** A correlation group after validation: variable indices and their target Spearman matrix. */
export interface CorrelationGroup {
  variables: number[];
  target: Float64Array;
  /** Its members' keys joined: names the group's random substream. */
  key: string;
}

/**
 * Draws every variable's column for one block of trials: each variable from its
 * own substream (seed, key, block), then Iman–Conover per correlation group,
 * then clamping (monotone, so ranks are kept).
 * @example sampleBlock(set, groups, 42, 0, 'lhs', 8192, uniforms, columns)
 */
export function sampleBlock(
  set: VariableSet,
  groups: CorrelationGroup[],
  seed: number,
  block: number,
  sampler: Sampler,
  n: number,
  uniforms: Float64Array,
  columns: Float64Array[],
): void {
  set.variables.forEach((v, index) => {
    sampleColumn(sampler, substream(seed, v.key, block), v.distribution, uniforms, columns[index], n);
  });
  groups.forEach((g) => {
    const rng = substream(seed, `correlation:${g.key}`, block);
    imanConover(
      g.variables.map((i) => columns[i].subarray(0, n)),
      g.target,
      n,
      rng,
    );
  });
  set.variables.forEach((v, index) => {
    if (!v.clamp) return;
    const [lo, hi] = v.clamp;
    const c = columns[index];
    for (let i = 0; i < n; i++) c[i] = c[i] < lo ? lo : c[i] > hi ? hi : c[i];
  });
}
